"""The engine's parts with faults injected (`CRAYON_FAULTS`, see `engine/faults.py`), for tests and drills.

`DiaryPipeline.from_settings` wraps the painter, the text guard and the image safety check in these only
when faults are asked for, so the drawing path itself holds no fault code.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import EngineCrashError
from engine.faults import FaultPlan
from engine.painter import Painter, Painting
from engine.text_guard import SELF_HARM, DiaryGuard, GuardAnswer

if TYPE_CHECKING:
    from PIL.Image import Image

    from engine.image_safety import DrawingCheck


class FaultyPainter(Painter):
    """A painter (sharing the wrapped one's pipeline) whose next batches run out of GPU memory (`paint_oom`)
    or whose engine dies before painting them (`engine_crash`)."""

    def __init__(self, painter: Painter, plan: FaultPlan, drill_dir: Path | None = None) -> None:
        super().__init__(
            painter.pipe,
            options=painter.options,
            source=painter.source,
            lora=painter.lora,
            lora_scale=painter.lora_scale,
        )
        self.plan = plan
        self.drill_dir = drill_dir

    def paint_many(self, prompts: list[str], seeds: list[int]) -> list[Painting]:
        if self.drill_dir is not None and self.plan.has("paint_hang") and self._takes_hang():
            threading.Event().wait()  # until the process is killed
        if self.plan.trip("paint_oom"):
            import torch

            raise torch.cuda.OutOfMemoryError("CUDA out of memory (injected by CRAYON_FAULTS)")
        if self.plan.trip("engine_crash"):
            raise EngineCrashError("the engine stopped in the middle of a drawing (injected by CRAYON_FAULTS)")
        return super().paint_many(prompts, seeds)

    def _takes_hang(self) -> bool:
        """True for the one painter that renames the drill's `paint_hang` file (others find it gone)."""
        assert self.drill_dir is not None
        try:
            os.rename(self.drill_dir / "paint_hang", self.drill_dir / "paint_hang.hanging")
        except FileNotFoundError:
            return False
        return True


class FaultyGuard:
    """A text guard that answers `unsafe` (`guard_unsafe`) or `distress` (`guard_distress`) for the next
    diaries, after the wrapped guard has read them."""

    UNSAFE = GuardAnswer("Unsafe", ("Violent",))
    DISTRESS = GuardAnswer("Unsafe", (SELF_HARM,))

    def __init__(self, guard: DiaryGuard, plan: FaultPlan) -> None:
        self.guard = guard
        self.plan = plan

    def check(self, diary: str) -> GuardAnswer:
        answer = self.guard.check(diary)
        if self.plan.trip("guard_unsafe"):
            return self.UNSAFE
        if self.plan.trip("guard_distress"):
            return self.DISTRESS
        return answer


class FaultySafety:
    """An image safety check that flags the next drawings (`unsafe_image`), with or without a real one behind."""

    def __init__(self, safety: DrawingCheck | None, plan: FaultPlan) -> None:
        self.safety = safety
        self.plan = plan

    def flagged(self, images: list[Image]) -> list[bool]:
        return [self.plan.trip("unsafe_image") or self._checked(image) for image in images]

    def _checked(self, image: Image) -> bool:
        return self.safety is not None and self.safety.flagged([image])[0]
