"""Kakao skill calls in Kakao's documented format against the real aiohttp application, tiny profile."""

import asyncio
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from PIL import Image

from bot import messages
from bot.app import CORE
from bot.domain import CommandName
from bot.errors import RecipientUnreachable
from bot.messages import talk
from bot.transports.kakao import SECRET_HEADER
from bot.transports.kakao_events import KakaoEventClient
from bot.transports.kakao_payload import callback_url_allowed
from bot.usecases.commands import (
    AGAIN_LABEL,
    COMMANDS,
    HELP_LABEL,
    MY_DRAWINGS_LABEL,
    OTHER_MOOD_LABEL,
    WORDS_HELP,
)
from bot.usecases.diary_page import HEIGHT as PAGE_HEIGHT
from bot.usecases.diary_page import WIDTH as PAGE_WIDTH
from tests.support.kakao_helpers import TEST_SKILL_SECRET, labels, outputs, payload, skill, skill_path, texts
from tests.support.kakao_stub import KakaoStub
from tests.support.server import entry_texts
from tests.support.sqlite_refusal import refuse_writes

KID = "kakao-kid-1"
DIARY = "강아지가 꼬리를 흔들었다"
KAKAO_CALLBACKS = ["https://bot-api.kakao.com/"]


@pytest.fixture
def serve(serve, kakao: KakaoStub):
    """The server without Telegram (unless asked), whose callbacks may go to the local Kakao stand-in."""

    async def start(*, telegram: bool = False, **overrides: Any) -> TestClient:
        overrides.setdefault("kakao_callback_prefixes", [f"{kakao.base_url}/"])
        return await serve(telegram=telegram, **overrides)

    return start


async def until(check: Callable[[], Any], timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not await check():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.05)


async def jobs_done(client: TestClient, count: int = 1) -> bool:
    return (await client.app[CORE].queue.counts())["done"] >= count


async def fetch_png(client: TestClient, url: str) -> Image.Image:
    path = url.split(str(client.server.port), 1)[1]
    response = await client.get(path)
    assert response.status == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Cache-Control"] == "private, no-store"
    image = Image.open(io.BytesIO(await response.read()))
    image.load()
    return image


async def test_callback_answers_at_once_then_brings_the_drawing_once(serve, kakao: KakaoStub) -> None:
    client = await serve()
    status, answer, elapsed = await skill(client, payload(DIARY, callback=kakao.callback_url("t1")))
    assert status == 200
    assert elapsed < 1.0
    assert answer == {"version": "2.0", "useCallback": True, "data": {"text": messages.acknowledgement(0)}}
    await kakao.wait_for(lambda: kakao.callbacks("t1"))
    drawn = kakao.callbacks("t1")[0].body
    assert drawn["version"] == "2.0"
    image, caption = outputs(drawn)
    assert image["simpleImage"]["imageUrl"].startswith(f"http://127.0.0.1:{client.server.port}/images/")
    assert image["simpleImage"]["altText"].endswith("기분으로 그린 일기 그림")
    assert "기분으로 그렸어" in caption["simpleText"]["text"]
    assert labels(drawn) == [AGAIN_LABEL, OTHER_MOOD_LABEL, MY_DRAWINGS_LABEL, HELP_LABEL]
    assert all(len(label) <= 14 for label in labels(drawn)), "Kakao's limit for a quick reply's label"
    png = await fetch_png(client, image["simpleImage"]["imageUrl"])
    assert png.size == (PAGE_WIDTH, PAGE_HEIGHT), "the 그림일기 page by default"
    await asyncio.sleep(0.5)
    assert len(kakao.callbacks("t1")) == 1, "a callback URL is used once"
    # Delivered: the next message brings nothing old again.
    _, later, _ = await skill(client, payload("도움말"))
    assert [list(output) for output in outputs(later)] == [["simpleText"]]


async def test_the_answer_comes_within_a_second_while_the_worker_is_busy(serve, kakao: KakaoStub) -> None:
    client = await serve(num_inference_steps=40, height=384, width=384)
    await skill(client, payload("오늘은 바빴다", user="busy-kid"))
    await until(lambda: _running(client))
    timings = []
    for n in range(5):
        status, answer, elapsed = await skill(
            client, payload(f"{DIARY} {n}", user=f"kid-{n}", callback=kakao.callback_url(f"b{n}"))
        )
        assert status == 200
        assert answer["useCallback"] is True
        timings.append(elapsed)
    assert max(timings) < 1.0, timings
    assert await _running(client), "the worker was busy the whole time"


async def _running(client: TestClient) -> bool:
    return (await client.app[CORE].queue.counts())["running"] == 1


async def test_without_a_callback_the_next_message_brings_the_drawing(serve, kakao: KakaoStub) -> None:
    client = await serve()
    status, answer, _ = await skill(client, payload(DIARY))
    assert status == 200
    assert texts(answer) == messages.acknowledgement(0) + "\n" + messages.KAKAO_NEXT_MESSAGE
    await until(lambda: jobs_done(client))
    _, answer, _ = await skill(client, payload("/style 슬픔"))
    first, second = outputs(answer)
    assert "simpleImage" in first
    assert "기분으로 그렸어" in second["simpleText"]["text"]
    assert messages.style_set("sadness") in second["simpleText"]["text"]
    assert labels(answer) == [AGAIN_LABEL, OTHER_MOOD_LABEL, MY_DRAWINGS_LABEL, HELP_LABEL]
    await fetch_png(client, first["simpleImage"]["imageUrl"])
    _, answer, _ = await skill(client, payload("도움말"))
    assert texts(answer) == WORDS_HELP
    assert kakao.posts == []


async def test_several_ready_drawings_come_as_one_carousel(serve) -> None:
    client = await serve()
    for text in (DIARY, "비가 와서 슬펐다", "놀이터에서 놀았다"):
        await skill(client, payload(text))
    await until(lambda: jobs_done(client, 3))
    _, answer, _ = await skill(client, payload("시작"))
    carousel, closing = outputs(answer)
    cards = carousel["carousel"]["items"]
    assert carousel["carousel"]["type"] == "basicCard"
    assert len(cards) == 3
    for card in cards:
        assert card["thumbnail"]["fixedRatio"] is True
        await fetch_png(client, card["thumbnail"]["imageUrl"])
    assert closing["simpleText"]["text"] == KAKAO_WELCOME


async def test_a_slow_drawing_uses_the_callback_for_a_kind_note_then_comes_next_time(serve, kakao: KakaoStub) -> None:
    client = await serve(kakao_callback_seconds=0.3, num_inference_steps=30, height=384, width=384)
    _, answer, _ = await skill(client, payload(DIARY, callback=kakao.callback_url("slow")))
    assert answer["useCallback"] is True
    await kakao.wait_for(lambda: kakao.callbacks("slow"))
    assert texts(kakao.callbacks("slow")[0].body) == messages.KAKAO_LATE
    await until(lambda: jobs_done(client))
    _, answer, _ = await skill(client, payload("내 그림"))
    assert "simpleImage" in outputs(answer)[0]
    await asyncio.sleep(0.3)
    assert len(kakao.callbacks("slow")) == 1


async def test_a_refused_callback_falls_back_to_the_next_message(serve, kakao: KakaoStub) -> None:
    kakao.callback_status = "FAIL"
    kakao.callback_http_status = 400
    client = await serve()
    await skill(client, payload(DIARY, callback=kakao.callback_url("refused")))
    await kakao.wait_for(lambda: kakao.callbacks("refused"))
    await until(lambda: jobs_done(client))
    _, answer, _ = await skill(client, payload("도움말"))
    assert "simpleImage" in outputs(answer)[0]


async def test_a_callback_to_another_host_is_never_called(serve, kakao: KakaoStub) -> None:
    client = await serve()
    _, answer, _ = await skill(client, payload(DIARY, callback="https://evil.example.org/steal"))
    assert "useCallback" not in answer
    assert messages.KAKAO_NEXT_MESSAGE in texts(answer)


KAKAO_WELCOME = messages.welcome("'기분 행복'", "'내 그림'", "'도움말'")
WORD_MOODS = ["'기분 행복'", "'기분 슬픔'", "'기분 자동'"]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://bot-api.kakao.com/v1/bots/5ae9b76d7409b11ec845b746!/callback/-damddEwVMRHufi6uUr63", True),
        ("https://BOT-API.Kakao.com/v1/bots/abc/callback/xyz", True),
        ("http://bot-api.kakao.com/v1/bots/abc/callback/xyz", False),
        ("https://bot-api.kakao.com.evil.example/v1/bots/abc/callback/xyz", False),
        ("https://bot-api.kakao.com:444/v1/bots/abc/callback/xyz", False),
        ("https://user:pass@bot-api.kakao.com/v1/bots/abc/callback/xyz", False),
        ("https://bot-api.kakao.com@evil.example/v1/bots/abc/callback/xyz", False),
        ("https://bot-api.kakao.com\\@evil.example/x", False),
        ("https://evil.example/?u=https://bot-api.kakao.com/", False),
        ("https://callback.kakaoenterprise.com/x", False),
        ("https://kakao.com/x", False),
        ("http://127.0.0.1:9/x", False),
        ("http://localhost:9/x", False),
        ("http://[::1]:9/x", False),
        ("file:///etc/passwd", False),
        ("https://169.254.169.254/latest", False),
        ("", False),
    ],
)
def test_callback_urls_with_the_default_prefixes(make_settings, url: str, allowed: bool) -> None:
    prefixes = make_settings().kakao_callback_prefixes
    assert prefixes == KAKAO_CALLBACKS
    assert callback_url_allowed(url, prefixes) is allowed


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://bot-api.kakao.com/v1/bots/abc/callback/xyz", True),
        ("https://bot-api.kakao.com/v2/bots/abc/talk", False),
        ("https://bot-api.kakao.com/v1/botsevil/x", False),
        ("https://bot-api.kakao.com/v1/bots/../../v2/bots/abc/talk", False),
        ("https://bot-api.kakao.com/v1/bots/%2e%2e/%2e%2e/v2/bots/abc/talk", False),
        ("http://127.0.0.1:8081/callback/t", True),
        ("http://127.0.0.1:8082/callback/t", False),
    ],
)
def test_callback_urls_with_path_prefixes(url: str, allowed: bool) -> None:
    prefixes = ["https://bot-api.kakao.com/v1/bots/", "http://127.0.0.1:8081/"]
    assert callback_url_allowed(url, prefixes) is allowed


def test_the_kakao_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, make_settings) -> None:
    monkeypatch.setenv("CRAYON_KAKAO_CALLBACK_PREFIXES", " https://bot-api.kakao.com/ , HTTP://127.0.0.1:8081/cb/ ")
    monkeypatch.setenv("CRAYON_KAKAO_SKILL_SECRET", TEST_SKILL_SECRET)
    settings = make_settings()
    assert settings.kakao_callback_prefixes == ["https://bot-api.kakao.com/", "http://127.0.0.1:8081/cb/"]
    assert settings.kakao_skill_secret is not None
    assert settings.kakao_skill_secret.get_secret_value() == TEST_SKILL_SECRET
    assert TEST_SKILL_SECRET not in repr(settings)


@pytest.mark.parametrize(
    "prefix",
    [
        "https://bot-api.kakao.com",
        "https://bot-api.kakao.com/v1/bots",
        "bot-api.kakao.com/",
        "ftp://bot-api.kakao.com/",
        "https:///",
        "https://user@bot-api.kakao.com/",
        "https://bot-api.kakao.com/?x=/",
        "https://bot-api.kakao.com/#/",
        "",
    ],
)
def test_a_callback_prefix_must_be_scheme_host_and_slash(make_settings, prefix: str) -> None:
    with pytest.raises(ValueError, match="CRAYON_KAKAO_CALLBACK_PREFIXES"):
        make_settings(kakao_callback_prefixes=[prefix])


async def test_a_loopback_callback_is_refused_with_the_default_prefixes(serve, kakao: KakaoStub) -> None:
    client = await serve(kakao_callback_prefixes=KAKAO_CALLBACKS)
    _, answer, _ = await skill(client, payload(DIARY, callback=kakao.callback_url("loopback")))
    assert "useCallback" not in answer
    assert messages.KAKAO_NEXT_MESSAGE in texts(answer)
    await until(lambda: jobs_done(client))
    _, answer, _ = await skill(client, payload("도움말"))
    assert "simpleImage" in outputs(answer)[0]
    assert kakao.posts == [], "nothing was sent to the loopback address"


async def test_a_redirecting_callback_is_not_followed(serve, kakao: KakaoStub) -> None:
    client = await serve()
    _, answer, _ = await skill(client, payload(DIARY, callback=kakao.redirecting_url("moved")))
    assert answer["useCallback"] is True
    await kakao.wait_for(lambda: any(post.path == "/redirect/moved" for post in kakao.posts))
    await until(lambda: jobs_done(client))
    await asyncio.sleep(0.2)
    assert kakao.callbacks("moved") == [], "the 307 was not followed"
    _, answer, _ = await skill(client, payload("도움말"))
    assert "simpleImage" in outputs(answer)[0], "a 3xx is a failed callback: the next message brings the drawing"


async def test_a_retried_skill_call_makes_no_second_drawing(serve) -> None:
    client = await serve()
    await skill(client, payload(DIARY))
    _, again, _ = await skill(client, payload(DIARY))
    assert texts(again) == messages.ALREADY_RECEIVED
    core = client.app[CORE]
    assert await core.database.run(lambda db: db["entries"].count) == 1


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [
        ("/style happy", messages.style_set("happiness")),
        ("/style 행복", messages.style_set("happiness")),
        ("기분 슬픔", messages.style_set("sadness")),
        ("기분 sad", messages.style_set("sadness")),
        ("기분 자동", messages.STYLE_AUTO),
        ("/style auto", messages.STYLE_AUTO),
        ("/style 보라", messages.style_usage(None, WORD_MOODS, "보라")),
        ("/style", messages.style_usage(None, WORD_MOODS)),
        ("기분 화남", messages.style_usage(None, WORD_MOODS, "화남")),
        ("도움말", WORDS_HELP),
        ("/help", WORDS_HELP),
        ("시작", KAKAO_WELCOME),
        ("내 그림", messages.NO_DRAWINGS),
        ("다시 그리기", messages.NO_DRAWINGS),
        ("/dance", messages.unknown_command("'도움말'")),
        ("", messages.EMPTY_DIARY),
        ("가" * 2001, messages.TOO_LONG),
    ],
)
async def test_commands_as_utterances_and_quick_replies(serve, utterance: str, expected: str) -> None:
    client = await serve()
    status, answer, _ = await skill(client, payload(utterance))
    assert status == 200
    assert texts(answer) == expected
    assert len(outputs(answer)) <= 3
    assert len(labels(answer)) <= 10


async def test_quick_replies_redraw_the_latest_drawing(serve, kakao: KakaoStub) -> None:
    client = await serve()
    await skill(client, payload(DIARY, callback=kakao.callback_url("first")))
    await kakao.wait_for(lambda: kakao.callbacks("first"))
    mood = "행복" if "행복" in texts(kakao.callbacks("first")[0].body) else "슬픔"
    other = "sadness" if mood == "행복" else "happiness"
    _, answer, _ = await skill(client, payload(OTHER_MOOD_LABEL))
    assert texts(answer) == messages.redraw_started(other, 0, other_mood=True) + "\n" + messages.KAKAO_NEXT_MESSAGE
    _, again, _ = await skill(client, payload(OTHER_MOOD_LABEL))
    assert texts(again) == messages.ALREADY_RECEIVED, "a retried quick reply queues nothing new"
    await until(lambda: jobs_done(client, 2))
    _, answer, _ = await skill(client, payload("도움말"))
    assert f"{messages.mood_name(other)} 기분으로 그렸어" in texts(answer)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"[]", 400),
        (json.dumps({"bot": {"id": "bot-1"}}).encode(), 400),
        (json.dumps(payload(42)).encode(), 400),
        (json.dumps(payload(["일기"])).encode(), 400),
        (json.dumps(payload(DIARY, user="")).encode(), 400),
        (json.dumps({**payload(DIARY), "userRequest": "x"}).encode(), 400),
        (json.dumps(payload("가" * 70_000)).encode(), 413),
    ],
)
async def test_bad_requests_get_a_short_4xx(serve, body: bytes, status: int) -> None:
    client = await serve()
    got, answer, _ = await skill(client, body)
    assert got == status
    assert "error" in answer
    assert "Traceback" not in json.dumps(answer)
    assert await client.app[CORE].database.run(lambda db: db["entries"].count) == 0


async def test_a_server_without_the_secret_has_no_kakao_routes(serve) -> None:
    client = await serve(telegram=True, kakao_skill_secret=None)
    for path in ("/kakao/skill", "/kakao/x/skill", f"/kakao/{TEST_SKILL_SECRET}/skill"):
        status, _, _ = await skill(client, payload("도움말"), path, headers={SECRET_HEADER: TEST_SKILL_SECRET})
        assert status == 404, path
    assert await entry_texts(client) == []


WRONG = "wrong-secret-0123456789abcdef"


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        (f"/kakao/{TEST_SKILL_SECRET}/skill", {}, 200),
        ("/kakao/skill", {SECRET_HEADER: TEST_SKILL_SECRET}, 200),
        ("/kakao/skill", {}, 404),
        ("/kakao/skill", {SECRET_HEADER: WRONG}, 404),
        ("/kakao/skill", {SECRET_HEADER: ""}, 404),
        ("/kakao/skill", {SECRET_HEADER: TEST_SKILL_SECRET[:-1]}, 404),
        (f"/kakao/{WRONG}/skill", {}, 404),
        (f"/kakao/{TEST_SKILL_SECRET}x/skill", {}, 404),
        (f"/kakao/{TEST_SKILL_SECRET[:-1]}/skill", {}, 404),
        (f"/kakao/{WRONG}/skill", {SECRET_HEADER: TEST_SKILL_SECRET}, 404),
        ("/kakao/x/skill", {}, 404),
    ],
)
async def test_only_the_right_secret_reaches_the_skill(serve, path: str, headers: dict, status: int) -> None:
    client = await serve()
    got, answer, _ = await skill(client, payload("도움말"), path, headers=headers)
    assert got == status, answer
    if status == 200:
        assert texts(answer) == WORDS_HELP


async def test_other_methods_learn_nothing_without_the_secret(serve) -> None:
    client = await serve()
    assert (await client.get("/kakao/x/skill")).status == 404
    assert (await client.get("/kakao/skill")).status == 404
    assert (await client.get(f"/kakao/{TEST_SKILL_SECRET}/skill")).status == 405


@pytest.mark.parametrize("secret", ["s3cret", "a" * 23, "a" * 20 + "/../x", "a" * 24 + " ", "가" * 30])
def test_the_skill_secret_must_be_long_and_url_safe(make_settings, secret: str) -> None:
    with pytest.raises(ValueError, match=re.escape("secrets.token_urlsafe(32)")):
        make_settings(kakao_skill_secret=secret)


@pytest.mark.parametrize(
    ("bot_id", "status"),
    [("bot-1", 200), ("bot-1!", 200), ("bot-1!!", 403), ("bot-", 403), ("other-bot", 403), ("", 403)],
)
async def test_calls_from_the_bot_and_its_development_channel_only(serve, bot_id: str, status: int) -> None:
    client = await serve(kakao_bot_id="bot-1")
    got, answer, _ = await skill(client, payload("도움말", bot_id=bot_id))
    assert got == status, answer
    if status == 200:
        assert texts(answer) == WORDS_HELP
    else:
        assert answer == {"error": "unknown bot"}


@pytest.mark.parametrize("transfer", ["content-length", "chunked"])
async def test_a_body_in_two_tcp_segments_is_read_whole(serve, transfer: str) -> None:
    client = await serve()
    body = json.dumps(payload(DIARY, callback=None)).encode()
    if transfer == "chunked":
        framing = "Transfer-Encoding: chunked"
        half = len(body) // 2
        first = f"{half:x}\r\n".encode() + body[:half] + b"\r\n"
        rest = body[half:]
        second = f"{len(rest):x}\r\n".encode() + rest + b"\r\n0\r\n\r\n"
    else:
        framing = f"Content-Length: {len(body)}"
        first, second = body[: len(body) // 2], body[len(body) // 2 :]
    head = (
        f"POST {skill_path(client)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{framing}\r\nConnection: close\r\n\r\n"
    ).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", client.server.port)
    try:
        writer.write(head + first)
        await writer.drain()
        await asyncio.sleep(0.02)
        writer.write(second)
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
        await writer.wait_closed()
    assert response.startswith(b"HTTP/1.1 200"), response[:400]
    assert await entry_texts(client) == [DIARY]


async def test_a_chunked_body_over_64_kb_is_413(serve) -> None:
    client = await serve()
    body = json.dumps(payload("가" * 70_000)).encode()
    head = (
        f"POST {skill_path(client)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    ).encode()
    chunks = b"".join(
        f"{len(body[at : at + 8192]):x}\r\n".encode() + body[at : at + 8192] + b"\r\n"
        for at in range(0, len(body), 8192)
    )
    reader, writer = await asyncio.open_connection("127.0.0.1", client.server.port)
    try:
        writer.write(head + chunks + b"0\r\n\r\n")
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
        await writer.wait_closed()
    assert response.startswith(b"HTTP/1.1 413"), response[:400]
    assert await entry_texts(client) == []


PHOTO_URL = (
    "https://talk.kakaocdn.net/dna/bQx7Zp/btsKd2hYf3L/aB1cD2eF3gH4iJ5kL6mN7o/i_0f1e2d3c4b5a.jpg"
    "?credential=zf3biCPbmWRjbqf40YGePFLewdou7TIK&expires=1876290921&signature=W%2BlSZ2yZvmKY5OrvQ%3D"
)


def photo_payload(*, with_media: bool = True) -> dict:
    """A photo as Kakao sends it: the signed CDN address as the utterance, and params.media."""
    body = payload(PHOTO_URL)
    if with_media:
        body["userRequest"]["params"]["media"] = {"type": "image", "url": PHOTO_URL}
    return body


@pytest.mark.parametrize("with_media", [True, False])
async def test_a_photo_gets_the_write_instead_hint_and_is_never_stored(serve, with_media: bool) -> None:
    client = await serve()
    status, answer, _ = await skill(client, photo_payload(with_media=with_media))
    assert status == 200
    assert texts(answer) == messages.NOT_TEXT

    def rows_holding_the_url(db: Any) -> list[str]:
        found = []
        for table in db.table_names():
            for row in db[table].rows:
                if any(isinstance(value, str) and "kakaocdn" in value for value in row.values()):
                    found.append(table)
        return found

    core = client.app[CORE]
    assert await core.database.run(rows_holding_the_url) == []
    assert await core.database.run(lambda db: db["entries"].count) == 0
    assert (await core.queue.counts())["queued"] == 0


async def test_card_thumbnails_keep_the_whole_picture(serve) -> None:
    client = await serve()
    for text in (DIARY, "비가 와서 슬펐다"):
        await skill(client, payload(text))
    await until(lambda: jobs_done(client, 2))
    _, answer, _ = await skill(client, payload("내 그림"))
    cards = outputs(answer)[0]["carousel"]["items"]
    assert [card["thumbnail"]["fixedRatio"] for card in cards] == [True, True]
    _, answer, _ = await skill(client, payload("부모 연결"))
    code = re.search(r"코드를 알려 줘: (\d{3} \d{3} \d{4})", texts(answer))
    assert code
    await skill(client, payload(f"연결 {code.group(1)} 하늘", user="kakao-mom"))
    _, answer, _ = await skill(client, payload("앨범", user="kakao-mom"))
    thumbnail = outputs(answer)[0]["basicCard"]["thumbnail"]
    assert thumbnail["fixedRatio"] is True
    assert thumbnail["imageUrl"].endswith("/collage.png")


@pytest.mark.parametrize(
    "path",
    ["/images/unknown-but-wellformed-id.png", "/images/..%2F..%2Fcrayon.sqlite3", "/images/short.png", "/images/x"],
)
async def test_unknown_images_are_404(serve, path: str) -> None:
    client = await serve()
    assert (await client.get(path)).status == 404


async def test_event_api_sends_100_users_a_call(kakao: KakaoStub, make_settings) -> None:
    settings = make_settings(kakao_rest_api_key="rest-key", kakao_bot_id="bot-1", kakao_event_host=kakao.base_url)
    client = KakaoEventClient(settings)
    try:
        results = await client.send([f"user-{n}" for n in range(250)], {"text": "일기 쓸 시간이야"})
    finally:
        await client.close()
    assert [result.users for result in results] == [100, 100, 50]
    assert all(result.status == "SUCCESS" for result in results)
    calls = kakao.events()
    assert [post.path for post in calls] == ["/v2/bots/bot-1/talk"] * 3
    assert all(post.headers["Authorization"] == "KakaoAK rest-key" for post in calls)
    first = calls[0].body
    assert first["event"] == {"name": "crayon_message", "data": {"text": "일기 쓸 시간이야"}}
    assert first["user"][0] == {"type": "botUserKey", "id": "user-0"}
    assert len(first["user"]) == 100


async def test_event_api_refusals_say_the_user_cannot_be_reached(kakao: KakaoStub, make_settings) -> None:
    kakao.event_status = "FAIL"
    settings = make_settings(kakao_rest_api_key="rest-key", kakao_bot_id="bot-1", kakao_event_host=kakao.base_url)
    client = KakaoEventClient(settings)
    try:
        with pytest.raises(RecipientUnreachable, match="400"):
            await client.send(["user-1"])
    finally:
        await client.close()


def test_event_api_needs_its_settings(make_settings) -> None:
    with pytest.raises(ValueError, match="CRAYON_KAKAO_REST_API_KEY"):
        KakaoEventClient(make_settings())


async def test_a_flood_of_new_kakao_ids_gets_a_kind_wait_and_nothing_is_stored(serve) -> None:
    client = await serve(max_new_users_per_minute=1)
    status, answer, _ = await skill(client, payload(DIARY, user="first"))
    assert status == 200
    status, answer, _ = await skill(client, payload(DIARY, user="second"))
    assert status == 200
    assert texts(answer) == messages.TOO_MANY_NEW_FRIENDS
    users = await client.app[CORE].database.run(lambda db: [row["platform_user_id"] for row in db["users"].rows])
    assert users == ["first"]


async def test_a_failing_call_gets_a_kind_answer_not_a_bare_error(serve) -> None:
    client = await serve()
    await refuse_writes(client.app[CORE].database, "entries")
    status, answer, _ = await skill(client, payload(DIARY))
    assert status == 200
    assert texts(answer) == messages.ERROR_TRY_AGAIN


async def test_talk_is_answered_and_a_message_it_cannot_tell_is_asked_with_quick_replies(
    serve, kakao: KakaoStub
) -> None:
    client = await serve()
    _, hello, _ = await skill(client, payload("안녕~", user=KID))
    assert texts(hello) == talk.talk_answer(talk.TalkKind.GREETING, "'도움말'")
    assert "/" not in texts(hello)
    assert await entry_texts(client) == []
    _, asked, _ = await skill(client, payload("방학 시작!", user=KID))
    assert texts(asked) == talk.ASK_DRAW
    assert labels(asked)[:2] == ["그려 줘", "아니"]
    _, no, _ = await skill(client, payload("아니", user=KID))
    assert texts(no) == talk.SKIPPED
    assert await entry_texts(client) == []
    await skill(client, payload("방학 시작!!", user=KID))
    # Yes: drawn, and the drawing comes by callback as a diary's does.
    _, yes, _ = await skill(client, payload("그려 줘", user=KID, callback=kakao.callback_url("yes")))
    assert yes == {"version": "2.0", "useCallback": True, "data": {"text": messages.acknowledgement(0)}}
    await until(lambda: jobs_done(client))
    assert await entry_texts(client) == ["방학 시작!!"]
    await until(lambda: _posted(kakao, "yes"))


async def _posted(kakao: KakaoStub, token: str) -> bool:
    return bool(kakao.callbacks(token))


async def test_a_question_keeps_its_quick_replies_beside_a_drawing_that_was_waiting(serve) -> None:
    client = await serve()
    await skill(client, payload(DIARY, user=KID))  # no callback: its drawing waits for the next message
    await until(lambda: jobs_done(client))
    _, answer, _ = await skill(client, payload("방학 시작!", user=KID))
    assert any("simpleImage" in output for output in outputs(answer)), "the waiting drawing comes first"
    assert talk.ASK_DRAW in texts(answer)
    assert labels(answer)[:2] == ["그려 줘", "아니"]
    assert AGAIN_LABEL in labels(answer)
    assert len(labels(answer)) <= 10


SLASH = re.compile(r"(?<![\w/.:])/[a-z]+")
"""A slash command in a text."""
ADDRESS = re.compile(r"https?://[^\s\"'\\]+")
"""A web address, whose path is no command (a token may end in '-' before `/book-…`)."""


def every_word(answer: dict) -> str:
    """Everything a Kakao user reads in an answer: texts, cards, buttons and quick replies."""
    return json.dumps(answer, ensure_ascii=False)


async def test_no_slash_command_is_ever_shown_on_kakao(serve, kakao: KakaoStub) -> None:
    client = await serve(kakao_callback_prefixes=[f"{kakao.base_url}/"])
    await skill(client, payload(DIARY, user="kid", callback=kakao.callback_url("d")))
    await kakao.wait_for(lambda: kakao.callbacks("d"))
    shown = [every_word(kakao.callbacks("d")[0].body)]
    _, answer, _ = await skill(client, payload("부모 연결", user="kid"))
    code = re.search(r"\d{3} \d{3} \d{4}", texts(answer))
    assert code
    shown.append(every_word(answer))
    await skill(client, payload(f"연결 {code.group(0)} 민지", user="mom"))
    for spec in COMMANDS:
        forms = [*spec.slashes, *spec.words, *(f"{spec.word} 아무말" for _ in [0] if spec.word)]
        for form in forms:
            if spec.name in (CommandName.QUIT, CommandName.FORGET):
                continue  # the console's own; deleting comes last
            for user in ("kid", "mom", "stranger"):
                _, answer, _ = await skill(client, payload(form, user=user))
                shown.append(every_word(answer))
    for form in ("기록 삭제", "기록 삭제 1", "/forget 7", "기록 삭제 확인"):
        for user in ("mom", "kid"):
            _, answer, _ = await skill(client, payload(form, user=user))
            shown.append(every_word(answer))
    leaks = [text for text in shown if SLASH.search(ADDRESS.sub("", text))]
    assert leaks == []
    assert len(shown) > 100
    assert SLASH.search("이렇게 보내 줘: /help")
    assert not SLASH.search(ADDRESS.sub("", "http://127.0.0.1:8080/albums/a-/book-2026-12.pdf"))
