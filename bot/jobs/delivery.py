"""Handing outcomes to children: each platform's courier, sends in the background, redelivery of what did
not arrive, and a record of what did (written again later when the database refuses it)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

from storage.jobs import JobQueue
from storage.records import ClaimedJob, Drawing

logger = logging.getLogger(__name__)


class Courier(Protocol):
    """A transport's way to reach a child: told when drawing starts, handed the result to send."""

    async def started(self, claimed: ClaimedJob) -> None: ...

    async def cancelled(self, claimed: ClaimedJob) -> None:
        """The child's data was deleted while their drawing was made: stop showing progress, send nothing."""
        ...

    async def forget_user(self, user_id: int) -> None:
        """The user's data was deleted: drop everything held for them (timers, progress, outcomes kept for
        later), so nothing of theirs is sent or kept in memory any more."""
        ...

    async def deliver(self, claimed: ClaimedJob, drawing: Drawing | None) -> bool:
        """Send the drawing (or, when None, the kind failure message); raise if it did not arrive.

        False means the transport keeps it for later (Kakao without a live callback: the child's next
        message carries it), so it is neither delivered nor failed.
        """
        ...


class Deliveries:
    """Sends each outcome once per process through its platform's courier, and records it."""

    def __init__(
        self, queue: JobQueue, *, max_attempts: int = 10, on_storage_error: Callable[[], None] = lambda: None
    ) -> None:
        self.queue = queue
        self.max_attempts = max_attempts
        self.couriers: dict[str, Courier] = {}
        self._on_storage_error = on_storage_error
        self._sending: dict[int, tuple[int, asyncio.Task[None]]] = {}
        """Sends in progress: job id → (user id, task)."""
        self.unrecorded: set[int] = set()
        """Delivered jobs whose delivery could not be recorded yet (ids are never reused, so a deleted job's
        id names nothing else)."""

    def started(self, claimed: ClaimedJob) -> None:
        """Tell the child's courier that their drawing is being made (in the background)."""
        courier = self.couriers.get(claimed.user.platform)
        if courier is not None:
            task = asyncio.create_task(courier.started(claimed))
            task.add_done_callback(_log_failure)

    async def cancelled(self, claimed: ClaimedJob) -> None:
        """The job's rows were deleted while it was drawn (the child used /forget): nothing is kept or sent."""
        logger.info("job %d was deleted while drawing; nothing is sent", claimed.job.id)
        courier = self.couriers.get(claimed.user.platform)
        if courier is not None:
            try:
                await courier.cancelled(claimed)
            except Exception as error:
                logger.warning("courier could not cancel job %d: %s", claimed.job.id, type(error).__name__)

    def send(self, claimed: ClaimedJob, drawing: Drawing | None) -> bool:
        """Start sending an outcome; False when it is on its way, was sent, or its platform is not here."""
        job_id = claimed.job.id
        if job_id in self._sending or job_id in self.unrecorded or claimed.user.platform not in self.couriers:
            return False
        task = asyncio.create_task(self._deliver(claimed, drawing))
        self._sending[job_id] = (claimed.user.id, task)
        task.add_done_callback(lambda _: self._sending.pop(job_id, None))
        return True

    async def forget_user(self, user_id: int) -> None:
        """The user's data was deleted: stop their sends in progress (a photo still uploading never arrives
        after the child was told it is gone) and have every courier drop what it holds for them."""
        tasks = [task for owner, task in self._sending.values() if owner == user_id]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for courier in list(self.couriers.values()):
            try:
                await courier.forget_user(user_id)
            except Exception as error:
                logger.warning("courier could not forget user %d: %s", user_id, type(error).__name__)

    async def redeliver(self) -> int:
        """Send outcomes that have not reached their child yet (a crash, a network error); return how many."""
        tried = 0
        for claimed, drawing in await self.queue.undelivered(self.max_attempts):
            if self.send(claimed, drawing):
                tried += 1
        return tried

    async def record_unrecorded(self) -> None:
        """Write down the deliveries the database refused before."""
        for job_id in sorted(self.unrecorded):
            await self.queue.mark_delivered(job_id)
            self.unrecorded.discard(job_id)

    async def wait(self, timeout: float | None = None) -> None:
        """Wait for the sends in progress."""
        if self._sending:
            await asyncio.wait([task for _, task in self._sending.values()], timeout=timeout)

    async def _deliver(self, claimed: ClaimedJob, drawing: Drawing | None) -> None:
        courier = self.couriers[claimed.user.platform]
        job_id = claimed.job.id
        if drawing is not None and (drawing.job_id != job_id or drawing.user_id != claimed.user.id):
            logger.error("job %d: the drawing handed over is not this job's; nothing is sent", job_id)
            return
        try:
            due = await self.queue.delivery_due(job_id)
        except Exception as error:  # the database cannot tell: the next redelivery pass sends it
            logger.warning("job %d: could not check whether it was delivered: %s", job_id, type(error).__name__)
            return
        if due is None:
            await self.cancelled(claimed)
            return
        if not due:
            return  # it reached the child already (a redelivery pass read the queue before it was recorded)
        try:
            if not await courier.deliver(claimed, drawing):
                return
        except Exception as error:
            logger.warning("delivery of job %d failed: %s", job_id, type(error).__name__)
            try:
                await self.queue.delivery_failed(job_id)
            except Exception as storage_error:
                logger.warning("could not count the failed delivery of job %d: %s", job_id, storage_error)
            return
        try:
            await self.queue.mark_delivered(job_id)
        except Exception as error:
            # Remembered until the database takes it: a redelivery pass never sends it twice.
            logger.warning("job %d was delivered but could not be recorded yet: %s", job_id, error)
            self.unrecorded.add(job_id)
            self._on_storage_error()


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.warning("courier notice failed: %s", type(task.exception()).__name__)
