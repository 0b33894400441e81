"""Drawings as PNG files under the data folder, written atomically, referenced from the database."""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from storage.errors import BrokenImageError  # bot/transports/telegram_send.py imports it from here

if TYPE_CHECKING:
    from PIL.Image import Image


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def new_public_id() -> str:
    """An unguessable id for a drawing (its file name and, later, its public URL)."""
    return secrets.token_urlsafe(18)


# The names this store gives files (`<public id>.png`, and `.<public id>.png.partial` while writing); other
# files in the folder, such as `crayon draw`'s `<date>-<time>-<seed>.png`, are not the store's.
_STORE_NAME = re.compile(r"\.?[A-Za-z0-9_-]{24}\.png(?:\.partial)?")
_DRAW_NAME = re.compile(r"\d{8}-\d{6}-\d+\.png")


def is_store_name(name: str) -> bool:
    return bool(_STORE_NAME.fullmatch(name)) and not _DRAW_NAME.fullmatch(name)


def write_png(image: Image, path: Path, metadata: dict[str, Any]) -> None:
    """Write `image` as PNG with `metadata` (JSON, in a `crayon` text chunk), whole (`write_whole`)."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("crayon", json.dumps(metadata))
    write_whole(path, lambda file: image.save(file, format="PNG", pnginfo=info))


def write_whole(path: Path, fill: Callable[[IO[bytes]], object]) -> None:
    """Write `path` by `fill`: to a temporary name beside it, synced, then renamed, so a crash leaves the old
    file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as file:
            fill(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class ImageStore:
    """PNG files in `root`, named by public id."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def name_for(public_id: str) -> str:
        """The file name (relative to the store) that `save` gives the drawing `public_id`."""
        return f"{public_id}.png"

    def save(self, image: Image, public_id: str, metadata: dict[str, Any]) -> str:
        """Write `image` as `<public_id>.png` (see `write_png`); return its path relative to the store."""
        name = self.name_for(public_id)
        write_png(image, self.root / name, metadata)
        return name

    def path(self, relative: str) -> Path:
        return self.root / relative

    def remove(self, relative: str) -> bool:
        """Delete a drawing's file (and what a write cut short left of it); False when it was not there."""
        path = self.path(relative)
        path.with_name(f".{path.name}.partial").unlink(missing_ok=True)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def count_drawings(self) -> int:
        """How many files in the folder carry the names this store gives."""
        if not self.root.is_dir():
            return 0
        return sum(1 for path in self.root.iterdir() if is_store_name(path.name) and path.is_file())

    def read(self, relative: str) -> bytes:
        """The PNG's bytes; BrokenImageError when the file is gone or damaged."""
        try:
            data = self.path(relative).read_bytes()
        except FileNotFoundError as error:
            raise BrokenImageError(f"drawing file {relative} is missing") from error
        if not data.startswith(PNG_SIGNATURE) or len(data) < 64:
            raise BrokenImageError(f"drawing file {relative} is not a PNG")
        return data
