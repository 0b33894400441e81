"""The schema, as sqlite-utils migrations applied at start (each once, in order, in a transaction)."""

from __future__ import annotations

import re

import sqlite_utils
from sqlite_utils import Migrations

MIGRATIONS = Migrations("crayon")
# How older versions wrote a job's error, and the kind it is now (storage/records.py: FailureKind).
M004 = (
    ("unsafe_image", "UnsafeImageError%"),
    ("unsafe_diary", "UnsafeDiaryError%"),
    ("distress", "DistressDiaryError%"),
    ("engine_crash", "EngineCrashError%"),
    ("out_of_memory", "OutOfMemoryError%"),
    ("disk", "OSError%"),
    ("bad_diary", "%DiaryError%"),
)


M001 = (
    """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            platform_user_id TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            timezone TEXT NOT NULL DEFAULT 'Asia/Seoul',
            style TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (platform, platform_user_id)
        )
        """,
    """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            source_key TEXT UNIQUE,
            created_at TEXT NOT NULL
        )
        """,
    "CREATE INDEX entries_by_user ON entries (user_id, created_at)",
    """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            style TEXT,
            seed INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            request_key TEXT UNIQUE,
            reply_to TEXT,
            created_at TEXT NOT NULL,
            not_before TEXT,
            started_at TEXT,
            finished_at TEXT,
            delivered_at TEXT,
            delivery_attempts INTEGER NOT NULL DEFAULT 0
        )
        """,
    "CREATE INDEX jobs_by_state ON jobs (state, id)",
    "CREATE INDEX jobs_by_user ON jobs (user_id, state)",
    """
        CREATE TABLE drawings (
            id INTEGER PRIMARY KEY,
            public_id TEXT NOT NULL UNIQUE,
            job_id INTEGER NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            emotion TEXT NOT NULL,
            detected_emotion TEXT NOT NULL,
            probabilities TEXT NOT NULL,
            prompt TEXT NOT NULL,
            seed INTEGER NOT NULL,
            profile TEXT NOT NULL,
            preview INTEGER NOT NULL,
            fell_back INTEGER NOT NULL,
            models TEXT NOT NULL,
            image_path TEXT NOT NULL,
            timings TEXT NOT NULL,
            telegram_file_id TEXT,
            created_at TEXT NOT NULL
        )
        """,
    "CREATE INDEX drawings_by_user ON drawings (user_id, created_at)",
)


@MIGRATIONS()
def m001_diaries_jobs_drawings(db: sqlite_utils.Database) -> None:
    """Users, their diary entries, the drawing jobs and the drawings."""
    for statement in M001:
        db.execute(statement)


M002 = (
    "ALTER TABLE users ADD COLUMN reminder_time TEXT NOT NULL DEFAULT '20:30'",
    "ALTER TABLE users ADD COLUMN reminders_on INTEGER NOT NULL DEFAULT 1",
    """
        CREATE TABLE link_codes (
            id INTEGER PRIMARY KEY,
            child_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            code_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        )
        """,
    """
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            parent_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            child_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            nickname TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (parent_id, child_id),
            CHECK (parent_id != child_id)
        )
        """,
    "CREATE INDEX links_by_child ON links (child_id)",
    """
        CREATE TABLE link_failures (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            at TEXT NOT NULL
        )
        """,
    "CREATE INDEX link_failures_by_user ON link_failures (user_id, at)",
    """
        CREATE TABLE reminders_sent (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            local_date TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (user_id, local_date)
        )
        """,
    """
        CREATE TABLE albums_sent (
            parent_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            child_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            week_start TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (parent_id, child_id, week_start)
        )
        """,
    """
        CREATE TABLE album_pages (
            token_hash TEXT PRIMARY KEY,
            parent_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            child_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            week_start TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )
        """,
)


@MIGRATIONS()
def m002_family_reminders_albums(db: sqlite_utils.Database) -> None:
    """Reminder settings, parent links and their one-time codes, and what was sent when."""
    for statement in M002:
        db.execute(statement)


@MIGRATIONS()
def m003_inbox_and_limits(db: sqlite_utils.Database) -> None:
    """Platform updates kept from the moment they are fetched until handled; wrong link codes counted by
    keyed hash and platform (so a fresh id or a deleted account does not reset the count); new users by time."""
    db.execute(
        """
        CREATE TABLE inbox (
            platform TEXT NOT NULL,
            update_id INTEGER NOT NULL,
            user_key TEXT,
            payload TEXT,
            received_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            done_at TEXT,
            PRIMARY KEY (platform, update_id)
        )
        """
    )
    db.execute("CREATE INDEX inbox_pending ON inbox (platform, done_at)")
    db.execute("DROP TABLE link_failures")
    db.execute(
        """
        CREATE TABLE link_failures (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            user_hash TEXT NOT NULL,
            at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX link_failures_by_user ON link_failures (user_hash, at)")
    db.execute("CREATE INDEX link_failures_by_platform ON link_failures (platform, at)")
    db.execute("CREATE INDEX users_by_platform_created ON users (platform, created_at)")


@MIGRATIONS()
def m004_failure_kinds(db: sqlite_utils.Database) -> None:
    """Failed jobs say why as a kind (`unsafe_image`, `out_of_memory` …), not as an exception's class name."""
    for kind, pattern in M004:
        db.execute("UPDATE jobs SET error = ? WHERE error LIKE ?", [kind, pattern])


# Tables whose ids reach memory, buttons and messages: an id once given is never given again.
NEVER_REUSED = ("users", "entries", "jobs", "drawings", "link_codes", "links")
_PRIMARY_KEY = re.compile(r"\bid INTEGER PRIMARY KEY,")


@MIGRATIONS()
def m005_ids_never_reused(db: sqlite_utils.Database) -> None:
    """Ids of users, diaries, jobs, drawings and links are never given twice, even after a deletion
    (AUTOINCREMENT): a job id that `/forget` freed can never name another child's job.

    Each table is rebuilt as SQLite's ALTER TABLE guide does it; `Database.open` applies migrations with
    foreign keys off, so dropping the old table cascades to nothing.
    """
    for table in NEVER_REUSED:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()
        indexes = [
            row[0]
            for row in db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [table]
            )
        ]
        rebuilt, count = _PRIMARY_KEY.subn("id INTEGER PRIMARY KEY AUTOINCREMENT,", sql, count=1)
        if count != 1:
            raise RuntimeError(f"table {table} has no 'id INTEGER PRIMARY KEY' column to make AUTOINCREMENT")
        rebuilt = re.sub(r"^CREATE TABLE \"?\w+\"?", f"CREATE TABLE {table}_rebuilt", rebuilt, count=1)
        db.execute(rebuilt)
        db.execute(f"INSERT INTO {table}_rebuilt SELECT * FROM {table}")
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
        for index in indexes:
            db.execute(index)


@MIGRATIONS()
def m006_pending_images(db: sqlite_utils.Database) -> None:
    """A drawing's file is named here before it is written and struck off when its drawing is recorded: at
    start, only files named here and never recorded are swept (never a file this database does not know)."""
    db.execute(
        """
        CREATE TABLE pending_images (
            image_path TEXT PRIMARY KEY,
            job_id INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )


@MIGRATIONS()
def m007_kept_entries_by_time(db: sqlite_utils.Database) -> None:
    """Diaries kept but not drawn are counted per day and platform (storage/diaries.py: KeptLimits)."""
    db.execute("CREATE INDEX entries_by_status_time ON entries (status, created_at)")


@MIGRATIONS()
def m008_safeguarding(db: sqlite_utils.Database) -> None:
    """Crisis cases for the designated reviewer (no foreign keys: a case outlives `/forget` until it is resolved
    or its hold ends) and their append-only audit."""
    db.execute(
        """
        CREATE TABLE safeguarding_cases (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            entry_id INTEGER,
            user_id INTEGER NOT NULL,
            child_key TEXT NOT NULL,
            platform TEXT NOT NULL,
            kind TEXT NOT NULL,
            home_named INTEGER NOT NULL,
            adult_named INTEGER NOT NULL,
            tell_parents INTEGER NOT NULL,
            source TEXT NOT NULL,
            text TEXT,
            created_at TEXT NOT NULL,
            hold_until TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
            resolved_at TEXT,
            alerted_at TEXT,
            alert_attempts INTEGER NOT NULL DEFAULT 0,
            alert_error TEXT,
            next_alert_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX safeguarding_by_status ON safeguarding_cases (status, created_at)")
    db.execute("CREATE INDEX safeguarding_by_entry ON safeguarding_cases (entry_id)")
    db.execute("CREATE INDEX safeguarding_by_user ON safeguarding_cases (user_id, created_at)")
    db.execute("CREATE INDEX safeguarding_unalerted ON safeguarding_cases (alerted_at, next_alert_at)")
    db.execute(
        """
        CREATE TABLE safeguarding_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id INTEGER NOT NULL,
            action TEXT NOT NULL,
            actor TEXT NOT NULL,
            note TEXT,
            at TEXT NOT NULL
        )
        """
    )
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER safeguarding_audit_no_{event.lower()} BEFORE {event} ON safeguarding_audit "
            "BEGIN SELECT RAISE(ABORT, 'the safeguarding audit is append-only'); END"
        )


@MIGRATIONS()
def m009_platform_files(db: sqlite_utils.Database) -> None:
    """A platform's own id for a drawing it holds (Telegram's file id) in a table of its own, not a column of
    one platform in every drawing; deleted with its drawing."""
    db.execute(
        """
        CREATE TABLE platform_files (
            drawing_id INTEGER NOT NULL REFERENCES drawings(id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            file_id TEXT NOT NULL,
            PRIMARY KEY (drawing_id, platform)
        )
        """
    )
    db.execute(
        "INSERT INTO platform_files (drawing_id, platform, file_id) "
        "SELECT id, 'telegram', telegram_file_id FROM drawings WHERE telegram_file_id IS NOT NULL"
    )
    db.execute("ALTER TABLE drawings DROP COLUMN telegram_file_id")


@MIGRATIONS()
def m010_export_links(db: sqlite_utils.Database) -> None:
    """Expiring addresses of a user's records as one download (storage/exports.py); only a keyed hash of each
    token is kept, and a user's addresses go with them."""
    db.execute(
        """
        CREATE TABLE export_links (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )
        """
    )
