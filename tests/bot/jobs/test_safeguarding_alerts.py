"""The reviewer's alert job stops when asked, whenever the ask comes: on Python 3.11 `asyncio.wait_for` drops
a cancellation that arrives in the same turn of the loop as the wake-up it waits for, and `crayon chat`'s
`/quit` after a crisis diary used to hang on it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.jobs.safeguarding import SafeguardingAlerts
from storage.database import Database
from storage.safeguarding import SafeguardingRepository
from tests.support.fakes import FixedClock


@pytest.mark.parametrize("turns", range(8))
async def test_the_alert_job_stops_when_a_case_wakes_it_in_the_same_turn(database: Database, turns: int) -> None:
    clock = FixedClock(datetime(2026, 12, 5, tzinfo=UTC))
    alerts = SafeguardingAlerts(SafeguardingRepository(database, b"k" * 32), clock, str, poll_seconds=60)
    alerts.start()
    for _ in range(3):  # the job is asleep, waiting for a case or its next pass
        await asyncio.sleep(0)
    alerts.wake()  # a crisis diary was stored ...
    for _ in range(turns):
        await asyncio.sleep(0)
    # ... and the bot is told to stop at once, or a few turns later.
    stopping = asyncio.ensure_future(alerts.stop())
    done, _ = await asyncio.wait({stopping}, timeout=5)
    assert done == {stopping}, "the alert job did not stop"
