"""Faults injected through our own hooks (`faults=` / CRAYON_FAULTS, the stand-ins' switches): nothing is lost."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PIL import Image

from bot import messages
from bot.app import CORE
from tests.support.server import entry_texts, eventually
from tests.support.sqlite_refusal import allow_writes, refuse_writes
from tests.support.telegram_stub import BotApiStub

KID = 701
DIARY = "오늘 친구랑 자전거를 탔다. 바람이 시원했다."


async def jobs(client) -> list[dict]:
    return await client.app[CORE].database.run(lambda db: list(db["jobs"].rows))


async def pngs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.png")) if folder.exists() else []


async def test_a_crash_in_the_engine_resumes_the_job(serve, stub: BotApiStub) -> None:
    client = await serve(faults="engine_crash:1")
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1)
    [job] = await jobs(client)
    assert (job["state"], job["attempts"]) == ("done", 2)
    assert job["error"] in (None, "engine_crash")
    assert messages.DRAWING_FAILED not in stub.texts(KID)
    # the engine thread is still there for the next diary
    stub.text(KID, "오늘은 비가 와서 집에서 책을 읽었다.")
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 2)


async def test_a_disk_full_once_is_retried_and_the_drawing_arrives(serve, stub: BotApiStub) -> None:
    client = await serve(faults="disk_full:1")
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1)
    [job] = await jobs(client)
    assert (job["state"], job["attempts"]) == ("done", 2)
    png = stub.sent("sendPhoto", KID)[0].files["photo"]
    assert png.startswith(b"\x89PNG")


async def test_a_disk_that_stays_full_keeps_the_diary_and_tells_the_child(serve, stub: BotApiStub) -> None:
    client = await serve(faults="disk_full:3", max_attempts=3)
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: messages.DRAWING_FAILED in stub.texts(KID))
    assert stub.sent("sendPhoto", KID) == []
    [job] = await jobs(client)
    assert (job["state"], job["attempts"], job["error"]) == ("failed", 3, "disk")
    assert await entry_texts(client) == [DIARY]
    drawings_dir = client.app[CORE].images.root
    assert not drawings_dir.exists() or list(drawings_dir.iterdir()) == [], "no half-written file is left"
    # once there is room again, the child's next try is drawn
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1)
    assert await entry_texts(client) == [DIARY, DIARY]


async def test_network_errors_on_delivery_are_retried_and_nothing_is_lost(serve, stub: BotApiStub) -> None:
    client = await serve(redelivery_seconds=0.2)
    stub.broken = {"sendPhoto": 2}  # the first two deliveries fail on Telegram's side
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1, timeout=30)
    assert len([call for call in stub.calls if call.method == "sendPhoto:400"]) == 2
    [job] = await eventually(lambda: jobs(client), lambda rows: rows[0]["delivered_at"] is not None)
    assert job["delivery_attempts"] == 2
    # and only once, however many redelivery passes run afterwards
    await client.app[CORE].runner.deliveries.redeliver()
    assert len(stub.sent("sendPhoto", KID)) == 1


async def test_a_dropped_connection_on_delivery_is_a_network_error_retried_later(serve, stub: BotApiStub) -> None:
    client = await serve(redelivery_seconds=0.2)
    stub.dropped = {"sendPhoto": 1}
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1, timeout=30)
    assert [call.method for call in stub.calls if call.method.startswith("sendPhoto")] == [
        "sendPhoto:dropped",
        "sendPhoto",
    ]
    [job] = await eventually(lambda: jobs(client), lambda rows: rows[0]["delivered_at"] is not None)
    assert job["delivery_attempts"] == 1


async def test_a_damaged_drawing_file_gets_a_kind_note_and_the_redraw_buttons(serve, stub: BotApiStub) -> None:
    client = await serve(redelivery_seconds=1.0)
    stub.broken = {"sendPhoto": 1}
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: any(call.method == "sendPhoto:400" for call in stub.calls))
    # the file is damaged before the redelivery reads it again
    root = client.app[CORE].images.root
    [damaged] = await eventually(lambda: pngs(root), lambda files: len(files) == 1)
    damaged.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 8)
    await stub.wait_for(lambda: messages.BROKEN_IMAGE in stub.texts(KID))
    note = stub.sent("sendMessage", KID)[-1]
    buttons = [button["callback_data"] for row in note.params["reply_markup"]["inline_keyboard"] for button in row]
    assert buttons == ["again:1", "other:1"]
    assert stub.sent("sendPhoto", KID) == []
    # the redraw button draws the kept diary again
    stub.press(KID, "again:1")
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1)
    [redrawn] = [path for path in await pngs(root) if path != damaged]
    with Image.open(redrawn) as image:
        assert image.size == (64, 64) or image.size[0] > 0
    # /mydrawings leaves the damaged one out and still shows the good one
    stub.text(KID, "/mydrawings")
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 2)
    assert messages.BROKEN_IMAGE not in stub.texts(KID)[-1:]


async def _async_list(folder):
    return sorted(folder.glob("*.png")) if folder.exists() else []


async def health(client) -> tuple[int, dict]:
    response = await client.get("/healthz")
    return response.status, await response.json()


async def test_a_database_that_refuses_writes_mid_drawing_stops_nothing(serve, stub: BotApiStub) -> None:
    client = await serve(height=256, width=256, num_inference_steps=16, health_stall_seconds=1)
    core = client.app[CORE]
    stub.text(KID, DIARY)
    # The drawing has started: from now on the database refuses to record anything about it.
    await stub.wait_for(lambda: stub.sent("sendChatAction", KID))
    await refuse_writes(core.database, "drawings", "jobs")
    _, body = await eventually(lambda: health(client), lambda answer: answer[0] == 503, timeout=30)
    assert body["status"] == "failing"
    assert body["runner"]["running"] is True
    assert any("none was finished" in problem for problem in body["problems"]), body["problems"]
    assert stub.sent("sendPhoto", KID) == []
    assert [path.name for path in await pngs(core.images.root)] == [], "an unrecorded drawing leaves no file"

    await allow_writes(core.database)
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1, timeout=60)
    await eventually(lambda: health(client), lambda answer: answer[0] == 200, timeout=30)
    [job] = await eventually(lambda: jobs(client), lambda rows: rows[0]["delivered_at"] is not None)
    assert job["state"] == "done"
    assert len(await pngs(core.images.root)) == 1
    # and the runner goes on drawing
    stub.text(KID, "오늘은 비가 와서 집에서 책을 읽었다.")
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 2)


async def test_a_delivery_the_database_cannot_record_is_recorded_later_and_not_sent_twice(
    serve, stub: BotApiStub
) -> None:
    client = await serve(redelivery_seconds=0.2)
    core = client.app[CORE]
    stub.delays = {"sendPhoto": 1.0}
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: any(call.method == "sendChatAction" for call in stub.calls))
    await eventually(lambda: jobs(client), lambda rows: rows[0]["state"] == "done")
    # The photo is on its way; recording that it arrived will fail.
    await refuse_writes(core.database, "jobs")
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1)
    await asyncio.sleep(0.5)
    await allow_writes(core.database)
    [job] = await eventually(lambda: jobs(client), lambda rows: rows[0]["delivered_at"] is not None, timeout=20)
    assert job["delivery_attempts"] == 0
    await asyncio.sleep(0.5)  # a few redelivery passes
    assert len(stub.sent("sendPhoto", KID)) == 1


async def test_healthz_fails_when_every_drawing_fails_and_recovers_with_one_drawn(serve, stub: BotApiStub) -> None:
    client = await serve(faults="paint_oom:3", max_attempts=1)
    for kid in (KID, KID + 1, KID + 2):
        stub.text(kid, DIARY)
    await stub.wait_for(lambda: all(messages.DRAWING_FAILED in stub.texts(kid) for kid in (KID, KID + 1, KID + 2)))
    status, body = await health(client)
    assert status == 503
    assert body["problems"] == ["the last 3 drawings all failed"]
    stub.text(KID + 3, DIARY)
    await stub.wait_for(lambda: stub.sent("sendPhoto", KID + 3))
    assert (await health(client))[0] == 200


async def test_healthz_fails_when_telegram_updates_cannot_be_stored(serve, stub: BotApiStub) -> None:
    client = await serve(health_stall_seconds=1)
    assert (await health(client))[0] == 200, "an empty queue and nothing wrong"
    await refuse_writes(client.app[CORE].database, "inbox")
    stub.text(KID, DIARY)
    _, body = await eventually(lambda: health(client), lambda answer: answer[0] == 503, timeout=20)
    assert any("telegram updates cannot be stored" in problem for problem in body["problems"]), body
    await allow_writes(client.app[CORE].database)
    await stub.wait_for(lambda: stub.sent("sendPhoto", KID))
    assert (await health(client))[0] == 200
