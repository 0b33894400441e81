"""Crisis cases for the designated reviewer: each one opened with its diary, kept from `/forget` until it is
resolved or its hold ends, alerted through a durable outbox, and every view and resolution recorded in an
append-only audit."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from storage.database import Database
from storage.records import format_time, parse_time, utc_now


@dataclass(frozen=True)
class NewCase:
    """What a crisis check found in a diary (never more than the reviewer needs)."""

    kind: str
    home_named: bool
    adult_named: bool
    tell_parents: bool
    source: str = "rules"
    """Which reader found it: "rules", "learned" (the learned reading beside them), or "guard" (a model in the
    engine: the guard model, or the prompt model reading the diary)."""


@dataclass(frozen=True)
class Case:
    id: int
    entry_id: int | None
    user_id: int
    child: str
    """A pseudonymous child id (a keyed hash): the same child has the same one, and it names nobody."""
    platform: str
    kind: str
    home_named: bool
    adult_named: bool
    tell_parents: bool
    source: str
    text: str | None
    """None once the hold has ended or the case was resolved."""
    created_at: datetime
    hold_until: str
    status: str
    resolved_at: str | None
    alerted_at: str | None
    alert_attempts: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Case:
        return cls(
            id=row["id"],
            entry_id=row["entry_id"],
            user_id=row["user_id"],
            child=row["child_key"],
            platform=row["platform"],
            kind=row["kind"],
            home_named=bool(row["home_named"]),
            adult_named=bool(row["adult_named"]),
            tell_parents=bool(row["tell_parents"]),
            source=row["source"],
            text=row["text"],
            created_at=parse_time(row["created_at"]),
            hold_until=row["hold_until"],
            status=row["status"],
            resolved_at=row["resolved_at"],
            alerted_at=row["alerted_at"],
            alert_attempts=row["alert_attempts"],
        )


@dataclass(frozen=True)
class AuditEntry:
    case_id: int
    action: str
    actor: str
    note: str | None
    at: str


def child_key(secret: bytes, platform: str, platform_user_id: str) -> str:
    """`c-` and 10 hex digits of a keyed hash of who wrote: stable per child, meaningless without the key."""
    digest = hmac.new(secret, f"safeguarding\n{platform}\n{platform_user_id}".encode(), hashlib.sha256).hexdigest()
    return f"c-{digest[:10]}"


class SafeguardingRepository:
    """The cases and their audit; the audit table refuses updates and deletes (a trigger)."""

    def __init__(self, database: Database, secret: bytes, *, hold: timedelta = timedelta(days=30)) -> None:
        self.database = database
        self.secret = secret
        self.hold = hold

    def open_in(self, db: sqlite_utils.Database, entry_id: int, case: NewCase) -> int:
        """Open a case for `entry_id` inside the caller's transaction (a diary and its case are stored together)."""
        row = db.execute(
            "SELECT e.user_id, e.text, e.created_at, u.platform, u.platform_user_id FROM entries e "
            "JOIN users u ON u.id = e.user_id WHERE e.id = ?",
            [entry_id],
        ).fetchone()
        user_id, text, created_at, platform, platform_user_id = row
        case_id = db.execute(
            "INSERT INTO safeguarding_cases (entry_id, user_id, child_key, platform, kind, home_named, adult_named, "
            "tell_parents, source, text, created_at, hold_until, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')",
            [
                entry_id,
                user_id,
                child_key(self.secret, platform, platform_user_id),
                platform,
                case.kind,
                int(case.home_named),
                int(case.adult_named),
                int(case.tell_parents),
                case.source,
                text,
                created_at,
                format_time(datetime.now(UTC) + self.hold),
            ],
        ).lastrowid
        assert case_id is not None
        _audit(db, case_id, "opened", case.source, None)
        return case_id

    async def cases(self, *, include_resolved: bool = False) -> list[Case]:
        """Open cases (all with `include_resolved`), newest first."""
        where = "" if include_resolved else "WHERE status = 'open'"
        return await self.database.run(
            lambda db: [
                Case.from_row(row)
                for row in db.query(f"SELECT * FROM safeguarding_cases {where} ORDER BY created_at DESC, id DESC")
            ]
        )

    async def case(self, case_id: int) -> Case | None:
        def run(db: sqlite_utils.Database) -> Case | None:
            rows = list(db.query("SELECT * FROM safeguarding_cases WHERE id = ?", [case_id]))
            return Case.from_row(rows[0]) if rows else None

        return await self.database.run(run)

    async def record_view(self, case_id: int, actor: str) -> None:
        await self._record(case_id, "viewed", actor, None)

    async def resolve(self, case_id: int, actor: str, note: str) -> bool:
        """Close a case with the reviewer's note; its copy of the diary is deleted. False when unknown or closed."""

        def run(db: sqlite_utils.Database) -> bool:
            with db.atomic():
                cursor = db.execute(
                    "UPDATE safeguarding_cases SET status = 'resolved', resolved_at = ?, text = NULL "
                    "WHERE id = ? AND status = 'open'",
                    [utc_now(), case_id],
                )
                if cursor.rowcount == 0:
                    return False
                _audit(db, case_id, "resolved", actor, note)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return True

        return await self.database.run(run)

    async def audit(self, case_id: int) -> list[AuditEntry]:
        def run(db: sqlite_utils.Database) -> list[AuditEntry]:
            rows = db.execute(
                "SELECT case_id, action, actor, note, at FROM safeguarding_audit WHERE case_id = ? ORDER BY id",
                [case_id],
            ).fetchall()
            return [AuditEntry(*row) for row in rows]

        return await self.database.run(run)

    async def end_holds(self, now: datetime) -> int:
        """Delete the diary copies of cases whose hold has ended unreviewed; return how many."""

        def run(db: sqlite_utils.Database) -> int:
            with db.atomic():
                ids = [
                    row[0]
                    for row in db.execute(
                        "SELECT id FROM safeguarding_cases WHERE text IS NOT NULL AND hold_until < ?",
                        [format_time(now)],
                    )
                ]
                for case_id in ids:
                    db.execute("UPDATE safeguarding_cases SET text = NULL WHERE id = ?", [case_id])
                    _audit(db, case_id, "hold ended", "crayon", None)
            if ids:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return len(ids)

        return await self.database.run(run)

    async def alerts_due(self, now: datetime) -> list[Case]:
        """Cases whose alert has not reached the reviewer, oldest first, whose next try is due."""

        def run(db: sqlite_utils.Database) -> list[Case]:
            # Children take turns: one child's hundred diaries never bury another child's first.
            rows = db.query(
                "SELECT c.* FROM safeguarding_cases c WHERE c.alerted_at IS NULL AND c.status = 'open' "
                "AND (c.next_alert_at IS NULL OR c.next_alert_at <= ?) ORDER BY "
                "(SELECT COUNT(*) FROM safeguarding_cases k WHERE k.child_key = c.child_key AND k.alerted_at IS NULL "
                "AND k.id < c.id), c.id",
                [format_time(now)],
            )
            return [Case.from_row(row) for row in rows]

        return await self.database.run(run)

    async def alert_sent(self, case_id: int) -> None:
        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute("UPDATE safeguarding_cases SET alerted_at = ? WHERE id = ?", [utc_now(), case_id])
                _audit(db, case_id, "alerted", "crayon", None)

        await self.database.run(run)

    async def alert_failed(self, case_id: int, error: str, retry_at: datetime) -> None:
        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute(
                    "UPDATE safeguarding_cases SET alert_attempts = alert_attempts + 1, alert_error = ?, "
                    "next_alert_at = ? WHERE id = ?",
                    [error, format_time(retry_at), case_id],
                )

        await self.database.run(run)

    async def oldest_unalerted(self) -> str | None:
        """When the oldest case that has not reached the reviewer was opened (None: every alert arrived)."""
        query = "SELECT MIN(created_at) FROM safeguarding_cases WHERE alerted_at IS NULL AND status = 'open'"
        return await self.database.run(lambda db: db.execute(query).fetchone()[0])

    async def has_open_case(self, user_id: int) -> bool:
        """True while a case of this user waits for the reviewer."""
        query = "SELECT 1 FROM safeguarding_cases WHERE user_id = ? AND status = 'open' LIMIT 1"
        return await self.database.run(lambda db: db.execute(query, [user_id]).fetchone() is not None)

    async def tellable_times(self, user_id: int, start: datetime, end: datetime) -> list[str]:
        """When the child wrote of a crisis a parent may hear of (nobody at home or grown-up named)."""

        def run(db: sqlite_utils.Database) -> list[str]:
            rows = db.execute(
                "SELECT created_at FROM safeguarding_cases WHERE user_id = ? AND tell_parents = 1 "
                "AND created_at >= ? AND created_at < ? ORDER BY created_at",
                [user_id, format_time(start), format_time(end)],
            ).fetchall()
            return [row[0] for row in rows]

        return await self.database.run(run)

    async def _record(self, case_id: int, action: str, actor: str, note: str | None) -> None:
        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                _audit(db, case_id, action, actor, note)

        await self.database.run(run)


def _audit(db: sqlite_utils.Database, case_id: int, action: str, actor: str, note: str | None) -> None:
    db.execute(
        "INSERT INTO safeguarding_audit (case_id, action, actor, note, at) VALUES (?, ?, ?, ?, ?)",
        [case_id, action, actor, note, utc_now()],
    )
