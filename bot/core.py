"""The parts every front end shares, started and stopped together: storage, engine, runner, use-cases."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from dataclasses import dataclass

from bot.runner import DrawingRunner
from bot.service import DiaryService
from engine.pipeline import DiaryPipeline
from engine.profiles import ResolvedProfile, configure_threads, resolve_profile
from engine.settings import Settings
from engine.style import StyleSpec
from engine.worker import EngineWorker
from storage.database import Database
from storage.diaries import Diaries
from storage.images import ImageStore
from storage.jobs import JobQueue

logger = logging.getLogger(__name__)


@dataclass
class Core:
    settings: Settings
    profile: ResolvedProfile
    database: Database
    diaries: Diaries
    queue: JobQueue
    images: ImageStore
    engine: EngineWorker
    runner: DrawingRunner
    service: DiaryService

    async def stop(self) -> None:
        """Stop drawing (the running drawing finishes or is re-queued), then close the engine and database."""
        await self.runner.stop()
        await asyncio.to_thread(self.engine.close)
        await asyncio.to_thread(self.database.close)


async def start_core(settings: Settings, *, run: bool = True) -> Core:
    """Open the database, start the engine worker (models load in the background) and the runner."""
    profile = await asyncio.to_thread(resolve_profile, settings)
    if profile.notice:
        logger.warning("%s", profile.notice)
    threads = configure_threads(settings, profile, serving=True)
    logger.info("profile %s on %s, %d torch thread(s)", profile.name, profile.device, threads)
    database = Database(settings.database_path)
    await asyncio.to_thread(database.open)
    diaries = Diaries(database)
    queue = JobQueue(database)
    images = ImageStore(settings.drawings_dir)
    engine = EngineWorker(lambda: DiaryPipeline.from_settings(settings, profile))
    runner = DrawingRunner(
        queue,
        engine,
        images,
        max_attempts=settings.max_attempts,
        retry_delay_seconds=settings.retry_delay_seconds,
        shutdown_grace_seconds=settings.shutdown_grace_seconds,
    )
    style = StyleSpec.load(settings.lora, trigger_template=settings.trigger_template, labels=settings.labels)
    service = DiaryService(
        diaries,
        style,
        timezone=settings.timezone,
        max_diary_chars=settings.max_diary_chars,
        max_waiting=settings.max_waiting_per_child,
        recent_limit=settings.recent_drawings,
        on_queued=runner.wake,
    )
    core = Core(settings, profile, database, diaries, queue, images, engine, runner, service)
    if run:
        # Loading the models takes a while with the full profile: diaries queue up meanwhile.
        engine.submit(lambda pipeline: None).add_done_callback(_log_load_failure)
        await runner.start()
    return core


def _log_load_failure(future: Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        logger.error("the engine could not load its models", exc_info=future.exception())
