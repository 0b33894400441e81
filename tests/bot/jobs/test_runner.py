"""The drawing runner on a real queue and the tiny engine: batches, retries, fairness."""

from collections.abc import AsyncIterator

import pytest

from bot.app import Core, start_core
from storage.records import Contact, Platform


@pytest.fixture
async def core(make_settings) -> AsyncIterator[Core]:
    started = await start_core(make_settings(batch_size=3, retry_delay_seconds=0), run=False)
    yield started
    await started.stop()


async def submit(core: Core, *kids: str) -> None:
    for kid in kids:
        receipt = await core.services.diaries.submit_diary(
            Contact(Platform.CONSOLE, kid, kid), f"{kid}의 일기: 오늘은 맑았다"
        )
        assert receipt.status == "queued"


async def jobs(core: Core) -> list[dict]:
    return await core.database.run(lambda db: list(db.query("SELECT * FROM jobs ORDER BY id")))


async def test_queued_diaries_are_drawn_in_one_batch(core: Core) -> None:
    await submit(core, "a", "b", "c", "d")
    assert await core.runner.run_until_idle() == 4
    rows = await jobs(core)
    assert [row["state"] for row in rows] == ["done"] * 4
    # The first three were claimed together, the fourth in the next batch.
    assert len({row["started_at"][:19] for row in rows[:3]}) == 1
    assert await core.database.run(lambda db: db["drawings"].count) == 4


async def test_an_out_of_memory_batch_is_retried_job_by_job(make_settings) -> None:
    core = await start_core(make_settings(batch_size=3, retry_delay_seconds=0, faults="paint_oom:1"), run=False)
    try:
        await submit(core, "a", "b", "c")
        assert await core.runner.run_until_idle() == 6, "three failed once, then three drawn"
        rows = await jobs(core)
        assert [(row["state"], row["attempts"]) for row in rows] == [("done", 2)] * 3
    finally:
        await core.stop()
