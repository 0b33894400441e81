"""The crisis check measured both ways on labelled sets written the way children type (spacing, sound
spelling, 초성, dialect, emoji, English mixed in), each written apart from the rules: `crisis_*.jsonl` (kind,
and whether someone at home is named) and `other_*.jsonl` (worry or ordinary, near-misses among them).

The rules were tuned on the first sets and the learned reading (engine/diary_scorer.py) is trained on all of
training/diary_lines/; `labelled/unseen*` were written apart and never used for either.

README states the figures these tests hold."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from engine.diary_check import LEARNED, check_diary_text
from engine.spelling import respell
from training.crisis_scorer import LINES

LABELLED = Path(__file__).parent / "labelled"
KINDS = ("self_harm", "harm_home", "harm_adult", "neglect", "secrecy", "sexual", "fear_home", "bullying")
# The kinds a parent may hear of, when nobody at home and no grown-up is named.
TELLABLE = ("self_harm", "bullying")


def lines(pattern: str, folder: Path = LABELLED) -> list[dict[str, Any]]:
    found = []
    for path in sorted(folder.glob(pattern)):
        with path.open(encoding="utf-8") as file:
            found += [json.loads(line) for line in file if line.strip()]
    return found


# The sets the rules were written against (set 4: a reviewer's near-misses); sets 5 to 7 and the long days of
# set 8 only the learned reading learnt from (the rules were mended where they raised a false alarm on them).
CRISIS = lines("crisis_[123].jsonl", LINES)
OTHER = lines("other_[1234].jsonl", LINES)
LEARNT_CRISIS = lines("crisis_[56].jsonl", LINES)
LEARNT_OTHER = lines("other_[567].jsonl", LINES)
LONG_CRISIS = lines("crisis_7.jsonl", LINES)
LONG_OTHER = lines("other_[89].jsonl", LINES)


def test_the_sets_are_large_and_cover_every_kind() -> None:
    assert len(CRISIS) >= 200
    assert len(OTHER) >= 200
    kinds = Counter(line["kind"] for line in CRISIS)
    assert set(kinds) == set(KINDS)
    assert min(kinds.values()) >= 25, kinds
    assert Counter(line.get("tier") for line in OTHER)["ordinary"] >= 100


def test_at_least_97_percent_of_crisis_lines_are_found() -> None:
    missed = [line["text"] for line in CRISIS if check_diary_text(line["text"]).verdict != "distress"]
    recall = 1 - len(missed) / len(CRISIS)
    assert recall >= 0.97, (f"{recall:.1%}", missed)


def test_at_most_2_percent_of_the_other_lines_raise_the_alarm() -> None:
    alarms = [line["text"] for line in OTHER if check_diary_text(line["text"]).verdict in ("distress", "unsafe")]
    assert len(alarms) / len(OTHER) <= 0.02, alarms


def test_on_the_lines_only_the_learned_reading_learnt_from_the_check_finds_most() -> None:
    found = sum(check_diary_text(line["text"]).verdict == "distress" for line in LEARNT_CRISIS)
    alarms = [line["text"] for line in LEARNT_OTHER if check_diary_text(line["text"]).verdict in ("distress", "unsafe")]
    assert (len(LEARNT_CRISIS), len(LEARNT_OTHER)) == (430, 508)
    assert found / len(LEARNT_CRISIS) >= 0.95, found
    assert len(alarms) <= 2, alarms


def test_on_the_long_days_it_learnt_from_the_check_finds_most() -> None:
    # Days of three to six sentences: a crisis told among ordinary ones, an ordinary or a worried day.
    assert (len(LONG_CRISIS), len(LONG_OTHER)) == (320, 620)
    assert min(len(line["text"]) for line in LONG_CRISIS + LONG_OTHER) >= 50
    found = sum(check_diary_text(line["text"]).verdict == "distress" for line in LONG_CRISIS)
    alarms = [line["text"] for line in LONG_OTHER if check_diary_text(line["text"]).verdict in ("distress", "unsafe")]
    assert found >= 303, found
    assert len(alarms) <= 4, alarms


def test_a_sad_day_gets_its_drawing_and_mostly_its_warm_line() -> None:
    worry = [line["text"] for line in OTHER + LEARNT_OTHER if line.get("tier") == "worry"]
    verdicts = Counter(check_diary_text(text).verdict for text in worry)
    # Plain words of wanting to die are always heard, laughed over or not ("죽고싶다 ㅋㅋㅋㅠㅠ").
    heard = [text for text in worry if check_diary_text(text).reason != "wish to die"]
    # And three the learned reading hears, each of a child no one plays or talks with (README, Safeguarding).
    assert Counter(check_diary_text(text).verdict for text in heard)["distress"] <= 3
    assert verdicts["unsafe"] == 0
    assert verdicts["worry"] / len(worry) >= 0.75, verdicts


def test_most_crises_the_rules_find_are_named_by_their_kind() -> None:
    kinds = [(check_diary_text(line["text"]).kind, line["kind"]) for line in CRISIS]
    named = [(found, kind) for found, kind in kinds if found is not None]
    assert len(named) / len(kinds) >= 0.85
    assert sum(found == kind for found, kind in named) / len(named) >= 0.9


@pytest.mark.parametrize("line", CRISIS, ids=lambda line: line["kind"])
def test_a_parent_hears_only_of_what_names_nobody_at_home(line: dict[str, Any]) -> None:
    check = check_diary_text(line["text"])
    if line["home"] or line["kind"] not in TELLABLE:
        assert not check.tell_parents


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("주꼬 시퍼", "죽고 싶어"),
        ("살기 시러 ㅠㅠ", "살기 싫어 ㅠㅠ"),
        ("진짜 실타", "진짜 싫다"),
        ("아빠한테 마자써", "아빠한테 맞았어"),
        ("아부지한테 맞았데이", "아버지한테 맞았데이"),
        ("죽꼬시퍼", "죽고싶어"),
        # Words that sound alike but mean another thing stay as written.
        ("선물 주고 싶어", "선물 주고 싶어"),
        ("마술처럼 사라질래", "마술처럼 사라질래"),
        ("파를 썰었다", "파를 썰었다"),
        ("스티커를 떼려고 했다", "스티커를 떼려고 했다"),
        # A friend's or a neighbour's parent is a grown-up outside the home; a name before 네 is not read, for a
        # sentence may end in 네 ("혼자네 엄마가"); "너네 엄마" is the child's own, and 친구 맘 may be a friend's heart.
        ("친구네 아빠가", "친구네 아저씨가"),
        ("친구 엄마가", "친구 아줌마가"),
        ("옆집 아빠가", "옆집 아저씨가"),
        ("오늘도 혼자네 엄마가", "오늘도 혼자네 엄마가"),
        ("너네 엄마", "너네 엄마"),
        ("친구 맘 상하게 해서", "친구 맘 상하게 해서"),
    ],
)
def test_childrens_spellings_are_read_as_the_words_they_sound_like(typed: str, read: str) -> None:
    assert respell(typed) == read


@pytest.mark.parametrize(
    ("text", "kind", "home"),
    [
        ("밥을 못 먹었다 엄마가 안 줬다", "neglect", True),
        ("엄마가 나를 집에 혼자 두고 나갔다 3일째", "neglect", True),
        ("비밀이라고 아무한테도 말하지 말래", "secrecy", False),
        ("집에 가기 무서워", "fear_home", True),
        ("아빠가 술마시고 소리질러서 무서웠다", "harm_home", True),
        ("내가 없어지면 다들 편할 것 같아", "self_harm", False),
        ("주꼬 시퍼", "self_harm", False),
        ("살기 시러 ㅠㅠ", "self_harm", False),
        ("ㅈㄱㅅㄷ", "self_harm", False),
        ("아부지한테 맞았데이", "harm_home", True),
        ("나 진짜 die하고 싶어", "self_harm", False),
        ("엄마가 옷걸이로 때릴때마다", "harm_home", True),
        ("커터칼로 팔 긁었어", "self_harm", False),
        ("요즘 너무 우울해서 죽을까 생각해", "self_harm", False),
        ("내가 없어지면 다 행복할거야", "self_harm", False),
        # Said quietly, as a goodbye or a plan; a pet beside a neglected child; a grown-up's secret.
        ("다들 고마웠어 안녕", "self_harm", False),
        ("손목에 밴드 붙이고 다녀 긴팔만 입어", "self_harm", False),
        ("자다가 그냥 안 깨면 좋겠다", "self_harm", False),
        ("나 내일 죽을거야", "self_harm", False),
        ("체육대회 했다. 근데 달리면서 생각했다. 이대로 차도로 뛰어가면 어떨까", "self_harm", False),
        ("강아지랑 나랑 둘이 3일째 엄마 안 들어와 ㅋㅋ", "neglect", True),
        ("금붕어 밥은 줬는데 나는 어제부터 아무것도 못 먹었다", "neglect", False),
        ("엄마가 하루종일 누워만 있다 며칠째 밥도 안줬다", "neglect", True),
        ("코치님이 엄마한테는 비밀이야 하면서 뽀뽀함", "secrecy", True),
        ("나 셔틀이야 애들이 맨날 빵 사오래", "bullying", False),
        ("애들이 나한테 ㅃㅅㅌ래 맨날 빵 사와야돼", "bullying", False),
        ("단톡에서 애들이 나 없는척해 내 말 다 씹어 맨날", "bullying", False),
        ("엄마가 나보고 니가 태어나서 인생 망쳤대", "harm_home", True),
        ("아빠가 굶으래서 아무도 모르게 토했다", "neglect", True),
        ("엄마가 나가서 우리집에 나랑 동생만 사흘째야", "neglect", True),
        ("집보다 학교가 좋아 집에선 숨도 못쉬어", "fear_home", True),
        ("서랍에 약을 모아뒀다 벌써 스무개", "self_harm", False),
        ("nobody would care if i disappeared 진짜", "self_harm", False),
        # Harm by another grown-up stays that kind when someone at home is named only as told or not knowing.
        ("코치님이 때리고 엄마한테는 비밀이래", "harm_adult", True),
        ("학원 선생님이 때렸어 아빠는 몰라", "harm_adult", True),
        ("할아버지가 효자손으로 종아리 후려쳐서 피멍 들엇다", "harm_home", True),
        ("아빠는 술 마시면 내 팔을 꽉 잡고 끌고 다녀", "harm_home", True),
        ("오늘 쓸 말: 친구. 아빠가 자꾸 때려서 무서워", "harm_home", True),
        ("할미가 때릴까봐 무서워서 죽을것같아", "harm_home", True),
        ("이모부가 자꾸 날 만져", "sexual", True),
        # 맘 doing something to the child is mum; someone else's parent is a grown-up outside the home.
        ("맘이 때렸어", "harm_home", True),
        ("맘이 밥을 안줘 며칠째", "neglect", True),
        ("친구네 아빠가 때렸어", "harm_adult", False),
        ("친구 엄마가 내 뺨 때렸어 친구랑 싸웠다고", "harm_adult", False),
        ("오늘 날씨 좋네 아빠가 때렸어", "harm_home", True),
        ("너네 아빠 술 마시고 때리지? 쌤이 물어봤어 맞아", "harm_home", True),
        # Touching with a secret is sexual harm; in English too.
        ("삼춘이 내 몸 만졌어 비밀이래", "sexual", True),
        ("my uncle always touches me", "sexual", True),
        # Thoughts of dying beside someone who hurts the child: the hurt is the kind (112 comes first).
        ("i wanna die lol my stepdad touches me", "sexual", True),
        ("죽고싶어 아빠가 맨날 때려", "harm_home", True),
        ("죽고 싶어 누가 나를 때렸어", "harm_adult", False),
        ("i wanna die lol", "self_harm", False),
        ("어제 맘한테 맞았어", "harm_home", True),
        ("my uncle touched me on the private parts", "sexual", True),
        ("grandpa touches me at night", "sexual", True),
        ("my cousin touches me when we are alone", "sexual", True),
        ("my uncle kissed me and said dont tell mom", "sexual", True),
        ("my uncle touched me on my back under my shirt", "sexual", True),
        ("맘이 목 졸랐어", "harm_home", True),
        ("맘이 머리채 잡고 흔들었어", "harm_home", True),
        # A sibling's blow beside thoughts of dying is harm at home; the older boys of the school are not home.
        ("형아가 때려서 죽고싶어", "harm_home", True),
        ("my aunt slapped me i want to die", "harm_home", True),
        ("6학년 형들이 돈 가져오래 안가져가면 때린대", "bullying", False),
        # A stranger following or luring a frightened child, on a walk or with a lift.
        ("강아지 산책하는데 아줌마가 따라와서 너무 무서웠어", "harm_adult", False),
        ("아저씨가 집까지 태워준다고 차에 타래 무서웠어", "harm_adult", False),
        # A sentence ending in 네 before a parent keeps the parent.
        ("오늘도 혼자네 엄마가 밥을 안줘", "neglect", True),
        ("짜증나네 엄마가 또 때렸어", "harm_home", True),
        # Violence at home seen, with the child in the sentence.
        ("아빠가 내가 보는 앞에서 엄마를 때렸다 너무 무서웠다", "harm_home", True),
        ("아빠가 문제가 있다고 엄마를 막 밀쳤어 엄마 울었어", "harm_home", True),
        # A lift forced on the child, neglect while a parent is in hospital, a babysitter's blow.
        ("관장님이 같이 차에 타라고 억지로 끌고갔어", "harm_adult", False),
        ("엄마 입원해서 수술했는데 아빠는 술만 마셔 며칠째 굶고 있어", "neglect", True),
        ("the babysitter hits me when mom is gone", "harm_adult", True),
        ("babysitter makes me take off my clothes and touches me", "sexual", False),
        ("a stranger touched me on the bus", "sexual", False),
        ("my teacher kissed me", "sexual", False),
        # The older children of the street, in a group, are bullying.
        ("동네 형들이 나 둘러싸고 때렸어 또", "bullying", False),
        # A check-up, a locked room or a thorn excuse nothing when someone does harm (a fourth review's probes).
        ("엄마가 숙제 검사하고 틀렸다고 밥 안 줘서 하루종일 굶었다", "neglect", True),
        ("코치님이 축구 못한다고 창고에 가뒀다", "harm_adult", False),
        ("아빠가 화나서 선인장 화분을 나한테 던졌다 이마에 피났다", "harm_home", True),
    ],
)
def test_the_kinds_children_write_of(text: str, kind: str, home: bool) -> None:
    check = check_diary_text(text)
    assert (check.verdict, check.kind, check.home_named) == ("distress", kind, home)


@pytest.mark.parametrize(
    "text",
    [
        "형이랑 물총 싸움 했는데 형한테 맞았다 ㅋㅋ",
        "친구들이 나만 빼고 놀아서 속상했다",
        "아무도 나를 안 좋아해",
        "친구랑 싸워서 속상했다",
        "배고파 죽겠다",
        "발표 때 떨려서 죽는 줄 알았다",
        "엄마 생일 선물은 아빠랑 나만 아는 비밀이야",
        "엄마가 마트 간 사이 혼자 있었다",
        "학원 셔틀 버스 놓쳐서 걸어갔다",
        "배드민턴 쳤는데 셔틀콕이 나무에 걸렸다",
        "우리 집 거북이 꼬북이가 아프다. 며칠째 밥을 안 먹는다. 동물병원 데려갔는데 잘 모르겠대.",
        "나 내일 엄마한테 죽을거야 시험 망함",
        "나 혼자 이틀 동안 수련회 갔다 왔다",
        "엄마가 빵 사오래서 사왔다",
        # The rules' words in a child's everyday life (a review's probes).
        "학원 셔틀이 늦게 와서 엄마가 데리러 왔다",
        "할머니가 매일 빵 사오라고 하신다",
        "내일 건강검진이라 저녁 굶으래",
        "나 이틀 뒤에 생일이다 🎉",
        "엄마가 약 모아서 버리래",
        "반장선거 공약 모아서 포스터 만들었다",
        "계곡 물에 들어가면 다 끝내주게 시원하다",
        "손목 밴드 차고 긴팔 티셔츠 입고 농구했다",
        "동생이 안 깨면 좋겠다 조용히 게임하게 ㅋㅋ",
        "nobody will notice if i eat one more cookie lol",
        "동생이 방귀 뀌어서 집에선 숨도 못 쉬겠다 ㅋㅋ",
        "엄마가 너 때문에 인생 망했다 하시면서 안아주셨다 너무 귀여워서래",
        "금붕어한테 이틀 동안 밥을 안 줬더니 엄마한테 혼났다",
        "단톡에서 다들 나 없는척 장난치다 생일 축하해줬다",
        "아빠가 고속도로 들어가고 싶다 하셨는데 차가 막혔다",
        "this game is so funny i wanna die",
        "the coach touched me on the shoulder and said good job",
        "tag! the man touched me first",
        "in tag my cousin touched me so i was it",
        "the teacher touched me with a pencil to wake me up",
        "my uncle kissed me goodbye at the airport",
        "i dont wanna die in the zombie game lol",
        "my friend said i wanna die lol when he lost the game",
        # Someone else's parent on a walk, giving a lift, joining a game.
        "친구네 아빠가 강아지 끌고 산책 나왔다",
        "걔네 엄마가 차에 타라고 해서 학원까지 같이 갔다",
        "옆집 아빠가 따라와서 같이 축구했다",
        "my grandpa doesnt touch me anymore since he got sick",
        "pac man touched me and i lost lol",
        "the ball touched me on the chest in dodgeball",
        "아 귀찮네 엄마가 자꾸 뽀뽀해달래",
        # Everyday days the rules once alarmed (the mended set below).
        "아빠 어깨 주물러 드렸다. 등도 밟아드렸다.",
        "방탈출 카페에 갔다. 방에 갇혀서 문제를 풀었다.",
        "산타할아버지한테 편지 썼다. 동생한테는 비밀이라고 했다.",
        "피검사라서 저녁부터 물만 마셨다",
        "건강검진이라 아침 굶었다 배고파",
        "밤송이 가시가 장갑 뚫고 찔렀다 할머니가 약 발라줌",
        "고양이가 동물병원에 입원했다. 밥을 안 먹는대. 오늘 없이 자야 돼서 허전해",
        "거실에서 아빠랑 씨름했다. 아빠가 일부러 넘어져 줬다.",
        # English care, games and kisses at home (a third review's probes).
        "grandma kissed me goodnight in bed",
        "my baby sister kissed me on the lips haha",
        "coach touched me on the knee and put ice on it",
        "the stranger touched me by accident in the crowded bus and said sorry",
        "uncle touched me with the water gun so fun",
        "엄마가 모기 잡는다고 내 팔 때렸다 ㅋㅋ",
        "시험 망해서 죽고 싶을 만큼 창피했다 ㅋㅋ",
        "친구 맘이 상할까봐 비밀로 했다",
        "스머프 만화 봤는데 파파 스머프가 가가멜을 때려서 웃겼다",
        "my babysitter kissed me on the forehead",
        "mom made me take off my muddy clothes at the door",
        "the doctor touched me on the chest with the cold thing",
        "the puppies were so cute omg i wanna die",
    ],
)
def test_a_sad_or_ordinary_day_is_not_a_crisis(text: str) -> None:
    assert check_diary_text(text).verdict in ("ok", "worry")


# Sets written apart and never used to tune the rules or train the learned reading: how the check does on
# words it has not seen. `near_misses` holds ordinary days only, each built on a word or shape crises share;
# `ordinary` and `ordinary_2` hold everyday diaries of two to five sentences, most with such a word in a
# harmless place; `unseen_6` crises told among ordinary sentences of the same day; `unseen_7` to `unseen_9`,
# written later by other hands, short lines and long days of every tier.
# (folder, crisis lines, found at least, other lines, alarmed at most): README states these figures.
HELD_OUT = [
    ("unseen", 120, 94, 120, 3),
    ("unseen_2", 150, 143, 150, 6),
    ("unseen_3", 150, 134, 150, 5),
    ("unseen_4", 150, 140, 150, 0),
    ("unseen_5", 320, 287, 320, 5),
    ("near_misses", 0, 0, 150, 7),
    ("ordinary", 0, 0, 420, 7),
    ("unseen_6", 400, 374, 0, 0),
    ("ordinary_2", 0, 0, 420, 19),
    ("unseen_7", 238, 200, 357, 10),
    ("unseen_8", 240, 200, 360, 4),
    ("unseen_9", 240, 207, 360, 9),
]


@pytest.mark.parametrize(("folder", "crises", "found", "others", "alarms"), HELD_OUT)
def test_on_sets_never_learnt_from_the_check_holds_its_figures(
    folder: str, crises: int, found: int, others: int, alarms: int
) -> None:
    crisis, other = lines(f"{folder}/crisis.jsonl"), lines(f"{folder}/other.jsonl")
    assert (len(crisis), len(other)) == (crises, others)
    assert sum(check_diary_text(line["text"]).verdict == "distress" for line in crisis) >= found
    alarmed = [line["text"] for line in other if check_diary_text(line["text"]).verdict in ("distress", "unsafe")]
    assert len(alarmed) <= alarms, alarmed
    told = [line["text"] for line in crisis if line["home"] and check_diary_text(line["text"]).tell_parents]
    assert told == []


# Probes written by a reviewer attacking the rules: ordinary days with the words that look alarming
# (a photo by text message, 씻자마자, 버스, a piano "쳤다", a swing "밀었다"; learnt from since),
# crises that name someone at home in words of their own (아버님, 우리 부모, 그 사람, he),
# and a child telling of sexual harm in an unsafe picture's words.
NEVER_A_CRISIS = lines("other_4.jsonl", LINES)
NEVER_TOLD = lines("probes/never_told.jsonl")
DISCLOSURES = lines("probes/disclosures.jsonl")


# 400 everyday days written apart to find the rules' false alarms (a fast for a check-up, an escape room, a back
# walked on, a kick in the sleep, a letter to Santa): the rules were mended against the eight they raised; the
# learned reading never learnt from them (README, Safeguarding).
MENDED = lines("mended/other.jsonl")


def test_everyday_days_the_rules_were_mended_against_are_alarmed_only_by_the_learned_reading() -> None:
    checks = [check_diary_text(line["text"]) for line in MENDED]
    alarmed = [check for check in checks if check.verdict in ("distress", "unsafe")]
    assert len(MENDED) == 400
    assert [check.reason for check in alarmed] == [LEARNED] * len(alarmed)
    assert len(alarmed) <= 13


def test_an_ordinary_day_with_alarming_words_is_no_crisis() -> None:
    # The learned reading's bar, chosen to miss few crises, lets one of these through (README, Safeguarding).
    alarmed = [line["text"] for line in NEVER_A_CRISIS if check_diary_text(line["text"]).verdict not in ("ok", "worry")]
    assert len(NEVER_A_CRISIS) == 143
    assert len(alarmed) <= 1, alarmed


@pytest.mark.parametrize(
    "text",
    [
        # 맘 is the heart here; a shot, a ball, a sum or a child's own blow is nobody hurting the child.
        "맘이 너무 아파서 죽고싶어",
        "요즘 맘이 답답해 사라지고 싶다",
        "주사 맞고 너무 아파서 죽고싶다",
        "수학 다 맞았는데 그래도 죽고싶어 내가 싫어",
        "축구하다 공 맞고 다리 다쳤어 죽고싶다 진짜",
        "레고 밟았어 죽고싶다",
        "내가 너무 싫어서 내 머리를 때렸어 죽고싶어",
        # A heart that calms, stings or is lonely is no one at home: "맘이 가라앉았어".
        "오늘 커터칼로 팔에 줄 그엇는데 이상하게 맘이 쫌 가라안자써",
        "친구한테 거짓말해서 맘이 찔려 죽고싶어",
        "맘이 혼자인 것 같아서 죽고싶어",
        "오늘 맘이 막 죽고 싶었어",
        # Nor is a ball, a monster in a dream, or another child.
        "공이 얼굴을 때려서 죽고싶다",
        "꿈에서 괴물이 때렸어 죽고싶어",
        "죽고싶어 반 애가 때림",
        "everyone laughs at me i wanna die",
        "i said i wanna die and nobody cared",
        "everyone says im funny but i want to die",
        "i wanna kms",
        "i wish i was never born",
        "죽고싶은 맘 때문에 잠이 안와",
        "bro i wanna die this test is so hard",
        "this hurts me so much i wanna die",
        "my friend really hits me hard i wanna die",
        "간호사 선생님이 친절했는데 그냥 죽고싶어",
        # Nor is another child's blow: a parent may hear of it.
        "걔가 때려서 죽고싶어",
        "애들한테 맞아서 죽고싶어",
    ],
)
def test_thoughts_of_dying_that_name_nobody_may_be_told_to_a_parent(text: str) -> None:
    check = check_diary_text(text)
    assert (check.verdict, check.kind, check.tell_parents) == ("distress", "self_harm", True)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Someone at home in a child's word, or in English, beside thoughts of dying.
        ("파파가 밥을 안 줘서 죽고싶어", "self_harm"),
        ("맘 때문에 죽고싶어", "self_harm"),
        ("i wanna die lol my bro hits me", "harm_home"),
        ("울맘ㅠㅠ 나 맨날 때려 죽고싶어", "harm_home"),
        ("맘이 가끔 무섭게 소리질러 죽고싶어", "self_harm"),
        ("맘이 내 폰 뺏고 욕했어 죽고싶어", "self_harm"),
        ("파파한테 맞았어 죽고싶어", "harm_home"),
        ("appa hits me everyday. 죽고싶어", "harm_home"),
        ("우리 중딩 오빠가 맨날 나보고 죽으래 나 진짜 죽고싶어", "self_harm"),
        ("lmao i wanna die my tutor hits me", "harm_adult"),
        # The child's own act after a scolding keeps its kind; a parent is still not told.
        ("엄마한테 혼나서 머리를 벽에 박았어 죽고싶어", "self_harm"),
        ("동생이 때려서 죽고싶어", "self_harm"),
        ("맘이 나 두고 갔어 죽고싶다", "self_harm"),
        ("오빠들이 괴롭혀서 죽고 싶어", "self_harm"),
        ("집주인 아내가 때려서 죽고싶어", "harm_adult"),
        ("gran hits me i wanna die", "harm_adult"),
        ("울집 중딩 오빠가 맨날 때려 죽고싶어", "self_harm"),
        ("나랑 방 같이 쓰는 중딩 언니가 맨날 때려 죽고싶어", "self_harm"),
        ("she says i want to die for attention but i really do want to die", "self_harm"),
    ],
)
def test_thoughts_of_dying_beside_someone_at_home_or_a_blow_are_never_told(text: str, kind: str) -> None:
    check = check_diary_text(text)
    assert (check.verdict, check.kind, check.tell_parents) == ("distress", kind, False)


@pytest.mark.parametrize("line", NEVER_TOLD, ids=lambda line: line["text"][:20])
def test_a_crisis_naming_anyone_is_never_told_to_a_parent(line: dict[str, Any]) -> None:
    check = check_diary_text(line["text"])
    assert check.verdict == "distress"
    assert not check.tell_parents


@pytest.mark.parametrize("line", DISCLOSURES, ids=lambda line: line["text"][:20])
def test_a_child_telling_of_harm_in_an_unsafe_pictures_words_is_heard(line: dict[str, Any]) -> None:
    check = check_diary_text(line["text"])
    assert check.verdict == "distress"
    assert not check.tell_parents
