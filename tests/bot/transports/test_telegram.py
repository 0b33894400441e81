"""The real python-telegram-bot application against a Bot API stand-in over HTTP, on the tiny profile."""

import asyncio
import io
import json
import sqlite3

import pytest
from aiohttp.test_utils import TestClient
from PIL import Image

from bot import messages
from bot.app import CORE
from bot.messages import talk
from bot.messages import voice as voice_texts
from bot.usecases.commands import SLASH_HELP
from bot.usecases.diary_page import HEIGHT as PAGE_HEIGHT
from bot.usecases.diary_page import WIDTH as PAGE_WIDTH
from tests.support.server import entry_texts, eventually
from tests.support.sqlite_refusal import allow_writes, refuse_writes
from tests.support.telegram_stub import BotApiStub

KID, OTHER_KID = 111, 222
DIARY = "강아지가 꼬리를 흔들었다"


def photos_to(stub: BotApiStub, chat: int) -> list:
    return stub.sent("sendPhoto", chat)


async def counts(client: TestClient) -> dict[str, int]:
    return await client.app[CORE].queue.counts()


async def test_a_diary_is_acknowledged_then_drawn(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    assert stub.texts(KID)[0] == messages.acknowledgement(0)
    photo = photos_to(stub, KID)[0]
    caption = photo.params["caption"]
    assert ("행복 기분" in caption) or ("슬픔 기분" in caption)
    assert messages.PREVIEW_NOTE in caption
    buttons = photo.params["reply_markup"]["inline_keyboard"][0]
    assert [button["text"] for button in buttons] == [messages.BUTTON_AGAIN, messages.BUTTON_OTHER_MOOD]
    assert buttons[0]["callback_data"].startswith("again:")
    assert buttons[1]["callback_data"].startswith("other:")
    assert "reply_parameters" in photo.params
    with Image.open(io.BytesIO(photo.files["photo"])) as image:
        assert image.format == "PNG"
        assert image.size == (PAGE_WIDTH, PAGE_HEIGHT), "the 그림일기 page by default"
    assert any(call.params.get("action") == "upload_photo" for call in stub.sent("sendChatAction", KID))
    core = client.app[CORE]

    async def delivered() -> list:
        return await core.database.run(lambda db: [row["delivered_at"] for row in db["jobs"].rows])

    await eventually(lambda: delivered(), lambda value: len(value) == 1 and value[0] is not None)
    assert (await counts(client))["done"] == 1


async def test_commands_start_help_and_unknown(serve, stub: BotApiStub) -> None:
    await serve()
    for command in ("/start", "/help", "/dance"):
        stub.text(KID, command)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 3)
    assert set(stub.texts(KID)) == {messages.WELCOME, SLASH_HELP, messages.UNKNOWN_COMMAND}
    commands = stub.sent("setMyCommands")[0].params["commands"]
    assert [command["command"] for command in commands] == [
        "start",
        "help",
        "style",
        "mydrawings",
        "remind",
        "city",
        "parent",
        "link",
        "children",
        "album",
        "book",
        "unlink",
        "forget",
        "export",
        "privacy",
    ]


SLASH_MOODS = ["/style 행복", "/style 슬픔", "/style 자동"]


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        ("/style happy", messages.style_set("happiness")),
        ("/style 행복", messages.style_set("happiness")),
        ("/style sad", messages.style_set("sadness")),
        ("/style 슬픔", messages.style_set("sadness")),
        ("/style SAD", messages.style_set("sadness")),
        ("/style auto", messages.STYLE_AUTO),
        ("/style 자동", messages.STYLE_AUTO),
        ("/style", messages.style_usage(None, SLASH_MOODS)),
        ("/style purple", messages.style_usage(None, SLASH_MOODS, "purple")),
        ("/style happy sad", messages.style_usage(None, SLASH_MOODS, "happy sad")),
        ("기분 화남", messages.style_usage(None, SLASH_MOODS, "화남")),
    ],
)
async def test_style_in_every_form(serve, stub: BotApiStub, command: str, reply: str) -> None:
    await serve()
    stub.text(KID, command)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    assert stub.texts(KID) == [reply]


async def test_style_decides_the_mood_of_the_next_drawing(serve, stub: BotApiStub) -> None:
    await serve()
    stub.text(KID, "/style 슬픔")
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    stub.text(KID, "오늘 놀이공원에 가서 정말 신났다!")
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    assert photos_to(stub, KID)[0].params["caption"].startswith("슬픔 기분으로")


async def test_buttons_redraw_and_switch_the_mood(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    first = photos_to(stub, KID)[0]
    mood = "행복" if "행복" in first.params["caption"] else "슬픔"
    other = "슬픔" if mood == "행복" else "행복"
    again_data, other_data = (b["callback_data"] for b in first.params["reply_markup"]["inline_keyboard"][0])

    stub.press(KID, again_data, query_id="q-again")
    stub.press(KID, again_data, query_id="q-again")  # the same press delivered twice
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 2)
    stub.press(KID, other_data, query_id="q-other")
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 3)
    captions = [photo.params["caption"] for photo in photos_to(stub, KID)]
    assert captions[1].startswith(f"{mood} 기분으로")
    assert captions[2].startswith(f"{other} 기분으로")
    assert len(stub.sent("answerCallbackQuery")) == 3
    assert messages.redraw_started("sadness" if other == "슬픔" else "happiness", 0, other_mood=True) in stub.texts(KID)
    assert (await counts(client))["done"] == 3

    # Another child cannot redraw this child's drawing.
    stub.press(OTHER_KID, other_data)
    await stub.wait_for(lambda: len(stub.texts(OTHER_KID)) == 1)
    assert stub.texts(OTHER_KID) == [messages.DRAWING_NOT_FOUND]
    assert photos_to(stub, OTHER_KID) == []


async def test_a_redelivered_update_makes_no_second_drawing(serve, stub: BotApiStub) -> None:
    client = await serve()
    update_id = stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    stub.push_again(update_id)
    # Handled once already: it is skipped. A later update from someone else is the sign it went by.
    stub.text(OTHER_KID, "오늘은 비가 왔다")
    await stub.wait_for(lambda: len(stub.texts(OTHER_KID)) == 1)
    assert stub.texts(KID) == [messages.acknowledgement(0)]
    core = client.app[CORE]
    assert await entry_texts(client) == [DIARY, "오늘은 비가 왔다"]
    assert await core.database.run(lambda db: db["jobs"].count) == 2
    assert len(photos_to(stub, KID)) == 1


async def test_429_is_retried_and_nothing_is_lost(serve, stub: BotApiStub) -> None:
    stub.retry_after = 1
    stub.too_many = {"sendMessage": 1, "sendPhoto": 1}
    await serve()
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1, timeout=60)
    assert stub.texts(KID) == [messages.acknowledgement(0)]
    failed = [call.method for call in stub.calls if call.method.endswith(":429")]
    assert failed == ["sendMessage:429", "sendPhoto:429"]
    # The retry came after Telegram's retry_after.
    first_try = next(call for call in stub.calls if call.method == "sendMessage:429")
    retry = stub.sent("sendMessage", KID)[0]
    assert retry.at - first_try.at >= 0.9


@pytest.mark.parametrize("kind", ["sticker", "photo"])
async def test_anything_but_text_gets_a_hint(serve, stub: BotApiStub, kind: str) -> None:
    client = await serve()
    getattr(stub, kind)(KID)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    assert stub.texts(KID) == [voice_texts.NOT_WORDS]
    assert await client.app[CORE].database.run(lambda db: db["entries"].count) == 0


@pytest.mark.parametrize(
    ("text", "reply"),
    [("\u200b\u200b \u202e", messages.EMPTY_DIARY), ("가" * 2001, messages.TOO_LONG)],
)
async def test_empty_and_overlong_diaries_get_a_kind_answer(serve, stub: BotApiStub, text: str, reply: str) -> None:
    await serve()
    stub.text(KID, text)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    assert stub.texts(KID) == [reply]


async def test_the_per_child_limit_keeps_the_diary_and_says_so(serve, stub: BotApiStub) -> None:
    client = await serve(max_waiting_per_child=2, num_inference_steps=20, height=256, width=256)
    for n in range(4):
        stub.text(KID, f"{DIARY} {n}")
    stub.text(OTHER_KID, DIARY)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 4 and len(stub.texts(OTHER_KID)) == 1)
    replies = stub.texts(KID)
    assert sum(reply.startswith("일기 고마워") for reply in replies) == 2
    assert replies.count(messages.waiting_limit(2)) == 2
    assert stub.texts(OTHER_KID)[0].startswith("일기 고마워"), "another child is not limited"
    core = client.app[CORE]
    assert await core.database.run(lambda db: db["entries"].count) == 5
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 2 and len(photos_to(stub, OTHER_KID)) == 1, timeout=60)


async def test_mydrawings_resends_by_file_id(serve, stub: BotApiStub) -> None:
    await serve()
    stub.text(KID, "/mydrawings")
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    assert stub.texts(KID) == [messages.NO_DRAWINGS]
    for text in (DIARY, "비가 와서 슬펐다"):
        stub.text(KID, text)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 2)
    file_ids = {call.params.get("photo") for call in photos_to(stub, KID)} - {None}
    stub.text(KID, "/mydrawings")
    await stub.wait_for(lambda: len(stub.sent("sendMediaGroup", KID)) == 1)
    media = stub.sent("sendMediaGroup", KID)[0].params["media"]
    assert len(media) == 2
    # Re-sent by the file ids Telegram gave the first photos, not uploaded again.
    assert all(item["media"].startswith("file-") for item in media)
    assert not file_ids
    assert all("기분으로 그렸어" in item["caption"] for item in media)


async def test_healthz_reports_queue_and_worker(serve, stub: BotApiStub) -> None:
    client = await serve()
    response = await client.get("/healthz")
    assert response.status == 200
    body = await response.json()
    assert body["status"] == "ok"
    assert body["profile"] == "tiny"
    assert body["telegram"] == "polling"
    assert set(body["queue"]) == {"queued", "running", "done", "failed"}
    assert body["problems"] == []
    assert body["runner"]["running"] is True
    # Ids only for a caller on this machine; through a reverse proxy, counts only.
    assert set(body["worker"]) == {"loaded", "busy", "current_jobs", "current_job_ids", "unavailable_seconds"}
    assert body["worker"]["unavailable_seconds"] is None  # the local worker is always reachable
    proxied = await (await client.get("/healthz", headers={"X-Forwarded-For": "203.0.113.9"})).json()
    assert set(proxied["worker"]) == {"loaded", "busy", "current_jobs", "unavailable_seconds"}
    assert "Server" not in response.headers


async def test_webhook_mode_checks_the_secret(serve, stub: BotApiStub) -> None:
    client = await serve(
        public_base_url="https://diary.example.org", telegram_mode="auto", telegram_webhook_secret="s3cret-token"
    )
    webhook = stub.sent("setWebhook")[0].params
    assert webhook["url"] == "https://diary.example.org/telegram/webhook"
    assert webhook["secret_token"] == "s3cret-token"
    update = {
        "update_id": 77,
        "message": {
            "message_id": 9,
            "date": 0,
            "chat": {"id": KID, "type": "private"},
            "from": {"id": KID, "is_bot": False, "first_name": "Kid"},
            "text": DIARY,
        },
    }
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
        response = await client.post("/telegram/webhook", json=update, headers=headers)
        assert response.status == 403
    bad = await client.post(
        "/telegram/webhook", data=b"{not json", headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
    )
    assert bad.status == 400
    good = await client.post(
        "/telegram/webhook", data=json.dumps(update), headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
    )
    assert good.status == 200
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    assert stub.texts(KID) == [messages.acknowledgement(0)]
    assert stub.sent("getUpdates") == []


async def test_out_of_memory_is_retried_after_freeing_memory(serve, stub: BotApiStub) -> None:
    client = await serve(faults="paint_oom:2", max_attempts=3)
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    core = client.app[CORE]
    jobs = await core.database.run(lambda db: [(row["state"], row["attempts"]) for row in db["jobs"].rows])
    assert jobs == [("done", 3)]
    assert messages.DRAWING_FAILED not in stub.texts(KID)


async def test_a_drawing_that_keeps_failing_is_told_kindly_and_the_diary_kept(serve, stub: BotApiStub) -> None:
    client = await serve(faults="paint_oom:5", max_attempts=2)
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: messages.DRAWING_FAILED in stub.texts(KID))
    core = client.app[CORE]
    jobs = await core.database.run(
        lambda db: [(row["state"], row["attempts"], row["error"]) for row in db["jobs"].rows]
    )
    assert jobs == [("failed", 2, "out_of_memory")]
    assert await core.database.run(lambda db: [row["text"] for row in db["entries"].rows]) == [DIARY]
    assert photos_to(stub, KID) == []


async def test_shutdown_requeues_a_drawing_that_cannot_finish_in_time(serve, stub: BotApiStub) -> None:
    client = await serve(shutdown_grace_seconds=0, num_inference_steps=60, height=384, width=384)
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: stub.sent("sendChatAction", KID))
    core = client.app[CORE]
    await client.close()
    states = await asyncio.to_thread(
        lambda: sqlite3.connect(core.settings.database_path).execute("SELECT state FROM jobs").fetchall()
    )
    assert states == [("queued",)]
    assert photos_to(stub, KID) == []


async def test_a_failing_handler_is_logged_without_the_diary_and_the_diary_is_stored_later(
    serve, stub: BotApiStub, caplog: pytest.LogCaptureFixture
) -> None:
    client = await serve()
    # The database refuses new diaries (and style changes) under the bot: storing them fails.
    await refuse_writes(client.app[CORE].database, "entries", "users")
    secret_diary = "아무한테도 말 안 한 비밀 일기"
    with caplog.at_level("DEBUG"):
        stub.text(KID, secret_diary)
        await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
        stub.text(OTHER_KID, "/style 슬픔")
        await stub.wait_for(lambda: len(stub.texts(OTHER_KID)) == 1)
        await asyncio.sleep(3)  # the first try again fails too, and is not told twice
    assert stub.texts(KID) == [messages.ERROR_DIARY_KEPT]
    assert stub.texts(OTHER_KID) == [messages.ERROR_TRY_AGAIN], "a command is not kept: the child sends it again"
    await allow_writes(client.app[CORE].database)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1, timeout=30)
    assert stub.texts(KID) == [messages.ERROR_DIARY_KEPT, messages.acknowledgement(0)]
    assert await entry_texts(client) == [secret_diary]
    assert stub.token not in caplog.text
    assert stub.token.split(":")[1] not in caplog.text
    assert "telegram update" in caplog.text
    assert "Traceback" in caplog.text or any(record.exc_info for record in caplog.records)
    assert secret_diary not in caplog.text
    assert all(secret_diary not in str(record.args) for record in caplog.records)


async def test_an_error_after_the_diary_is_stored_says_the_diary_is_safe(serve, stub: BotApiStub) -> None:
    await serve()
    stub.broken = {"sendMessage": 1}  # the acknowledgement itself fails
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1 and len(photos_to(stub, KID)) == 1)
    assert stub.texts(KID) == [messages.ERROR_DIARY_SAFE]


async def test_an_update_the_inbox_cannot_keep_is_not_confirmed_and_comes_back(serve, stub: BotApiStub) -> None:
    client = await serve()
    database = client.app[CORE].database
    await refuse_writes(database, "inbox")
    update_id = stub.text(KID, DIARY)
    # Fetched again and again, never confirmed: Telegram still holds it.
    await stub.wait_for(lambda: update_id in stub.delivered_at)
    await asyncio.sleep(1.5)
    assert [update["update_id"] for update in stub.pending] == [update_id]
    assert stub.texts(KID) == []
    await allow_writes(database)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    assert stub.texts(KID) == [messages.acknowledgement(0)]
    assert await entry_texts(client) == [DIARY]
    assert stub.pending == []


async def test_a_late_button_answer_refused_by_telegram_still_reports_the_redraw(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    again_data = photos_to(stub, KID)[0].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    stub.broken = {"answerCallbackQuery": 1}
    stub.broken_description = "Bad Request: query is too old and response timeout expired or query id is invalid"
    stub.press(KID, again_data)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 2)
    texts = stub.texts(KID)
    assert messages.ERROR_TRY_AGAIN not in texts
    started = {
        messages.redraw_started(mood, ahead, other_mood=False) for mood in ("happiness", "sadness") for ahead in (0, 1)
    }
    assert texts[-1] in started
    assert (await counts(client))["done"] == 2


async def test_presses_in_a_group_or_without_data_act_for_nobody(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    again_data = photos_to(stub, KID)[0].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    group = -100123
    stub.press(KID, again_data, group_id=group)
    stub.press(KID, "forget:self", group_id=group)
    stub.press(KID, None)
    stub.press(KID, "again:not-a-number")
    await stub.wait_for(lambda: len(stub.sent("answerCallbackQuery")) == 4)
    stub.text(KID, "/help")
    await stub.wait_for(lambda: SLASH_HELP in stub.texts(KID))
    core = client.app[CORE]
    users = await core.database.run(lambda db: [(row["platform_user_id"], row["chat_id"]) for row in db["users"].rows])
    assert users == [(str(KID), str(KID))], "the group's chat id never replaces the child's"
    assert await core.database.run(lambda db: db["jobs"].count) == 1
    assert await entry_texts(client) == [DIARY]
    assert stub.sent("sendMessage", group) == []
    assert messages.ERROR_TRY_AGAIN not in stub.texts(KID)


async def test_a_photo_with_a_caption_is_drawn_from_the_caption(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.photo(KID, caption="동생이랑 눈사람을 만들었다")
    stub.photo(OTHER_KID)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1 and stub.texts(OTHER_KID))
    assert await entry_texts(client) == ["동생이랑 눈사람을 만들었다"]
    assert stub.texts(OTHER_KID) == [voice_texts.NOT_WORDS]


async def test_mydrawings_uploads_again_when_telegram_forgot_a_file_id(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.text(KID, DIARY)
    stub.text(KID, "오늘은 비가 와서 우산을 썼다")
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 2)
    core = client.app[CORE]
    file_ids = await eventually(
        lambda: core.database.run(
            lambda db: [row["file_id"] for row in db["platform_files"].rows if row["platform"] == "telegram"]
        ),
        lambda ids: len(ids) == 2 and all(ids),
    )
    stub.refused_file_ids = set(file_ids)
    stub.text(KID, "/mydrawings")
    await stub.wait_for(lambda: stub.sent("sendMediaGroup", KID))
    assert len(stub.sent("sendMediaGroup:400", KID)) == 1
    uploaded = stub.sent("sendMediaGroup", KID)[0]
    assert len(uploaded.files) == 2
    for data in uploaded.files.values():
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG"


async def test_a_flood_of_new_users_gets_a_kind_wait_and_known_children_go_on(serve, stub: BotApiStub) -> None:
    client = await serve(max_new_users_per_minute=2)
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: stub.texts(KID))
    stub.text(OTHER_KID, DIARY)
    await stub.wait_for(lambda: stub.texts(OTHER_KID))
    stub.text(333, "오늘 처음 왔다")
    await stub.wait_for(lambda: stub.texts(333))
    assert stub.texts(333) == [messages.TOO_MANY_NEW_FRIENDS]
    stub.text(KID, "/help")
    await stub.wait_for(lambda: SLASH_HELP in stub.texts(KID))
    assert await entry_texts(client) == [DIARY, DIARY]


async def test_talk_is_answered_and_a_message_it_cannot_tell_is_drawn_on_yes(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.text(KID, "안녕하세요!")
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    assert stub.texts(KID) == [talk.talk_answer(talk.TalkKind.GREETING, "/help")]
    assert await entry_texts(client) == []
    # A command said in words is a command on Telegram too.
    stub.text(KID, "내 그림 보여줘")
    await stub.wait_for(lambda: len(stub.texts(KID)) == 2)
    assert stub.texts(KID)[1] == messages.NO_DRAWINGS

    stub.text(KID, "방학 시작!")
    await stub.wait_for(lambda: len(stub.texts(KID)) == 3)
    question = stub.sent("sendMessage", KID)[-1]
    assert question.params["text"] == talk.ASK_DRAW
    yes, no = question.params["reply_markup"]["inline_keyboard"][0]
    assert (yes["text"], no["text"]) == (talk.DRAW_BUTTON, talk.SKIP_BUTTON)
    assert yes["callback_data"].startswith("draw:")
    assert no["callback_data"].startswith("skip:")
    assert photos_to(stub, KID) == []
    stub.press(OTHER_KID, yes["callback_data"])  # not theirs: nothing drawn
    await stub.wait_for(lambda: len(stub.texts(OTHER_KID)) == 1)
    assert stub.texts(OTHER_KID) == [talk.NOTHING_ASKED]
    stub.press(KID, yes["callback_data"], query_id="q-yes")
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    assert stub.texts(KID)[3] == messages.acknowledgement(0)
    assert await entry_texts(client) == ["방학 시작!"]
    stub.press(KID, no["callback_data"], query_id="q-late-no")  # a late no does not undo the drawing
    await stub.wait_for(lambda: len(stub.texts(KID)) == 5)
    assert await entry_texts(client) == ["방학 시작!"]


async def test_with_reply_style_drawing_the_drawing_alone_is_sent(serve, stub: BotApiStub) -> None:
    await serve(reply_style="drawing")
    stub.text(KID, DIARY)
    await stub.wait_for(lambda: len(photos_to(stub, KID)) == 1)
    with Image.open(io.BytesIO(photos_to(stub, KID)[0].files["photo"])) as image:
        assert image.size == (128, 128)
