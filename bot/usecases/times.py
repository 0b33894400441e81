"""Times of day as children write them: `저녁 7시`, `7시 반`, `19:30`, `일곱 시` (said back by
`bot.wording.spoken_time`: `저녁 7시 반`).

An hour from 1 to 11 without 아침, 오전 or 새벽 is the evening's (a reminder is an evening thing): `7시` is
19:00. A time at night (from `NIGHT_FROM` to `MORNING_FROM`) is no time to remind a child."""

from __future__ import annotations

import re

from bot.wording import MORNING_FROM, NIGHT_FROM

OFF_WORDS = frozenset(
    {"off", "끄기", "끔", "그만", "꺼", "꺼줘", "꺼줄래", "끌래", "그만해", "그만보내", "그만보내줘", "끄고싶어"}
)
ON_WORDS = frozenset({"on", "켜기", "켬", "켜", "켜줘"})
"""What turns reminders off and on again, spaces removed (`꺼 줘` is `꺼줘`)."""
_NATIVE = {
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
    "열한": 11,
    "열두": 12,
}
_MORNING = ("아침", "오전", "새벽")
_AFTERNOON = ("낮", "오후", "저녁", "밤")
TIME = re.compile(
    r"^(?:(?P<part>아침|오전|새벽|낮|오후|저녁|밤)\s*)?"
    r"(?P<hour>\d{1,2}|" + "|".join(sorted(_NATIVE, key=len, reverse=True)) + r")\s*"
    r"(?::\s*(?P<minute>\d{2})|시(?:\s*(?:(?P<half>반)|(?P<minutes>\d{1,2})\s*분))?)"
    r"\s*(?:에|쯤|로|으로)?\s*(?:알려\s*줘|알려\s*줄래|해\s*줘|바꿔\s*줘|바꿔\s*줄래|부탁해)?$"
)


def parse_time(text: str) -> str | None:
    """`HH:MM` (24-hour) for a time as a child writes it; None when it is not one."""
    match = TIME.match(" ".join(text.split()))
    if match is None:
        return None
    written = match["hour"]
    hour = _NATIVE[written] if written in _NATIVE else int(written)
    minute = 30 if match["half"] else int(match["minute"] or match["minutes"] or 0)
    if hour > 23 or minute > 59:
        return None
    part = match["part"]
    if part in _MORNING:
        if hour > 12:
            return None
        hour %= 12
    elif part in _AFTERNOON or (part is None and 1 <= hour <= 11 and not written.startswith("0")):
        # `03:00` written with its zero is the clock's own time; `3시`, `3:00` are the afternoon's.
        if part == "밤" and (hour < MORNING_FROM or hour == 12):
            hour %= 12  # 밤 1시 is one in the night, 밤 12시 midnight
        elif hour < 12:
            hour += 12
    return f"{hour:02d}:{minute:02d}"


def switch_word(text: str) -> str:
    """`text` as the off and on words are matched: lower case, without spaces."""
    return "".join(text.lower().split())


def at_night(time: str) -> bool:
    """`time` (HH:MM) is in the night, when children are not reminded."""
    hour = int(time[:2])
    return hour >= NIGHT_FROM or hour < MORNING_FROM
