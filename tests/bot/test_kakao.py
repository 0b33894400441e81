"""Kakao skill calls in Kakao's documented format against the real aiohttp application, tiny profile."""

import asyncio
import io
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from PIL import Image

from bot import messages
from bot.commands import AGAIN_LABEL, MY_DRAWINGS_LABEL, OTHER_MOOD_LABEL
from bot.kakao import callback_url_allowed
from bot.kakao_events import KakaoEventClient, KakaoEventError
from bot.server import CORE
from tests.kakao_stub import KakaoStub

KID = "kakao-kid-1"
DIARY = "강아지가 꼬리를 흔들었다"


def payload(utterance: Any, *, user: str = KID, callback: str | None = None, bot_id: str = "bot-1") -> dict:
    """A SkillPayload as Kakao i Open Builder documents it."""
    user_request: dict[str, Any] = {
        "timezone": "Asia/Seoul",
        "params": {"ignoreMe": "true"},
        "block": {"id": "block-1", "name": "일기"},
        "utterance": utterance,
        "lang": None,
        "user": {"id": user, "type": "botUserKey", "properties": {"botUserKey": user, "plusfriendUserKey": "pf-1"}},
    }
    if callback:
        user_request["callbackUrl"] = callback
    return {
        "intent": {"id": "intent-1", "name": "일기"},
        "userRequest": user_request,
        "bot": {"id": bot_id, "name": "크레용 일기"},
        "action": {"name": "diary", "clientExtra": None, "params": {}, "id": "action-1", "detailParams": {}},
    }


@pytest.fixture
async def kakao() -> AsyncIterator[KakaoStub]:
    stub = KakaoStub()
    await stub.start()
    yield stub
    await stub.stop()


@pytest.fixture
def serve(serve):
    """The server without Telegram: Kakao only."""

    async def start(**overrides: Any) -> TestClient:
        return await serve(telegram=False, **overrides)

    return start


async def skill(client: TestClient, body: Any, path: str = "/kakao/skill") -> tuple[int, Any, float]:
    started = time.monotonic()
    data = body if isinstance(body, bytes) else json.dumps(body)
    response = await client.post(path, data=data, headers={"Content-Type": "application/json"})
    elapsed = time.monotonic() - started
    try:
        answer = await response.json()
    except Exception:
        answer = await response.text()
    return response.status, answer, elapsed


def outputs(answer: dict) -> list[dict]:
    return answer["template"]["outputs"]


def texts(answer: dict) -> str:
    return "\n".join(output["simpleText"]["text"] for output in outputs(answer) if "simpleText" in output)


def labels(answer: dict) -> list[str]:
    return [reply["label"] for reply in answer["template"].get("quickReplies", [])]


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
    assert "max-age" in response.headers["Cache-Control"]
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
    assert labels(drawn) == [AGAIN_LABEL, OTHER_MOOD_LABEL, MY_DRAWINGS_LABEL]
    png = await fetch_png(client, image["simpleImage"]["imageUrl"])
    assert png.size == (128, 128)
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
    assert labels(answer) == [AGAIN_LABEL, OTHER_MOOD_LABEL, MY_DRAWINGS_LABEL]
    await fetch_png(client, first["simpleImage"]["imageUrl"])
    _, answer, _ = await skill(client, payload("도움말"))
    assert texts(answer) == messages.KAKAO_HELP
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
        await fetch_png(client, card["thumbnail"]["imageUrl"])
    assert closing["simpleText"]["text"] == messages.WELCOME


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


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://bot-api.kakao.com/v1/callback/abc", True),
        ("https://callback.kakaoenterprise.com/x", True),
        ("http://bot-api.kakao.com/v1/callback/abc", False),
        ("https://kakao.com.evil.org/x", False),
        ("https://evilkakao.com/x", False),
        ("http://127.0.0.1:9/x", True),
        ("file:///etc/passwd", False),
        ("https://169.254.169.254/latest", False),
    ],
)
def test_callback_hosts(url: str, allowed: bool) -> None:
    assert callback_url_allowed(url) is allowed


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
        ("/style 보라", messages.style_usage(None, ("happiness", "sadness"))),
        ("/style", messages.style_usage(None, ("happiness", "sadness"))),
        ("도움말", messages.KAKAO_HELP),
        ("/help", messages.KAKAO_HELP),
        ("시작", messages.WELCOME),
        ("내 그림", messages.NO_DRAWINGS),
        ("다시 그리기", messages.NO_DRAWINGS),
        ("/dance", messages.UNKNOWN_COMMAND),
        ("", messages.EMPTY_DIARY),
        ("가" * 2001, messages.too_long(2000)),
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


async def test_hardening_secret_path_and_bot_id(serve) -> None:
    client = await serve(kakao_skill_secret="s3cret", kakao_bot_id="bot-1")
    assert (await skill(client, payload("도움말")))[0] == 404
    assert (await skill(client, payload("도움말"), "/kakao/wrong/skill"))[0] == 404
    assert (await skill(client, payload("도움말", bot_id="other-bot"), "/kakao/s3cret/skill"))[0] == 403
    status, answer, _ = await skill(client, payload("도움말"), "/kakao/s3cret/skill")
    assert status == 200
    assert texts(answer) == messages.KAKAO_HELP


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


async def test_event_api_errors_are_raised(kakao: KakaoStub, make_settings) -> None:
    kakao.event_status = "FAIL"
    settings = make_settings(kakao_rest_api_key="rest-key", kakao_bot_id="bot-1", kakao_event_host=kakao.base_url)
    client = KakaoEventClient(settings)
    try:
        with pytest.raises(KakaoEventError, match="400"):
            await client.send(["user-1"])
    finally:
        await client.close()


def test_event_api_needs_its_settings(make_settings) -> None:
    with pytest.raises(ValueError, match="CRAYON_KAKAO_REST_API_KEY"):
        KakaoEventClient(make_settings())
