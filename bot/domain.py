"""Words every layer of the bot shares: platforms, what happened to a diary, a child's week for an album."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from engine.moods import mood_of
from storage.records import Drawing

WEEKDAYS = "월화수목금토일"


class CommandName(StrEnum):
    """What a child or a parent can ask for besides a diary (`bot.usecases.commands.COMMANDS` spells each)."""

    START = "start"
    HELP = "help"
    STYLE = "style"
    MYDRAWINGS = "mydrawings"
    AGAIN = "again"
    OTHER = "other"
    REMIND = "remind"
    PARENT = "parent"
    LINK = "link"
    CHILDREN = "children"
    ALBUM = "album"
    UNLINK = "unlink"
    FORGET = "forget"
    EXPORT = "export"
    CITY = "city"
    BOOK = "book"
    PRIVACY = "privacy"
    QUIT = "quit"
    DRAW = "draw"
    """Yes to "shall I draw it?"."""
    SKIP = "skip"
    """No to "shall I draw it?"."""
    UNKNOWN = "unknown"


ReceiptStatus = Literal[
    "queued",
    "duplicate",
    "held",
    "full",
    "empty",
    "too_short",
    "too_long",
    "not_found",
    "distress",
    "unsafe",
    "asked",
    "skipped",
]


@dataclass(frozen=True)
class Receipt:
    """What happened to a diary or a redraw request."""

    status: ReceiptStatus
    ahead: int = 0
    entry_id: int | None = None
    job_id: int | None = None
    mood: str | None = None
    """For redraws: the mood that will be drawn."""
    limit: int | None = None
    """For `held` and `too_long`: the limit that was reached (drawings waiting, characters)."""
    worry: bool = False
    """For a queued diary: it tells of a sad or worried day (a warm line comes with the answer)."""
    crisis: str | None = None
    """For `distress`: the kind of crisis (engine/signs.py: CrisisKind), which the help text follows."""


@dataclass(frozen=True)
class AlbumItem:
    day: date
    drawing: Drawing
    text: str

    @property
    def mood(self) -> str:
        return self.drawing.emotion


@dataclass(frozen=True)
class Album:
    """One child's week (Monday to Sunday): each diary's latest drawing, in order."""

    nickname: str
    week_start: date
    items: list[AlbumItem]
    labels: tuple[str, ...]
    distress_days: tuple[date, ...] = ()
    """Days the child wrote of distress (shown to parents with care when the setting allows)."""

    @property
    def preview(self) -> bool:
        """Whether a drawing came from the tiny practice profile: the album says so wherever it is shown."""
        return any(item.drawing.preview for item in self.items)

    @property
    def days(self) -> list[date]:
        return [self.week_start + timedelta(days=offset) for offset in range(7)]

    @property
    def span(self) -> str:
        """The week as parents read dates, with its year: `2026년 11월 23일 – 11월 29일` (the year again when
        the week ends in the next one)."""
        start, end = self.week_start, self.week_start + timedelta(days=6)
        last = f"{end.year}년 {end.month}월 {end.day}일" if end.year != start.year else f"{end.month}월 {end.day}일"
        return f"{start.year}년 {start.month}월 {start.day}일 – {last}"

    def day_moods(self) -> dict[date, str]:
        """Each day's mood: the most common among its drawings (the later one on a tie)."""
        moods: dict[date, str] = {}
        for day in self.days:
            todays = [item.mood for item in self.items if item.day == day]
            if todays:
                counts = Counter(todays)
                top = max(counts.values())
                moods[day] = next(mood for mood in reversed(todays) if counts[mood] == top)
        return moods

    def summary(self) -> str:
        """E.g. "행복 4일, 슬픔 2일" (days per mood, in label order)."""
        counts = Counter(self.day_moods().values())
        order = [*self.labels, *sorted(set(counts) - set(self.labels))]
        return ", ".join(f"{mood_of(mood).korean} {counts[mood]}일" for mood in order if counts[mood])

    def chart(self) -> str:
        """A one-line mood-by-day chart: 월 😊 화 😢 수 · …"""
        moods = self.day_moods()
        parts = []
        for day in self.days:
            mood = moods.get(day)
            parts.append(f"{WEEKDAYS[day.weekday()]} {mood_of(mood).emoji if mood else '·'}")
        return " ".join(parts)


def day_label(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day:%m/%d}"
