"""The answers a cluster keeps by request key: a job sent again gets the drawing made for it, waits for
the one being made, or draws it when the first try failed or its drawer is gone; old answers are forgotten."""

from __future__ import annotations

import asyncio

import pytest

from engine.answers import AnswerLedger, is_key

KEY = "0f" * 32
OTHER = "a1" * 32


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_key_seen_again_gets_the_answer_kept_for_it() -> None:
    ledger = AnswerLedger()
    assert await ledger.begin(KEY) is None  # the first try draws it
    ledger.finish(KEY, {"drawing": 1})
    assert await ledger.begin(KEY) == {"drawing": 1}
    assert await ledger.begin(OTHER) is None
    assert (ledger.kept, ledger.drawing) == (1, 1)


async def test_a_try_sent_while_the_first_is_drawing_waits_for_that_drawing() -> None:
    ledger = AnswerLedger()
    assert await ledger.begin(KEY) is None
    waiting = [asyncio.create_task(ledger.begin(KEY)) for _ in range(3)]
    await asyncio.sleep(0.01)
    assert not any(task.done() for task in waiting)
    ledger.finish(KEY, {"drawing": 2})
    assert await asyncio.gather(*waiting) == [{"drawing": 2}] * 3


async def test_when_the_first_try_fails_one_waiting_try_draws_it_and_the_others_wait_for_that() -> None:
    ledger = AnswerLedger()
    assert await ledger.begin(KEY) is None
    waiting = [asyncio.create_task(ledger.begin(KEY)) for _ in range(3)]
    await asyncio.sleep(0.01)
    ledger.finish(KEY, None)  # the painter ran out of memory: nothing is kept
    await asyncio.sleep(0.01)
    drawers = [task for task in waiting if task.done()]
    assert len(drawers) == 1
    assert drawers[0].result() is None
    ledger.finish(KEY, {"drawing": 3})
    results = await asyncio.gather(*waiting)
    assert sorted(results, key=repr) == [None, {"drawing": 3}, {"drawing": 3}]
    assert ledger.kept == 1


async def test_a_drawer_that_is_gone_is_replaced_after_the_stale_time() -> None:
    ledger = AnswerLedger(stale_seconds=0.05)
    assert await ledger.begin(KEY) is None  # its replica dies: finish never comes
    assert await asyncio.wait_for(ledger.begin(KEY), 5) is None
    ledger.finish(KEY, {"drawing": 4})
    assert await ledger.begin(KEY) == {"drawing": 4}


async def test_answers_are_forgotten_when_old_and_when_too_many() -> None:
    clock = Clock()
    ledger = AnswerLedger(most=2, keep_seconds=60, clock=clock)
    for number, key in enumerate(("01" * 32, "02" * 32, "03" * 32)):
        assert await ledger.begin(key) is None
        ledger.finish(key, {"drawing": number})
    assert ledger.kept == 2
    assert await ledger.begin("01" * 32) is None  # the oldest went first
    assert await ledger.begin("03" * 32) == {"drawing": 2}
    clock.now += 61
    assert await ledger.begin("03" * 32) is None
    assert ledger.kept == 0


@pytest.mark.parametrize(
    ("value", "valid"),
    [(KEY, True), ("0F" * 32, False), ("0f" * 31, False), ("0f" * 33, False), ("xy" * 32, False), (None, False)],
)
def test_a_key_is_a_sha256_in_hex(value: object, valid: bool) -> None:
    assert is_key(value) is valid
