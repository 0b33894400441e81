"""The SQLite database, owned by one thread: asyncio code awaits its calls and never blocks on them."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from storage.schema import MIGRATIONS

logger = logging.getLogger(__name__)

T = TypeVar("T")
BUSY_TIMEOUT_MS = 5000


class Database:
    """One SQLite connection (WAL, foreign keys, busy timeout, secure delete) on its own thread."""

    THREAD_NAME = "crayon-sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.THREAD_NAME)
        self._db: sqlite_utils.Database | None = None

    def open(self) -> None:
        """Connect and apply the migrations (blocking; safe to call on an existing database)."""
        self._executor.submit(self._open).result()

    async def run(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        """Await `fn(db)` on the database thread."""
        return await asyncio.wrap_future(self._executor.submit(self._call, fn))

    def run_blocking(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        """Run `fn(db)` on the database thread and wait (for code without an event loop)."""
        return self._executor.submit(self._call, fn).result()

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close the connection."""
        if self._db is not None:
            self._executor.submit(self._close).result()
        self._executor.shutdown(wait=True)

    def _call(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        if self._db is None:
            raise RuntimeError("the database is not open")
        return fn(self._db)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
        db = sqlite_utils.Database(connection, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten with zeros, so a child's deleted diary is really gone.
        db.execute("PRAGMA secure_delete = ON")
        MIGRATIONS.apply(db)
        self._db = db
        logger.info("database open at %s", self.path)

    def _close(self) -> None:
        assert self._db is not None
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()
        self._db = None
