"""The drawing runner: takes jobs from the durable queue, draws them on the engine worker, hands them over."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import sqlite3
import time
from dataclasses import dataclass

from bot.jobs.delivery import Courier, Deliveries
from engine.errors import DiaryError, EngineCrashError, EngineOutOfMemoryError, TransientEngineError
from engine.stages import DistressDiaryError, DrawingRequest, DrawingResult, UnsafeDiaryError, UnsafeImageError
from engine.worker import EngineWorker
from storage.images import ImageStore, new_public_id
from storage.jobs import JobQueue
from storage.records import ClaimedJob, Drawing, FailureKind, NewDrawing

logger = logging.getLogger(__name__)


def failure_kind(error: BaseException) -> FailureKind:
    """What went wrong, as the job records it."""
    if isinstance(error, UnsafeImageError):
        return FailureKind.UNSAFE_IMAGE
    if isinstance(error, UnsafeDiaryError):
        return FailureKind.UNSAFE_DIARY
    if isinstance(error, DistressDiaryError):
        return FailureKind.DISTRESS
    if isinstance(error, DiaryError):
        return FailureKind.BAD_DIARY
    if isinstance(error, EngineOutOfMemoryError | MemoryError):
        return FailureKind.OUT_OF_MEMORY
    if isinstance(error, EngineCrashError):
        return FailureKind.ENGINE_CRASH
    if isinstance(error, OSError | sqlite3.Error):
        return FailureKind.DISK
    return FailureKind.OTHER


def is_transient(error: BaseException) -> bool:
    """Errors worth another try after freeing memory: out of memory (GPU or CPU), a crashed engine, a full
    or failing disk or database."""
    return isinstance(error, TransientEngineError | MemoryError | OSError | sqlite3.Error)


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
    """One job at a time through the engine worker; outcomes delivered in the background, durably.

    No error of the database or the disk stops it: a job whose outcome cannot be recorded goes back to
    the queue once the database answers again, and a delivery that cannot be recorded is recorded later.
    """

    def __init__(
        self,
        queue: JobQueue,
        engine: EngineWorker,
        images: ImageStore,
        *,
        max_attempts: int = 3,
        retry_delay_seconds: float = 5.0,
        shutdown_grace_seconds: float = 60.0,
        poll_seconds: float = 1.0,
        redelivery_seconds: float = 30.0,
        max_delivery_attempts: int = 10,
        batch_size: int = 1,
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
        self.deliveries = Deliveries(queue, max_attempts=max_delivery_attempts, on_storage_error=self._storage_failed)
        self._wake = asyncio.Event()
        self._stopping = False
        self._loop_task: asyncio.Task[None] | None = None
        self._redelivery_task: asyncio.Task[None] | None = None
        self._current: list[ClaimedJob] = []
        self._unsettled: set[int] = set()
        """Claimed jobs whose outcome could not be recorded: they go back to the queue."""
        self._last_progress = time.monotonic()
        self._storage_failing_since: float | None = None
        self._storage_failures = 0
        self._failed_in_row = 0

    @property
    def current_jobs(self) -> list[int]:
        return [claimed.job.id for claimed in self._current]

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
                interrupted = list(self._current)
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
        while batch := await self._claim_batch():
            await self.process_many(batch)
            drawn += len(batch)
        await self.deliveries.wait()
        return drawn

    async def process_many(self, batch: list[ClaimedJob]) -> list[Drawing | None]:
        """Draw claimed jobs in one diffusion batch; each outcome is recorded (or retried) on its own."""
        self._current = list(batch)
        for claimed in batch:
            self.deliveries.started(claimed)
        started = time.perf_counter()
        try:
            requests = [DrawingRequest(claimed.text, claimed.job.style, claimed.job.seed) for claimed in batch]
            try:
                outcomes: list[DrawingResult | Exception] = await self.engine.draw_many(requests)
            except Exception as error:  # the whole batch failed while painting (out of memory)
                outcomes = [error] * len(batch)
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
            self._current = []

    async def _settle(self, claimed: ClaimedJob, outcome: DrawingResult | Exception, started: float) -> Drawing | None:
        job = claimed.job
        if isinstance(outcome, DrawingResult):
            try:
                drawing = await self._record(claimed, outcome)
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
        if isinstance(failure, DistressDiaryError | UnsafeDiaryError):
            # The engine's text guard saw what the diary checks did not: kept and marked, never drawn.
            status = "distress" if isinstance(failure, DistressDiaryError) else "blocked"
            logger.info("job %d: the text guard kept the diary as %s", job.id, status)
            await self._fail(claimed, kind, entry_status=status)
        elif isinstance(failure, DiaryError):
            await self._fail(claimed, kind)
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
        """Up to `batch_size` jobs, in the queue's fair order."""
        batch: list[ClaimedJob] = []
        while len(batch) < self.batch_size and (claimed := await self.queue.claim_next()) is not None:
            batch.append(claimed)
        return batch

    async def _record(self, claimed: ClaimedJob, result: DrawingResult) -> Drawing | None:
        """Save the image and record the drawing; None (and no file left) when the job's rows are gone."""
        public_id = new_public_id()
        metadata = {
            "emotion": result.emotion,
            "seed": result.seed,
            "profile": result.profile,
            "preview": result.preview,
        }
        image_path = await asyncio.to_thread(self.images.save, result.image, public_id, metadata)
        try:
            drawing = await self.queue.complete(
                claimed.job.id,
                NewDrawing(
                    public_id=public_id,
                    emotion=result.emotion,
                    detected_emotion=result.detected_emotion,
                    probabilities=result.probabilities,
                    prompt=result.prompt,
                    seed=result.seed,
                    profile=result.profile,
                    preview=result.preview,
                    fell_back=result.fell_back,
                    models=result.models,
                    image_path=image_path,
                    timings=result.timings,
                ),
            )
        except BaseException:
            # Not recorded: the file would belong to nothing.
            await asyncio.to_thread(self.images.remove, image_path)
            raise
        if drawing is None:
            await asyncio.to_thread(self.images.remove, image_path)
        return drawing

    async def _fail(self, claimed: ClaimedJob, error: str, *, entry_status: str | None = None) -> None:
        if not await self.queue.fail(claimed.job.id, error, entry_status=entry_status):
            await self.deliveries.cancelled(claimed)
            return
        failed = dataclasses.replace(claimed, job=dataclasses.replace(claimed.job, state="failed", error=error))
        self.deliveries.send(failed, None)

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self._recover()
                batch = await self._claim_batch()
            except Exception:
                # The queue is unreachable for now: keep the runner alive and look again later.
                logger.exception("could not read the job queue")
                self._storage_failed()
                await self._back_off()
                continue
            if not self._unsettled and not self.deliveries.unrecorded:
                self._storage_answered()
            if not batch:
                self._last_progress = time.monotonic()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
                continue
            await self.process_many(batch)
            if self._storage_failing_since is not None:
                await self._back_off()

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

    @property
    def couriers(self) -> dict[str, Courier]:
        """Each platform's courier (the wiring adds them)."""
        return self.deliveries.couriers

    async def redeliver(self) -> int:
        """Send outcomes that have not reached their child yet (a crash, a network error); return how many."""
        return await self.deliveries.redeliver()

    async def _redeliver_forever(self) -> None:
        while not self._stopping:
            try:
                await self.redeliver()
            except Exception:
                logger.exception("redelivery pass failed")
            await asyncio.sleep(self.redelivery_seconds)
