"""The durable drawing queue: the one seam to swap for a shared broker when one GPU is not enough."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlite_utils

from storage.database import Database
from storage.records import (
    ClaimedJob,
    Drawing,
    EntryStatus,
    FailureKind,
    Job,
    NewDrawing,
    User,
    format_time,
    utc_now,
)
from storage.safeguarding import NewCase, SafeguardingRepository

# Children take turns in the order their turn came: each child's oldest waiting job counts from when it
# was queued, or from when that child's last drawing was finished if that is later. One child's many
# messages take turns with everyone else's instead of going first; children who are new (or who arrive
# in a flood of new ids) queue behind those who were waiting already; a drawing that was interrupted
# or put back after running out of memory keeps its place: nobody can starve anyone.
_NEXT_JOB = """
SELECT j.id FROM jobs j
WHERE j.state = 'queued' AND (j.not_before IS NULL OR j.not_before <= :now)
  AND j.id = (
    SELECT MIN(k.id) FROM jobs k
    WHERE k.user_id = j.user_id AND k.state = 'queued' AND (k.not_before IS NULL OR k.not_before <= :now)
  )
ORDER BY MAX(j.created_at, COALESCE((SELECT MAX(s.finished_at) FROM jobs s WHERE s.user_id = j.user_id), ''))
  ASC, j.id ASC
LIMIT 1
"""


class JobQueue:
    """Jobs move queued → running → done | failed; a crash leaves `running` jobs, which start re-queues."""

    def __init__(self, database: Database, *, safeguarding: SafeguardingRepository | None = None) -> None:
        self.database = database
        self.safeguarding = safeguarding

    async def claim_next(self) -> ClaimedJob | None:
        """Atomically take the next job (fairly across children), or None when nothing is waiting."""

        def run(db: sqlite_utils.Database) -> ClaimedJob | None:
            now = utc_now()
            with db.atomic():
                row = db.execute(_NEXT_JOB, {"now": now}).fetchone()
                if row is None:
                    return None
                db.execute(
                    "UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = ?, not_before = NULL "
                    "WHERE id = ? AND state = 'queued'",
                    [now, row[0]],
                )
                return _claimed(db, row[0])

        return await self.database.run(run)

    async def reserve_image(self, job_id: int, image_path: str) -> None:
        """Name the file a drawing is about to be written to: until `complete` records it (or
        `release_image`), the sweep at start may delete it."""

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute(
                    "INSERT OR REPLACE INTO pending_images (image_path, job_id, created_at) VALUES (?, ?, ?)",
                    [image_path, job_id, utc_now()],
                )

        await self.database.run(run)

    async def release_image(self, image_path: str) -> None:
        """The reserved file was removed (its drawing could not be recorded): nothing is left to sweep."""

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute("DELETE FROM pending_images WHERE image_path = ?", [image_path])

        await self.database.run(run)

    async def complete(self, job_id: int, drawing: NewDrawing) -> Drawing | None:
        """Record the drawing and mark the job done, together; None when the job was deleted meanwhile."""

        def run(db: sqlite_utils.Database) -> Drawing | None:
            now = utc_now()
            with db.atomic():
                row = db.execute("SELECT entry_id, user_id FROM jobs WHERE id = ?", [job_id]).fetchone()
                if row is None:
                    return None
                entry_id, user_id = row
                drawing_id = db.execute(
                    "INSERT INTO drawings (public_id, job_id, entry_id, user_id, emotion, detected_emotion, "
                    "probabilities, prompt, seed, profile, preview, fell_back, models, image_path, timings, "
                    "created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        drawing.public_id,
                        job_id,
                        entry_id,
                        user_id,
                        drawing.emotion,
                        drawing.detected_emotion,
                        json.dumps(drawing.probabilities),
                        drawing.prompt,
                        drawing.seed,
                        drawing.profile,
                        int(drawing.preview),
                        int(drawing.fell_back),
                        json.dumps(drawing.models),
                        drawing.image_path,
                        json.dumps(drawing.timings),
                        now,
                    ],
                ).lastrowid
                db.execute("UPDATE jobs SET state = 'done', finished_at = ?, error = NULL WHERE id = ?", [now, job_id])
                db.execute("DELETE FROM pending_images WHERE image_path = ?", [drawing.image_path])
                db.execute("UPDATE entries SET status = ? WHERE id = ?", [EntryStatus.DRAWN, entry_id])
            return Drawing.from_row(next(db.query("SELECT * FROM drawings WHERE id = ?", [drawing_id])))

        return await self.database.run(run)

    async def retry_later(self, job_id: int, error: FailureKind, delay_seconds: float) -> bool:
        """Put a job back in the queue after a transient error, not before `delay_seconds`; False when the
        job was deleted meanwhile."""
        not_before = format_time(datetime.now(UTC) + timedelta(seconds=delay_seconds))

        def run(db: sqlite_utils.Database) -> bool:
            with db.atomic():
                cursor = db.execute(
                    "UPDATE jobs SET state = 'queued', error = ?, not_before = ? WHERE id = ?",
                    [error, not_before, job_id],
                )
            return cursor.rowcount > 0

        return await self.database.run(run)

    async def postpone(self, job_id: int, delay_seconds: float) -> bool:
        """Put a claimed job back, not before `delay_seconds`, without spending the try its claim counted
        (the engine could not be reached: nothing was drawn). False when the job was deleted meanwhile."""
        not_before = format_time(datetime.now(UTC) + timedelta(seconds=delay_seconds))

        def run(db: sqlite_utils.Database) -> bool:
            with db.atomic():
                cursor = db.execute(
                    "UPDATE jobs SET state = 'queued', attempts = MAX(0, attempts - 1), not_before = ? "
                    "WHERE id = ? AND state = 'running'",
                    [not_before, job_id],
                )
            return cursor.rowcount > 0

        return await self.database.run(run)

    async def fail(
        self,
        job_id: int,
        error: FailureKind,
        *,
        entry_status: EntryStatus | None = None,
        case: NewCase | None = None,
    ) -> bool:
        """Mark a job failed for good; the child is told and the diary stays stored. False when the job was
        deleted meanwhile.

        `entry_status` also marks its diary (`distress`, `blocked`: found by the engine's readers); `case`
        opens a safeguarding case for it, together.
        """

        def run(db: sqlite_utils.Database) -> bool:
            with db.atomic():
                cursor = db.execute(
                    "UPDATE jobs SET state = 'failed', error = ?, finished_at = ? WHERE id = ?",
                    [error, utc_now(), job_id],
                )
                row = db.execute("SELECT entry_id FROM jobs WHERE id = ?", [job_id]).fetchone()
                if entry_status is not None and row is not None:
                    db.execute("UPDATE entries SET status = ? WHERE id = ?", [entry_status, row[0]])
                    known = db.execute("SELECT 1 FROM safeguarding_cases WHERE entry_id = ?", [row[0]]).fetchone()
                    if case is not None and self.safeguarding is not None and known is None:
                        self.safeguarding.open_in(db, row[0], case)
            return cursor.rowcount > 0

        return await self.database.run(run)

    async def delivery_due(self, job_id: int) -> bool | None:
        """True while the job's outcome has not reached its child, False once it has; None when the job is
        gone (its child used /forget, or the diary expired)."""

        def run(db: sqlite_utils.Database) -> bool | None:
            row = db.execute("SELECT delivered_at FROM jobs WHERE id = ?", [job_id]).fetchone()
            return None if row is None else row[0] is None

        return await self.database.run(run)

    async def requeue_interrupted(self, max_attempts: int) -> tuple[int, int]:
        """Put jobs left `running` by a crash or a hard kill back in the queue, except those already tried
        `max_attempts` times: a drawing that brings the process down each time fails for good (its child is
        told kindly) instead of crashing every start. Returns (re-queued, failed)."""

        def run(db: sqlite_utils.Database) -> tuple[int, int]:
            with db.atomic():
                failed = db.execute(
                    "UPDATE jobs SET state = 'failed', error = ?, finished_at = ? "
                    "WHERE state = 'running' AND attempts >= ?",
                    [FailureKind.ENGINE_CRASH, utc_now(), max_attempts],
                ).rowcount
                requeued = db.execute("UPDATE jobs SET state = 'queued' WHERE state = 'running'").rowcount
            return int(requeued), int(failed)

        return await self.database.run(run)

    async def requeue(self, job_id: int) -> None:
        """Give a running job back to the queue (at shutdown, when it cannot finish)."""
        await self.requeue_many([job_id])

    async def requeue_many(self, job_ids: list[int]) -> None:
        """Give running jobs back to the queue (their outcome could not be recorded, or they cannot finish)."""

        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                for job_id in job_ids:
                    db.execute("UPDATE jobs SET state = 'queued' WHERE id = ? AND state = 'running'", [job_id])

        await self.database.run(run)

    async def mark_delivered(self, job_id: int) -> None:
        def run(db: sqlite_utils.Database) -> None:
            with db.atomic():
                db.execute("UPDATE jobs SET delivered_at = ? WHERE id = ?", [utc_now(), job_id])

        await self.database.run(run)

    async def delivery_failed(self, job_id: int) -> int:
        """Count a failed delivery; return how many there were."""

        def run(db: sqlite_utils.Database) -> int:
            with db.atomic():
                db.execute("UPDATE jobs SET delivery_attempts = delivery_attempts + 1 WHERE id = ?", [job_id])
            return int(db.execute("SELECT delivery_attempts FROM jobs WHERE id = ?", [job_id]).fetchone()[0])

        return await self.database.run(run)

    async def undelivered(self, max_attempts: int) -> list[tuple[ClaimedJob, Drawing | None]]:
        """Finished jobs whose outcome has not reached the child yet, with their drawing (None: failed)."""

        def run(db: sqlite_utils.Database) -> list[tuple[ClaimedJob, Drawing | None]]:
            rows = db.execute(
                "SELECT id FROM jobs WHERE state IN ('done', 'failed') AND delivered_at IS NULL "
                "AND delivery_attempts < ? ORDER BY id",
                [max_attempts],
            ).fetchall()
            return [(_claimed(db, job_id), _drawing_of(db, job_id)) for (job_id,) in rows]

        return await self.database.run(run)

    async def undelivered_for_user(self, user_id: int, limit: int) -> list[tuple[ClaimedJob, Drawing | None]]:
        """One user's finished jobs that have not reached them yet, oldest first."""

        def run(db: sqlite_utils.Database) -> list[tuple[ClaimedJob, Drawing | None]]:
            rows = db.execute(
                "SELECT id FROM jobs WHERE user_id = ? AND state IN ('done', 'failed') AND delivered_at IS NULL "
                "ORDER BY id LIMIT ?",
                [user_id, limit],
            ).fetchall()
            return [(_claimed(db, job_id), _drawing_of(db, job_id)) for (job_id,) in rows]

        return await self.database.run(run)

    async def position(self, job_id: int) -> int:
        """How many jobs will run before this one (0: it is next or running)."""
        return await self.database.run(lambda db: count_ahead(db, job_id))

    async def counts(self) -> dict[str, int]:
        """Jobs per state."""

        def run(db: sqlite_utils.Database) -> dict[str, int]:
            counts = dict.fromkeys(("queued", "running", "done", "failed"), 0)
            for state, count in db.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state").fetchall():
                counts[state] = count
            return counts

        return await self.database.run(run)


def count_ahead(db: sqlite_utils.Database, job_id: int) -> int:
    """Jobs running, or queued before `job_id`: roughly how many drawings come first."""
    row = db.execute(
        "SELECT COUNT(*) FROM jobs WHERE (state = 'running' AND id != :id) OR (state = 'queued' AND id < :id)",
        {"id": job_id},
    ).fetchone()
    return int(row[0])


def _drawing_of(db: sqlite_utils.Database, job_id: int) -> Drawing | None:
    rows = list(db.query("SELECT * FROM drawings WHERE job_id = ?", [job_id]))
    return Drawing.from_row(rows[0]) if rows else None


def _claimed(db: sqlite_utils.Database, job_id: int) -> ClaimedJob:
    job_row = next(db.query("SELECT * FROM jobs WHERE id = ?", [job_id]))
    text = db.execute("SELECT text FROM entries WHERE id = ?", [job_row["entry_id"]]).fetchone()[0]
    user_row = next(db.query("SELECT * FROM users WHERE id = ?", [job_row["user_id"]]))
    return ClaimedJob(job=Job.from_row(job_row), text=text, user=User.from_row(user_row))


WAITING_STATES = ("queued", "running")


def waiting_jobs(db: sqlite_utils.Database, user_id: int) -> int:
    """How many of the user's drawings are queued or being made."""
    row = db.execute(
        "SELECT COUNT(*) FROM jobs WHERE user_id = ? AND state IN (?, ?)", [user_id, *WAITING_STATES]
    ).fetchone()
    return int(row[0])


def insert_job(
    db: sqlite_utils.Database,
    entry_id: int,
    user_id: int,
    kind: str,
    style: str | None,
    seed: int,
    request_key: str | None,
    reply_to: str | None,
    now: str,
) -> int:
    """Queue a drawing of an entry (in the caller's transaction); its id."""
    job_id = db.execute(
        "INSERT INTO jobs (entry_id, user_id, kind, style, seed, state, request_key, reply_to, created_at) "
        "VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)",
        [entry_id, user_id, kind, style, seed, request_key, reply_to, now],
    ).lastrowid
    assert job_id is not None
    return job_id
