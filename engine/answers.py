"""Answers kept by request key, so a job sent again (the bot stopped waiting, the connection dropped) gets
the drawing already made for it instead of a second one.

The bot's key names one job of one diary (its id, its creation time, its seed, style and text, hashed), so
no two jobs share one, even when a deleted job's id comes back. A key being drawn makes a second request
wait for that drawing; a drawing kept is forgotten after `keep_seconds` or when more than `most` are kept,
oldest first. A request whose first try failed is drawn again, and so is one whose first try has not
finished within `stale_seconds` (its PromptWriter replica died; the bot's own wait is as long by default,
CRAYON_RAY_REQUEST_TIMEOUT_SECONDS).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

KEY_CHARACTERS = frozenset("0123456789abcdef")
KEY_LENGTH = 64
"""A key is a SHA-256 in hexadecimal."""


def is_key(value: object) -> bool:
    return isinstance(value, str) and len(value) == KEY_LENGTH and set(value) <= KEY_CHARACTERS


class AnswerLedger:
    """Finished answers and the keys being drawn, in one process (the application's `Answers` replica)."""

    def __init__(
        self,
        *,
        most: int = 64,
        keep_seconds: float = 900.0,
        stale_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.most = most
        self.keep_seconds = keep_seconds
        self.stale_seconds = stale_seconds
        self._clock = clock
        self._kept: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._drawing: dict[str, tuple[float, asyncio.Event]] = {}

    async def begin(self, key: str) -> dict[str, Any] | None:
        """The answer kept for `key`, waiting for it while another request draws it; None when the caller
        is to draw it (and then `finish` it)."""
        while True:
            self._forget_old()
            if key in self._kept:
                return self._kept[key][1]
            if key not in self._drawing:
                self._drawing[key] = (self._clock(), asyncio.Event())
                return None
            started, done = self._drawing[key]
            try:
                await asyncio.wait_for(done.wait(), max(0.0, started + self.stale_seconds - self._clock()))
            except TimeoutError:
                # The drawer is gone (its replica died): this request draws it instead.
                if key in self._drawing and self._drawing[key][0] == started:
                    del self._drawing[key]

    def finish(self, key: str, answer: dict[str, Any] | None) -> None:
        """The drawing for `key` (kept), or None (it failed: a request waiting for it draws it again)."""
        started = self._drawing.pop(key, None)
        if answer is not None:
            self._kept[key] = (self._clock(), answer)
            self._kept.move_to_end(key)
            self._forget_old()
        if started is not None:
            started[1].set()

    @property
    def kept(self) -> int:
        return len(self._kept)

    @property
    def drawing(self) -> int:
        return len(self._drawing)

    def _forget_old(self) -> None:
        now = self._clock()
        while self._kept and (
            len(self._kept) > self.most or next(iter(self._kept.values()))[0] + self.keep_seconds < now
        ):
            self._kept.popitem(last=False)
