"""The engine worker: every model call on one dedicated thread, one at a time, awaitable from asyncio."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from engine.errors import (
    EngineError,
    EngineOutOfMemoryError,
    TransientEngineError,
    WorkerClosedError,
    is_out_of_memory,
)
from engine.pipeline import DiaryPipeline
from engine.profiles import free_device_memory
from engine.stages import DrawingRequest, DrawingResult

if TYPE_CHECKING:
    import numpy as np

    from engine.speech import Transcriber

logger = logging.getLogger(__name__)

T = TypeVar("T")


class EngineWorker:
    """Owns the models; runs each call in its thread behind the GPU lock, so the LLM, SD and Whisper never
    overlap. `listen` loads the speech model, at the first recording."""

    THREAD_NAME = "crayon-engine"

    def __init__(self, load: Callable[[], DiaryPipeline], *, listen: Callable[[], Transcriber] | None = None) -> None:
        self._load = load
        self._listen = listen
        self._transcriber: Transcriber | None = None
        self._pipeline: DiaryPipeline | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.THREAD_NAME)
        self._gpu_lock = threading.Lock()
        self._closed = False
        self.load_seconds: float | None = None

    @property
    def busy(self) -> bool:
        """True while a model call holds the GPU lock."""
        return self._gpu_lock.locked()

    @property
    def jobs_in_flight(self) -> int | None:
        """One batch at a time."""
        return None

    @property
    def loaded(self) -> bool:
        return self._pipeline is not None

    @property
    def unavailable_for(self) -> float | None:
        """The worker is in this process: always reachable."""
        return None

    def submit(self, fn: Callable[[DiaryPipeline], T]) -> Future[T]:
        """Run `fn(pipeline)` on the engine thread behind the GPU lock; load the models first if needed."""
        if self._closed:
            raise WorkerClosedError("the engine worker is closed")
        return self._executor.submit(self._locked, fn)

    async def run(self, fn: Callable[[DiaryPipeline], T]) -> T:
        """Await `fn(pipeline)` on the engine thread without blocking the event loop."""
        return await asyncio.wrap_future(self.submit(fn))

    async def draw(self, diary: str, *, style: str | None = None, seed: int | None = None) -> DrawingResult:
        """Draw a diary (see `DiaryPipeline.__call__`) on the engine thread."""
        return await self.run(lambda pipeline: pipeline(diary, style=style, seed=seed))

    async def draw_many(self, requests: list[DrawingRequest]) -> list[DrawingResult | Exception]:
        """Draw several diaries in one diffusion batch (see `DiaryPipeline.draw_many`)."""
        return await self.run(lambda pipeline: pipeline.draw_many(requests))

    def draw_blocking(self, diary: str, *, style: str | None = None, seed: int | None = None) -> DrawingResult:
        """Draw a diary and wait for it, for callers without an event loop (the command line)."""
        return self.submit(lambda pipeline: pipeline(diary, style=style, seed=seed)).result()

    async def transcribe(self, samples: np.ndarray) -> str:
        """What a recording (16 kHz mono samples) says, written down on the engine thread behind the GPU lock."""
        return await self.run(lambda pipeline: self._listener().transcribe(samples))

    def _listener(self) -> Transcriber:
        """The speech model, loaded on the engine thread the first time it is needed."""
        if self._transcriber is None:
            if self._listen is None:
                raise EngineError("this engine has no speech model")
            started = time.perf_counter()
            self._transcriber = self._listen()
            logger.info("speech model loaded in %.1f s", time.perf_counter() - started)
        return self._transcriber

    async def free_memory(self) -> None:
        """Release cached GPU memory and garbage on the engine thread (after an out-of-memory error)."""

        def free(pipeline: DiaryPipeline) -> None:
            pipeline.writer.free_caches()
            free_device_memory()

        await self.run(free)

    async def warm_up(self) -> None:
        """Load the models now rather than on the first diary."""
        await self.run(lambda pipeline: None)

    def close(self) -> None:
        """Take no more work; wait for the call in progress to finish."""
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)

    async def aclose(self) -> None:
        await asyncio.to_thread(self.close)

    def _locked(self, fn: Callable[[DiaryPipeline], T]) -> T:
        with self._gpu_lock:
            if self._pipeline is None:
                started = time.perf_counter()
                self._pipeline = self._load()
                self.load_seconds = time.perf_counter() - started
                logger.info("engine models loaded in %.1f s", self.load_seconds)
            try:
                return fn(self._pipeline)
            except TransientEngineError:
                raise
            except Exception as error:
                # One type for callers to catch, whatever library said it.
                if is_out_of_memory(error):
                    raise EngineOutOfMemoryError(f"out of memory: {type(error).__name__}") from error
                raise
