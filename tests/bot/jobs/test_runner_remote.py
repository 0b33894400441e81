"""The drawing runner on a real queue with a RayEngine: while nothing answers at the engine's URL the jobs
wait without spending a try, and once a real server answers there they are drawn, each once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app import Core, start_core
from bot.jobs.runner import DrawingRunner
from bot.settings import Settings
from engine.remote import RayEngine
from engine.wire import request_from_wire, result_to_wire
from storage.records import Contact, Platform
from tests.support.drawings import drawing
from tests.support.telegram_stub import free_port

KIDS = ("a", "b", "c", "d")


@pytest.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    """A core on the Ray engine (no models of its own to build), not running: the test drives its own runner."""
    settings = Settings(_env_file=None, profile="tiny", engine="ray", data_dir=tmp_path / "data", models_dir=tmp_path)
    started = await start_core(settings, run=False)
    yield started
    await started.stop()


async def draws(request: web.Request) -> web.Response:
    """The `crayon` application: every diary drawn at its request's seed."""
    asked = request_from_wire(await request.json())
    assert asked.seed is not None, "the queue gives every job a seed"
    return web.json_response({"drawing": result_to_wire(drawing(asked.seed))})


async def jobs(core: Core) -> list[dict[str, Any]]:
    return await core.database.run(lambda db: list(db.query("SELECT * FROM jobs ORDER BY id")))


async def drawings_per_job(core: Core) -> dict[int, int]:
    query = "SELECT job_id, COUNT(*) AS n FROM drawings GROUP BY job_id"
    return await core.database.run(lambda db: {row["job_id"]: row["n"] for row in db.query(query)})


def parse(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def test_jobs_wait_for_an_engine_that_does_not_answer_then_are_drawn_once(core: Core) -> None:
    for kid in KIDS:
        receipt = await core.services.diaries.submit_diary(
            Contact(Platform.CONSOLE, kid, kid), f"{kid}의 일기: 오늘은 맑았다"
        )
        assert receipt.status == "queued"
    port = free_port()  # nothing listens on it yet; the application starts there later
    url = f"http://127.0.0.1:{port}/crayon"
    runner = DrawingRunner(
        core.queue, RayEngine(url, timeout_seconds=2), core.images, concurrency=4, batch_size=1, max_attempts=3
    )
    engine = runner.engine
    assert isinstance(engine, RayEngine)
    server: TestServer | None = None
    try:
        tried = await runner.run_until_idle()
        # At least one job found the engine down; after that the runner stops taking jobs until it is worth
        # another try, so how many were tried depends on how fast the refusals came back.
        assert 1 <= tried <= len(KIDS)
        now = datetime.now(UTC)
        rows = await jobs(core)
        assert len(rows) == len(KIDS)
        assert [(row["state"], row["attempts"], row["error"]) for row in rows] == [("queued", 0, None)] * len(KIDS)
        waiting = [parse(row["not_before"]) for row in rows if row["not_before"] is not None]
        assert len(waiting) == tried, "each job that was tried waits; the others were never claimed"
        assert all(moment > now for moment in waiting)
        # Refused together, they wait together: the first wait (0.5 s), not one doubled per job.
        assert (max(waiting) - now).total_seconds() < 1.5
        assert await drawings_per_job(core) == {}
        assert engine.unavailable_for is not None
        assert engine.loaded is False

        app = web.Application()
        app.router.add_post("/crayon", draws)
        server = TestServer(app, host="127.0.0.1", port=port)
        await server.start_server()

        # Past the last job's not_before (the runner's own wait for the engine ends just before it).
        await asyncio.sleep((max(waiting) - datetime.now(UTC)).total_seconds() + 0.3)

        assert await runner.run_until_idle() == len(KIDS)
        rows = await jobs(core)
        assert [(row["state"], row["attempts"]) for row in rows] == [("done", 1)] * len(KIDS)
        assert await drawings_per_job(core) == {row["id"]: 1 for row in rows}
        seeds = await core.database.run(
            lambda db: {row["job_id"]: row["seed"] for row in db.query("SELECT job_id, seed FROM drawings")}
        )
        assert seeds == {row["id"]: row["seed"] for row in rows}, "each drawing made at its job's seed"
        assert engine.unavailable_for is None
        assert engine.loaded is True
    finally:
        await engine.aclose()
        if server is not None:
            await server.close()


async def test_the_runner_keeps_as_many_in_flight_as_the_application_says_it_takes(core: Core) -> None:
    # Two painters × two batches of 2: the application says 8; the bot's own settings said 1.
    kids = [f"kid{index}" for index in range(12)]
    for kid in kids:
        receipt = await core.services.diaries.submit_diary(
            Contact(Platform.CONSOLE, kid, kid), f"{kid}의 일기: 오늘은 맑았다"
        )
        assert receipt.status == "queued"
    in_flight, most = 0, 0
    full = asyncio.Event()

    async def holds(request: web.Request) -> web.Response:
        nonlocal in_flight, most
        asked = request_from_wire(await request.json())
        in_flight += 1
        most = max(most, in_flight)
        if in_flight == 8:
            full.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(full.wait(), timeout=1.0)
        in_flight -= 1
        return web.json_response({"drawing": result_to_wire(drawing(asked.seed or 0)), "jobs_in_flight": 8})

    app = web.Application()
    app.router.add_post("/crayon", holds)
    server = TestServer(app, host="127.0.0.1", port=free_port())
    await server.start_server()
    engine = RayEngine(str(server.make_url("/crayon")), timeout_seconds=10, jobs_in_flight=1)
    runner = DrawingRunner(core.queue, engine, core.images, batch_size=1, max_attempts=3)
    try:
        assert runner.concurrency == 1
        assert await runner.run_until_idle() == len(kids)
        assert (engine.jobs_in_flight, runner.concurrency, most) == (8, 8, 8)
        assert await drawings_per_job(core) == {row["id"]: 1 for row in await jobs(core)}
    finally:
        await engine.aclose()
        await server.close()


async def test_a_drawing_that_never_comes_back_in_time_ends_in_a_kind_failure_not_a_loop(core: Core) -> None:
    # A cluster that takes every request and answers none: each try times out. The first `max_attempts`
    # waits spend no try (the job is sent again with its key), then the tries are spent and the job fails.
    async def never(request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.json_response({})

    receipt = await core.services.diaries.submit_diary(Contact(Platform.CONSOLE, "slow", "slow"), "오늘은 맑았다")
    assert receipt.status == "queued"
    app = web.Application()
    app.router.add_post("/crayon", never)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    engine = RayEngine(str(server.make_url("/crayon")), timeout_seconds=0.2)
    runner = DrawingRunner(core.queue, engine, core.images, batch_size=1, max_attempts=2, retry_delay_seconds=0.05)
    sent = 0
    try:
        while (rows := await jobs(core))[0]["state"] != "failed":
            sent += await runner.run_until_idle()
            assert sent <= 6, rows
            await asyncio.sleep(0.1)
    finally:
        await engine.aclose()
        await server.close()
    # Two waits without a try, then its two tries: four sends, and the child is told kindly.
    assert sent == 4
    assert (rows[0]["state"], rows[0]["attempts"], rows[0]["error"]) == ("failed", 2, "engine_crash")
    assert engine.unavailable_for is None, "slow is not down"
