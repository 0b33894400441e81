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

from storage.errors import DatabaseFileError
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
        self.created = False
        """True when `open` found no database file and started a new one."""

    def open(self) -> None:
        """Connect and apply the migrations (blocking; safe to call on an existing database)."""
        self._executor.submit(self._open).result()

    async def run(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        """Await `fn(db)` on the database thread."""
        return await asyncio.wrap_future(self._executor.submit(self._call, fn))

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
        # SQLite would take an empty file for a new database and fill it: a failed copy or restore
        # would then look like a fresh start with every diary gone.
        if self.path.exists() and self.path.stat().st_size == 0:
            raise DatabaseFileError(
                f"the database file {self.path} is empty (0 bytes), so the diaries in it are missing: restore it "
                f"from a backup, or move it aside (mv {self.path} {self.path}.empty) to start with a new database"
            )
        created = not self.path.exists()
        connection = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            db = sqlite_utils.Database(connection, execute_plugins=False)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Reads the file's header first: a damaged file or another kind of file fails here, unchanged.
            db.execute("PRAGMA schema_version").fetchone()
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            # Deleted rows are overwritten with zeros, so a child's deleted diary is really gone.
            db.execute("PRAGMA secure_delete = ON")
            # Migrations run with foreign keys off, as SQLite's guide to rebuilding a table asks: dropping
            # the old copy of a table must not cascade into the rows that point at it.
            db.execute("PRAGMA foreign_keys = OFF")
            if MIGRATIONS.pending(db):
                MIGRATIONS.apply(db)
                _warn_of_dangling_rows(db)
            db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError:  # locked, full, no permission: the file itself may be fine
            connection.close()
            raise
        except sqlite3.DatabaseError as error:
            connection.close()
            raise DatabaseFileError(
                f"the database file {self.path} cannot be read ({error}): it is damaged or not a crayon-diary "
                f"database. Restore it from a backup, or move it aside (mv {self.path} {self.path}.damaged) "
                "to start with a new database"
            ) from error
        self._db = db
        self.created = created
        logger.info("database %s at %s", "created" if created else "open", self.path)

    def _close(self) -> None:
        assert self._db is not None
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()
        self._db = None


def _warn_of_dangling_rows(db: sqlite_utils.Database) -> None:
    """Say which tables hold rows that point at rows that are gone (edited by hand with foreign keys off):
    the database still works, and the rows are left as they are."""
    tables = sorted({row[0] for row in db.execute("PRAGMA foreign_key_check")})
    if tables:
        logger.warning("rows in %s point at rows that do not exist; they are left as they are", ", ".join(tables))


def scrub(db: sqlite_utils.Database) -> None:
    """Move the WAL into the main file (its zeroed pages included) and truncate it: no old copy of deleted
    rows stays (called outside a transaction)."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
