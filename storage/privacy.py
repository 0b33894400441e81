"""Forgetting: a user's rows and files deleted so they cannot be recovered, and old diaries expired."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import sqlite_utils

from storage.database import Database, scrub
from storage.images import ImageStore
from storage.inbox import HANDLED_IDS_KEPT
from storage.records import format_time

logger = logging.getLogger(__name__)


class ErasureRepository:
    """Deletes for good: rows (SQLite `secure_delete` zeroes them), the WAL (checkpointed and truncated), files."""

    def __init__(self, database: Database, images: ImageStore) -> None:
        self.database = database
        self.images = images

    async def forget_user(self, user_id: int) -> int:
        """Delete a user and everything of theirs: entries, jobs, drawings, links, codes, schedules, files.

        Returns how many image files were removed.
        """

        def run(db: sqlite_utils.Database) -> list[str]:
            with db.atomic():
                paths = [row[0] for row in db.execute("SELECT image_path FROM drawings WHERE user_id = ?", [user_id])]
                who = db.execute("SELECT platform, platform_user_id FROM users WHERE id = ?", [user_id]).fetchone()
                if who is not None:
                    # Updates of theirs that arrived but are not handled yet hold their words too.
                    db.execute("DELETE FROM inbox WHERE platform = ? AND user_key = ?", list(who))
                db.execute("DELETE FROM users WHERE id = ?", [user_id])  # every other table follows (CASCADE)
            scrub(db)
            return paths

        return self._remove(await self.database.run(run))

    async def still_there(self, user_id: int) -> bool:
        """False once the user was forgotten (their row deleted)."""
        query = "SELECT 1 FROM users WHERE id = ?"
        return await self.database.run(lambda db: db.execute(query, [user_id]).fetchone() is not None)

    async def expire(self, before: datetime) -> tuple[int, int]:
        """Delete entries written before `before` (with their jobs and drawings); return (entries, files)."""

        def run(db: sqlite_utils.Database) -> tuple[int, list[str]]:
            cutoff = format_time(before)
            with db.atomic():
                paths = [
                    row[0]
                    for row in db.execute(
                        "SELECT d.image_path FROM drawings d JOIN entries e ON e.id = d.entry_id "
                        "WHERE e.created_at < ?",
                        [cutoff],
                    )
                ]
                cursor = db.execute("DELETE FROM entries WHERE created_at < ?", [cutoff])
                count = int(cursor.rowcount)
                handled_before = format_time(datetime.now(UTC) - HANDLED_IDS_KEPT)
                db.execute("DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?", [handled_before])
            if count:
                scrub(db)
            return count, paths

        count, paths = await self.database.run(run)
        return count, self._remove(paths)

    async def prune_addresses(self, before: datetime) -> int:
        """Forget the album and download addresses that stopped opening before `before`; how many went."""

        def run(db: sqlite_utils.Database) -> int:
            cutoff = format_time(before)
            with db.atomic():
                pages = db.execute("DELETE FROM album_pages WHERE expires_at < ?", [cutoff]).rowcount
                downloads = db.execute("DELETE FROM export_links WHERE expires_at < ?", [cutoff]).rowcount
            return int(pages) + int(downloads)

        return await self.database.run(run)

    async def sweep_pending_images(self) -> int:
        """Delete the files this database named before writing them and never recorded (a hard kill between
        saving a drawing and recording it, or a write cut short); call it before drawing starts. A file the
        database never named is left alone: a database that is new, or restored from a backup, knows
        nothing of the drawings already there. Returns how many files went."""

        def pending(db: sqlite_utils.Database) -> list[tuple[str, bool]]:
            """Each named file, and whether a drawing records it."""
            rows = db.execute(
                "SELECT p.image_path, EXISTS (SELECT 1 FROM drawings d WHERE d.image_path = p.image_path) "
                "FROM pending_images p"
            )
            return [(path, bool(recorded)) for path, recorded in rows]

        def strike_off(db: sqlite_utils.Database, paths: list[str]) -> None:
            with db.atomic():
                db.conn.executemany("DELETE FROM pending_images WHERE image_path = ?", [[path] for path in paths])

        named = await self.database.run(pending)
        removed = self._remove([path for path, recorded in named if not recorded])
        # Struck off only once the files are gone: a crash in between sweeps them again at the next start.
        await self.database.run(lambda db: strike_off(db, [path for path, _ in named]))
        return removed

    def _remove(self, paths: list[str]) -> int:
        return sum(self.images.remove(relative) for relative in paths)
