"""What a drawing's 그림일기 page says besides the drawing: its diary's words and the day it was written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from storage.database import Database
from storage.family import NEVER_IN_ALBUMS
from storage.records import Drawing, format_time, parse_time


@dataclass(frozen=True)
class PageSource:
    text: str
    written_at: datetime
    timezone: str
    """The writer's: the page is dated as the child's day."""
    hidden: bool = False
    """The diary was kept as a crisis or an unsafe request: its words are never written on a page."""


class PageSources:
    """Reads a drawing's diary for its page."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def of(self, drawing: Drawing) -> PageSource | None:
        """The diary the drawing was made of; None when it is gone."""

        def run(db: sqlite_utils.Database) -> PageSource | None:
            row = db.execute(
                "SELECT e.text, e.created_at, u.timezone, e.status FROM entries e JOIN users u ON u.id = e.user_id "
                "WHERE e.id = ?",
                [drawing.entry_id],
            ).fetchone()
            if row is None:
                return None
            return PageSource(row[0], parse_time(row[1]), row[2], hidden=row[3] in NEVER_IN_ALBUMS)

        return await self.database.run(run)

    async def writers(self, since: datetime, until: datetime) -> list[int]:
        """The users with a drawn diary written in [since, until), by id."""

        def run(db: sqlite_utils.Database) -> list[int]:
            rows = db.execute(
                "SELECT DISTINCT e.user_id FROM entries e JOIN drawings d ON d.entry_id = e.id "
                "WHERE e.created_at >= ? AND e.created_at < ? ORDER BY e.user_id",
                [format_time(since), format_time(until)],
            ).fetchall()
            return [int(row[0]) for row in rows]

        return await self.database.run(run)

    async def timezone_of(self, user_id: int) -> str | None:
        """The user's time zone; None when there is no such user."""

        def run(db: sqlite_utils.Database) -> str | None:
            row = db.execute("SELECT timezone FROM users WHERE id = ?", [user_id]).fetchone()
            return None if row is None else str(row[0])

        return await self.database.run(run)
