"""The scheduled side of `crayon serve`: APScheduler's AsyncIOScheduler runs one due-check a minute.

The schedule itself lives in SQLite (each child's reminder time and time zone, the links, what was
sent), so nothing needs rebuilding after a restart: the first check at start sends whatever became
due while the bot was down (within the reminder grace, or a day for albums), and the records of what
was sent keep anything from going twice. A check that runs late (a busy machine) still finds every
due reminder, because "due" is a window, not an instant.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

logger = logging.getLogger(__name__)

JOB_ID = "due-check"
Check = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class Checks:
    """What each pass runs: the use-cases' own due-checks."""

    reminders: Check
    albums: Check
    retention: Check
    """Run once a day (and at start)."""


class Scheduler:
    """Runs the due-checks every `interval_seconds` (and once right at start)."""

    def __init__(self, checks: Checks, *, interval_seconds: float = 60) -> None:
        self.checks = checks
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

    async def check(self) -> None:
        """One pass: reminders, then albums; a failure in one never stops the other."""
        try:
            await self.checks.reminders()
        except Exception:
            logger.exception("reminder check failed")
        try:
            await self.checks.albums()
        except Exception:
            logger.exception("album check failed")
        today = datetime.now(UTC).date()
        if self._expired_on != today:
            # Retention once a day (and at start): old diaries and drawings are deleted for good.
            try:
                await self.checks.retention()
                self._expired_on = today
            except Exception:
                logger.exception("retention pass failed")

    def stop(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
