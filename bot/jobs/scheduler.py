"""The scheduled side of `crayon serve`: APScheduler's AsyncIOScheduler runs one due-check a minute.

The schedule itself lives in SQLite (each child's reminder time and time zone, the links, what was
sent), so nothing needs rebuilding after a restart: the first check at start sends whatever became
due while the bot was down (within the reminder grace, or a day for albums), and the records of what
was sent keep anything from going twice. A check that runs late (a busy machine) still finds every
due reminder, because "due" is a window, not an instant.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.usecases.albums import AlbumService
from bot.usecases.privacy import PrivacyService
from bot.usecases.reminders import ReminderService

logger = logging.getLogger(__name__)

JOB_ID = "due-check"


class Scheduler:
    """Sends due reminders and albums every `interval_seconds` (and once right at start)."""

    def __init__(
        self,
        reminders: ReminderService,
        albums: AlbumService,
        privacy: PrivacyService,
        *,
        interval_seconds: float = 60,
    ) -> None:
        self.reminders = reminders
        self.albums = albums
        self.privacy = privacy
        self.interval_seconds = interval_seconds
        self._scheduler: AsyncIOScheduler | None = None
        self._expired_on: date | None = None

    def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self.check,
            IntervalTrigger(seconds=self.interval_seconds),
            id=JOB_ID,
            next_run_time=datetime.now(UTC),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(self.interval_seconds * 10),
        )
        scheduler.start()
        self._scheduler = scheduler

    @property
    def running(self) -> bool:
        return self._scheduler is not None and self._scheduler.running

    def next_check(self) -> datetime | None:
        if self._scheduler is None:
            return None
        job = self._scheduler.get_job(JOB_ID)
        return job.next_run_time if job else None

    async def check(self) -> None:
        """One pass: reminders, then albums; a failure in one never stops the other."""
        try:
            await self.reminders.send_due()
        except Exception:
            logger.exception("reminder check failed")
        try:
            await self.albums.send_due()
        except Exception:
            logger.exception("album check failed")
        today = datetime.now(UTC).date()
        if self._expired_on != today:
            # Retention once a day (and at start): old diaries and drawings are deleted for good.
            try:
                await self.privacy.expire_old()
                self._expired_on = today
            except Exception:
                logger.exception("retention pass failed")

    def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
