"""The inbox: updates a platform handed over, kept from the moment they are fetched until they are handled.

A platform that is told "received" (Telegram's next `getUpdates` offset, a webhook's 200) never sends an
update again, so the update is committed here first: in full when it holds what a child wrote (a diary),
by id alone otherwise (a command or a button press carries nothing that would be lost, and may carry
what must never be written down, such as a parent's link code). Handled updates keep only their id for a
while (a platform may send an unconfirmed update again after a crash), never their text.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlite_utils

from storage.database import Database
from storage.records import InboxItem, format_time, utc_now

# Handled updates keep their id this long, so a repeat is recognised (Telegram keeps updates 24 hours).
HANDLED_IDS_KEPT = timedelta(days=2)


class Inbox:
    """Updates of one platform: kept, then handled exactly once."""

    def __init__(self, database: Database, platform: str) -> None:
        self.database = database
        self.platform = platform

    async def keep(self, items: list[InboxItem]) -> None:
        """Commit updates as they arrive; an update kept before (handled or not) is left as it is."""

        def run(db: sqlite_utils.Database) -> None:
            now = utc_now()
            with db.atomic():
                for item in items:
                    db.execute(
                        "INSERT OR IGNORE INTO inbox (platform, update_id, user_key, payload, received_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [self.platform, item.update_id, item.user_key, item.payload, now],
                    )

        await self.database.run(run)

    async def is_pending(self, update_id: int) -> bool:
        """True while the update is kept and not yet handled (False: handled before, or forgotten)."""

        def run(db: sqlite_utils.Database) -> bool:
            row = db.execute(
                "SELECT 1 FROM inbox WHERE platform = ? AND update_id = ? AND done_at IS NULL",
                [self.platform, update_id],
            ).fetchone()
            return row is not None

        return await self.database.run(run)

    async def done(self, update_id: int) -> None:
        """The update was handled: forget its content, keep its id (a repeat of it is ignored)."""

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute(
                    "UPDATE inbox SET done_at = ?, payload = NULL, user_key = NULL "
                    "WHERE platform = ? AND update_id = ?",
                    [utc_now(), self.platform, update_id],
                )

        await self.database.run(run)

    async def take_pending(self, max_attempts: int) -> tuple[list[InboxItem], int]:
        """Updates kept in full but never handled (a crash, a hard kill), counting this try; an update tried
        `max_attempts` times already is dropped. One kept by id alone is forgotten: the platform never
        confirmed it, so it sends it again. Returns (the updates to handle, how many were dropped)."""

        def run(db: sqlite_utils.Database) -> tuple[list[InboxItem], int]:
            with db.atomic():
                dropped = db.execute(
                    "DELETE FROM inbox WHERE platform = ? AND done_at IS NULL AND attempts >= ?",
                    [self.platform, max_attempts],
                ).rowcount
                # Kept by id alone, never handled: forgotten, so that Telegram sending it again is handled.
                db.execute(
                    "DELETE FROM inbox WHERE platform = ? AND done_at IS NULL AND payload IS NULL", [self.platform]
                )
                rows = db.execute(
                    "SELECT update_id, user_key, payload FROM inbox "
                    "WHERE platform = ? AND done_at IS NULL ORDER BY update_id",
                    [self.platform],
                ).fetchall()
                db.execute(
                    "UPDATE inbox SET attempts = attempts + 1 WHERE platform = ? AND done_at IS NULL",
                    [self.platform],
                )
            return [InboxItem(*row) for row in rows], int(dropped)

        return await self.database.run(run)

    async def prune(self, before: datetime) -> int:
        """Delete the ids of updates handled before `before`; return how many went."""

        def run(db: sqlite_utils.Database) -> int:
            with db.atomic():
                cursor = db.execute(
                    "DELETE FROM inbox WHERE platform = ? AND done_at IS NOT NULL AND done_at < ?",
                    [self.platform, format_time(before)],
                )
            return int(cursor.rowcount)

        return await self.database.run(run)
