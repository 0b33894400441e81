"""Diary or not, measured both ways on messages written the way children and parents type (spacing, 초성,
dialect, emoji, English mixed in) and never used to train the reading: `labelled/messages.jsonl` (diaries of
every length, from one short sentence, and greetings, thanks, questions, reactions, bare requests).

A message is drawn at once, asked about ("그림으로 그려 줄까?", kept until the child answers) or answered
without storing it (talk, or a command said in words). README states the figures these tests hold."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.messages.talk import TalkKind, talk_answer
from bot.usecases.commands import parse_command
from bot.usecases.diaries import enough_letters
from bot.usecases.understanding import reading_of, talk_kind
from engine.diary_check import check_diary_text
from engine.message_scorer import Reading

LABELLED = Path(__file__).parent / "labelled" / "messages.jsonl"
MESSAGES = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
DIARIES = [message["text"] for message in MESSAGES if message["kind"] == "diary"]
OTHERS = [message for message in MESSAGES if message["kind"] != "diary"]


def outcome(text: str) -> str:
    """What the bot does with `text`: `drawn`, `asked`, `crisis` (never drawn: help, and the reviewer), or
    `answered` (talk, a command, or too little to draw)."""
    if parse_command(text) is not None:
        return "answered"
    if check_diary_text(text).verdict == "distress":
        return "crisis"
    reading = reading_of(text)
    if reading is Reading.TALK:
        return "answered"
    if reading is Reading.ASK:
        return "asked"
    return "drawn" if enough_letters(text) else "answered"


def figures(texts: list[str]) -> Counter[str]:
    return Counter(outcome(text) for text in texts)


def test_the_set_is_large_and_covers_every_kind() -> None:
    assert len(MESSAGES) >= 300
    kinds = Counter(message["kind"] for message in MESSAGES)
    assert kinds["diary"] >= 150
    assert {"greeting", "thanks", "question", "talk", "request"} <= set(kinds)
    assert sum(len(text) <= 20 for text in DIARIES) >= 60, "short diaries of one sentence"


def test_at_most_2_percent_of_diaries_go_undrawn_and_few_are_asked_about() -> None:
    counts = figures(DIARIES)
    lost = [text for text in DIARIES if outcome(text) == "answered"]
    assert len(lost) / len(DIARIES) <= 0.02, (counts, lost)
    assert counts["asked"] / len(DIARIES) <= 0.10, counts


def test_at_most_5_percent_of_other_messages_are_drawn() -> None:
    drawn = [message for message in OTHERS if outcome(message["text"]) == "drawn"]
    assert len(drawn) / len(OTHERS) <= 0.05, drawn
    counts = figures([message["text"] for message in OTHERS])
    assert counts["answered"] / len(OTHERS) >= 0.80, counts


def test_talk_gets_the_answer_its_kind_needs() -> None:
    answered = [m for m in OTHERS if m["kind"] != "request" and outcome(m["text"]) == "answered"]
    right = [m for m in answered if parse_command(m["text"]) is None and talk_kind(m["text"]) == m["kind"]]
    talk = [m for m in answered if parse_command(m["text"]) is None]
    assert len(right) / len(talk) >= 0.75, [
        (m["text"], m["kind"], talk_kind(m["text"])) for m in talk if m not in right
    ]


@pytest.mark.parametrize(
    "text",
    [
        "안녕 나 죽고 싶어",  # a crisis that starts as a greeting is a diary: its own checks answer it
        "고마워 근데 아빠가 또 때렸어",
        "ㅎㅇ 학교 가기 싫어 애들이 괴롭혀",
        "하이 나 우울해",
        "안녕 나 너무 힘들어",
        "무서워",
        "싫어",  # a word that also answers "shall I draw it?": not a command when it may be a child's worry
        "기분 우울",  # not a style to choose: a feeling
    ],
)
def test_a_worry_or_a_crisis_is_never_answered_as_talk(text: str) -> None:
    assert parse_command(text) is None
    assert reading_of(text) is Reading.DIARY


@pytest.mark.parametrize("text", ["도와줘", "살려줘!", "도와주세요", "나 좀 도와줘"])
def test_a_bare_call_for_help_gets_the_numbers_and_the_way_to_the_help(text: str) -> None:
    assert parse_command(text) is None
    assert reading_of(text) is Reading.TALK
    assert talk_kind(text) is TalkKind.HELP_ME
    answer = talk_answer(TalkKind.HELP_ME, "/help")
    assert "112" in answer
    assert "/help라고" in answer


@pytest.mark.parametrize("text", ["눈 왔어!", "썰매 탔어", "그림 그렸어", "수영장 갔다왔음"])
def test_a_statement_of_something_that_happened_is_never_only_talked_to(text: str) -> None:
    assert reading_of(text) is not Reading.TALK


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("안녕!", TalkKind.GREETING),
        ("ㅎㅇㅎㅇ", TalkKind.GREETING),
        ("고마워 💛", TalkKind.THANKS),
        ("너 누구야?", TalkKind.QUESTION),
        ("공룡 그려줘", TalkKind.REQUEST),
        ("ㅋㅋㅋ 대박", TalkKind.TALK),
    ],
)
def test_talk_kinds(text: str, kind: TalkKind) -> None:
    assert talk_kind(text) is kind
