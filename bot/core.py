"""The parts every front end shares, started and stopped together: storage, engine, runner, use-cases."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import timedelta

from bot.albums import AlbumService
from bot.clock import Clock, SystemClock
from bot.family import FamilyService
from bot.outbound import Outbox
from bot.privacy import PrivacyService
from bot.reminders import ReminderService
from bot.runner import DrawingRunner
from bot.service import DiaryService
from engine.faults import FaultPlan
from engine.pipeline import DiaryPipeline
from engine.profiles import ResolvedProfile, configure_threads, resolve_profile
from engine.settings import Settings
from engine.style import StyleSpec
from engine.worker import EngineWorker
from storage.database import Database
from storage.diaries import Diaries
from storage.family import Family
from storage.images import ImageStore
from storage.jobs import JobQueue
from storage.privacy import Privacy
from storage.reminders import Reminders
from storage.secret import load_or_create_secret

logger = logging.getLogger(__name__)


@dataclass
class Storage:
    """The database and files, and the repositories over them."""

    database: Database
    diaries: Diaries
    queue: JobQueue
    family: Family
    reminders: Reminders
    images: ImageStore
    privacy: Privacy

    @classmethod
    def open(cls, settings: Settings) -> Storage:
        """Open (and migrate) the database; blocking."""
        database = Database(settings.database_path)
        database.open()
        secret = load_or_create_secret(settings.data_dir)
        images = ImageStore(settings.drawings_dir)
        return cls(
            database,
            Diaries(database, max_new_users_per_minute=settings.max_new_users_per_minute),
            JobQueue(database),
            Family(database, secret),
            Reminders(database),
            images,
            Privacy(database, images),
        )


@dataclass
class Scheduled:
    """What the bot starts itself: reminders, weekly albums, and the parent-link use-cases that feed them."""

    outbox: Outbox
    reminders: ReminderService
    albums: AlbumService
    family: FamilyService
    privacy: PrivacyService

    @classmethod
    def build(cls, settings: Settings, storage: Storage, clock: Clock) -> Scheduled:
        outbox = Outbox()
        reminders = ReminderService(
            storage.reminders,
            storage.diaries,
            outbox,
            clock,
            timezone=settings.timezone,
            grace=timedelta(minutes=settings.reminder_grace_minutes),
        )
        albums = AlbumService(storage.family, storage.images, outbox, clock, settings)
        family = FamilyService(storage.family, storage.diaries, albums, outbox, clock, settings)
        privacy = PrivacyService(storage.privacy, storage.family, storage.diaries, outbox, clock, settings)
        return cls(outbox, reminders, albums, family, privacy)


@dataclass
class Core:
    settings: Settings
    profile: ResolvedProfile
    storage: Storage
    engine: EngineWorker
    runner: DrawingRunner
    service: DiaryService
    scheduled: Scheduled

    # Shortcuts to the parts transports use most.
    @property
    def database(self) -> Database:
        return self.storage.database

    @property
    def diaries(self) -> Diaries:
        return self.storage.diaries

    @property
    def queue(self) -> JobQueue:
        return self.storage.queue

    @property
    def images(self) -> ImageStore:
        return self.storage.images

    async def stop(self) -> None:
        """Stop drawing (the running drawing finishes or is re-queued), then close the engine and database."""
        await self.runner.stop()
        await asyncio.to_thread(self.engine.close)
        await asyncio.to_thread(self.database.close)


async def start_core(settings: Settings, *, run: bool = True, clock: Clock | None = None) -> Core:
    """Open the database, start the engine worker (models load in the background) and the runner."""
    profile = await asyncio.to_thread(resolve_profile, settings)
    if profile.notice:
        logger.warning("%s", profile.notice)
    threads = configure_threads(settings, profile, serving=True)
    logger.info("profile %s on %s, %d torch thread(s)", profile.name, profile.device, threads)
    storage = await asyncio.to_thread(Storage.open, settings)
    engine = EngineWorker(lambda: DiaryPipeline.from_settings(settings, profile))
    runner = DrawingRunner(
        storage.queue,
        engine,
        storage.images,
        max_attempts=settings.max_attempts,
        retry_delay_seconds=settings.retry_delay_seconds,
        shutdown_grace_seconds=settings.shutdown_grace_seconds,
        batch_size=settings.batch_size,
        faults=FaultPlan(settings.faults),
        redelivery_seconds=settings.redelivery_seconds,
    )
    style = StyleSpec.load(settings.lora, trigger_template=settings.trigger_template, labels=settings.labels)
    service = DiaryService(
        storage.diaries,
        style,
        timezone=settings.timezone,
        max_diary_chars=settings.max_diary_chars,
        max_waiting=settings.max_waiting_per_child,
        recent_limit=settings.recent_drawings,
        on_queued=runner.wake,
    )
    scheduled = Scheduled.build(settings, storage, clock or SystemClock())
    core = Core(settings, profile, storage, engine, runner, service, scheduled)
    if run:
        removed = await storage.privacy.remove_unreferenced_files()
        if removed:
            logger.info("removed %d drawing file(s) that belonged to nothing", removed)
        # Loading the models takes a while with the full profile: diaries queue up meanwhile.
        engine.submit(lambda pipeline: None).add_done_callback(_log_load_failure)
        await runner.start()
    return core


@contextlib.asynccontextmanager
async def standalone_outbox(settings: Settings, storage: Storage, outbox: Outbox) -> AsyncIterator[Outbox]:
    """Fill `outbox` with clients of their own (Telegram bot, Kakao Event API), for commands run outside
    `crayon serve` (`crayon remind --now`, `crayon albums --now`)."""
    from bot.kakao import PLATFORM as KAKAO
    from bot.kakao_events import KakaoEventClient
    from bot.outbound import KakaoOutbound, TelegramOutbound
    from bot.telegram import PLATFORM as TELEGRAM
    from bot.telegram import standalone_bot

    async with contextlib.AsyncExitStack() as stack:
        if settings.telegram_bot_token is not None:
            bot = standalone_bot(settings)
            await stack.enter_async_context(bot)
            outbox.by_platform[TELEGRAM] = TelegramOutbound(bot, storage.images)
        if settings.kakao_rest_api_key is not None and settings.kakao_bot_id is not None:
            events = KakaoEventClient(settings)
            stack.push_async_callback(events.close)
            outbox.by_platform[KAKAO] = KakaoOutbound(events)
        yield outbox


def _log_load_failure(future: Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        logger.error("the engine could not load its models", exc_info=future.exception())
