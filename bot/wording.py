"""How Korean words are put together for a text: particles chosen by the last syllable, dates for grown-ups."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def full_date(day: date) -> str:
    """A date for grown-ups: 2026년 12월 4일 (금)."""
    return f"{day.year}년 {day.month}월 {day.day}일 ({'월화수목금토일'[day.weekday()]})"


def particle(word: str, after_final: str, after_vowel: str) -> str:
    """The particle that follows `word`'s last syllable: 민지가, 서준이."""
    last = word[-1:] if word else ""
    if "가" <= last <= "힣":
        return after_final if (ord(last) - 0xAC00) % 28 else after_vowel
    if last.isdigit():
        # As the digit is read: 영 일 삼 육 칠 팔 end in a consonant, 이 사 오 구 do not.
        return after_final if last in "013678" else after_vowel
    return after_vowel


def quote_particle(word: str) -> str:
    """이라고 or 라고 after a quoted word, its quotes aside: '도움말'이라고, '아니'라고, /help라고."""
    return particle(word.strip("'"), "이라고", "라고")


def month_day(moment: datetime, timezone: str) -> str:
    """`12/05`: the day `moment` falls on where the child lives (a drawing made at 8 in the morning in Seoul
    is on that day, not on the day before as in UTC)."""
    return f"{moment.astimezone(ZoneInfo(timezone)):%m/%d}"


NIGHT_FROM, MORNING_FROM = 22, 6
"""The night's hours, when children are not reminded: from 22 to 6."""


def spoken_time(time: str) -> str:
    """`19:30` → `저녁 7시 반`, `07:05` → `아침 7시 5분`, `12:00` → `낮 12시`, `15:00` → `오후 3시`."""
    hour, minute = int(time[:2]), int(time[3:5])
    if hour < MORNING_FROM:
        part = "새벽"
    elif hour < 12:
        part = "아침"
    elif hour == 12:
        part = "낮"
    elif hour < 18:
        part = "오후"
    elif hour < NIGHT_FROM:
        part = "저녁"
    else:
        part = "밤"
    said = f"{part} {hour % 12 or 12}시"
    if minute == 30:
        return f"{said} 반"
    return f"{said} {minute}분" if minute else said
