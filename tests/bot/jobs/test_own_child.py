"""Every drawing reaches its own child: ids never reused, deletions that leave nothing held, drawings kept
when the database is gone, one job per engine slot, a cap on diaries kept but not drawn, addresses that
expire — through the real transports (the Bot API stand-in, the Kakao skill over HTTP)."""

from __future__ import annotations

import asyncio
import gc
import logging
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient

from bot import messages
from bot.app import CORE
from storage.records import ClaimedJob
from tests.support.fakes import FixedClock
from tests.support.kakao_helpers import outputs, payload, skill, texts
from tests.support.kakao_stub import KakaoStub
from tests.support.server import entry_texts, eventually
from tests.support.telegram_helpers import CODE, write_and_wait
from tests.support.telegram_helpers import texts as chat_texts
from tests.support.telegram_stub import BotApiStub

ANNA, BORA = 931, 932
SLOW = {"num_inference_steps": 40, "height": 384, "width": 384}
"""Tiny models, but slow enough that a drawing is still being made while the test acts."""


async def rows(client: TestClient, sql: str) -> list[dict[str, Any]]:
    return await client.app[CORE].database.run(lambda db: list(db.query(sql)))


async def user_id(client: TestClient, platform_user_id: str) -> int:
    found = await rows(client, f"SELECT id FROM users WHERE platform_user_id = '{platform_user_id}'")
    return int(found[0]["id"])


async def done(client: TestClient, count: int) -> None:
    await eventually(lambda: client.app[CORE].queue.counts(), lambda counts: counts["done"] >= count, timeout=60)


# -- ids are never reused ----------------------------------------------------------------------------


async def test_a_job_id_freed_by_forget_never_keeps_another_childs_drawing_from_them(serve, stub: BotApiStub) -> None:
    client = await serve()
    await write_and_wait(stub, ANNA, ["오늘 바다에서 조개를 주웠다"])
    (anna_job,) = await rows(client, "SELECT id FROM jobs")
    stub.press(ANNA, "forget:self")
    await stub.wait_for(lambda: messages.FORGET_DONE in chat_texts(stub, ANNA))
    assert await rows(client, "SELECT id FROM jobs") == []

    # Bora's diary takes the next id, never Anna's, so nothing remembered about Anna's job stops it.
    await write_and_wait(stub, BORA, ["동생이랑 눈사람을 만들었다"])
    (bora_job,) = await rows(client, "SELECT id, delivered_at FROM jobs")
    assert bora_job["id"] > anna_job["id"]
    await eventually(lambda: rows(client, "SELECT delivered_at FROM jobs"), lambda found: found[0]["delivered_at"])


async def test_a_deleted_childs_drawing_never_reaches_another_child_and_nothing_of_it_stays(
    serve, kakao: KakaoStub
) -> None:
    client = await serve(telegram=False, kakao_callback_prefixes=[f"{kakao.base_url}/"])
    _, answer, _ = await skill(client, payload("부모 연결", user="kyungmin"))
    code = re.search(r"\d{3} \d{3} \d{4}", texts(answer))
    assert code
    await skill(client, payload(f"연결 {code.group(0)} 경민", user="kyungmin-mom"))
    kyungmin = await user_id(client, "kyungmin")
    # Kyungmin's drawing is made while no callback waits: the courier keeps it for their next message.
    await skill(client, payload("비밀일기 경민이가 쓴 줄", user="kyungmin"))
    await done(client, 1)
    await client.app[CORE].runner.deliveries.wait()

    # The parent deletes Kyungmin's records (a drawing made but not yet handed over among them).
    _, answer, _ = await skill(client, payload("기록 삭제 1 확인", user="kyungmin-mom"))
    assert texts(answer) == messages.forget_child_done("경민")
    gc.collect()
    held = [obj for obj in gc.get_objects() if isinstance(obj, ClaimedJob) and obj.user.id == kyungmin]
    assert held == [], "nothing of the deleted child (their diary text) is held in memory"

    # Minseo's diary comes with a callback: it carries Minseo's own drawing.
    _, answer, _ = await skill(client, payload("친구랑 줄넘기를 했다", user="minseo", callback=kakao.callback_url("m")))
    assert answer["useCallback"] is True
    await kakao.wait_for(lambda: kakao.callbacks("m"), timeout=60)
    image = outputs(kakao.callbacks("m")[0].body)[0]["simpleImage"]["imageUrl"]
    await done(client, 1)
    minseo = await user_id(client, "minseo")
    (drawing,) = await rows(client, "SELECT public_id, user_id FROM drawings")
    assert f"/images/{drawing['public_id']}.png" in image
    assert drawing["user_id"] == minseo
    assert (await rows(client, "SELECT delivered_at FROM jobs"))[0]["delivered_at"] is not None


# -- a database moved aside -------------------------------------------------------------------------


async def test_a_database_moved_aside_deletes_no_drawing_and_the_start_says_so(serve, caplog) -> None:
    client = await serve(telegram=False)
    for text in ("놀이터에서 그네를 탔다", "할머니랑 송편을 빚었다"):
        await skill(client, payload(text))
    await done(client, 2)
    settings = client.app[CORE].settings
    drawings = sorted(path.name for path in settings.drawings_dir.glob("*.png"))
    assert len(drawings) == 2
    await client.close()

    # As the damaged-database message advises: the file is moved aside, and the server starts again.
    for path in settings.data_dir.glob("crayon.sqlite3*"):
        path.rename(path.with_name(path.name.replace("crayon.sqlite3", "crayon.sqlite3.aside")))
    caplog.set_level(logging.WARNING)
    again = await serve(telegram=False)
    assert sorted(path.name for path in settings.drawings_dir.glob("*.png")) == drawings
    assert again.app[CORE].database.created
    warned = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any("2 drawing(s)" in line and "just created" in line for line in warned), warned


# -- one job per engine slot -------------------------------------------------------------------------


async def test_only_the_job_being_drawn_is_running_and_spends_a_try(serve) -> None:
    client = await serve(telegram=False, shutdown_grace_seconds=0, **SLOW)
    for kid in ("first", "second"):
        _, answer, _ = await skill(client, payload(f"{kid}: 오늘은 맑았다", user=kid))
        assert answer["template"]["outputs"], answer

    def jobs() -> Any:
        return rows(client, "SELECT state, attempts FROM jobs ORDER BY id")

    await eventually(jobs, lambda found: found[0]["state"] == "running")
    await client.close()  # the bot goes down mid-drawing: the drawing goes back to the queue
    assert jobs_in(client) == [("queued", 1), ("queued", 0)]

    # A start with diaries waiting: only the one the engine draws is running, the other waits without a try.
    client = await serve(telegram=False, **SLOW)
    await eventually(jobs, lambda found: found[0]["state"] == "running")
    for _ in range(10):
        assert [(row["state"], row["attempts"]) for row in await jobs()] == [("running", 2), ("queued", 0)]
        await asyncio.sleep(0.05)
    await eventually(jobs, lambda found: [row["state"] for row in found] == ["done", "done"], timeout=120)
    assert [row["attempts"] for row in await jobs()] == [2, 1]


def jobs_in(client: TestClient) -> list[tuple[str, int]]:
    """(state, attempts) of each job of a server that has stopped, read from its database file."""
    with sqlite3.connect(client.app[CORE].settings.database_path) as connection:
        return connection.execute("SELECT state, attempts FROM jobs ORDER BY id").fetchall()


# -- diaries kept but not drawn ----------------------------------------------------------------------


async def test_diaries_kept_but_not_drawn_are_capped_with_a_kind_answer(serve) -> None:
    client = await serve(telegram=False, max_waiting_per_child=1, max_kept_per_child=2, **SLOW)
    answers = []
    for n in range(4):
        _, answer, _ = await skill(client, payload(f"오늘 {n}번째로 쓴 일기"))
        answers.append(texts(answer))
    assert messages.waiting_limit(1) in answers[1]
    assert messages.waiting_limit(1) in answers[2]
    assert answers[3] == messages.KEPT_FULL
    assert await entry_texts(client) == [f"오늘 {n}번째로 쓴 일기" for n in range(3)]
    # A child in distress is always heard and kept.
    _, answer, _ = await skill(client, payload("죽고 싶다"))
    assert outputs(answer)[0]["textCard"]["description"] == messages.DISTRESS
    assert (await entry_texts(client))[-1] == "죽고 싶다"


# -- deleting cancels what is pending ----------------------------------------------------------------


async def test_deleting_a_queued_diary_stops_kakaos_late_note(serve, kakao: KakaoStub) -> None:
    client = await serve(
        telegram=False, kakao_callback_seconds=0.4, kakao_callback_prefixes=[f"{kakao.base_url}/"], **SLOW
    )
    _, answer, _ = await skill(client, payload("오늘 수영장에 갔다", callback=kakao.callback_url("gone")))
    assert answer["useCallback"] is True
    _, answer, _ = await skill(client, payload("기록 삭제 확인"))
    assert texts(answer) == messages.FORGET_DONE
    await asyncio.sleep(1.0)
    assert kakao.callbacks("gone") == [], "no note after the child was told everything is gone"


async def test_deleting_stops_kakaos_late_note_even_on_its_way(serve, kakao: KakaoStub) -> None:
    kakao.callback_seconds = 1.5  # Kakao takes its time to take the note
    client = await serve(
        telegram=False, kakao_callback_seconds=0.3, kakao_callback_prefixes=[f"{kakao.base_url}/"], **SLOW
    )
    await skill(client, payload("오늘 수영장에 갔다", callback=kakao.callback_url("late")))
    await kakao.wait_for(lambda: kakao.arrived)  # the late note is on its way
    _, answer, _ = await skill(client, payload("기록 삭제 확인"))
    assert texts(answer) == messages.FORGET_DONE
    await asyncio.sleep(2.0)
    assert kakao.callbacks("late") == [], "the note was stopped before Kakao took it"
    assert [texts(post.body) for post in kakao.aborted] == [messages.KAKAO_LATE]


async def test_deleting_on_kakao_never_shows_the_drawings_it_deleted(serve) -> None:
    client = await serve(telegram=False)
    await skill(client, payload("오늘 할아버지랑 낚시를 했다"))
    await done(client, 1)  # drawn while no callback waited: it would come with the next message
    _, answer, _ = await skill(client, payload("기록 삭제 확인"))
    assert [list(output) for output in outputs(answer)] == [["simpleText"]]
    assert texts(answer) == messages.FORGET_DONE


async def test_deleting_stops_a_photo_still_uploading(serve, stub: BotApiStub) -> None:
    stub.delays = {"sendPhoto": 2.0}
    client = await serve()
    stub.text(ANNA, "오늘 동물원에서 기린을 봤다")
    await stub.wait_for(lambda: "sendPhoto" in stub.arrived, timeout=60)
    stub.press(ANNA, "forget:self")
    await stub.wait_for(lambda: messages.FORGET_DONE in chat_texts(stub, ANNA))
    await asyncio.sleep(2.5)
    assert stub.sent("sendPhoto", ANNA) == [], "the photo was on its way: it never arrives after '지웠어'"
    assert [call.method for call in stub.calls if call.method.startswith("sendPhoto")] == ["sendPhoto:aborted"]
    assert list(Path(client.app[CORE].settings.drawings_dir).glob("*.png")) == []


# -- drawing addresses -------------------------------------------------------------------------------


async def test_a_drawing_address_works_for_its_days_only_and_an_id_alone_is_not_enough(serve) -> None:
    clock = FixedClock(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    client = await serve(telegram=False, clock=clock, image_url_days=3)
    await skill(client, payload("강아지랑 산책했다"))
    await done(client, 1)
    _, answer, _ = await skill(client, payload("내 그림"))
    url = outputs(answer)[0]["simpleImage"]["imageUrl"]
    path = url.split(str(client.server.port), 1)[1]
    assert re.fullmatch(r"/images/[A-Za-z0-9_-]+\.png\?until=20261207&sig=[A-Za-z0-9_-]{24}", path), path
    assert (await client.get(path)).status == 200

    bare = path.split("?", 1)[0]
    assert (await client.get(bare)).status == 404, "an id seen on an album page fetches nothing"
    assert (await client.get(path.replace("until=20261207", "until=20991231"))).status == 404
    assert (await client.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB"))).status == 404

    clock.advance(days=3)
    assert (await client.get(path)).status == 200, "through its last day"
    clock.advance(days=1)
    assert (await client.get(path)).status == 404
    _, answer, _ = await skill(client, payload("내 그림"))
    fresh = outputs(answer)[0]["simpleImage"]["imageUrl"].split(str(client.server.port), 1)[1]
    assert (await client.get(fresh)).status == 200, "each hand-over gives a fresh address"


async def test_album_images_are_served_only_through_their_album(serve, stub: BotApiStub) -> None:
    client = await serve()
    await write_and_wait(stub, ANNA, ["엄마랑 김밥을 쌌다"])
    stub.text(ANNA, "/parent")
    await stub.wait_for(lambda: any(CODE.search(text) for text in chat_texts(stub, ANNA)))
    code = next(match.group(1) for text in chat_texts(stub, ANNA) if (match := CODE.search(text)))
    mom = 940
    stub.text(mom, f"/link {code} 안나")
    await stub.wait_for(lambda: len(chat_texts(stub, mom)) >= 1)
    stub.text(mom, "/album")
    await stub.wait_for(lambda: any("/albums/" in text for text in chat_texts(stub, mom)), timeout=60)
    page = next(text for text in chat_texts(stub, mom) if "/albums/" in text)
    page_path = re.search(r"/albums/[A-Za-z0-9_-]+", page)
    assert page_path
    html = await (await client.get(page_path.group(0))).text()
    image = re.search(r'src="(/albums/[^"]+/([A-Za-z0-9_-]+)\.png)"', html)
    assert image
    assert (await client.get(image.group(1))).status == 200
    assert (await client.get(f"/images/{image.group(2)}.png")).status == 404

    stub.text(mom, "/unlink 1")
    await stub.wait_for(lambda: messages.unlinked("안나") in chat_texts(stub, mom))
    assert (await client.get(image.group(1))).status == 404, "unlinked: the album is gone"
    assert (await client.get(f"/images/{image.group(2)}.png")).status == 404
