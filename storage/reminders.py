"""Reminder settings per child and the record of reminders sent (one per child per local day)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlite_utils

from storage.database import Database
from storage.records import User, format_time, parse_time


class ReminderRepository:
    """Who wants a reminder when, who wrote when, and which reminders went out."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def set_time(self, user_id: int, time: str | None) -> None:
        """`HH:MM` turns reminders on at that time; None turns them off."""

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                if time is None:
                    db.execute("UPDATE users SET reminders_on = 0 WHERE id = ?", [user_id])
                else:
                    db.execute("UPDATE users SET reminders_on = 1, reminder_time = ? WHERE id = ?", [time, user_id])

        await self.database.run(run)

    async def set_timezone(self, user_id: int, timezone: str) -> None:
        """The IANA zone the user's days, reminders and albums follow."""

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute("UPDATE users SET timezone = ? WHERE id = ?", [timezone, user_id])

        await self.database.run(run)

    async def candidates(self) -> list[User]:
        """Children who want reminders: reminders on, and a child — anyone who has written, or who is
        nobody's parent (a child who only said hello is reminded too; a parent who never wrote is not)."""

        def run(db: sqlite_utils.Database) -> list[User]:
            rows = db.query(
                "SELECT * FROM users u WHERE u.reminders_on = 1 "
                "AND (EXISTS (SELECT 1 FROM entries e WHERE e.user_id = u.id AND e.status != 'asked') "
                "OR NOT EXISTS (SELECT 1 FROM links l WHERE l.parent_id = u.id))"
            )
            return [User.from_row(row) for row in rows]

        return await self.database.run(run)

    async def wrote_between(self, user_id: int, start: datetime, end: datetime) -> bool:
        def run(db: sqlite_utils.Database) -> bool:
            row = db.execute(
                "SELECT 1 FROM entries WHERE user_id = ? AND created_at >= ? AND created_at < ? "
                "AND status != 'asked' LIMIT 1",
                [user_id, format_time(start), format_time(end)],
            ).fetchone()
            return row is not None

        return await self.database.run(run)

    async def quiet_since(self, user_id: int) -> datetime | None:
        """When the user last wrote a diary (a message only asked about does not count), or for one who never
        wrote, the day before their first reminder (that evening was their first quiet one); None when
        neither happened."""

        def run(db: sqlite_utils.Database) -> datetime | None:
            row = db.execute(
                "SELECT MAX(created_at) FROM entries WHERE user_id = ? AND status != 'asked'", [user_id]
            ).fetchone()
            if row and row[0]:
                return parse_time(row[0])
            first = db.execute("SELECT MIN(sent_at) FROM reminders_sent WHERE user_id = ?", [user_id]).fetchone()
            return parse_time(first[0]) - timedelta(days=1) if first and first[0] else None

        return await self.database.run(run)

    async def claim(self, user_id: int, local_date: str, now: datetime) -> bool:
        """Record today's reminder before sending it; False when it was already sent."""

        def run(db: sqlite_utils.Database) -> bool:
            with db.atomic():
                cursor = db.execute(
                    "INSERT OR IGNORE INTO reminders_sent (user_id, local_date, sent_at) VALUES (?, ?, ?)",
                    [user_id, local_date, format_time(now)],
                )
            return bool(cursor.rowcount)

        return await self.database.run(run)

    async def release(self, user_id: int, local_date: str) -> None:
        """Forget a claim whose sending failed, so the next pass tries again."""

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute("DELETE FROM reminders_sent WHERE user_id = ? AND local_date = ?", [user_id, local_date])

        await self.database.run(run)
