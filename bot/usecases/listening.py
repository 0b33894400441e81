"""Hearing a voice diary: the recording fetched and decoded in memory, checked for its length, size and
silence, and written down by the engine's speech model. The recording itself is never kept: not on disk,
not in the database, not in a log line (bot/usecases/voice.py asks the child about the words)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)

HeardStatus = Literal["heard", "too_long", "too_big", "unreadable", "silent", "deaf"]
REFUSED: dict[str, HeardStatus] = {"too_long": "too_long", "too_big": "too_big", "silent": "silent"}
"""The decoder's refusals (engine.errors.AudioError's kinds) a child is told apart; any other is `unreadable`."""


class Listener(Protocol):
    """What writes a recording down: the engine (in this process, or its cluster)."""

    async def transcribe(self, samples: np.ndarray) -> str: ...


@dataclass(frozen=True)
class Recording:
    """A voice message as the platform offers it: what it says of its length and size before the download,
    and how to fetch it."""

    fetch: Callable[[], Awaitable[bytes]]
    seconds: float | None = None
    size: int | None = None
    video: bool = False
    """A round video note: larger for its picture (engine.speech.VIDEO_MAX_BYTES), only its sound heard."""


@dataclass(frozen=True)
class Heard:
    status: HeardStatus
    text: str = ""


class VoiceService:
    """Hears recordings: `listener` is None where no speech model runs (then every recording is `deaf`)."""

    def __init__(self, listener: Listener | None) -> None:
        self.listener = listener

    @property
    def hears(self) -> bool:
        """Voice diaries are heard here (`CRAYON_VOICE`)."""
        return self.listener is not None

    async def hear(self, recording: Recording) -> Heard:
        """What the recording says, or why it cannot be heard. Errors of the engine (down, out of memory)
        are raised: the platform's message stays unhandled and is heard again later."""
        from engine.errors import AudioError
        from engine.speech import MAX_BYTES, MAX_SECONDS, VIDEO_MAX_BYTES, decode, inaudible

        if self.listener is None:
            return Heard("deaf")
        most = VIDEO_MAX_BYTES if recording.video else MAX_BYTES
        # What the platform says is checked first: nothing too long or too big is even fetched.
        if recording.seconds is not None and recording.seconds > MAX_SECONDS:
            return Heard("too_long")
        if recording.size is not None and recording.size > most:
            return Heard("too_big")
        data = await recording.fetch()
        try:
            samples = await asyncio.to_thread(decode, data, most_bytes=most)
        except AudioError as error:
            logger.info("a recording of %d bytes was not heard: %s", len(data), error.kind)
            return Heard(REFUSED.get(error.kind, "unreadable"))
        finally:
            del data
        if inaudible(samples):
            return Heard("silent")
        text = " ".join((await self.listener.transcribe(samples)).split())
        return Heard("heard", text) if text else Heard("silent")
