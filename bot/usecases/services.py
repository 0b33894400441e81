"""The use-cases together: what a transport may call, and nothing of the wiring behind them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.jobs.outbound import Outbox
from bot.usecases.albums import AlbumService
from bot.usecases.diaries import DiaryService
from bot.usecases.family import FamilyService
from bot.usecases.privacy import PrivacyService
from bot.usecases.reminders import ReminderService
from engine.settings import Settings
from engine.style import StyleSpec
from storage.store import Storage


@dataclass
class Services:
    """The use-cases, the outbox they send through, and the storage a transport needs to hand drawings over
    (the queue of what is not delivered yet, the image files, a drawing's platform file id)."""

    settings: Settings
    storage: Storage
    outbox: Outbox
    diaries: DiaryService
    reminders: ReminderService
    albums: AlbumService
    family: FamilyService
    privacy: PrivacyService

    @classmethod
    def build(
        cls,
        settings: Settings,
        storage: Storage,
        clock: Clock,
        *,
        style: StyleSpec | None = None,
        on_queued: Callable[[], None] = lambda: None,
    ) -> Services:
        outbox = Outbox()
        style = style or StyleSpec.load(
            settings.lora, trigger_template=settings.trigger_template, labels=settings.labels
        )
        diaries = DiaryService(
            storage.diaries,
            style,
            max_diary_chars=settings.max_diary_chars,
            max_waiting=settings.max_waiting_per_child,
            recent_limit=settings.recent_drawings,
            on_queued=on_queued,
        )
        reminders = ReminderService(
            storage.reminders,
            storage.diaries,
            outbox,
            clock,
            grace=timedelta(minutes=settings.reminder_grace_minutes),
        )
        albums = AlbumService(storage.family, storage.images, outbox, clock, settings)
        family = FamilyService(storage.family, storage.diaries, albums, outbox, clock, settings)
        privacy = PrivacyService(storage.privacy, storage.family, storage.diaries, outbox, clock, settings)
        return cls(settings, storage, outbox, diaries, reminders, albums, family, privacy)
