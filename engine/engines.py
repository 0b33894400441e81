"""What the drawing runner needs of an engine: the in-process worker (`EngineWorker`) and the Ray Serve
client (`RayEngine`) both give it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

    from engine.stages import DrawingRequest, DrawingResult


class DrawingEngine(Protocol):
    @property
    def busy(self) -> bool:
        """True while a drawing is in progress."""
        ...

    @property
    def loaded(self) -> bool:
        """True once the models are loaded (local), or the cluster last answered (ray)."""
        ...

    @property
    def jobs_in_flight(self) -> int | None:
        """How many drawings it takes at once (a cluster: its painters × their batch); None: one batch."""
        ...

    @property
    def unavailable_for(self) -> float | None:
        """Seconds the engine has not been reachable; None while it is."""
        ...

    async def draw_many(self, requests: list[DrawingRequest]) -> list[DrawingResult | Exception]:
        """Each request's drawing or error, in order; an error that stops them all (out of memory in a
        shared diffusion call) may be raised instead."""
        ...

    async def transcribe(self, samples: np.ndarray) -> str:
        """What a recording (16 kHz mono float32 samples) says, in Korean: "" when nothing could be made out."""
        ...

    async def free_memory(self) -> None:
        """After an out-of-memory error: release what can be released."""
        ...

    async def warm_up(self) -> None:
        """Be ready for the first diary (load the models, or wait for the cluster)."""
        ...

    async def aclose(self) -> None:
        """Take no more work; wait for the work in progress."""
        ...
