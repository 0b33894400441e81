"""A real SQLite refusal for tests: the connection's authorizer denies writes to some tables, as a full or
failing disk would refuse them (the statement fails with `sqlite3.DatabaseError`)."""

from __future__ import annotations

import sqlite3
from typing import Any

from storage.database import Database

WRITES = (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE)


async def refuse_writes(database: Database, *tables: str) -> None:
    """From now on, every INSERT, UPDATE and DELETE on `tables` fails."""
    refused = set(tables)

    def authorizer(action: int, first: str | None, *_: Any) -> int:
        if action in WRITES and first in refused:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    await database.run(lambda db: db.conn.set_authorizer(authorizer))


async def allow_writes(database: Database) -> None:
    await database.run(lambda db: db.conn.set_authorizer(None))
