"""Crisis alerts to the designated reviewer, through a durable outbox: every case is stored with its diary
before the child is answered, and its alert is sent (and recorded) afterwards, tried again until it arrives.
A crash in between leaves the case unalerted, and the next pass sends it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

from bot.clock import Clock
from engine.diary_check import TextCheck, crisis_reading
from storage.records import parse_time
from storage.safeguarding import Case, NewCase, SafeguardingRepository

logger = logging.getLogger(__name__)


def new_case(check: TextCheck, source: str) -> NewCase:
    """The case a crisis reading opens (kind, who is named, whether a parent may hear of it)."""
    return NewCase(check.kind or "unknown", check.home_named, check.adult_named, check.tell_parents, source)


def guard_case(text: str) -> NewCase:
    """The case a diary opens when the engine's guard model, not the rules, found it in crisis."""
    return new_case(crisis_reading(text), "guard")


class ReviewerChannel(Protocol):
    """Where the designated reviewer reads alerts (a Telegram chat). Raises when the alert did not arrive."""

    async def send_alert(self, text: str) -> None: ...


class SafeguardingAlerts:
    """Sends each case's alert once it reaches the reviewer; a failed send waits 30 s, 1 min, 2 min … 1 h."""

    def __init__(
        self,
        cases: SafeguardingRepository,
        clock: Clock,
        render: Callable[[Case], str],
        *,
        poll_seconds: float = 15.0,
    ) -> None:
        self.cases = cases
        self.clock = clock
        self.render = render
        self.poll_seconds = poll_seconds
        self.channel: ReviewerChannel | None = None
        """None while no reviewer is configured: alerts wait, stored, until one is."""
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def wake(self) -> None:
        """A case was opened: send now rather than at the next pass."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="crayon-safeguarding-alerts")

    async def stop(self) -> None:
        """End the job. The loop also ends on its own at its next turn: on Python 3.11 `asyncio.wait_for` drops a
        cancellation that comes in the same turn as the wake-up it waits for."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            self._task.cancel()
            # asyncio.wait neither raises the job's cancellation nor swallows one of the caller's own.
            await asyncio.wait({self._task})
            self._task = None

    async def send_due(self) -> int:
        """Send every alert that is due; return how many arrived."""
        if self.channel is None:
            return 0
        sent = 0
        now = self.clock.now()
        for case in await self.cases.alerts_due(now):
            try:
                await self.channel.send_alert(self.render(case))
            except Exception as error:
                delay = min(3600.0, 30.0 * 2**case.alert_attempts)
                logger.warning(
                    "safeguarding alert %d did not arrive (%s); again in %.0f s", case.id, type(error).__name__, delay
                )
                await self.cases.alert_failed(case.id, type(error).__name__, now + timedelta(seconds=delay))
                continue
            await self.cases.alert_sent(case.id)
            logger.info("safeguarding alert %d reached the reviewer", case.id)
            sent += 1
        return sent

    async def waiting_for(self) -> float | None:
        """Seconds the oldest alert has waited to reach the reviewer (None: none waits)."""
        oldest = await self.cases.oldest_unalerted()
        if oldest is None:
            return None
        return max(0.0, (self.clock.now() - parse_time(oldest)).total_seconds())

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.send_due()
            except Exception:
                logger.exception("safeguarding alert pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
