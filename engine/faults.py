"""Faults injected on purpose, for tests and failure drills (`CRAYON_FAULTS`); empty in normal use."""

from __future__ import annotations

import threading

KNOWN_FAULTS = (
    "paint_oom",
    "unsafe_image",
    "engine_crash",
    "disk_full",
    "guard_unsafe",
    "guard_distress",
    "paint_hang",
)


class FaultPlan:
    """Faults by name and count: `paint_oom:2` makes the next two paintings run out of GPU memory.

    - `paint_oom`: CUDA's out-of-memory error while painting;
    - `unsafe_image`: the image safety classifier flags the next drawing(s);
    - `engine_crash`: the engine thread dies in the middle of a drawing;
    - `disk_full`: saving the drawing finds no space left;
    - `guard_unsafe`, `guard_distress`: the text guard (when one is set) answers so for the next diary;
    - `paint_hang`: a drill for a cluster: once a file named `paint_hang` is put in `CRAYON_DATA_DIR/faults`,
      the one painter that takes it (renaming it `paint_hang.hanging`, so the drill knows) hangs in the middle
      of its next painting until its process is killed.
    """

    def __init__(self, spec: str = "") -> None:
        self._remaining: dict[str, int] = {}
        self._lock = threading.Lock()
        for part in filter(None, (piece.strip() for piece in spec.split(","))):
            name, _, count = part.partition(":")
            if name not in KNOWN_FAULTS or not (count or "1").isdigit():
                raise ValueError(f"unknown fault {part!r}; known: {', '.join(KNOWN_FAULTS)} (as name:count)")
            self._remaining[name] = int(count or 1)

    def has(self, name: str) -> bool:
        """True when fault `name` was asked for (whatever is left of its count)."""
        return name in self._remaining

    def trip(self, name: str) -> bool:
        """True (and one fewer left) when fault `name` should happen now."""
        with self._lock:
            left = self._remaining.get(name, 0)
            if left <= 0:
                return False
            self._remaining[name] = left - 1
            return True
