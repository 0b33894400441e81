"""The installation's secret key (codes and album addresses are stored as keyed hashes of it)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE = "secret.key"


def load_or_create_secret(data_dir: Path) -> bytes:
    """Read `data_dir/secret.key`, creating it (32 random bytes, owner-only) on first use."""
    path = data_dir / KEY_FILE
    if path.is_file():
        return path.read_bytes()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(key)
    return key
