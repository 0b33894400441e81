"""What a drawing's 그림일기 page says besides the drawing: its diary's words and the day it was written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from storage.database import Database
from storage.records import Drawing, parse_time


@dataclass(frozen=True)
class PageSource:
    text: str
    written_at: datetime
    timezone: str
    """The writer's: the page is dated as the child's day."""


class PageSources:
    """Reads a drawing's diary for its page."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def of(self, drawing: Drawing) -> PageSource | None:
        """The diary the drawing was made of; None when it is gone."""

        def run(db: sqlite_utils.Database) -> PageSource | None:
            row = db.execute(
                "SELECT e.text, e.created_at, u.timezone FROM entries e JOIN users u ON u.id = e.user_id "
                "WHERE e.id = ?",
                [drawing.entry_id],
            ).fetchone()
            return None if row is None else PageSource(row[0], parse_time(row[1]), row[2])

        return await self.database.run(run)
