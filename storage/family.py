"""Parent links: one-time codes (stored hashed), the links themselves, and the weekly albums they receive."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import sqlite_utils

from storage.database import Database
from storage.records import (
    AlbumPage,
    Drawing,
    EntryStatus,
    Link,
    Platform,
    User,
    WeekDrawing,
    format_time,
    parse_time,
)

# Digits a child reads aloud to a parent in three groups, like a phone number: `428 913 5072`. 10^10 codes:
# wrong guesses are limited per parent and per platform, and past the platform's limit each new user (at most
# CRAYON_MAX_NEW_USERS_PER_MINUTE a minute) gets one; a flood of 60 a minute for a code's whole 30 minutes
# against 100 codes alive at once finds one with a chance of 1 in 50,000.
CODE_DIGITS = 10
CODE_GROUPS = (3, 3, 4)

# Diaries no album shows: kept as a crisis or an unsafe request, even one drawn before a reader found it so.
NEVER_IN_ALBUMS = (EntryStatus.DISTRESS, EntryStatus.BLOCKED)

LinkStatus = Literal["linked", "already", "invalid", "expired", "own", "too_many"]


@dataclass(frozen=True)
class LinkResult:
    status: LinkStatus
    link: Link | None = None


def normalize_code(code: str) -> str:
    """The code's letters and digits, upper case: `428-913 5072`, `428.913.5072` and `4289135072` are one."""
    return "".join(char for char in code if char.isalnum()).upper()


class FamilyRepository:
    """Links between parents and children; every query is scoped by who asks."""

    def __init__(self, database: Database, secret: bytes) -> None:
        self.database = database
        self._secret = secret

    def _hash(self, text: str) -> str:
        return hmac.new(self._secret, text.encode(), hashlib.sha256).hexdigest()

    async def create_code(self, child_id: int, *, now: datetime, valid_for: timedelta) -> str:
        """A new one-time code for `child_id`; only its keyed hash is stored."""
        digits = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
        code = " ".join(digits[sum(CODE_GROUPS[:i]) : sum(CODE_GROUPS[: i + 1])] for i in range(len(CODE_GROUPS)))

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute(
                    "INSERT INTO link_codes (child_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
                    [child_id, self._hash(normalize_code(code)), format_time(now), format_time(now + valid_for)],
                )

        await self.database.run(run)
        return code

    async def redeem(
        self,
        parent_id: int,
        code: str,
        *,
        nickname: str,
        now: datetime,
        max_failures: int,
        max_platform_failures: int,
        failure_window: timedelta,
    ) -> LinkResult:
        """Link `parent_id` to the code's child, once.

        Wrong codes count toward two limits within `failure_window`: per parent (`max_failures`, counted
        by a keyed hash of their platform id, so deleting the account does not reset it) and per platform
        (`max_platform_failures`, so fresh ids cannot go on guessing). Past the platform's limit only a
        parent who has not guessed wrong themselves may still link, and only with a right code: a flood of
        wrong guesses from others cannot lock a real parent out, and each fresh id gets one guess at most.
        """
        code_hash = self._hash(normalize_code(code))

        def run(db: sqlite_utils.Database) -> LinkResult:
            with db.atomic():
                since = format_time(now - failure_window)
                db.execute("DELETE FROM link_failures WHERE at < ?", [since])
                platform, platform_user_id = db.execute(
                    "SELECT platform, platform_user_id FROM users WHERE id = ?", [parent_id]
                ).fetchone()
                guesser = (platform, self._hash(f"user:{platform}:{platform_user_id}"))
                mine, everyone = _failures(db, guesser, since)
                if mine >= max_failures or (mine and everyone >= max_platform_failures):
                    return LinkResult("too_many")
                row = db.execute(
                    "SELECT id, child_id, expires_at, used_at FROM link_codes WHERE code_hash = ?", [code_hash]
                ).fetchone()
                if row is None:
                    db.execute(
                        "INSERT INTO link_failures (platform, user_hash, at) VALUES (?, ?, ?)",
                        [*guesser, format_time(now)],
                    )
                    return LinkResult("too_many" if everyone >= max_platform_failures else "invalid")
                code_id, child_id, expires_at, used_at = row
                if used_at is not None or expires_at < format_time(now):
                    return LinkResult("expired")
                if child_id == parent_id:
                    return LinkResult("own")
                db.execute("UPDATE link_codes SET used_at = ? WHERE id = ?", [format_time(now), code_id])
                return _link_once(db, parent_id, child_id, nickname, now)

        return await self.database.run(run)

    async def children(self, parent_id: int) -> list[Link]:
        """The parent's links, oldest first."""
        return await self.database.run(lambda db: _links(db, "parent_id", parent_id))

    async def parents(self, child_id: int) -> list[Link]:
        return await self.database.run(lambda db: _links(db, "child_id", child_id))

    async def link_between(self, parent_id: int, child_id: int) -> Link | None:
        def run(db: sqlite_utils.Database) -> Link | None:
            row = db.execute(
                "SELECT id FROM links WHERE parent_id = ? AND child_id = ?", [parent_id, child_id]
            ).fetchone()
            return _link(db, row[0]) if row else None

        return await self.database.run(run)

    async def all_links(self) -> list[Link]:
        return await self.database.run(lambda db: [_link(db, row[0]) for row in db.execute("SELECT id FROM links")])

    async def unlink(self, link_id: int, by_user_id: int) -> Link | None:
        """Remove a link, by either side; None when it is not theirs."""

        def run(db: sqlite_utils.Database) -> Link | None:
            with db.atomic():
                row = db.execute(
                    "SELECT id FROM links WHERE id = ? AND (parent_id = ? OR child_id = ?)",
                    [link_id, by_user_id, by_user_id],
                ).fetchone()
                if row is None:
                    return None
                link = _link(db, link_id)
                db.execute("DELETE FROM links WHERE id = ?", [link_id])
                return link

        return await self.database.run(run)

    async def claim_album(self, parent_id: int, child_id: int, week_start: str, now: datetime) -> bool:
        """Record that this week's album goes out now; False when it already went."""

        def run(db: sqlite_utils.Database) -> bool:
            with db.atomic():
                cursor = db.execute(
                    "INSERT OR IGNORE INTO albums_sent (parent_id, child_id, week_start, sent_at) VALUES (?, ?, ?, ?)",
                    [parent_id, child_id, week_start, format_time(now)],
                )
            return bool(cursor.rowcount)

        return await self.database.run(run)

    async def release_album(self, parent_id: int, child_id: int, week_start: str) -> None:
        """Forget a claim whose sending failed, so the next pass tries again."""

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute(
                    "DELETE FROM albums_sent WHERE parent_id = ? AND child_id = ? AND week_start = ?",
                    [parent_id, child_id, week_start],
                )

        await self.database.run(run)

    async def week_drawings(self, child_id: int, start: datetime, end: datetime) -> list[WeekDrawing]:
        """The child's diaries written in [start, end), each with its latest drawing, in order; never a diary kept
        as a crisis or an unsafe request, even one drawn before a reader found it so."""

        hidden = ", ".join("?" for _ in NEVER_IN_ALBUMS)

        def run(db: sqlite_utils.Database) -> list[WeekDrawing]:
            rows = db.execute(
                "SELECT d.id, e.text, e.created_at FROM entries e "
                "JOIN drawings d ON d.id = (SELECT MAX(id) FROM drawings WHERE entry_id = e.id) "
                "WHERE e.user_id = ? AND e.created_at >= ? AND e.created_at < ? "
                f"AND e.status NOT IN ({hidden}) ORDER BY e.created_at, e.id",
                [child_id, format_time(start), format_time(end), *NEVER_IN_ALBUMS],
            ).fetchall()
            found = []
            for drawing_id, text, created_at in rows:
                drawing = Drawing.from_row(next(db.query("SELECT * FROM drawings WHERE id = ?", [drawing_id])))
                found.append(WeekDrawing(drawing=drawing, text=text, entry_created_at=parse_time(created_at)))
            return found

        return await self.database.run(run)

    async def create_album_page(
        self, parent_id: int, child_id: int, week_start: str, *, now: datetime, valid_for: timedelta
    ) -> str:
        """A new unguessable, expiring address for one week's album; only its hash is stored."""
        token = secrets.token_urlsafe(24)

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute(
                    "INSERT INTO album_pages (token_hash, parent_id, child_id, week_start, created_at, expires_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        self._hash(token),
                        parent_id,
                        child_id,
                        week_start,
                        format_time(now),
                        format_time(now + valid_for),
                    ],
                )

        await self.database.run(run)
        return token

    async def album_page(self, token: str, *, now: datetime) -> AlbumPage | None:
        """The page behind `token` while it is valid and the parent is still linked to the child."""

        def run(db: sqlite_utils.Database) -> AlbumPage | None:
            row = db.execute(
                "SELECT p.parent_id, p.child_id, p.week_start, p.expires_at FROM album_pages p "
                "JOIN links l ON l.parent_id = p.parent_id AND l.child_id = p.child_id "
                "WHERE p.token_hash = ? AND p.expires_at > ?",
                [self._hash(token), format_time(now)],
            ).fetchone()
            if row is None:
                return None
            parent_id, child_id, week_start, expires_at = row
            return AlbumPage(parent_id, child_id, date.fromisoformat(week_start), parse_time(expires_at))

        return await self.database.run(run)

    async def album_page_platform(self, token: str) -> Platform | None:
        """The platform of the parent a page's address was given to, whether or not it still opens: the page
        an old address opens says how to get a new one there."""

        def run(db: sqlite_utils.Database) -> Platform | None:
            row = db.execute(
                "SELECT u.platform FROM album_pages p JOIN users u ON u.id = p.parent_id WHERE p.token_hash = ?",
                [self._hash(token)],
            ).fetchone()
            return None if row is None else Platform(row[0])

        return await self.database.run(run)


def _failures(db: sqlite_utils.Database, guesser: tuple[str, str], since: str) -> tuple[int, int]:
    """Wrong codes since `since`: this guesser's (platform, keyed hash of their id), and their platform's."""
    platform, user_hash = guesser
    mine = db.execute(
        "SELECT COUNT(*) FROM link_failures WHERE user_hash = ? AND at >= ?", [user_hash, since]
    ).fetchone()[0]
    everyone = db.execute(
        "SELECT COUNT(*) FROM link_failures WHERE platform = ? AND at >= ?", [platform, since]
    ).fetchone()[0]
    return int(mine), int(everyone)


def _link_once(db: sqlite_utils.Database, parent_id: int, child_id: int, nickname: str, now: datetime) -> LinkResult:
    existing = db.execute("SELECT id FROM links WHERE parent_id = ? AND child_id = ?", [parent_id, child_id]).fetchone()
    if existing is not None:
        return LinkResult("already", _link(db, existing[0]))
    link_id = db.execute(
        "INSERT INTO links (parent_id, child_id, nickname, created_at) VALUES (?, ?, ?, ?)",
        [parent_id, child_id, nickname, format_time(now)],
    ).lastrowid
    assert link_id is not None
    return LinkResult("linked", _link(db, link_id))


def _user(db: sqlite_utils.Database, user_id: int) -> User:
    return User.from_row(next(db.query("SELECT * FROM users WHERE id = ?", [user_id])))


def _link(db: sqlite_utils.Database, link_id: int) -> Link:
    row = next(db.query("SELECT * FROM links WHERE id = ?", [link_id]))
    return Link(
        id=row["id"],
        parent=_user(db, row["parent_id"]),
        child=_user(db, row["child_id"]),
        nickname=row["nickname"],
        created_at=parse_time(row["created_at"]),
    )


def _links(db: sqlite_utils.Database, column: str, user_id: int) -> list[Link]:
    assert column in ("parent_id", "child_id")
    rows = db.execute(f"SELECT id FROM links WHERE {column} = ? ORDER BY id", [user_id]).fetchall()
    return [_link(db, row[0]) for row in rows]
