"""The drawing runner: takes jobs from the durable queue, draws them on the engine, hands them over."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.jobs.delivery import Deliveries
from bot.jobs.failures import failure_kind, is_transient
from bot.jobs.recording import record_drawing, request_for
from bot.jobs.safeguarding import guard_case
from engine.engines import DrawingEngine
from engine.errors import DiaryError, DistressDiaryError, EngineTimeoutError, EngineUnavailableError, UnsafeDiaryError
from engine.stages import DrawingResult
from storage.images import ImageStore
from storage.jobs import JobQueue
from storage.records import ClaimedJob, Drawing, EntryStatus, FailureKind
from storage.safeguarding import NewCase

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunnerHealth:
    """What /healthz tells of the runner."""

    running: bool
    seconds_since_progress: float
    """Since a job was last settled, or the runner last found nothing to do."""
    storage_failing_for: float | None
    """Seconds the runner has been unable to read or write the database (None: it can)."""
    failed_in_row: int = 0
    """Drawings that failed for good one after another (out of memory, a broken engine), since the last one
    that was drawn."""


class DrawingRunner:
    """Jobs through the engine, up to `concurrency` in flight in batches of up to `batch_size` (the local
    worker: one batch at a time); outcomes delivered in the background, durably.

    No error of the database or the disk stops it: a job whose outcome cannot be recorded goes back to
    the queue once the database answers again, and a delivery that cannot be recorded is recorded later.
    """

    @property
    def concurrency(self) -> int:
        """Jobs in flight: as set, else as many as the engine takes at once (a cluster says), else one batch."""
        return max(self.batch_size, self._concurrency or self.engine.jobs_in_flight or self.batch_size)

    def __init__(
        self,
        queue: JobQueue,
        engine: DrawingEngine,
        images: ImageStore,
        *,
        max_attempts: int = 3,
        retry_delay_seconds: float = 5.0,
        shutdown_grace_seconds: float = 60.0,
        poll_seconds: float = 1.0,
        redelivery_seconds: float = 30.0,
        max_delivery_attempts: int = 10,
        batch_size: int = 1,
        concurrency: int | None = None,
    ) -> None:
        self.queue = queue
        self.engine = engine
        self.images = images
        self.max_attempts = max_attempts
        self.retry_delay_seconds = retry_delay_seconds
        self.shutdown_grace_seconds = shutdown_grace_seconds
        self.poll_seconds = poll_seconds
        self.redelivery_seconds = redelivery_seconds
        self.max_delivery_attempts = max_delivery_attempts
        self.batch_size = batch_size
        self._concurrency = concurrency
        self.deliveries = Deliveries(queue, max_attempts=max_delivery_attempts, on_storage_error=self._storage_failed)
        self._wake = asyncio.Event()
        self._stopping = False
        self._loop_task: asyncio.Task[None] | None = None
        self._redelivery_task: asyncio.Task[None] | None = None
        self._current: dict[int, ClaimedJob] = {}
        self._batches: set[asyncio.Task[list[Drawing | None]]] = set()
        self._drawing: set[int] = set()
        """Jobs in the engine now."""
        self._settling: set[asyncio.Future[list[Drawing | None]]] = set()
        """Batches drawn whose outcomes are being recorded."""
        self._engine_down = 0
        """Tries in a row that found the engine unreachable."""
        self._engine_retry_at: float | None = None
        """While the engine does not answer: when to try it again (monotonic)."""
        self._unsettled: set[int] = set()
        """Claimed jobs whose outcome could not be recorded: they go back to the queue."""
        self._last_progress = time.monotonic()
        self._storage_failing_since: float | None = None
        self._storage_failures = 0
        self._failed_in_row = 0
        self._timeouts: dict[int, int] = {}  # job → how often its drawing timed out, while the process runs
        self.on_crisis: Callable[[], None] = lambda: None  # a safeguarding case was opened: alerts wake

    @property
    def current_jobs(self) -> list[int]:
        return sorted(self._current)

    def wake(self) -> None:
        """A job was queued: look now instead of at the next poll."""
        self._wake.set()

    def health(self) -> RunnerHealth:
        now = time.monotonic()
        running = self._loop_task is not None and not self._loop_task.done()
        failing = None if self._storage_failing_since is None else now - self._storage_failing_since
        return RunnerHealth(running, now - self._last_progress, failing, self._failed_in_row)

    async def start(self) -> None:
        """Re-queue jobs a crash left running, deliver what was not delivered, then start drawing."""
        requeued, failed = await self.queue.requeue_interrupted(self.max_attempts)
        if requeued:
            logger.info("re-queued %d interrupted job(s)", requeued)
        if failed:
            logger.warning("%d job(s) were interrupted on each of their %d tries; failed", failed, self.max_attempts)
        self._last_progress = time.monotonic()
        self._loop_task = asyncio.create_task(self._run(), name="crayon-runner")
        self._redelivery_task = asyncio.create_task(self._redeliver_forever(), name="crayon-redelivery")

    async def stop(self) -> None:
        """Take no new job; let the running drawing finish within the grace period, else re-queue it."""
        self._stopping = True
        self._wake.set()
        if self._redelivery_task is not None:
            self._redelivery_task.cancel()
        if self._loop_task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._loop_task), self.shutdown_grace_seconds)
            except TimeoutError:
                # Drawings still in the engine go back to the queue; those already drawn are recorded.
                interrupted = [self._current[job_id] for job_id in sorted(self._drawing)]
                # The batches first: the loop may be past a cancellation that raced its wake-up.
                for task in list(self._batches):
                    task.cancel()
                await asyncio.gather(*self._batches, *self._settling, return_exceptions=True)
                self._loop_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._loop_task
                for claimed in interrupted:
                    logger.warning("job %d did not finish in time; re-queued", claimed.job.id)
                    with contextlib.suppress(Exception):  # else the next start re-queues it
                        await self.queue.requeue(claimed.job.id)
        await self.deliveries.wait(timeout=10)

    async def run_until_idle(self) -> int:
        """Draw queued jobs until none is ready, and wait for their delivery; return how many were drawn."""
        drawn = 0
        await self._recover()
        while True:
            while self._has_room() and (batch := await self._claim_batch()):
                self._start_batch(batch)
                drawn += len(batch)
            if not self._batches:
                break
            await asyncio.wait(self._batches, return_when=asyncio.FIRST_COMPLETED)
        await self.deliveries.wait()
        return drawn

    async def process_many(self, batch: list[ClaimedJob]) -> list[Drawing | None]:
        """Draw claimed jobs in one diffusion batch; each outcome is recorded (or retried) on its own.

        Cancelled while drawing, the jobs stay running for the caller to re-queue; once drawn, their
        outcomes are recorded even if the caller is cancelled, so no drawing is recorded half.
        """
        ids = {claimed.job.id for claimed in batch}
        self._current.update((claimed.job.id, claimed) for claimed in batch)
        self._drawing |= ids
        for claimed in batch:
            self.deliveries.started(claimed)
        started = time.perf_counter()
        try:
            requests = [request_for(claimed) for claimed in batch]
            try:
                outcomes: list[DrawingResult | Exception] = await self.engine.draw_many(requests)
            except Exception as error:  # the whole batch failed while painting (out of memory)
                outcomes = [error] * len(batch)
        except BaseException:
            for job_id in ids:
                self._current.pop(job_id, None)
            raise
        finally:
            self._drawing -= ids
        settling = asyncio.ensure_future(self._settle_batch(batch, outcomes, started))
        self._settling.add(settling)
        settling.add_done_callback(self._settling.discard)
        return await asyncio.shield(settling)

    async def _settle_batch(
        self, batch: list[ClaimedJob], outcomes: list[DrawingResult | Exception], started: float
    ) -> list[Drawing | None]:
        try:
            results: list[Drawing | None] = []
            for claimed, outcome in zip(batch, outcomes, strict=True):
                try:
                    results.append(await self._settle(claimed, outcome, started))
                except Exception:
                    # The database refused the outcome (a full disk): the job is drawn again later.
                    logger.exception("job %d: could not record its outcome; it goes back to the queue", claimed.job.id)
                    self._storage_failed()
                    self._unsettled.add(claimed.job.id)
                    results.append(None)
                else:
                    self._last_progress = time.monotonic()
            return results
        finally:
            for claimed in batch:
                self._current.pop(claimed.job.id, None)

    async def _settle(self, claimed: ClaimedJob, outcome: DrawingResult | Exception, started: float) -> Drawing | None:
        job = claimed.job
        if not isinstance(outcome, EngineUnavailableError):
            self._engine_down = 0
        if not isinstance(outcome, EngineTimeoutError):
            self._timeouts.pop(job.id, None)
        if isinstance(outcome, DrawingResult):
            try:
                drawing = await record_drawing(self.queue, self.images, claimed, outcome)
            except Exception as saving_error:  # a full disk while saving: handled like any other error below
                outcome = saving_error
            else:
                if drawing is None:
                    await self.deliveries.cancelled(claimed)
                    return None
                logger.info(
                    "job %d drawn in %.2f s (emotion %s, %d chars)",
                    job.id,
                    time.perf_counter() - started,
                    drawing.emotion,
                    len(claimed.text),
                )
                self._failed_in_row = 0
                self.deliveries.send(claimed, drawing)
                return drawing
        failure: Exception = outcome
        kind = failure_kind(failure)
        if isinstance(failure, DistressDiaryError):
            # The engine's text guard saw what the diary checks did not: kept, never drawn, and the reviewer told.
            logger.info("job %d: the text guard found a child in crisis", job.id)
            await self._fail(claimed, kind, status=EntryStatus.DISTRESS, case=guard_case(claimed.text))
            self.on_crisis()
        elif isinstance(failure, UnsafeDiaryError):
            logger.info("job %d: the text guard kept the diary as blocked", job.id)
            await self._fail(claimed, kind, status=EntryStatus.BLOCKED)
        elif isinstance(failure, DiaryError):
            await self._fail(claimed, kind)
        elif isinstance(failure, EngineUnavailableError) and self._waits(failure, job.id):
            # Nothing was drawn (or, slow, it is kept for the job's key): it waits without spending a try.
            logger.info("job %d: the engine does not answer (%s); it waits", job.id, type(failure).__name__)
            if not await self.queue.postpone(job.id, self._wait_for_engine(failure)):
                await self.deliveries.cancelled(claimed)
        elif is_transient(failure) and job.attempts < self.max_attempts:
            logger.warning("job %d attempt %d: %s; retrying", job.id, job.attempts, kind)
            await self.engine.free_memory()
            if not await self.queue.retry_later(job.id, kind, self.retry_delay_seconds):
                await self.deliveries.cancelled(claimed)
        else:
            logger.error("job %d failed after %d attempt(s): %s", job.id, job.attempts, kind, exc_info=failure)
            self._failed_in_row += 1
            await self._fail(claimed, kind)
        return None

    async def _claim_batch(self) -> list[ClaimedJob]:
        """Up to `batch_size` jobs (fewer when that many would pass `concurrency`), in the queue's fair order."""
        room = min(self.batch_size, self.concurrency - len(self._current))
        batch: list[ClaimedJob] = []
        while len(batch) < room and (claimed := await self.queue.claim_next()) is not None:
            batch.append(claimed)
        return batch

    def _has_room(self) -> bool:
        """Room for a whole batch more (or nothing in flight), and the engine not known to be down."""
        if self._engine_retry_at is not None:
            if self._batches or time.monotonic() < self._engine_retry_at:
                return False
            self._engine_retry_at = None
        return not self._current or self.concurrency - len(self._current) >= self.batch_size

    def _start_batch(self, batch: list[ClaimedJob]) -> None:
        # Counted as in flight at once, before the task first runs: the next look for room must see them.
        self._current.update((claimed.job.id, claimed) for claimed in batch)
        task = asyncio.create_task(self.process_many(batch), name="crayon-batch")
        self._batches.add(task)
        task.add_done_callback(self._batch_done)

    def _batch_done(self, task: asyncio.Task[list[Drawing | None]]) -> None:
        self._batches.discard(task)
        self._wake.set()

    def _waits(self, failure: EngineUnavailableError, job_id: int) -> bool:
        """A job the engine did not draw waits for free, except one that timed out `max_attempts` times."""
        if not isinstance(failure, EngineTimeoutError):
            return True
        self._timeouts[job_id] = self._timeouts.get(job_id, 0) + 1
        return self._timeouts[job_id] <= self.max_attempts

    def _wait_for_engine(self, failure: EngineUnavailableError) -> float:
        """Slow: this job alone waits a little. Down: the first refusal of a wave sets the wait (0.5 s, 1 s,
        2 s … at most 30 s), and the jobs refused with it wait as long."""
        if isinstance(failure, EngineTimeoutError):
            return self.retry_delay_seconds
        now = time.monotonic()
        if self._engine_retry_at is None or now >= self._engine_retry_at:
            self._engine_down += 1
            self._engine_retry_at = now + min(30.0, 0.5 * 2 ** max(0, self._engine_down - 1))
        return self._engine_retry_at - now

    async def _fail(
        self, claimed: ClaimedJob, kind: FailureKind, *, status: EntryStatus | None = None, case: NewCase | None = None
    ) -> None:
        if not await self.queue.fail(claimed.job.id, kind, entry_status=status, case=case):
            await self.deliveries.cancelled(claimed)
            return
        failed = dataclasses.replace(claimed, job=dataclasses.replace(claimed.job, state="failed", error=kind))
        self.deliveries.send(failed, None)

    async def _run(self) -> None:
        try:
            while not self._stopping:
                self._wake.clear()
                try:
                    await self._recover()
                    batch = await self._claim_batch() if self._has_room() else []
                except Exception:
                    # The queue is unreachable for now: keep the runner alive and look again later.
                    logger.exception("could not read the job queue")
                    self._storage_failed()
                    await self._back_off()
                    continue
                if not self._unsettled and not self.deliveries.unrecorded:
                    self._storage_answered()
                if not batch:
                    if not self._batches:
                        self._last_progress = time.monotonic()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self._idle_seconds())
                    continue
                self._start_batch(batch)
                if self._storage_failing_since is not None:
                    await self._back_off()
            # Stopping: the drawings in flight finish (stop() re-queues them when they take too long).
            await asyncio.gather(*self._batches, return_exceptions=True)
        finally:
            for task in list(self._batches):
                task.cancel()

    def _idle_seconds(self) -> float:
        """How long to wait for a wake-up: the poll interval, or until the engine is worth another try."""
        if self._engine_retry_at is None:
            return self.poll_seconds
        return max(0.05, min(self.poll_seconds, self._engine_retry_at - time.monotonic()))

    async def _recover(self) -> None:
        """Put back jobs whose outcome could not be recorded, and record deliveries that could not be."""
        if self._unsettled:
            await self.queue.requeue_many(sorted(self._unsettled))
            logger.info("re-queued %d job(s) whose outcome could not be recorded", len(self._unsettled))
            self._unsettled.clear()
        await self.deliveries.record_unrecorded()

    def _storage_failed(self) -> None:
        self._storage_failures += 1
        if self._storage_failing_since is None:
            self._storage_failing_since = time.monotonic()

    def _storage_answered(self) -> None:
        if self._storage_failing_since is not None:
            logger.info("the database answers again")
        self._storage_failing_since = None
        self._storage_failures = 0

    async def _back_off(self) -> None:
        """Wait longer after each failure in a row (0.5 s, 1 s, 2 s … at most 30 s), unless stopped."""
        delay = min(30.0, 0.5 * 2 ** max(0, self._storage_failures - 1))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop_requested(), delay)

    async def _stop_requested(self) -> None:
        while not self._stopping:
            self._wake.clear()
            await self._wake.wait()

    async def _redeliver_forever(self) -> None:
        while not self._stopping:
            try:
                await self.deliveries.redeliver()
            except Exception:
                logger.exception("redelivery pass failed")
            await asyncio.sleep(self.redelivery_seconds)
