"""Faults for tests and failure drills (`CRAYON_FAULTS`) at the runner's seam: built by the wiring only when
asked for, so the drawing path itself holds no fault code."""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any

from engine.faults import FaultPlan
from storage.images import ImageStore

if TYPE_CHECKING:
    from PIL.Image import Image


class FaultyImageStore(ImageStore):
    """An image store whose disk is full (`disk_full:N`) for the next N drawings it is asked to save."""

    def __init__(self, store: ImageStore, plan: FaultPlan) -> None:
        super().__init__(store.root)
        self.plan = plan

    def save(self, image: Image, public_id: str, metadata: dict[str, Any]) -> str:
        if self.plan.trip("disk_full"):
            raise OSError(errno.ENOSPC, "No space left on device (injected by CRAYON_FAULTS)")
        return super().save(image, public_id, metadata)
