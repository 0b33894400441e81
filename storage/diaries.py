"""Users, diary entries and drawings: what a child wrote and what was drawn for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import sqlite_utils

from storage.database import Database, scrub
from storage.errors import TooManyNewUsersError  # bot/transports/telegram.py and kakao.py import it from here
from storage.jobs import WAITING_STATES, count_ahead, insert_job, waiting_jobs
from storage.records import Contact, Drawing, EntryStatus, Platform, User, format_time, utc_now
from storage.safeguarding import NewCase, SafeguardingRepository

NEW_USERS_WINDOW = timedelta(minutes=1)
# Diaries kept but never drawn, counted against KeptLimits: a child in distress is always heard and kept.
LIMITED_KEPT_STATES = (EntryStatus.HELD, EntryStatus.BLOCKED, EntryStatus.ASKED)
KEPT_WINDOW = timedelta(days=1)
ASKED_KEPT = timedelta(days=1)
"""How long a message the child was asked about waits for the answer before it is deleted unanswered."""


@dataclass(frozen=True)
class KeptLimits:
    """How many diaries that are kept but not drawn (over the waiting limit, or unsafe requests) are stored
    within a day, per child and per platform; past either, the diary is answered but not stored."""

    per_child: int = 10
    per_platform: int = 1000


@dataclass(frozen=True)
class Submission:
    """The outcome of storing a diary: committed before anyone is told."""

    entry_id: int | None
    """None when nothing was stored (status `full`)."""
    job_id: int | None
    """None when the child already had the most waiting drawings: the diary is kept, not drawn."""
    ahead: int
    """Drawings that will be made before this one."""
    duplicate: bool = False
    """True when this message was stored before (a re-delivered update): nothing new was written."""
    status: EntryStatus | Literal["full", "deleted"] = EntryStatus.QUEUED
    """The entry's status (drawn, once its drawing is made); `full` when it was not stored because too many
    diaries are already kept but not drawn (see KeptLimits); `deleted` for an asked message not to draw."""


class Diaries:
    """Reads and writes users, entries and drawings through the database thread.

    At most `max_new_users_per_minute` users are added per platform and minute (a flood of made-up
    ids cannot fill the database); past it, `TooManyNewUsersError` and nothing is stored.
    """

    def __init__(
        self,
        database: Database,
        *,
        timezone: str = "Asia/Seoul",
        max_new_users_per_minute: int = 60,
        safeguarding: SafeguardingRepository | None = None,
    ) -> None:
        self.database = database
        self.safeguarding = safeguarding
        self.timezone = timezone
        """The time zone of new users."""
        self.max_new_users_per_minute = max_new_users_per_minute

    async def ensure_user(self, contact: Contact, *, timezone: str | None = None) -> User:
        """Return the user, creating them on first contact (in `timezone`, else the default) and keeping
        their chat id current."""

        def run(db: sqlite_utils.Database) -> User:
            with db.atomic():
                return _ensure_user(db, contact, timezone or self.timezone, self.max_new_users_per_minute)

        return await self.database.run(run)

    async def set_style(self, user_id: int, style: str | None) -> None:
        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute("UPDATE users SET style = ? WHERE id = ?", [style, user_id])

        await self.database.run(run)

    async def submit(
        self,
        contact: Contact,
        text: str,
        *,
        source_key: str | None,
        seed: int,
        max_waiting: int,
        reply_to: str | None = None,
        same_text_window_seconds: float = 0,
        keep_as: EntryStatus | None = None,
        kept_limits: KeptLimits | None = None,
        case: NewCase | None = None,
        now: datetime | None = None,
    ) -> Submission:
        """Store a diary and queue its drawing (in the user's chosen style) in one transaction.

        A known `source_key` stores nothing new, nor does the same text from the same user within
        `same_text_window_seconds` (a platform's retry without message ids); over `max_waiting`
        drawings the diary is kept, not queued. With `keep_as` (`distress`, `blocked`) the diary is
        kept with that status and never drawn. Past `kept_limits` a diary that would be kept but not
        drawn (other than `distress`) is not stored (status `full`). A `distress` diary with `case` opens a
        safeguarding case in the same transaction. `now` is when it was written (the service's clock; its
        job is queued by the wall clock, which the queue's turns follow).
        """
        limits = kept_limits or KeptLimits()

        def run(db: sqlite_utils.Database) -> Submission:
            with db.atomic():
                user = _ensure_user(db, contact, self.timezone, self.max_new_users_per_minute)
                known = _known_submission(db, user.id, text, source_key, same_text_window_seconds)
                if known is not None:
                    return known
                written = format_time(now) if now is not None else utc_now()
                kept = keep_as
                if kept is None and waiting_jobs(db, user.id) >= max_waiting:
                    kept = EntryStatus.HELD
                if kept is not None:
                    if kept in LIMITED_KEPT_STATES and _kept_too_many(db, user, limits):
                        return Submission(entry_id=None, job_id=None, ahead=0, status="full")
                    entry_id = _insert_entry(db, user.id, text, kept, source_key, written)
                    if kept == EntryStatus.DISTRESS and case is not None and self.safeguarding is not None:
                        self.safeguarding.open_in(db, entry_id, case)
                    return Submission(entry_id=entry_id, job_id=None, ahead=0, status=kept)
                entry_id = _insert_entry(db, user.id, text, EntryStatus.QUEUED, source_key, written)
                job_id = insert_job(db, entry_id, user.id, "draw", user.style, seed, None, reply_to, utc_now())
                return Submission(entry_id=entry_id, job_id=job_id, ahead=count_ahead(db, job_id))

        return await self.database.run(run)

    async def answer_asked(
        self, user_id: int, entry_id: int | None, *, draw: bool, seed: int, max_waiting: int, now: datetime
    ) -> Submission | None:
        """The child's answer to "shall I draw it?" for one of their asked messages (`entry_id`, or their latest
        when None): drawn, it becomes a diary and its drawing is queued (kept as `held` over `max_waiting`);
        not drawn, it is deleted. None when there is no such message (answered before, or not theirs)."""

        def run(db: sqlite_utils.Database) -> Submission | None:
            with db.atomic():
                since = format_time(now - ASKED_KEPT)
                answered = _answer_asked(db, user_id, entry_id, draw=draw, seed=seed, limit=max_waiting, since=since)
            if answered is not None and answered.status == "deleted":
                scrub(db)  # the declined message leaves no copy in the write-ahead log
            return answered

        return await self.database.run(run)

    async def forget_unanswered(self, now: datetime) -> int:
        """Delete the messages whose "shall I draw it?" went unanswered for a day; how many went."""

        def run(db: sqlite_utils.Database) -> int:
            with db.atomic():
                since = format_time(now - ASKED_KEPT)
                cursor = db.execute(
                    "DELETE FROM entries WHERE status = ? AND created_at < ?", [EntryStatus.ASKED, since]
                )
            if cursor.rowcount:
                scrub(db)
            return int(cursor.rowcount)

        return await self.database.run(run)

    async def add_redraw(
        self,
        user_id: int,
        drawing_id: int,
        *,
        kind: str,
        style: str | None,
        seed: int,
        request_key: str | None,
        max_waiting: int,
        same_kind_window_seconds: float = 0,
    ) -> Submission | None:
        """Queue another drawing of a drawing's diary; None when the drawing is not this user's.

        A known `request_key`, or a job of the same kind for the same entry within
        `same_kind_window_seconds`, queues nothing new.
        """

        def run(db: sqlite_utils.Database) -> Submission | None:
            with db.atomic():
                if request_key is not None:
                    known = db.execute("SELECT entry_id, id FROM jobs WHERE request_key = ?", [request_key]).fetchone()
                    if known is not None:
                        return Submission(entry_id=known[0], job_id=known[1], ahead=0, duplicate=True)
                row = db.execute(
                    "SELECT entry_id FROM drawings WHERE id = ? AND user_id = ?", [drawing_id, user_id]
                ).fetchone()
                if row is None:
                    return None
                if same_kind_window_seconds > 0:
                    since = format_time(datetime.now(UTC) - timedelta(seconds=same_kind_window_seconds))
                    known = db.execute(
                        "SELECT entry_id, id FROM jobs WHERE entry_id = ? AND user_id = ? AND kind = ? "
                        "AND created_at >= ? ORDER BY id DESC LIMIT 1",
                        [row[0], user_id, kind, since],
                    ).fetchone()
                    if known is not None:
                        return Submission(entry_id=known[0], job_id=known[1], ahead=0, duplicate=True)
                if waiting_jobs(db, user_id) >= max_waiting:
                    return Submission(entry_id=row[0], job_id=None, ahead=0)
                job_id = insert_job(db, row[0], user_id, kind, style, seed, request_key, None, utc_now())
                return Submission(entry_id=row[0], job_id=job_id, ahead=count_ahead(db, job_id))

        return await self.database.run(run)

    async def entry_exists(self, source_key: str) -> bool:
        def run(db: sqlite_utils.Database) -> bool:
            # A message asked about is stored, but its question may not have reached the child: not yet safe.
            row = db.execute("SELECT status FROM entries WHERE source_key = ?", [source_key]).fetchone()
            return row is not None and row[0] != EntryStatus.ASKED

        return await self.database.run(run)

    async def recent_drawings(self, user_id: int, limit: int) -> list[Drawing]:
        def run(db: sqlite_utils.Database) -> list[Drawing]:
            rows = db.query(
                "SELECT * FROM drawings WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?", [user_id, limit]
            )
            return [Drawing.from_row(row) for row in rows]

        return await self.database.run(run)

    async def newest_drawing_entry(self, user_id: int) -> int | None:
        """The newest of the user's diaries with a first drawing queued or being made."""

        def run(db: sqlite_utils.Database) -> int | None:
            row = db.execute(
                "SELECT MAX(entry_id) FROM jobs WHERE user_id = ? AND kind = 'draw' AND state IN (?, ?)",
                [user_id, *WAITING_STATES],
            ).fetchone()
            return None if row[0] is None else int(row[0])

        return await self.database.run(run)

    async def drawing(self, drawing_id: int) -> Drawing | None:
        def run(db: sqlite_utils.Database) -> Drawing | None:
            rows = list(db.query("SELECT * FROM drawings WHERE id = ?", [drawing_id]))
            return Drawing.from_row(rows[0]) if rows else None

        return await self.database.run(run)

    async def drawing_by_public_id(self, public_id: str) -> Drawing | None:
        def run(db: sqlite_utils.Database) -> Drawing | None:
            rows = list(db.query("SELECT * FROM drawings WHERE public_id = ?", [public_id]))
            return Drawing.from_row(rows[0]) if rows else None

        return await self.database.run(run)

    async def set_platform_file_id(self, drawing_id: int, platform: Platform, file_id: str) -> None:
        """`platform` holds the drawing under `file_id` (nothing is kept when the drawing was deleted)."""

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute(
                    "INSERT INTO platform_files (drawing_id, platform, file_id) "
                    "SELECT id, ?, ? FROM drawings WHERE id = ? "
                    "ON CONFLICT (drawing_id, platform) DO UPDATE SET file_id = excluded.file_id",
                    [platform, file_id, drawing_id],
                )

        await self.database.run(run)

    async def platform_file_ids(self, drawing_ids: list[int], platform: Platform) -> dict[int, str]:
        """The ids `platform` holds these drawings under, for those it holds."""

        def run(db: sqlite_utils.Database) -> dict[int, str]:
            marks = ", ".join("?" * len(drawing_ids))
            rows = db.execute(
                f"SELECT drawing_id, file_id FROM platform_files WHERE platform = ? AND drawing_id IN ({marks})",
                [platform, *drawing_ids],
            ).fetchall()
            return {int(drawing_id): str(file_id) for drawing_id, file_id in rows}

        return await self.database.run(run) if drawing_ids else {}


def _ensure_user(db: sqlite_utils.Database, contact: Contact, timezone: str, max_new_per_minute: int) -> User:
    key = [contact.platform, contact.platform_user_id]
    rows = list(db.query("SELECT * FROM users WHERE platform = ? AND platform_user_id = ?", key))
    if rows:
        user = User.from_row(rows[0])
        if user.chat_id != contact.chat_id:
            db.execute("UPDATE users SET chat_id = ? WHERE id = ?", [contact.chat_id, user.id])
            user = User.from_row(next(db.query("SELECT * FROM users WHERE id = ?", [user.id])))
        return user
    since = format_time(datetime.now(UTC) - NEW_USERS_WINDOW)
    recent = db.execute(
        "SELECT COUNT(*) FROM users WHERE platform = ? AND created_at >= ?", [contact.platform, since]
    ).fetchone()[0]
    if recent >= max_new_per_minute:
        raise TooManyNewUsersError(f"{recent} new {contact.platform} users in the last minute")
    db.execute(
        "INSERT INTO users (platform, platform_user_id, chat_id, timezone, created_at) VALUES (?, ?, ?, ?, ?)",
        [contact.platform, contact.platform_user_id, contact.chat_id, timezone, utc_now()],
    )
    return User.from_row(next(db.query("SELECT * FROM users WHERE platform = ? AND platform_user_id = ?", key)))


def _known_submission(
    db: sqlite_utils.Database, user_id: int, text: str, source_key: str | None, same_text_window_seconds: float
) -> Submission | None:
    """The earlier submission this one repeats: the same message key, or the same text within the window."""
    if source_key is not None:
        known = db.execute(
            "SELECT e.id, j.id, e.status FROM entries e "
            "LEFT JOIN jobs j ON j.entry_id = e.id AND j.kind = 'draw' WHERE e.source_key = ?",
            [source_key],
        ).fetchone()
        if known is not None:
            return Submission(known[0], known[1], ahead=0, duplicate=True, status=EntryStatus(known[2]))
    if same_text_window_seconds > 0:
        since = format_time(datetime.now(UTC) - timedelta(seconds=same_text_window_seconds))
        known = db.execute(
            "SELECT e.id, j.id, e.status FROM entries e "
            "LEFT JOIN jobs j ON j.entry_id = e.id AND j.kind = 'draw' "
            "WHERE e.user_id = ? AND e.text = ? AND e.created_at >= ? ORDER BY e.id DESC LIMIT 1",
            [user_id, text, since],
        ).fetchone()
        if known is not None:
            return Submission(known[0], known[1], ahead=0, duplicate=True, status=EntryStatus(known[2]))
    return None


def _insert_entry(
    db: sqlite_utils.Database, user_id: int, text: str, status: EntryStatus, source_key: str | None, now: str
) -> int:
    entry_id = db.execute(
        "INSERT INTO entries (user_id, text, status, source_key, created_at) VALUES (?, ?, ?, ?, ?)",
        [user_id, text, status, source_key, now],
    ).lastrowid
    assert entry_id is not None
    return entry_id


def _kept_too_many(db: sqlite_utils.Database, user: User, limits: KeptLimits) -> bool:
    """True when the user, or their platform, already has as many kept-but-not-drawn diaries of the last
    day as `limits` allow."""
    since = format_time(datetime.now(UTC) - KEPT_WINDOW)
    states = ", ".join("?" for _ in LIMITED_KEPT_STATES)
    mine = db.execute(
        f"SELECT COUNT(*) FROM entries WHERE user_id = ? AND status IN ({states}) AND created_at >= ?",
        [user.id, *LIMITED_KEPT_STATES, since],
    ).fetchone()[0]
    if mine >= limits.per_child:
        return True
    everyone = db.execute(
        f"SELECT COUNT(*) FROM entries e JOIN users u ON u.id = e.user_id "
        f"WHERE e.status IN ({states}) AND e.created_at >= ? AND u.platform = ?",
        [*LIMITED_KEPT_STATES, since, user.platform],
    ).fetchone()[0]
    return bool(everyone >= limits.per_platform)


def _answer_asked(
    db: sqlite_utils.Database, user_id: int, entry_id: int | None, *, draw: bool, seed: int, limit: int, since: str
) -> Submission | None:
    row = db.execute(
        "SELECT id FROM entries WHERE user_id = ? AND status = ? AND created_at >= ? "
        + ("AND id = ? " if entry_id is not None else "")
        + "ORDER BY id DESC LIMIT 1",
        [user_id, EntryStatus.ASKED, since, *([entry_id] if entry_id is not None else [])],
    ).fetchone()
    if row is None:
        if entry_id is None:
            return None
        # A second press of the same button: the message was drawn (or kept) already.
        known = db.execute(
            "SELECT e.id, j.id, e.status FROM entries e "
            "LEFT JOIN jobs j ON j.entry_id = e.id AND j.kind = 'draw' WHERE e.id = ? AND e.user_id = ?",
            [entry_id, user_id],
        ).fetchone()
        if known is None or known[2] == EntryStatus.ASKED:  # not theirs, or its question expired
            return None
        return Submission(known[0], known[1], ahead=0, duplicate=True, status=EntryStatus(known[2]))
    asked = int(row[0])
    if not draw:
        db.execute("DELETE FROM entries WHERE id = ?", [asked])
        return Submission(entry_id=None, job_id=None, ahead=0, status="deleted")
    if waiting_jobs(db, user_id) >= limit:
        db.execute("UPDATE entries SET status = ? WHERE id = ?", [EntryStatus.HELD, asked])
        return Submission(entry_id=asked, job_id=None, ahead=0, status=EntryStatus.HELD)
    db.execute("UPDATE entries SET status = ? WHERE id = ?", [EntryStatus.QUEUED, asked])
    style = db.execute("SELECT style FROM users WHERE id = ?", [user_id]).fetchone()[0]
    job_id = insert_job(db, asked, user_id, "draw", style, seed, None, None, utc_now())
    return Submission(entry_id=asked, job_id=job_id, ahead=count_ahead(db, job_id))
