"""The answers a cluster keeps by request key: a job sent again gets the drawing made for it, waits for
the one being made, or draws it when the first try failed or its drawer is gone; a replaced drawer's late
word changes nothing; old answers and stuck keys are forgotten."""

from __future__ import annotations

import asyncio

import pytest

from engine.answers import AnswerLedger, Claim, is_key

KEY = "0f" * 32
OTHER = "a1" * 32


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_seen_again_gets_the_answer_kept_for_it() -> None:
    ledger = AnswerLedger()
    first = ledger.claim(KEY)
    assert first.answer is None
    assert first.ticket is not None  # the first try draws it
    ledger.finish(KEY, first.ticket, {"drawing": 1})
    assert ledger.claim(KEY) == Claim(answer={"drawing": 1})
    assert ledger.claim(OTHER).ticket is not None
    assert (ledger.kept, ledger.drawing) == (1, 1)


async def test_a_try_sent_while_the_first_is_drawing_waits_for_that_drawing() -> None:
    ledger = AnswerLedger()
    first = ledger.claim(KEY)
    assert first.ticket is not None
    assert ledger.claim(KEY) == Claim()  # someone is drawing it
    waiting = [asyncio.create_task(ledger.wait(KEY)) for _ in range(3)]
    await asyncio.sleep(0.01)
    assert not any(task.done() for task in waiting)
    ledger.finish(KEY, first.ticket, {"drawing": 2})
    assert await asyncio.gather(*waiting) == [Claim(answer={"drawing": 2})] * 3


async def test_when_the_first_try_fails_one_waiting_try_draws_it_and_the_others_wait_for_that() -> None:
    ledger = AnswerLedger()
    first = ledger.claim(KEY)
    assert first.ticket is not None
    waiting = [asyncio.create_task(ledger.wait(KEY)) for _ in range(3)]
    await asyncio.sleep(0.01)
    ledger.finish(KEY, first.ticket, None)  # the painter ran out of memory: nothing is kept
    claims = await asyncio.gather(*waiting)
    drawers = [claim for claim in claims if claim.ticket is not None]
    assert len(drawers) == 1
    assert [claim for claim in claims if claim.ticket is None] == [Claim(), Claim()]
    assert drawers[0].ticket is not None
    ledger.finish(KEY, drawers[0].ticket, {"drawing": 3})
    assert ledger.claim(KEY) == Claim(answer={"drawing": 3})


async def test_a_drawer_that_is_gone_is_replaced_and_its_late_word_changes_nothing() -> None:
    ledger = AnswerLedger(stale_seconds=0.05)
    gone = ledger.claim(KEY)  # its replica dies: finish never comes in time
    assert gone.ticket is not None
    again = await asyncio.wait_for(ledger.wait(KEY), 5)
    assert again.ticket is not None
    assert again.ticket != gone.ticket
    ledger.finish(KEY, gone.ticket, None)  # the old drawer's failure does not undo the new one's claim
    assert ledger.claim(KEY) == Claim()
    ledger.finish(KEY, again.ticket, {"drawing": 4})
    assert ledger.claim(KEY) == Claim(answer={"drawing": 4})


def test_the_bots_retry_after_its_timeout_still_waits_for_the_drawing_in_progress() -> None:
    # The bot gives up after 300 s and sends the job again: the drawing started then is not stale yet.
    clock = Clock()
    ledger = AnswerLedger(clock=clock)
    assert ledger.claim(KEY).ticket is not None
    clock.now += 300.5
    assert ledger.claim(KEY) == Claim()


def test_answers_and_stuck_keys_are_forgotten_when_old_and_answers_when_too_many() -> None:
    clock = Clock()
    ledger = AnswerLedger(most=2, keep_seconds=60, stale_seconds=120, clock=clock)
    for number, key in enumerate(("01" * 32, "02" * 32, "03" * 32)):
        claim = ledger.claim(key)
        assert claim.ticket is not None
        ledger.finish(key, claim.ticket, {"drawing": number})
    assert ledger.kept == 2
    assert ledger.claim("01" * 32).ticket is not None  # the oldest went first; this one is now being drawn
    assert ledger.claim("03" * 32) == Claim(answer={"drawing": 2})
    for index in range(100):
        ledger.claim(f"{index:064x}")  # drawers that never finish
    clock.now += 121
    ledger.claim(OTHER)
    assert (ledger.kept, ledger.drawing) == (0, 1)


@pytest.mark.parametrize(
    ("value", "valid"),
    [(KEY, True), ("0F" * 32, False), ("0f" * 31, False), ("0f" * 33, False), ("xy" * 32, False), (None, False)],
)
def test_a_key_is_a_sha256_in_hex(value: object, valid: bool) -> None:
    assert is_key(value) is valid
