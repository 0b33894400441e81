"""Answers kept by request key, so a job sent again (the bot stopped waiting, the connection dropped) gets
the drawing already made for it instead of a second one.

The bot's key names one job of one diary (its id, its creation time, its seed, style and text, hashed), so
no two jobs share one, even when a deleted job's id comes back. `claim` tells a request whether its key's
drawing is kept (take it), being drawn (`wait` for it), or its to draw (with a ticket, handed back to
`finish`). A drawing kept is forgotten after `keep_seconds` or when more than `most` are kept, oldest
first. A key whose drawing failed is drawn again, and so is one whose drawer has not finished within
`stale_seconds` (its PromptWriter replica died): twice the bot's own wait by default
(CRAYON_RAY_REQUEST_TIMEOUT_SECONDS, 300), so a bot's retry after a timeout waits for the drawing in
progress rather than starting another. A late `finish` of a drawer that was replaced changes nothing.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KEY_CHARACTERS = frozenset("0123456789abcdef")
KEY_LENGTH = 64
"""A key is a SHA-256 in hexadecimal."""


def is_key(value: object) -> bool:
    return isinstance(value, str) and len(value) == KEY_LENGTH and set(value) <= KEY_CHARACTERS


@dataclass(frozen=True)
class Claim:
    """What a request found for its key: the drawing kept, or a ticket to draw it, or neither (another
    request is drawing it: wait)."""

    answer: dict[str, Any] | None = None
    ticket: int | None = None


@dataclass
class _Drawing:
    ticket: int
    started: float
    done: asyncio.Event = field(default_factory=asyncio.Event)


class AnswerLedger:
    """Finished answers and the keys being drawn, in one process (the application's `Answers` replica); every
    method runs on its event loop."""

    def __init__(
        self,
        *,
        most: int = 64,
        keep_seconds: float = 900.0,
        stale_seconds: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.most = most
        self.keep_seconds = keep_seconds
        self.stale_seconds = stale_seconds
        self._clock = clock
        self._kept: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._drawing: dict[str, _Drawing] = {}
        self._tickets = itertools.count(1)

    def claim(self, key: str) -> Claim:
        """At once: the answer kept for `key`, or a ticket to draw it when nobody is, or neither."""
        self._forget_old()
        if key in self._kept:
            return Claim(answer=self._kept[key][1])
        if key in self._drawing:
            return Claim()
        ticket = next(self._tickets)
        self._drawing[key] = _Drawing(ticket, self._clock())
        return Claim(ticket=ticket)

    async def wait(self, key: str) -> Claim:
        """Wait while `key` is being drawn (at most until its drawer is stale), then claim it again."""
        drawing = self._drawing.get(key)
        if drawing is not None:
            left = drawing.started + self.stale_seconds - self._clock()
            try:
                await asyncio.wait_for(drawing.done.wait(), max(0.0, left))
            except TimeoutError:
                self._drop(key, drawing.ticket)  # its drawer is gone: the next claim draws it
        return self.claim(key)

    def finish(self, key: str, ticket: int, answer: dict[str, Any] | None) -> None:
        """The drawing for `key` by the holder of `ticket` (kept), or None (it failed: the next request for
        the key draws it again). A ticket that no longer holds the key changes nothing."""
        drawing = self._drawing.get(key)
        if drawing is None or drawing.ticket != ticket:
            return
        if answer is not None:
            self._kept[key] = (self._clock(), answer)
            self._kept.move_to_end(key)
        self._drop(key, ticket)
        self._forget_old()

    @property
    def kept(self) -> int:
        return len(self._kept)

    @property
    def drawing(self) -> int:
        return len(self._drawing)

    def _drop(self, key: str, ticket: int) -> None:
        drawing = self._drawing.get(key)
        if drawing is not None and drawing.ticket == ticket:
            del self._drawing[key]
            drawing.done.set()

    def _forget_old(self) -> None:
        now = self._clock()
        while self._kept:
            oldest = next(iter(self._kept.values()))[0]
            if len(self._kept) <= self.most and oldest + self.keep_seconds >= now:
                break
            self._kept.popitem(last=False)
        # Keys whose drawer never finished (its replica died, nobody asked again) go too.
        for key, drawing in list(self._drawing.items()):
            if drawing.started + self.stale_seconds < now:
                self._drop(key, drawing.ticket)
