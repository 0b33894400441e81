import asyncio
import dataclasses
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlite_utils

from storage.database import Database
from storage.diaries import Diaries, KeptLimits
from storage.errors import DatabaseFileError, TooManyNewUsersError
from storage.images import ImageStore
from storage.inbox import Inbox
from storage.jobs import JobQueue
from storage.privacy import ErasureRepository
from storage.records import ClaimedJob, Contact, Drawing, EntryStatus, FailureKind, InboxItem, NewDrawing, Platform
from storage.safeguarding import NewCase, SafeguardingRepository
from storage.schema import MIGRATIONS, NEVER_REUSED

T = TypeVar("T")


@pytest.fixture
def diaries(database: Database) -> Diaries:
    return Diaries(database)


@pytest.fixture
def queue(database: Database) -> JobQueue:
    return JobQueue(database)


def drawing_for(seed: int) -> NewDrawing:
    return NewDrawing(
        public_id=f"public-{seed}",
        emotion="happiness",
        detected_emotion="happiness",
        probabilities={"happiness": 0.7, "sadness": 0.3},
        prompt="hand drawing happiness style, a dog",
        seed=seed,
        profile="tiny",
        preview=True,
        fell_back=False,
        models={"llm": "x", "diffusion": "y", "lora": None, "t5": "off"},
        image_path=f"public-{seed}.png",
        timings={"engine": 1.0},
    )


def contact(name: str) -> Contact:
    return Contact(Platform.TELEGRAM, name, name)


async def child(diaries: Diaries, name: str) -> int:
    return (await diaries.ensure_user(contact(name))).id


def blocking(db: Database, fn: Callable[[sqlite_utils.Database], T]) -> T:
    """`fn(db)` on the database thread, from a test without an event loop."""
    return asyncio.run(db.run(fn))


def test_schema_is_applied_once_and_pragmas_are_set(tmp_path: Path) -> None:
    path = tmp_path / "crayon.sqlite3"
    for _ in range(2):
        db = Database(path)
        db.open()
        pragmas = blocking(
            db,
            lambda d: (
                d.execute("PRAGMA journal_mode").fetchone()[0],
                d.execute("PRAGMA foreign_keys").fetchone()[0],
                d.execute("PRAGMA busy_timeout").fetchone()[0],
                d.execute("PRAGMA secure_delete").fetchone()[0],
            ),
        )
        applied = blocking(db, lambda d: [row["name"] for row in d["_sqlite_migrations"].rows])
        db.close()
        assert pragmas == ("wal", 1, 5000, 1)
        assert applied == [
            "m001_diaries_jobs_drawings",
            "m002_family_reminders_albums",
            "m003_inbox_and_limits",
            "m004_failure_kinds",
            "m005_ids_never_reused",
            "m006_pending_images",
            "m007_kept_entries_by_time",
            "m008_safeguarding",
            "m009_platform_files",
            "m010_export_links",
        ]
    tables = set(sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall())
    assert {("users",), ("entries",), ("jobs",), ("drawings",)} <= tables


async def test_the_connection_lives_on_one_thread(database: Database) -> None:
    import threading

    names = {await database.run(lambda db: threading.current_thread().name) for _ in range(3)}
    assert len(names) == 1
    assert names.pop().startswith(Database.THREAD_NAME)


async def test_users_are_per_platform_and_keep_their_chat(diaries: Diaries) -> None:
    first = await diaries.ensure_user(Contact(Platform.TELEGRAM, "42", "42"))
    again = await diaries.ensure_user(Contact(Platform.TELEGRAM, "42", "4242"))
    kakao = await diaries.ensure_user(Contact(Platform.KAKAO, "42", "k42"))
    assert first.id == again.id
    assert again.chat_id == "4242"
    assert kakao.id != first.id
    assert first.timezone == "Asia/Seoul"
    assert first.style is None
    await diaries.set_style(first.id, "sadness")
    assert (await diaries.ensure_user(Contact(Platform.TELEGRAM, "42", "42"))).style == "sadness"


async def test_a_diary_and_its_job_are_stored_together(diaries: Diaries, queue: JobQueue) -> None:
    user = await child(diaries, "a")
    await diaries.set_style(user, "sadness")
    submission = await diaries.submit(contact("a"), "오늘은 맑음", source_key="k1", seed=7, max_waiting=3)
    assert submission.job_id is not None
    assert submission.ahead == 0
    claimed = await queue.claim_next()
    assert claimed is not None
    assert claimed.text == "오늘은 맑음"
    assert (claimed.job.seed, claimed.job.style, claimed.job.state, claimed.job.attempts) == (
        7,
        "sadness",
        "running",
        1,
    )
    assert await queue.claim_next() is None


async def test_the_same_source_key_stores_nothing_new(diaries: Diaries, queue: JobQueue) -> None:
    await child(diaries, "a")
    first = await diaries.submit(contact("a"), "하나", source_key="telegram:1:5", seed=1, max_waiting=3)
    second = await diaries.submit(contact("a"), "하나", source_key="telegram:1:5", seed=2, max_waiting=3)
    assert second.duplicate
    assert (second.entry_id, second.job_id) == (first.entry_id, first.job_id)
    assert (await queue.counts())["queued"] == 1
    assert await diaries.entry_exists("telegram:1:5")
    assert not await diaries.entry_exists("telegram:1:6")


async def test_over_the_limit_the_diary_is_kept_but_not_queued(diaries: Diaries, queue: JobQueue) -> None:
    await child(diaries, "a")
    results = [
        await diaries.submit(contact("a"), f"일기 {n}", source_key=f"k{n}", seed=n, max_waiting=2) for n in range(4)
    ]
    assert [result.job_id is not None for result in results] == [True, True, False, False]
    assert [result.ahead for result in results[:2]] == [0, 1]
    entries = await queue.database.run(lambda db: [row["status"] for row in db["entries"].rows])
    assert entries == ["queued", "queued", "held", "held"]


async def test_children_take_turns(diaries: Diaries, queue: JobQueue) -> None:
    _a, _b, _c = [await child(diaries, name) for name in "abc"]
    for n in range(3):
        await diaries.submit(contact("a"), f"a{n}", source_key=None, seed=n, max_waiting=10)
    await diaries.submit(contact("b"), "b0", source_key=None, seed=0, max_waiting=10)
    await diaries.submit(contact("c"), "c0", source_key=None, seed=0, max_waiting=10)
    order = []
    while (claimed := await queue.claim_next()) is not None:
        order.append(claimed.text)
        await queue.complete(claimed.job.id, drawing_for(claimed.job.id))
    assert order == ["a0", "b0", "c0", "a1", "a2"]


async def test_a_flood_of_new_ids_does_not_push_a_waiting_child_back(diaries: Diaries, queue: JobQueue) -> None:
    # A child served once before writes again; then ten ids never seen before each write one diary.
    await diaries.submit(contact("returning"), "first", source_key=None, seed=0, max_waiting=10)
    claimed = await queue.claim_next()
    assert claimed is not None
    await queue.complete(claimed.job.id, drawing_for(claimed.job.id))
    await diaries.submit(contact("returning"), "second", source_key=None, seed=1, max_waiting=10)
    for n in range(10):
        await diaries.submit(contact(f"new{n}"), f"new{n}", source_key=None, seed=n, max_waiting=10)
    order = []
    while (claimed := await queue.claim_next()) is not None:
        order.append(claimed.text)
        await queue.complete(claimed.job.id, drawing_for(claimed.job.id))
    assert order == ["second"] + [f"new{n}" for n in range(10)]


async def test_a_job_deleted_while_drawing_records_nothing(diaries: Diaries, queue: JobQueue) -> None:
    user = await child(diaries, "a")
    await diaries.submit(contact("a"), "일기", source_key=None, seed=3, max_waiting=3)
    claimed = await queue.claim_next()
    assert claimed is not None
    await queue.database.run(lambda db: db.execute("DELETE FROM users WHERE id = ?", [user]))
    assert await queue.complete(claimed.job.id, drawing_for(3)) is None
    assert await queue.fail(claimed.job.id, FailureKind.OUT_OF_MEMORY) is False
    assert await queue.retry_later(claimed.job.id, FailureKind.OUT_OF_MEMORY, 0) is False
    assert await queue.delivery_due(claimed.job.id) is None
    assert await queue.database.run(lambda db: db["drawings"].count) == 0


async def test_new_users_are_capped_per_platform_and_minute(database: Database) -> None:
    diaries = Diaries(database, max_new_users_per_minute=3)
    for n in range(3):
        await diaries.ensure_user(Contact(Platform.KAKAO, f"k{n}", f"k{n}"))
    with pytest.raises(TooManyNewUsersError):
        await diaries.ensure_user(Contact(Platform.KAKAO, "k3", "k3"))
    with pytest.raises(TooManyNewUsersError):
        await diaries.submit(Contact(Platform.KAKAO, "k4", "k4"), "일기", source_key=None, seed=1, max_waiting=3)
    # Known users go on as before, and other platforms have their own count.
    assert (await diaries.ensure_user(Contact(Platform.KAKAO, "k0", "k0"))).platform_user_id == "k0"
    assert (await diaries.ensure_user(Contact(Platform.TELEGRAM, "t0", "t0"))).platform == "telegram"
    assert await database.run(lambda db: db["users"].count) == 4
    assert await database.run(lambda db: db["entries"].count) == 0


async def test_the_inbox_keeps_updates_until_handled_and_then_only_their_ids(database: Database) -> None:
    inbox = Inbox(database, "telegram")
    await inbox.keep([InboxItem(1, "42", '{"update_id": 1}'), InboxItem(2, "43", '{"update_id": 2}')])
    await inbox.keep([InboxItem(1, "42", '{"update_id": 1, "again": true}')])
    assert await inbox.is_pending(1)
    await inbox.done(1)
    assert not await inbox.is_pending(1)
    await inbox.keep([InboxItem(1, "42", '{"update_id": 1}')])
    assert not await inbox.is_pending(1), "a handled update that comes again stays handled"
    rows = await database.run(lambda db: list(db.execute("SELECT update_id, user_key, payload FROM inbox")))
    assert sorted(rows) == [(1, None, None), (2, "43", '{"update_id": 2}')]
    for attempt in range(3):
        items, dropped = await inbox.take_pending(max_attempts=3)
        assert ([item.update_id for item in items], dropped) == ([2], 0), attempt
    assert await inbox.take_pending(max_attempts=3) == ([], 1), "tried at three starts: dropped"
    await inbox.keep([InboxItem(3, "44", None)])
    assert await inbox.take_pending(max_attempts=3) == ([], 0), "kept by id alone: nothing to handle again"
    await inbox.keep([InboxItem(3, "44", None)])
    assert await inbox.is_pending(3), "forgotten, so the platform's next delivery of it is handled"
    await inbox.done(3)
    assert await inbox.prune(datetime.now(UTC) + timedelta(seconds=1)) == 2
    assert await database.run(lambda db: db["inbox"].count) == 0


def test_an_empty_or_damaged_database_file_is_named_and_left_alone(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(
        DatabaseFileError, match=r"empty\.sqlite3 is empty .*restore it from a backup, or move it aside"
    ):
        Database(empty).open()
    assert empty.stat().st_size == 0
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database " * 200)
    with pytest.raises(DatabaseFileError, match=r"damaged\.sqlite3 cannot be read \(file is not a database\)"):
        Database(damaged).open()
    assert damaged.read_bytes() == b"this is not a database " * 200


async def drawn_once(diaries: Diaries, queue: JobQueue) -> tuple[int, ClaimedJob, Drawing]:
    """Child "a" writes a diary and its job is drawn: (the child's id, the claimed job, the drawing)."""
    user = await child(diaries, "a")
    await diaries.submit(contact("a"), "일기", source_key=None, seed=3, max_waiting=3)
    claimed = await queue.claim_next()
    assert claimed is not None
    drawing = await queue.complete(claimed.job.id, drawing_for(3))
    assert drawing is not None
    return user, claimed, drawing


async def test_complete_records_one_drawing(diaries: Diaries, queue: JobQueue) -> None:
    user, claimed, drawing = await drawn_once(diaries, queue)
    assert drawing.job_id == claimed.job.id
    assert drawing.probabilities == {"happiness": 0.7, "sadness": 0.3}
    assert drawing.preview is True
    assert await diaries.recent_drawings(user, 5) == [drawing]
    assert await diaries.drawing(drawing.id) == drawing
    assert await diaries.drawing_by_public_id(drawing.public_id) == drawing
    assert (await queue.counts())["done"] == 1
    with pytest.raises(sqlite3.IntegrityError):
        await queue.complete(claimed.job.id, drawing_for(4))
    undelivered = await queue.undelivered(10)
    assert [(item.job.id, drawn) for item, drawn in undelivered] == [(claimed.job.id, drawing)]
    await queue.mark_delivered(claimed.job.id)
    assert await queue.undelivered(10) == []


async def test_crash_leftovers_are_requeued(diaries: Diaries, queue: JobQueue) -> None:
    await child(diaries, "a")
    await diaries.submit(contact("a"), "일기", source_key=None, seed=3, max_waiting=3)
    claimed = await queue.claim_next()
    assert claimed is not None
    assert await queue.requeue_interrupted(max_attempts=3) == (1, 0)
    again = await queue.claim_next()
    assert again is not None
    assert again.job.id == claimed.job.id
    assert again.job.attempts == 2


async def test_a_job_that_crashes_every_try_fails_instead_of_crashing_every_start(
    diaries: Diaries, queue: JobQueue
) -> None:
    await diaries.submit(contact("a"), "일기", source_key=None, seed=3, max_waiting=3)
    for start in range(3):
        claimed = await queue.claim_next()
        assert claimed is not None, start
        assert claimed.job.attempts == start + 1
        assert await queue.requeue_interrupted(max_attempts=3) == ((1, 0) if start < 2 else (0, 1))
    assert await queue.claim_next() is None
    [(claimed, drawing)] = await queue.undelivered(10)
    assert (claimed.job.state, claimed.job.error, drawing) == ("failed", "engine_crash", None)


async def test_an_interrupted_drawing_keeps_its_place(diaries: Diaries, queue: JobQueue) -> None:
    await diaries.submit(contact("first"), "first", source_key=None, seed=0, max_waiting=10)
    claimed = await queue.claim_next()
    assert claimed is not None
    for n in range(5):
        await diaries.submit(contact(f"w{n}"), f"w{n}", source_key=None, seed=n, max_waiting=10)
    await queue.requeue_interrupted(max_attempts=3)  # a crash while "first" was drawn
    again = await queue.claim_next()
    assert again is not None
    assert again.text == "first"
    await queue.retry_later(again.job.id, FailureKind.OUT_OF_MEMORY, delay_seconds=0)  # out of memory: retried
    once_more = await queue.claim_next()
    assert once_more is not None
    assert once_more.text == "first"


async def test_retry_later_waits_and_fail_is_final(diaries: Diaries, queue: JobQueue) -> None:
    await child(diaries, "a")
    await diaries.submit(contact("a"), "일기", source_key=None, seed=3, max_waiting=3)
    claimed = await queue.claim_next()
    assert claimed is not None
    await queue.retry_later(claimed.job.id, FailureKind.OUT_OF_MEMORY, delay_seconds=3600)
    assert await queue.claim_next() is None, "not before its time"
    await queue.retry_later(claimed.job.id, FailureKind.OUT_OF_MEMORY, delay_seconds=0)
    again = await queue.claim_next()
    assert again is not None
    await queue.fail(again.job.id, FailureKind.OUT_OF_MEMORY)
    assert (await queue.counts())["failed"] == 1
    assert [drawn for _, drawn in await queue.undelivered(10)] == [None]


async def test_redraw_is_for_the_owner_only_and_once_per_request(diaries: Diaries, queue: JobQueue) -> None:
    owner, stranger = await child(diaries, "a"), await child(diaries, "b")
    await diaries.submit(contact("a"), "일기", source_key=None, seed=3, max_waiting=3)
    claimed = await queue.claim_next()
    assert claimed is not None
    drawing = await queue.complete(claimed.job.id, drawing_for(3))
    assert drawing is not None
    args: dict[str, Any] = {"kind": "redraw", "style": "happiness", "seed": 9, "max_waiting": 3}
    assert await diaries.add_redraw(stranger, drawing.id, request_key="r1", **args) is None
    first = await diaries.add_redraw(owner, drawing.id, request_key="r2", **args)
    again = await diaries.add_redraw(owner, drawing.id, request_key="r2", **args)
    assert first is not None
    assert again is not None
    assert again.duplicate
    assert again.job_id == first.job_id
    assert (await queue.counts())["queued"] == 1


async def test_deleting_a_user_removes_everything_of_theirs(diaries: Diaries, queue: JobQueue) -> None:
    user = await child(diaries, "a")
    await diaries.submit(contact("a"), "일기", source_key=None, seed=3, max_waiting=3)
    claimed = await queue.claim_next()
    assert claimed is not None
    await queue.complete(claimed.job.id, drawing_for(3))

    def delete(db):
        with db.atomic():
            db.execute("DELETE FROM users WHERE id = ?", [user])
        return [db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("entries", "jobs", "drawings")]

    assert await queue.database.run(delete) == [0, 0, 0]


async def test_only_files_this_database_named_and_never_recorded_are_swept(
    database: Database, diaries: Diaries, queue: JobQueue, tmp_path: Path
):
    from PIL import Image

    images = ImageStore(tmp_path / "drawings")
    await diaries.submit(contact("a"), "일기", source_key=None, seed=3, max_waiting=3)
    claimed = await queue.claim_next()
    assert claimed is not None
    # A drawing recorded as usual: named, written, recorded.
    await queue.reserve_image(claimed.job.id, images.name_for("kept-drawing-id-00000001"))
    kept = images.save(Image.new("RGB", (8, 8)), "kept-drawing-id-00000001", {})
    await queue.complete(claimed.job.id, dataclasses.replace(drawing_for(3), image_path=kept))
    # A kill after writing, before recording; and one in the middle of the write.
    await queue.reserve_image(claimed.job.id, images.name_for("orphan-drawing-id-000001"))
    orphan = images.save(Image.new("RGB", (8, 8)), "orphan-drawing-id-000001", {})
    await queue.reserve_image(claimed.job.id, images.name_for("half-written-drawing-id0"))
    (images.root / ".half-written-drawing-id0.png.partial").write_bytes(b"\x89PNG")
    # Files this database never named: another database's drawings, and files that are not the store's.
    stranger = images.save(Image.new("RGB", (8, 8)), "another-databases-drawing", {})
    (images.root / "notes.txt").write_text("not ours to delete")
    (images.root / "20261202-153000-1234567.png").write_bytes(b"\x89PNG crayon draw's own file")

    erasure = ErasureRepository(database, images)
    assert await erasure.sweep_pending_images() == 1, "the orphan's file (the partial is not counted)"
    assert sorted(path.name for path in images.root.iterdir()) == sorted(
        [kept, stranger, "notes.txt", "20261202-153000-1234567.png"]
    )
    assert orphan not in [path.name for path in images.root.iterdir()]
    assert await database.run(lambda db: db["pending_images"].count) == 0
    assert await erasure.sweep_pending_images() == 0


def test_older_error_strings_become_failure_kinds(tmp_path: Path) -> None:
    path = tmp_path / "crayon.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, error TEXT)")
        for error in ("UnsafeImageError: flagged twice", "OutOfMemoryError", "OSError", "EmptyDiaryError: empty", None):
            connection.execute("INSERT INTO jobs (error) VALUES (?)", [error])
    from storage.schema import M004

    with sqlite3.connect(path) as connection:
        for kind, pattern in M004:
            connection.execute("UPDATE jobs SET error = ? WHERE error LIKE ?", [kind, pattern])
        kinds = [row[0] for row in connection.execute("SELECT error FROM jobs ORDER BY id")]
    assert kinds == ["unsafe_image", "out_of_memory", "disk", "bad_diary", None]


async def test_ids_are_never_given_twice_even_after_a_deletion(
    database: Database, diaries: Diaries, queue: JobQueue, tmp_path: Path
) -> None:
    erasure = ErasureRepository(database, ImageStore(tmp_path / "drawings"))

    async def draw(name: str) -> tuple[int, ...]:
        submitted = await diaries.submit(contact(name), "일기", source_key=None, seed=3, max_waiting=3)
        claimed = await queue.claim_next()
        assert claimed is not None
        assert submitted.entry_id is not None
        drawing = await queue.complete(claimed.job.id, drawing_for(len(name)))
        assert drawing is not None
        return claimed.user.id, submitted.entry_id, claimed.job.id, drawing.id

    first = await draw("a")
    await erasure.forget_user(first[0])
    second = await draw("bb")
    assert all(new > old for new, old in zip(second, first, strict=True)), (first, second)


def test_ids_stay_unique_in_a_database_made_before_they_were(tmp_path: Path) -> None:
    path = tmp_path / "crayon.sqlite3"
    old = sqlite3.connect(path)
    legacy = sqlite_utils.Database(old)
    MIGRATIONS.apply(legacy, stop_before="m005_ids_never_reused")
    legacy.execute("PRAGMA foreign_keys = ON")
    now = "2026-12-01T10:00:00Z"
    for user in (1, 2):
        legacy.execute(
            "INSERT INTO users (id, platform, platform_user_id, chat_id, created_at, reminder_time) "
            "VALUES (?, 'telegram', ?, ?, ?, '19:00')",
            [user, f"kid{user}", f"kid{user}", now],
        )
    legacy.execute(
        "INSERT INTO entries (id, user_id, text, status, created_at) VALUES (7, 2, '일기', 'drawn', ?)", [now]
    )
    legacy.execute(
        "INSERT INTO jobs (id, entry_id, user_id, kind, seed, state, created_at) "
        "VALUES (9, 7, 2, 'draw', 1, 'done', ?)",
        [now],
    )
    legacy.execute("INSERT INTO links (parent_id, child_id, nickname, created_at) VALUES (1, 2, '민지', ?)", [now])
    old.commit()
    old.close()

    db = Database(path)
    db.open()
    try:
        assert not db.created
        tables = blocking(db, lambda d: dict(d.execute("SELECT name, sql FROM sqlite_master WHERE type='table'")))
        for table in NEVER_REUSED:
            assert "AUTOINCREMENT" in tables[table], table
        index = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'jobs_by_state'"
        kept = blocking(
            db,
            lambda d: (
                d.execute("SELECT reminder_time FROM users WHERE id = 2").fetchone()[0],
                d.execute("SELECT COUNT(*) FROM links").fetchone()[0],
                d.execute("SELECT id FROM jobs").fetchall(),
                d.execute("PRAGMA foreign_keys").fetchone()[0],
                d.execute(index).fetchone()[0],
            ),
        )
        assert kept == ("19:00", 1, [(9,)], 1, 1)

        def delete_then_insert(d: Any) -> tuple[int, int]:
            with d.atomic():
                d.execute("DELETE FROM users WHERE id = 2")  # the cascade still reaches entries, jobs and links
                left = d.execute("SELECT (SELECT COUNT(*) FROM jobs) + (SELECT COUNT(*) FROM links)").fetchone()[0]
                d.execute(
                    "INSERT INTO users (platform, platform_user_id, chat_id, created_at) VALUES ('kakao', 'x', 'x', ?)",
                    [now],
                )
            return left, d.execute("SELECT MAX(id) FROM users").fetchone()[0]

        assert blocking(db, delete_then_insert) == (0, 3), "user 2's id is not given again"
    finally:
        db.close()


async def test_diaries_kept_but_not_drawn_are_capped_per_child_and_platform(diaries: Diaries) -> None:
    limits = KeptLimits(per_child=2, per_platform=3)

    async def send(name: str, *, keep_as: EntryStatus | None = None, platform: Platform = Platform.TELEGRAM) -> str:
        kid = Contact(platform, name, name)
        submitted = await diaries.submit(
            kid, f"{name} 일기", source_key=None, seed=1, max_waiting=0, keep_as=keep_as, kept_limits=limits
        )
        return submitted.status

    assert [await send("a"), await send("a", keep_as=EntryStatus.BLOCKED), await send("a")] == [
        "held",
        "blocked",
        "full",
    ]
    assert [await send("b"), await send("b")] == ["held", "full"], "the platform's 3 are taken"
    assert await send("c", platform=Platform.KAKAO) == "held", "another platform counts apart"
    assert await send("a", keep_as=EntryStatus.DISTRESS) == "distress", "a child in distress is always kept"
    count = await diaries.database.run(lambda db: db["entries"].count)
    assert count == 5


def test_rows_edited_by_hand_with_foreign_keys_off_do_not_stop_an_upgrade(tmp_path: Path, caplog) -> None:
    path = tmp_path / "crayon.sqlite3"
    with sqlite3.connect(path) as connection:
        MIGRATIONS.apply(sqlite_utils.Database(connection), stop_before="m005_ids_never_reused")
        # The sqlite3 shell has foreign keys off: a reminder of a user who is gone stays behind.
        connection.execute("INSERT INTO reminders_sent (user_id, local_date, sent_at) VALUES (42, '2026-12-01', 'x')")
    caplog.set_level("WARNING")
    db = Database(path)
    db.open()
    db.close()
    assert any("reminders_sent" in record.getMessage() for record in caplog.records)
    again = Database(path)
    again.open()
    assert blocking(again, lambda d: d.execute("SELECT COUNT(*) FROM reminders_sent").fetchone()[0]) == 1
    again.close()


async def test_children_take_turns_in_the_reviewers_alerts(database: Database, diaries: Diaries) -> None:
    safeguarding = SafeguardingRepository(database, b"k" * 32)
    diaries.safeguarding = safeguarding
    case = NewCase("self_harm", home_named=False, adult_named=False, tell_parents=False)
    for name, text in (("flood", "하나"), ("flood", "둘"), ("flood", "셋"), ("quiet", "도와줘")):
        await diaries.submit(
            contact(name), text, source_key=None, seed=1, max_waiting=3, keep_as=EntryStatus.DISTRESS, case=case
        )
    due = await safeguarding.alerts_due(datetime.now(UTC))
    assert [found.text for found in due] == ["하나", "도와줘", "둘", "셋"]


async def test_a_platforms_file_id_is_kept_apart_and_goes_with_its_drawing(
    diaries: Diaries, queue: JobQueue, tmp_path: Path
) -> None:
    user, _, drawing = await drawn_once(diaries, queue)
    assert await diaries.platform_file_ids([drawing.id], Platform.TELEGRAM) == {}
    await diaries.set_platform_file_id(drawing.id, Platform.TELEGRAM, "first")
    await diaries.set_platform_file_id(drawing.id, Platform.TELEGRAM, "second")  # Telegram gave a new one
    assert await diaries.platform_file_ids([drawing.id], Platform.TELEGRAM) == {drawing.id: "second"}
    assert await diaries.platform_file_ids([drawing.id], Platform.KAKAO) == {}
    erased = ErasureRepository(diaries.database, ImageStore(tmp_path / "drawings"))
    await erased.forget_user(user)
    assert await diaries.platform_file_ids([drawing.id], Platform.TELEGRAM) == {}
    await diaries.set_platform_file_id(drawing.id, Platform.TELEGRAM, "late")  # a send that finished after /forget
    assert await diaries.platform_file_ids([drawing.id], Platform.TELEGRAM) == {}
