"""The use-cases together: what a transport may call, and nothing of the wiring behind them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.jobs.outbound import Outbox
from bot.settings import Settings
from bot.usecases.albums import AlbumOptions, AlbumService
from bot.usecases.book import BookService
from bot.usecases.diaries import DiaryService
from bot.usecases.exports import ExportService
from bot.usecases.family import FamilyService, LinkOptions
from bot.usecases.handover import Handover
from bot.usecases.image_links import ImageLinks
from bot.usecases.inbox import UpdateInbox
from bot.usecases.listening import Listener, VoiceService
from bot.usecases.privacy import PrivacyOptions, PrivacyService
from bot.usecases.reminders import ReminderService
from bot.usecases.safeguarding import SafeguardingService
from engine.style import StyleSpec
from storage.diaries import KeptLimits
from storage.records import Platform
from storage.store import Storage


@dataclass
class Services:
    """The use-cases, and the outbox they send through: all a transport may call. Neither the settings (a
    transport is given its own group) nor the storage itself is among them: handing drawings over
    (`handover`) and keeping Telegram's updates (`telegram_inbox`) are use-cases too."""

    outbox: Outbox
    diaries: DiaryService
    reminders: ReminderService
    albums: AlbumService
    family: FamilyService
    privacy: PrivacyService
    image_links: ImageLinks
    safeguarding: SafeguardingService
    handover: Handover
    telegram_inbox: UpdateInbox
    exports: ExportService
    voices: VoiceService

    @classmethod
    def build(
        cls,
        settings: Settings,
        storage: Storage,
        clock: Clock,
        *,
        style: StyleSpec | None = None,
        on_queued: Callable[[], None] = lambda: None,
        on_forgotten: Callable[[int], Awaitable[None]] | None = None,
        listener: Listener | None = None,
    ) -> Services:
        outbox = Outbox()
        safeguarding = SafeguardingService(storage.safeguarding, clock, timezone=settings.timezone)
        style = style or StyleSpec.load(
            settings.lora, trigger_template=settings.trigger_template, labels=settings.labels
        )
        diaries = _diaries(settings, storage, style, clock, on_queued=on_queued, on_crisis=safeguarding.alerts.wake)
        reminders = ReminderService(
            storage.reminders,
            storage.diaries,
            outbox,
            clock,
            grace=timedelta(minutes=settings.reminder_grace_minutes),
        )
        base_url = settings.public_base_url or f"http://{settings.http_host}:{settings.http_port}"
        link_options = LinkOptions(
            settings.link_code_minutes, settings.link_max_failures, settings.link_max_failures_per_platform
        )
        albums = _albums(settings, storage, style, clock, outbox, base_url)
        family = FamilyService(storage.family, storage.diaries, albums, outbox, clock, link_options)
        privacy = PrivacyService(
            storage.privacy,
            storage.family,
            storage.diaries,
            outbox,
            clock,
            PrivacyOptions(
                settings.retention_days,
                settings.privacy_contact,
                settings.safeguarding_hold_days,
                reviewer=settings.safeguarding_telegram_chat_id is not None,
            ),
            on_forgotten=on_forgotten,
            safeguarding=safeguarding,
        )
        image_links = ImageLinks(storage.secret, base_url, settings.image_url_days, clock)
        handover = Handover(
            storage.images, storage.diaries, storage.queue, storage.pages, page=settings.reply_style == "page"
        )
        inbox = UpdateInbox(storage.database, Platform.TELEGRAM)
        exports = ExportService(storage.exports, storage.family, storage.diaries, storage.images, clock, base_url)
        return cls(
            outbox, diaries, reminders, albums, family, privacy, image_links, safeguarding, handover, inbox, exports,
            VoiceService(listener),
        )  # fmt: skip


def _albums(
    settings: Settings, storage: Storage, style: StyleSpec, clock: Clock, outbox: Outbox, base_url: str
) -> AlbumService:
    options = AlbumOptions(
        weekday=settings.album_weekday,
        time=settings.album_time,
        page_days=settings.album_page_days,
        base_url=base_url,
        tell_parents_about_distress=settings.tell_parents_about_distress,
        labels=tuple(style.labels),
    )
    books = BookService(storage.family, storage.pages, storage.images)
    return AlbumService(storage.family, storage.safeguarding, storage.images, outbox, clock, options, books)


def _diaries(
    settings: Settings,
    storage: Storage,
    style: StyleSpec,
    clock: Clock,
    *,
    on_queued: Callable[[], None],
    on_crisis: Callable[[], None],
) -> DiaryService:
    return DiaryService(
        storage.diaries,
        style,
        max_diary_chars=settings.max_diary_chars,
        max_waiting=settings.max_waiting_per_child,
        kept_limits=KeptLimits(settings.max_kept_per_child, settings.max_kept_per_platform),
        recent_limit=settings.recent_drawings,
        on_queued=on_queued,
        on_crisis=on_crisis,
        clock=clock,
    )
