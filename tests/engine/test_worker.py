import asyncio
import itertools
import threading
import time

import pytest

from engine.errors import WorkerClosedError
from engine.pipeline import DiaryPipeline
from engine.worker import EngineWorker
from tests.support.diaries import SAMPLE_DIARIES


@pytest.fixture
def loads() -> list[float]:
    return []


@pytest.fixture
def worker(tiny_pipeline: DiaryPipeline, loads: list[float]):
    def load() -> DiaryPipeline:
        loads.append(time.monotonic())
        return tiny_pipeline

    engine = EngineWorker(load)
    yield engine
    engine.close()


async def test_draw_runs_on_the_engine_thread(worker: EngineWorker, loads: list[float]) -> None:
    names = []

    def remember(pipeline: DiaryPipeline) -> str:
        names.append(threading.current_thread().name)
        return "done"

    assert await worker.run(remember) == "done"
    result = await worker.draw(SAMPLE_DIARIES[0], style="sadness", seed=5)
    assert result.emotion == "sadness"
    assert names[0].startswith(EngineWorker.THREAD_NAME)
    assert names[0] != threading.current_thread().name
    assert len(loads) == 1, "the models load once"
    assert worker.loaded


async def test_calls_never_overlap_and_the_loop_stays_free(worker: EngineWorker) -> None:
    spans: list[tuple[float, float]] = []

    def hold_gpu(pipeline: DiaryPipeline) -> None:
        started = time.monotonic()
        assert worker.busy
        time.sleep(0.15)
        spans.append((started, time.monotonic()))

    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    await asyncio.gather(*(worker.run(hold_gpu) for _ in range(3)))
    ticker.cancel()
    spans.sort()
    for (_, first_end), (second_start, _) in itertools.pairwise(spans):
        assert second_start >= first_end
    # The event loop kept running while the engine thread was busy for about 0.45 s.
    assert ticks >= 15
    assert not worker.busy


def test_draw_blocking_for_the_command_line(worker: EngineWorker) -> None:
    result = worker.draw_blocking(SAMPLE_DIARIES[1], seed=8)
    assert result.seed == 8
    assert worker.load_seconds is not None


async def test_errors_reach_the_caller_and_the_worker_goes_on(worker: EngineWorker) -> None:
    def fail(pipeline: DiaryPipeline) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await worker.run(fail)
    assert (await worker.draw(SAMPLE_DIARIES[0], seed=1)).seed == 1


def test_a_closed_worker_takes_no_work(worker: EngineWorker) -> None:
    worker.close()
    with pytest.raises(WorkerClosedError):
        worker.submit(lambda pipeline: None)
