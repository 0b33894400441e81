"""Parent links and weekly albums through the real transports (Telegram stand-in, Kakao skill calls)."""

import io
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot import messages
from bot.app import CORE
from bot.messages import links
from storage.records import Platform
from tests.support.browser import Browser, chromium_path
from tests.support.fakes import FixedClock
from tests.support.kakao_helpers import outputs, payload, skill
from tests.support.kakao_stub import KakaoStub
from tests.support.server import eventually
from tests.support.telegram_helpers import CODE, code_for, say, texts, write_and_wait
from tests.support.telegram_stub import BotApiStub

KID, MOM = 401, 402
OTHER_KID, OTHER_DAD = 501, 502

# A link's day is the parent's, in the bot's time zone (Asia/Seoul by default), not UTC's.
SEOUL = ZoneInfo("Asia/Seoul")


def today() -> str:
    return datetime.now(SEOUL).strftime("%m/%d")


async def test_link_with_good_wrong_reused_and_own_codes(serve, stub: BotApiStub) -> None:
    client = await serve()
    code = await code_for(stub, KID)
    # Ten digits in groups, to read aloud: `428 913 5072`.
    assert [len(group) for group in code.split(" ")] == [3, 3, 4]
    assert code.replace(" ", "").isdigit()
    assert await say(stub, MOM, "/link WRONG234") == messages.LINK_INVALID
    assert await say(stub, KID, f"/link {code}") == messages.LINK_OWN
    reply = await say(stub, MOM, f"/link {code.replace(' ', '-')} 민지")  # typed with dashes: the same code
    assert reply == messages.linked_parent("민지", "일요일", "19:00")
    await stub.wait_for(lambda: messages.LINKED_CHILD in texts(stub, KID))
    assert await say(stub, MOM, f"/link {code}") == messages.link_expired(30), "a code is used once"
    assert await say(stub, MOM, "/children") == messages.children_list([("민지", today())])
    assert await say(stub, KID, "/children") == messages.PARENTS_ONLY  # a child, in a child's words
    # The code is stored only as a keyed hash: its text is nowhere in the database.
    database = client.app[CORE].settings.database_path
    for file in database.parent.glob("crayon.sqlite3*"):
        assert code.encode() not in file.read_bytes()
        assert code.replace(" ", "").encode() not in file.read_bytes()


async def test_an_expired_code_and_too_many_wrong_codes(serve, stub: BotApiStub) -> None:
    clock = FixedClock(datetime.now(UTC))
    await serve(clock=clock)
    code = await code_for(stub, KID)
    clock.advance(minutes=31)
    assert await say(stub, MOM, f"/link {code}") == messages.link_expired(30)
    fresh = await code_for(stub, KID)
    for attempt in range(5):
        assert await say(stub, OTHER_DAD, f"/link BADCODE{attempt}") == messages.LINK_INVALID
    assert await say(stub, OTHER_DAD, f"/link {fresh}") == messages.LINK_TOO_MANY
    clock.advance(minutes=16)
    assert (await say(stub, OTHER_DAD, f"/link {fresh}")).startswith("아이 1과 연결되었어요")


async def test_either_side_can_unlink(serve, stub: BotApiStub) -> None:
    await serve()
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    assert await say(stub, MOM, "/unlink") == messages.unlinked("민지")
    await stub.wait_for(lambda: messages.UNLINKED_BY_PARENT in texts(stub, KID))
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    assert await say(stub, KID, "/unlink") == messages.UNLINKED_CHILD
    await stub.wait_for(lambda: messages.unlinked_other_side("민지") in texts(stub, MOM))
    assert await say(stub, MOM, "/unlink") == messages.NOT_LINKED


async def album_link(stub: BotApiStub, parent: int) -> str:
    found = [text for text in texts(stub, parent) if "/albums/" in text]
    assert found
    return found[-1].rsplit("\n", 1)[1]


async def test_album_on_demand_and_the_web_page(serve, stub: BotApiStub, tmp_path: Path) -> None:
    client = await serve()
    diaries = ["놀이터에서 그네를 탔다 <b>신났다</b>", "비가 와서 & 집에만 있었다"]
    await write_and_wait(stub, KID, diaries)
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    stub.text(MOM, "/album")
    await stub.wait_for(lambda: any("/albums/" in text for text in texts(stub, MOM)), timeout=60)

    collage = stub.sent("sendPhoto", MOM)[0]
    assert collage.params["caption"].startswith("민지의 그림일기 · ")
    assert re.search(r"(행복|슬픔) \d일", collage.params["caption"])
    with Image.open(io.BytesIO(collage.files["photo"])) as image:
        assert image.width == 1080
    group = stub.sent("sendMediaGroup", MOM)[0].params["media"]
    assert len(group) == 2
    assert [item["caption"].split("\n", 1)[1] for item in group] == diaries
    assert all(item["media"].startswith("file-") for item in group), "re-sent by Telegram file id"

    url = await album_link(stub, MOM)
    path = url.split(str(client.server.port), 1)[1]
    page = await client.get(path)
    assert page.status == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "no-store" in page.headers["Cache-Control"]
    html = await page.text()
    assert "놀이터에서 그네를 탔다 &lt;b&gt;신났다&lt;/b&gt;" in html
    assert "비가 와서 &amp; 집에만 있었다" in html
    assert "http" not in html.split("<body>", 1)[1], "no external assets"
    images = re.findall(r'src="([^"]+)"', html)
    assert len(images) == 2
    for source in images:
        response = await client.get(source)
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/png"
    collage_png = await client.get(f"{path}/collage.png")
    assert collage_png.status == 200
    assert (await client.get(f"{path[:-4]}nope")).status == 404


def _album_paths(stub: BotApiStub, port: int) -> list[str]:
    return [text.rsplit("\n", 1)[1].split(str(port), 1)[1] for text in texts(stub, MOM) if "/albums/" in text]


async def test_album_again_gives_a_fresh_address_and_an_old_one_says_how(serve, stub: BotApiStub) -> None:
    clock = FixedClock(datetime.now(UTC))
    client = await serve(clock=clock)
    port = client.server.port
    await write_and_wait(stub, KID, ["놀이터에서 그네를 탔다"])
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    stub.text(MOM, "/album")
    await stub.wait_for(lambda: len(_album_paths(stub, port)) == 1, timeout=60)
    clock.advance(minutes=1)
    stub.text(MOM, "앨범")
    await stub.wait_for(lambda: len(_album_paths(stub, port)) == 2, timeout=60)
    first, second = _album_paths(stub, port)
    assert first != second
    # The tiny profile's drawings are a practice preview, and the album says so everywhere it is shown.
    captions = [call.params["caption"] for call in stub.sent("sendPhoto", MOM)]
    assert sum(messages.ALBUM_PREVIEW in caption for caption in captions) == 2, "on each collage, not each drawing"
    assert messages.ALBUM_PREVIEW in await (await client.get(second)).text()

    assert (await client.get(first)).status == 200
    assert (await client.get(f"{second}/collage.png")).status == 200

    clock.advance(days=14)  # the first address is 14 days and a minute old, the second 14 days
    old = await client.get(first)
    assert old.status == 404
    page = await old.text()
    assert "<title>이 앨범 주소는 이제 열리지 않아요</title>" in page
    assert "새 주소를 받으려면 크레용 일기에 보내 주세요: /album" in page
    assert "<style>" in page
    assert "no-store" in old.headers["Cache-Control"]
    assert (await client.get(second)).status == 404

    unknown = await client.get("/albums/" + "x" * 32)
    assert unknown.status == 404
    assert "카카오톡은 '앨범', 텔레그램은 /album" in await unknown.text()


@pytest.mark.slow
@pytest.mark.skipif(chromium_path() is None, reason="needs Chromium (.ci/run installs Debian's chromium)")
async def test_the_album_page_renders_in_a_real_browser(serve, stub: BotApiStub, tmp_path: Path) -> None:
    client = await serve()
    await write_and_wait(stub, KID, ["오늘 강아지랑 공원에서 뛰어놀았다", "받아쓰기 시험에서 100점을 받았다!"])
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    stub.text(MOM, "/album")
    await stub.wait_for(lambda: any("/albums/" in text for text in texts(stub, MOM)), timeout=60)
    url = await album_link(stub, MOM)
    shot = tmp_path / "album.png"
    async with Browser(width=412) as browser:
        report = await browser.open(url)
        png = await browser.screenshot(shot)
    assert report["title"] == "민지의 그림일기"
    assert report["images"] == 2
    assert report["loaded"] == 2, "every drawing rendered"
    assert "받아쓰기 시험에서 100점을 받았다!" in report["text"]
    assert report["scrollWidth"] <= report["viewportWidth"], "nothing wider than a phone"
    with Image.open(io.BytesIO(png)) as image:
        assert image.width == 412
        assert image.height > 900
    (Path(client.app[CORE].settings.data_dir) / "album-screenshot.png").write_bytes(png)


async def test_one_family_cannot_reach_another(serve, stub: BotApiStub) -> None:
    client = await serve()
    await write_and_wait(stub, KID, ["우리 집에서 가족이랑 놀았다"])
    await write_and_wait(stub, OTHER_KID, ["다른 집 비밀 이야기"])
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    await say(stub, OTHER_DAD, f"/link {await code_for(stub, OTHER_KID)} 준호")
    stub.text(MOM, "/album")
    await stub.wait_for(lambda: any("/albums/" in text for text in texts(stub, MOM)), timeout=60)
    mom_album = stub.sent("sendMediaGroup", MOM) + stub.sent("sendPhoto", MOM)
    sent_text = " ".join(str(call.params) for call in mom_album)
    assert "우리 집에서 가족이랑 놀았다" in sent_text
    assert "다른 집 비밀 이야기" not in sent_text
    assert await say(stub, MOM, "/children") == messages.children_list([("민지", today())])

    url = await album_link(stub, MOM)
    path = url.split(str(client.server.port), 1)[1]
    core = client.app[CORE]
    other_drawing = (await core.diaries.recent_drawings((await core.services.diaries.user(_sender(OTHER_KID))).id, 1))[
        0
    ]
    assert (await client.get(f"{path}/{other_drawing.public_id}.png")).status == 404
    html = await (await client.get(path)).text()
    assert "다른 집 비밀 이야기" not in html
    # After unlinking, the old address shows nothing.
    await say(stub, MOM, "/unlink")
    assert (await client.get(path)).status == 404
    assert await say(stub, MOM, "/album") == messages.ALBUM_NONE_LINKED


def _sender(chat: int) -> Any:
    from storage.records import Contact

    return Contact(Platform.TELEGRAM, str(chat), str(chat))


async def test_a_week_without_drawings_gets_a_gentle_note(serve, stub: BotApiStub) -> None:
    await serve()
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    reply = await say(stub, MOM, "/album last")
    assert reply.startswith("민지의 ")
    assert "아직 그림일기가 없어요" in reply
    assert stub.sent("sendPhoto", MOM) == []


async def test_remind_commands_in_telegram(serve, stub: BotApiStub) -> None:
    await serve()
    assert await say(stub, KID, "/remind") == messages.remind_shown("20:30", True, "/remind 저녁 7시", "/remind 끄기")
    assert await say(stub, KID, "/remind 19:00") == messages.remind_set("19:00")
    assert await say(stub, KID, "/remind 끄기") == messages.remind_off("/remind 저녁 7시")
    assert await say(stub, KID, "/remind 늦게") == messages.remind_usage("/remind 저녁 7시", "/remind 끄기")
    # In words, as children write times: 1 to 11 is the evening, and the answer says it so.
    assert (
        await say(stub, KID, "알림 7시 반")
        == messages.remind_set("19:30")
        == ("좋아! 일기를 안 쓴 날에는 저녁 7시 반에 살짝 알려 줄게 ⏰")
    )
    assert await say(stub, KID, "알림 꺼 줘") == messages.remind_off("/remind 저녁 7시")
    assert await say(stub, KID, "/remind 03:00") == messages.remind_night("/remind 저녁 7시")
    assert await say(stub, KID, "/remind") == messages.remind_shown("19:30", False, "/remind 저녁 7시", "/remind 끄기")


async def test_kakao_parents_link_and_see_an_album_card(serve, stub: BotApiStub, kakao: KakaoStub) -> None:
    client = await serve(telegram=False)
    await skill(client, payload("오늘 친구랑 놀았다", user="kakao-kid"))
    await eventually(lambda: client.app[CORE].queue.counts(), lambda counts: counts["done"] == 1, timeout=30)
    _, answer, _ = await skill(client, payload("부모 연결", user="kakao-kid"))
    code = CODE.search(outputs(answer)[-1]["simpleText"]["text"])
    assert code
    _, answer, _ = await skill(client, payload(f"연결 {code.group(1)} 하늘", user="kakao-mom"))
    # On Kakao the album is named as a parent there sends it: in words, never a slash command.
    assert outputs(answer)[0]["simpleText"]["text"] == messages.linked_parent("하늘", "일요일", "19:00", "'앨범'")
    _, answer, _ = await skill(client, payload("앨범", user="kakao-mom"))
    card = outputs(answer)[0]["basicCard"]
    assert card["title"].startswith("하늘의 그림일기")
    page = card["buttons"][0]["webLinkUrl"]
    port = str(client.server.port)
    assert (await client.get(page.split(port, 1)[1])).status == 200
    collage = await client.get(card["thumbnail"]["imageUrl"].split(port, 1)[1])
    assert collage.status == 200
    assert collage.headers["Content-Type"] == "image/png"
    # A parent's own drawing waiting for their next message comes beside the album, not instead of it.
    await skill(client, payload("오늘 회사에서 동료랑 점심 먹었다", user="kakao-mom"))
    await eventually(lambda: client.app[CORE].queue.counts(), lambda counts: counts["done"] == 2, timeout=30)
    _, answer, _ = await skill(client, payload("앨범", user="kakao-mom"))
    kinds = [next(iter(output)) for output in outputs(answer)]
    assert "simpleImage" in kinds
    assert "basicCard" in kinds
    assert len(kinds) <= 3


async def test_scheduled_album_reaches_a_kakao_parent_through_the_event_api(serve, kakao: KakaoStub) -> None:
    clock = FixedClock(datetime.now(UTC))
    client = await serve(
        telegram=False,
        kakao_rest_api_key="rest-key",
        kakao_bot_id="bot-1",
        kakao_event_host=kakao.base_url,
        clock=clock,
    )
    await skill(client, payload("바다에 갔다", user="kakao-kid"))
    await eventually(lambda: client.app[CORE].queue.counts(), lambda counts: counts["done"] == 1, timeout=30)
    _, answer, _ = await skill(client, payload("부모 연결", user="kakao-kid"))
    code = CODE.search(outputs(answer)[-1]["simpleText"]["text"])
    assert code
    await skill(client, payload(f"연결 {code.group(1)}", user="kakao-mom"))
    sent = await client.app[CORE].services.albums.send_due(every_link_now=True)
    assert sent == 1
    event = kakao.events()[-1].body
    assert event["user"] == [{"type": "botUserKey", "id": "kakao-mom"}]
    assert event["event"]["data"]["albumUrl"].startswith(f"http://127.0.0.1:{client.server.port}/albums/")
    assert event["event"]["data"]["imageUrl"].endswith("/collage.png")
    assert "아이 1의 그림일기" in event["event"]["data"]["text"]
    path = event["event"]["data"]["albumUrl"].split(str(client.server.port), 1)[1]
    assert (await client.get(path)).status == 200
    clock.advance(days=15)
    old = await client.get(path)
    assert old.status == 404
    assert "새 주소를 받으려면 크레용 일기에 보내 주세요: '앨범'" in await old.text()


def rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


async def test_the_scheduler_runs_inside_serve(serve, stub: BotApiStub) -> None:
    client = await serve()
    health = await (await client.get("/healthz")).json()
    assert health["scheduler"] == {"running": True}
    assert timedelta(0) <= timedelta(seconds=1)


async def test_wrong_codes_count_per_parent_and_per_platform_and_forgetting_resets_nothing(
    serve, stub: BotApiStub
) -> None:
    await serve(link_max_failures=2, link_max_failures_per_platform=4)
    for attempt in range(2):
        assert await say(stub, OTHER_DAD, f"/link WRONG{attempt}") == messages.LINK_INVALID
    assert await say(stub, OTHER_DAD, "/link WRONG9") == messages.LINK_TOO_MANY
    # Deleting the account and coming back is not a fresh start.
    await say(stub, OTHER_DAD, "/forget confirm")
    assert await say(stub, OTHER_DAD, "/link WRONG8") == messages.LINK_TOO_MANY
    # Fresh ids share the platform's limit: two more wrong codes, then a fresh id's guess is refused
    # (and counts against it), while a parent who never guessed wrong still links with a right code.
    assert await say(stub, 9001, "/link WRONG7") == messages.LINK_INVALID
    assert await say(stub, 9002, "/link WRONG6") == messages.LINK_INVALID
    code = await code_for(stub, KID)
    assert await say(stub, 9003, "/link WRONG5") == messages.LINK_TOO_MANY
    assert await say(stub, 9003, f"/link {code}") == messages.LINK_TOO_MANY
    assert (await say(stub, MOM, f"/link {code} 민지")).startswith("민지")


async def test_a_kakao_parent_reads_link_texts_in_words(serve, stub: BotApiStub) -> None:
    client = await serve(telegram=False)
    _, none, _ = await skill(client, payload("내 아이", user="kakao-new-mom"))
    text = outputs(none)[-1]["simpleText"]["text"]
    assert text == links.no_children("'연결 코드'", "'부모 연결'")
    _, wrong, _ = await skill(client, payload("연결 123 456 7890 하늘", user="kakao-new-mom"))
    assert outputs(wrong)[-1]["simpleText"]["text"] == links.link_invalid("'연결 428 913 5072'")
    for answer in (none, wrong):
        assert "/" not in outputs(answer)[-1]["simpleText"]["text"]
