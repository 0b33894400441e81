"""The learned crisis reading: trained reproducibly on the labelled lines, and what only it finds is a crisis
the parents never hear of."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.diary_check import LEARNED, check_diary_text, readings
from engine.diary_scorer import READS, SHIPPED, features, pieces, shipped_scorer
from engine.learned import LinearScorer, lines_digest_of
from tests.support.learned import refit_at_the_shipped_threshold
from training import linear
from training.crisis_scorer import (
    TRAINING,
    Line,
    examples,
    fit,
    held_out_scores,
    labelled_lines,
    line_pieces,
    lines_digest,
    split,
    train,
    with_longer_diaries,
)


def test_the_shipped_weights_were_trained_on_the_lines_there_are_now() -> None:
    # A line added or changed without `python -m training.crisis_scorer` fails here.
    assert lines_digest_of(SHIPPED) == lines_digest()
    assert len(labelled_lines()) >= 1500


def test_training_again_gives_the_shipped_weights() -> None:
    refit_at_the_shipped_threshold(train, SHIPPED)


def test_it_learns_from_its_lines_the_same_way_each_time() -> None:
    lines = [Line(text, True) for text in ("아빠가 때렸어", "아빠가 또 때림", "삼촌이 때렸어 아파")] + [
        Line(text, False) for text in ("아빠랑 공놀이 했어", "아빠가 놀아줬어", "삼촌이랑 축구 했어")
    ]
    first, second = fit(lines), fit(lines)
    assert first == second
    hit, play = readings("엄마가 때렸어"), readings("엄마랑 놀았어")
    assert first.probability(features(hit[0], hit[1][0])) > 0.5 > first.probability(features(play[0], play[1][0]))


@pytest.mark.parametrize(
    "text",
    [
        "새아빠가 발로 배를 찼어 숨이 안쉬어졌어",
        "엄마가 누가 물어보면 집에 아무일 없다고 하래",
        "밤에 아빠 발소리 들리면 자는척해 들키면 안돼",
        "난 왜 태어났지 처음부터 없었으면 좋았을텐데",
    ],
)
def test_a_crisis_only_the_learned_reading_finds_is_heard_and_never_told(text: str) -> None:
    check = check_diary_text(text)
    assert (check.verdict, check.reason, check.kind) == ("distress", LEARNED, None)
    assert not check.tell_parents


def test_it_never_turns_a_picture_request_into_a_crisis() -> None:
    assert check_diary_text("피투성이 좀비 그려줘").verdict == "unsafe"


def test_the_demo_diaries_are_no_crisis(shared_diaries: list[dict[str, str]]) -> None:
    assert [entry["text"] for entry in shared_diaries if check_diary_text(entry["text"]).verdict == "distress"] == []


def test_features_read_letters_and_english_words_not_laughter() -> None:
    found = features("죽고ㅋㅋ", "i want to die")
    assert found == {"죽", "고", "죽고", "w:i", "w:want", "w:to", "w:die"}


def test_a_long_diary_is_read_whole_and_in_windows() -> None:
    compact = "가" * 30 + "ㅋㅋ" + "나" * 10
    read = pieces(compact, "")
    assert len(read) == 1 + 3
    assert all("ㅋ" not in feature for found in read for feature in found)
    assert pieces("가" * 24, "") == [features("가" * 24, "")]


def test_weights_for_other_features_are_refused() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="trained on features"):
        LinearScorer.from_json(text, reads="diary letters 1-3 and English words")
    assert shipped_scorer().threshold == pytest.approx(json.loads(text)["threshold"])
    assert shipped_scorer().reads == READS


@pytest.mark.parametrize(
    "text",
    [
        "귀신 그려줘 엄마 아빠가 나 버리고 어디 갔는지 모르겠다 며칠째",
        "해골 그려줘 머리를 벽에 계속 박았다 그러면 좀 나아",
    ],
)
def test_a_crisis_beside_an_unsafe_picture_request_is_heard(text: str) -> None:
    assert check_diary_text(text).verdict == "distress"


@pytest.mark.parametrize(
    "text",
    [
        "새아빠가 발로 배를 찼어 숨이 안쉬어졌어 ㅋㅋ",
        "오늘 학교에서 수학 시험 봤다. 새아빠가 발로 배를 찼어 숨이 안쉬어졌어",
        "난 왜 태어났지 처음부터 없었으면 좋았을텐데. 오늘 급식은 카레였다",
    ],
)
def test_laughter_or_an_ordinary_sentence_beside_it_does_not_hide_a_crisis(text: str) -> None:
    # Laughter raises the bar (LAUGHING_THRESHOLD) but a clear one is still heard.
    assert check_diary_text(text).verdict == "distress"


def test_only_short_lines_are_made_into_two_sentence_diaries() -> None:
    short = [Line("아빠가 때렸어", True), Line("공원에서 놀았다", False), Line("친구랑 떡볶이 먹었다", False)]
    day = Line(
        "오늘 학교에서 체육을 했다. 피구를 했는데 내가 끝까지 살아남아서 이겼다. 집에 와서 숙제하고 엄마랑 "
        "맛있는 저녁을 먹었다. 내일은 미술 시간이 있다.",
        False,
    )
    made = with_longer_diaries([*short, day])[4:]
    assert len(made) == 3
    assert all(day.text not in line.text for line in made)
    assert [line.crisis for line in made] == [True, False, False]


def test_each_window_of_an_ordinary_day_is_learnt_as_ordinary_and_a_crisis_only_whole() -> None:
    day = Line(
        "오늘 학교에서 체육을 했다. 피구를 했는데 내가 끝까지 살아남아서 이겼다. 집에 와서 숙제하고 엄마랑 "
        "맛있는 저녁을 먹었다. 내일은 미술 시간이 있다.",
        False,
    )
    hurt = Line(
        "오늘 학교에서 체육을 했다. 급식은 카레였다. 집에 오니 아빠가 술을 마시고 또 나를 때렸다. 너무 "
        "아프고 무섭다. 내일 학교 가고 싶다.",
        True,
    )
    featured, labels = examples([day, hurt])
    assert labels == [False] * len(line_pieces(day.text)) + [True]
    assert featured[-1] == line_pieces(hurt.text)[0]


def test_no_line_held_out_in_cross_validation_is_inside_a_diary_learnt_from() -> None:
    lines = labelled_lines()
    for fold in range(TRAINING.folds):
        kept, held = split(lines, fold, TRAINING.folds)
        texts = {line.text for line in kept}
        assert texts.isdisjoint(line.text for line in held)
        # Every diary learnt from is a kept line, or two kept lines one after the other.
        for line in with_longer_diaries(kept):
            assert line.text in texts or any(
                line.text.startswith(f"{first} ") and line.text[len(first) + 1 :] in texts for first in texts
            )


def test_the_threshold_is_chosen_on_folds_held_out(tmp_path: Path) -> None:
    hurts = ["때렸어", "발로 찼어", "밥을 안 줘", "혼자 두고 갔어", "말하지 말래"]
    plays = ["놀이터에서 놀았다", "떡볶이 먹었다", "축구 했다", "그림 그렸다", "수영 배웠다"]
    people = ["아빠가", "엄마가", "삼촌이", "새아빠가", "이모가", "할머니가"]
    for name, texts in (
        ("crisis_1.jsonl", [f"{who} 또 {hurt}" for who in people for hurt in hurts]),
        ("other_1.jsonl", [f"{who} 같이 {play}" for who in people for play in plays]),
    ):
        rows = [json.dumps({"text": text}, ensure_ascii=False) for text in texts]
        (tmp_path / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    lines = labelled_lines(tmp_path)
    scored = held_out_scores(lines)
    # Every line and every two-sentence diary made within its fold, scored once.
    assert len(scored) == sum(len(with_longer_diaries(split(lines, fold, 5)[1])) for fold in range(5))
    scorer, figures = train(tmp_path)
    assert (
        scorer.threshold
        == figures["threshold"]
        == linear.choose_threshold(
            [crisis for crisis, _ in scored], [score for _, score in scored], TRAINING.false_alarms
        )
    )
    assert figures["held_out_false_alarms"] <= TRAINING.false_alarms
    assert figures["held_out_recall"] > 0.5
