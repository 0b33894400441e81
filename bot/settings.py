"""The bot's settings: the engine's (engine/settings.py) and, in groups, the transports', the queue's, the
schedule's, the families' and privacy's; read from the environment and `.env`, once at start, then passed
down. The use-cases get explicit options built from them, not this object."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator, model_validator

from bot.platform_settings import KakaoSettings as KakaoSettings
from bot.platform_settings import TelegramSettings as TelegramSettings
from engine.settings import ServingSettings

GroupT = TypeVar("GroupT", bound=BaseModel)


class ServerSettings(BaseModel):
    """The HTTP server, its public address, and when /healthz says children are not served."""

    http_host: str = Field("127.0.0.1", description="Address the HTTP server listens on.")
    http_port: int = Field(8080, ge=0, le=65535, description="Port of the HTTP server.")
    public_base_url: str | None = Field(
        None, description="Public https address of the HTTP server (Telegram webhook, Kakao image URLs)."
    )
    image_url_days: int = Field(
        30,
        ge=1,
        le=365,
        description=(
            "Days a drawing's address given to a platform that fetches images itself (Kakao) keeps working; "
            "a deleted drawing's address stops at once."
        ),
    )
    health_stall_seconds: float = Field(
        300.0,
        gt=0,
        le=86400,
        description=(
            "/healthz answers 503 when drawings are waiting and nothing was drawn for this long, when the "
            "runner has been unable to write to the database for this long, or (CRAYON_ENGINE=ray) when the "
            "engine has not answered for this long while drawings wait."
        ),
    )

    @field_validator("public_base_url")
    @classmethod
    def _check_public_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not an address; e.g. https://diary.example.org")
        return value.rstrip("/")


class QueueSettings(BaseModel):
    """The drawing queue: how much one child may wait for, retries, redelivery, shutdown."""

    max_waiting_per_child: int = Field(
        3, ge=1, le=100, description="Drawings one child may have waiting; more diaries are kept but not drawn."
    )
    max_kept_per_child: int = Field(
        10,
        ge=0,
        le=10000,
        description=(
            "Diaries one child may have kept but not drawn (over the waiting limit, or unsafe requests) within a "
            "day; more are answered kindly but not stored. Diaries of a child in distress are always kept."
        ),
    )
    max_kept_per_platform: int = Field(
        1000,
        ge=0,
        le=10_000_000,
        description="The same limit for all children of one platform together, so a flood of ids cannot fill the disk.",
    )
    max_attempts: int = Field(3, ge=1, le=10, description="Tries per drawing before it fails (transient errors).")
    retry_delay_seconds: float = Field(5.0, ge=0, le=3600, description="Wait before retrying a transient failure.")
    recent_drawings: int = Field(5, ge=1, le=10, description="Drawings /mydrawings shows.")
    redelivery_seconds: float = Field(
        30.0, gt=0, le=3600, description="How often drawings that did not reach a child (network, 429) are resent."
    )
    shutdown_grace_seconds: float = Field(
        60.0, ge=0, le=3600, description="At shutdown, how long the running drawing may finish before it is re-queued."
    )


class ScheduleSettings(BaseModel):
    """What the bot sends by itself: evening reminders and weekly albums, in each user's time zone."""

    timezone: str = Field("Asia/Seoul", description="Time zone of new users.")
    reminder_grace_minutes: int = Field(
        120, ge=1, le=720, description="A reminder missed (the bot was down) is still sent this many minutes late."
    )
    album_weekday: int = Field(6, ge=0, le=6, description="Weekday of the weekly album: 0 Monday … 6 Sunday.")
    album_time: str = Field("19:00", description="Time of the weekly album, in the parent's time zone (HH:MM).")
    album_page_days: int = Field(14, ge=1, le=90, description="Days a web album address stays valid.")

    @field_validator("album_time")
    @classmethod
    def _check_album_time(cls, value: str) -> str:
        hour, _, minute = value.partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60 and len(minute) == 2):
            raise ValueError(f"{value!r} is not a time; e.g. 19:00")
        return f"{int(hour):02d}:{minute}"

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}; e.g. Asia/Seoul") from error
        return value


class FamilySettings(BaseModel):
    """Parents and children: link codes and their limits, new users, what parents are told."""

    link_code_minutes: int = Field(30, ge=5, le=1440, description="Minutes a parent-link code stays valid.")
    link_max_failures: int = Field(
        5, ge=1, le=100, description="Wrong link codes allowed per 15 minutes before /link is paused."
    )
    link_max_failures_per_platform: int = Field(
        50,
        ge=1,
        le=10000,
        description=(
            "Wrong link codes allowed per 15 minutes from all users of one platform together, so that "
            "fresh user ids cannot try codes without end."
        ),
    )
    max_new_users_per_minute: int = Field(
        60,
        ge=1,
        le=100000,
        description="New users one platform may add per minute; more are asked kindly to write again a minute later.",
    )
    tell_parents_about_distress: bool = Field(
        True, description="The weekly album tells linked parents, with care, on which days a child wrote of distress."
    )


class SafeguardingSettings(BaseModel):
    """The designated reviewer who hears of a child in crisis, and how long a crisis diary is held for them."""

    safeguarding_telegram_chat_id: str | None = Field(
        None,
        description=(
            "Telegram chat of the designated reviewer (a teacher, a school counsellor or the operator): a chat or "
            "group id such as -1001234567890 (@name only for a public channel); one alert per crisis diary, retried "
            "until it arrives. Unset: crises are kept for `crayon safeguarding list` only."
        ),
    )
    safeguarding_hold_days: int = Field(
        30,
        ge=1,
        le=365,
        description=(
            "A crisis diary is kept for the reviewer until resolved or this many days pass, even after /forget."
        ),
    )
    safeguarding_alert_stall_seconds: float = Field(
        600.0, gt=0, le=86400, description="/healthz answers 503 when a crisis alert has not arrived for this long."
    )

    @field_validator("safeguarding_telegram_chat_id")
    @classmethod
    def _check_chat_id(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        chat = value.strip()
        if not (chat.lstrip("-").isdigit() or (chat.startswith("@") and len(chat) > 1)):
            raise ValueError(f"{value!r} is not a Telegram chat id; e.g. -1001234567890 (a group the bot is in)")
        return chat


class PrivacySettings(BaseModel):
    """How long diaries are kept, and whom parents ask about their data."""

    retention_days: int = Field(
        365, ge=0, le=3650, description="Diaries and drawings older than this are deleted for good (0 keeps them)."
    )
    privacy_contact: str = Field(
        "",
        description=(
            "Who runs the bot and whom parents ask about their data (shown in /privacy; required on the full profile)."
        ),
    )


class ReplySettings(BaseModel):
    """What a child is sent for a diary, and whether a diary may be said out loud."""

    reply_style: Literal["page", "drawing"] = Field(
        "page",
        description=(
            "page: the 그림일기 page (the drawing with the date, the weather, a title and the child's words in a "
            "원고지 grid), as a school notebook keeps it; drawing: the drawing alone."
        ),
    )
    voice: bool = Field(
        True,
        description=(
            "Hear voice diaries (Whisper, loaded at the first one: about 1.6 GB more on the GPU); off: a voice "
            "message is answered with a kind word to write it instead, and the speech model is never loaded."
        ),
    )


class Settings(
    ReplySettings,
    TelegramSettings,
    KakaoSettings,
    ServerSettings,
    QueueSettings,
    ScheduleSettings,
    FamilySettings,
    SafeguardingSettings,
    PrivacySettings,
    ServingSettings,
):
    """Everything configurable in crayon-diary; `.env.example` lists every field."""

    @model_validator(mode="after")
    def _check_combinations(self) -> Settings:
        if self.telegram_mode == "webhook" and self.public_base_url is None:
            raise ValueError("CRAYON_TELEGRAM_MODE=webhook needs CRAYON_PUBLIC_BASE_URL (the https address)")
        return self

    # Each group on its own, for the part of the bot that needs only it (the environment names stay flat).
    @property
    def telegram(self) -> TelegramSettings:
        return self._group(TelegramSettings)

    @property
    def kakao(self) -> KakaoSettings:
        return self._group(KakaoSettings)

    @property
    def server(self) -> ServerSettings:
        return self._group(ServerSettings)

    @property
    def queue(self) -> QueueSettings:
        return self._group(QueueSettings)

    @property
    def schedule(self) -> ScheduleSettings:
        return self._group(ScheduleSettings)

    @property
    def family(self) -> FamilySettings:
        return self._group(FamilySettings)

    @property
    def safeguarding(self) -> SafeguardingSettings:
        return self._group(SafeguardingSettings)

    @property
    def privacy(self) -> PrivacySettings:
        return self._group(PrivacySettings)

    def _group(self, group: type[GroupT]) -> GroupT:
        """The group's fields as this object holds them (validated already)."""
        return group.model_construct(**{name: getattr(self, name) for name in group.model_fields})

    @property
    def drawings_dir(self) -> Path:
        """Where drawings are written as PNG files."""
        return self.data_dir / "drawings"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "crayon.sqlite3"

    @property
    def use_webhook(self) -> bool:
        """True when Telegram updates come to our HTTP server rather than by long polling."""
        if self.telegram_mode == "auto":
            return self.public_base_url is not None
        return self.telegram_mode == "webhook"
