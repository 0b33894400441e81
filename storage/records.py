"""Plain records read from the database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any


def utc_now() -> str:
    """The current time as a sortable UTC timestamp string."""
    return format_time(datetime.now(UTC))


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


class EntryStatus(StrEnum):
    """Where a diary stands (its `status` column, stored as these words)."""

    QUEUED = "queued"
    """Its drawing is waiting or being made."""
    HELD = "held"
    """Kept, not drawn: the child already had the most drawings waiting."""
    DISTRESS = "distress"
    """Kept, never drawn: a child in crisis (a safeguarding case is opened for it)."""
    BLOCKED = "blocked"
    """Kept, never drawn: a request for a picture no child should see."""
    DRAWN = "drawn"
    """Its drawing was made."""
    ASKED = "asked"
    """Kept, not drawn yet: it may not be a diary, and the child was asked whether to draw it."""


class FailureKind(StrEnum):
    """Why a job failed (its `error` column): what the child is told depends on it."""

    UNSAFE_IMAGE = "unsafe_image"
    """The drawing looked unsafe twice: withheld."""
    UNSAFE_DIARY = "unsafe_diary"
    """The text guard found a request for an unsafe picture."""
    DISTRESS = "distress"
    """The text guard found a child in distress."""
    BAD_DIARY = "bad_diary"
    """Nothing drawable was left of the diary."""
    OUT_OF_MEMORY = "out_of_memory"
    DISK = "disk"
    """A full or failing disk, or a database that refused the outcome."""
    ENGINE_CRASH = "engine_crash"
    OTHER = "other"


def _failure_kind(text: str | None) -> FailureKind | None:
    """A job's `error` column as a FailureKind; a word no version writes any more reads as OTHER."""
    if text is None:
        return None
    try:
        return FailureKind(text)
    except ValueError:
        return FailureKind.OTHER


class Platform(StrEnum):
    """Where a user writes from; stored with every user, so a value never changes."""

    TELEGRAM = "telegram"
    KAKAO = "kakao"
    CONSOLE = "console"
    BENCH = "bench"


@dataclass(frozen=True)
class Contact:
    """Who wrote, as a platform knows them: the platform, its user id and the chat to answer in. Enough
    to find the user, or to create them (in the bot's default time zone)."""

    platform: Platform
    platform_user_id: str
    chat_id: str


@dataclass(frozen=True)
class User:
    id: int
    platform: Platform
    platform_user_id: str
    chat_id: str
    timezone: str
    style: str | None
    reminder_time: str = "20:30"
    reminders_on: bool = True

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        return cls(
            id=row["id"],
            platform=Platform(row["platform"]),
            platform_user_id=row["platform_user_id"],
            chat_id=row["chat_id"],
            timezone=row["timezone"],
            style=row["style"],
            reminder_time=row.get("reminder_time", "20:30"),
            reminders_on=bool(row.get("reminders_on", 1)),
        )


@dataclass(frozen=True)
class Job:
    id: int
    entry_id: int
    user_id: int
    kind: str
    style: str | None
    seed: int
    state: str
    attempts: int
    error: FailureKind | None
    """Why it failed (its last try, while it is tried again); None while nothing went wrong."""
    reply_to: str | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Job:
        return cls(
            id=row["id"],
            entry_id=row["entry_id"],
            user_id=row["user_id"],
            kind=row["kind"],
            style=row["style"],
            seed=row["seed"],
            state=row["state"],
            attempts=row["attempts"],
            error=_failure_kind(row["error"]),
            reply_to=row["reply_to"],
            created_at=parse_time(row["created_at"]),
        )


@dataclass(frozen=True)
class ClaimedJob:
    """A job the worker holds, with what it needs to draw and deliver."""

    job: Job
    text: str
    user: User


@dataclass(frozen=True)
class NewDrawing:
    """What the worker records when a job is drawn."""

    public_id: str
    emotion: str
    detected_emotion: str
    probabilities: dict[str, float]
    prompt: str
    seed: int
    profile: str
    preview: bool
    fell_back: bool
    models: dict[str, str | None]
    image_path: str
    timings: dict[str, float]


@dataclass(frozen=True)
class Drawing(NewDrawing):
    """A drawing as recorded: what was drawn, and where it belongs."""

    id: int
    job_id: int
    entry_id: int
    user_id: int
    created_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Drawing:
        return cls(
            id=row["id"],
            public_id=row["public_id"],
            job_id=row["job_id"],
            entry_id=row["entry_id"],
            user_id=row["user_id"],
            emotion=row["emotion"],
            detected_emotion=row["detected_emotion"],
            probabilities=json.loads(row["probabilities"]),
            prompt=row["prompt"],
            seed=row["seed"],
            profile=row["profile"],
            preview=bool(row["preview"]),
            fell_back=bool(row["fell_back"]),
            models=json.loads(row["models"]),
            image_path=row["image_path"],
            timings=json.loads(row["timings"]),
            created_at=parse_time(row["created_at"]),
        )


@dataclass(frozen=True)
class Link:
    """A parent linked to a child; `nickname` is the parent's name for the child."""

    id: int
    parent: User
    child: User
    nickname: str
    created_at: datetime


@dataclass(frozen=True)
class AlbumPage:
    parent_id: int
    child_id: int
    week_start: date
    expires_at: datetime


@dataclass(frozen=True)
class WeekDrawing:
    """A drawing in a weekly album, with its diary."""

    drawing: Drawing
    text: str
    entry_created_at: datetime


@dataclass(frozen=True)
class InboxItem:
    """An update a platform handed over, as the inbox keeps it (storage/inbox.py)."""

    update_id: int
    user_key: str | None
    """The platform's user id of the sender, so that forgetting a user also forgets their unhandled updates."""
    payload: str | None
    """The update as the platform sent it (JSON), or None when only its id is kept."""
