"""Expiring addresses for downloading a user's records: an unguessable token, of which only a keyed hash is
stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import sqlite_utils

from storage.database import Database
from storage.records import Platform, User, format_time


class ExportLinks:
    """Who may download through which address, and until when."""

    def __init__(self, database: Database, secret: bytes) -> None:
        self.database = database
        self._secret = secret

    def _hash(self, token: str) -> str:
        return hmac.new(self._secret, f"export:{token}".encode(), hashlib.sha256).hexdigest()

    async def create(self, user_id: int, *, now: datetime, valid_for: timedelta) -> str:
        """A new address for `user_id`'s records; the token itself is returned once and never stored."""
        token = secrets.token_urlsafe(24)

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute(
                    "INSERT INTO export_links (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                    [self._hash(token), user_id, format_time(now), format_time(now + valid_for)],
                )

        await self.database.run(run)
        return token

    async def owner(self, token: str, *, now: datetime) -> User | None:
        """The user whose records the address opens, while it is valid."""

        def run(db: sqlite_utils.Database) -> User | None:
            rows = list(
                db.query(
                    "SELECT u.* FROM export_links x JOIN users u ON u.id = x.user_id "
                    "WHERE x.token_hash = ? AND x.expires_at > ?",
                    [self._hash(token), format_time(now)],
                )
            )
            return User.from_row(rows[0]) if rows else None

        return await self.database.run(run)

    async def platform(self, token: str) -> Platform | None:
        """Where the user an address was given to writes from, valid or not (the page of an old address says
        how to get a new one there)."""

        def run(db: sqlite_utils.Database) -> Platform | None:
            row = db.execute(
                "SELECT u.platform FROM export_links x JOIN users u ON u.id = x.user_id WHERE x.token_hash = ?",
                [self._hash(token)],
            ).fetchone()
            return None if row is None else Platform(row[0])

        return await self.database.run(run)
