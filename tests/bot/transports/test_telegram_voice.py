"""Voice diaries through the real python-telegram-bot application and the Bot API stand-in: recordings made
here as real OGG/Opus, MP4 and MP3 files, fetched with getFile and the file download, written down by the
tiny Whisper on the engine worker, confirmed with a button, then drawn."""

import asyncio
import logging
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from bot import messages
from bot.app import CORE
from bot.messages import talk
from bot.messages import voice as voice_texts
from bot.transports import telegram_inbox
from bot.transports.telegram import VOICE_TRIES
from tests.support.audio import deaf_models, hiss, mp3, recording, speaking_models, video_note
from tests.support.server import eventually
from tests.support.telegram_stub import BotApiStub

KID = 707


async def entries(client: TestClient) -> list[tuple[str, str]]:
    return await client.app[CORE].database.run(
        lambda db: [(row["text"], row["status"]) for row in db.query("SELECT * FROM entries ORDER BY id")]
    )


def buttons(stub: BotApiStub) -> list[dict]:
    markup = stub.sent("sendMessage", KID)[-1].params.get("reply_markup")
    return markup["inline_keyboard"][0] if markup else []


async def test_a_voice_message_is_heard_asked_about_and_drawn_on_yes(
    serve, stub: BotApiStub, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    client = await serve()
    sound = recording(3.0)
    stub.voice(KID, sound, seconds=3)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    question = stub.texts(KID)[0]
    assert question.startswith("이렇게 들었어: “")
    assert question.endswith("” 맞으면 '응', 아니면 다시 말해 줘 🎤")
    heard = question.removeprefix("이렇게 들었어: “").split("”")[0]
    assert heard
    assert len(stub.downloads) == 1
    assert stub.sent("sendChatAction", KID)[0].params["action"] == "typing"
    assert [button["text"] for button in buttons(stub)] == [talk.DRAW_BUTTON, voice_texts.RETRY_BUTTON]
    assert await entries(client) == [(heard, "asked")]
    assert stub.sent("sendPhoto", KID) == []

    stub.press(KID, buttons(stub)[0]["callback_data"])
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1, timeout=60)
    assert [status for _, status in await entries(client)] == ["drawn"]
    # Neither the sound nor the words heard are kept anywhere but the diary itself.
    data_dir = client.app[CORE].settings.data_dir
    kept = b"".join(path.read_bytes() for path in data_dir.rglob("*") if path.is_file())
    assert sound[:64] not in kept
    assert sound[-64:] not in kept
    assert heard not in caplog.text


async def test_no_to_what_was_heard_forgets_it(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.voice(KID, recording(2.0))
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    stub.press(KID, buttons(stub)[1]["callback_data"])
    await stub.wait_for(lambda: len(stub.texts(KID)) == 2)
    assert stub.texts(KID)[1] == talk.SKIPPED
    assert await entries(client) == []


async def test_typing_yes_after_the_question_draws_it(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.voice(KID, recording(2.0))
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    stub.text(KID, "응")
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1, timeout=60)
    assert [status for _, status in await entries(client)] == ["drawn"]


@pytest.mark.parametrize(("kind", "make"), [("video_note", video_note), ("audio", mp3)])
async def test_a_video_note_and_an_audio_file_are_heard_too(serve, stub: BotApiStub, kind: str, make) -> None:
    client = await serve()
    stub.voice(KID, make(2.0), kind=kind)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    assert stub.texts(KID)[0].startswith("이렇게 들었어: “")
    assert [status for _, status in await entries(client)] == ["asked"]


@pytest.mark.parametrize(
    ("options", "reply"),
    [
        ({"seconds": 61}, voice_texts.TOO_LONG),
        ({"size": 3 * 1024 * 1024}, voice_texts.TOO_BIG),
        ({"size": 21 * 1024 * 1024, "kind": "video_note"}, voice_texts.TOO_BIG),
    ],
    ids=["over a minute", "over 2 MB", "a video note over 20 MB"],
)
async def test_too_long_or_too_big_is_refused_kindly_without_fetching_it(
    serve, stub: BotApiStub, options: dict, reply: str
) -> None:
    client = await serve()
    stub.voice(KID, recording(1.0), **options)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    assert stub.texts(KID) == [reply]
    assert stub.downloads == []
    assert stub.sent("getFile") == []
    assert await entries(client) == []


@pytest.mark.parametrize(
    ("data", "reply"),
    [
        (recording(2.0, loud=0.0), voice_texts.SILENT),
        (hiss(2.0), voice_texts.SILENT),
        (b"OggS" + b"\x00" * 500, voice_texts.UNREADABLE),
        (recording(61.0, rate=8_000), voice_texts.TOO_LONG),
    ],
    ids=["silence", "loud hiss", "a broken file", "longer than Telegram said"],
)
async def test_silence_or_a_broken_file_gets_a_kind_word_and_nothing_is_stored(
    serve, stub: BotApiStub, data: bytes, reply: str
) -> None:
    client = await serve()
    stub.voice(KID, data, seconds=2)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    assert stub.texts(KID) == [reply]
    assert len(stub.downloads) == 1
    assert await entries(client) == []
    assert stub.sent("sendPhoto", KID) == []


async def test_a_child_who_says_they_are_hurt_gets_help_not_a_question(
    serve, stub: BotApiStub, models_dir: Path, tmp_path: Path
) -> None:
    said = "아빠가 때려서 무서워 집에 가기 싫어"
    client = await serve(models_dir=speaking_models(models_dir, tmp_path / "speaking", said))
    stub.voice(KID, recording(3.0))
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    reply = stub.texts(KID)[0]
    assert not reply.startswith("이렇게 들었어")
    assert "1388" in reply
    assert await entries(client) == [(said, "distress")]
    cases = await client.app[CORE].database.run(lambda db: db["safeguarding_cases"].count)
    assert cases == 1
    assert stub.sent("sendPhoto", KID) == []


async def test_the_same_voice_message_delivered_twice_is_one_question(serve, stub: BotApiStub) -> None:
    client = await serve()
    update_id = stub.voice(KID, recording(2.0))
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    stub.push_again(update_id)
    await eventually(lambda: entries(client), lambda rows: len(rows) == 1)
    assert [status for _, status in await entries(client)] == ["asked"]
    assert len(stub.texts(KID)) == 1
    assert voice_texts.NOT_WORDS not in stub.texts(KID)


async def test_a_caption_on_a_recording_is_read_as_the_diary_and_a_crisis_in_it_heard(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.voice(KID, recording(2.0, loud=0.0), caption="아빠가 때려서 무서워 집에 가기 싫어")
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    assert "1388" in stub.texts(KID)[0]
    assert await entries(client) == [("아빠가 때려서 무서워 집에 가기 싫어", "distress")]
    assert stub.downloads == []


async def test_a_recording_that_cannot_be_heard_is_tried_a_few_times_then_the_child_is_asked_to_write(
    serve, stub: BotApiStub, models_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The speech model does not load: the child is told once that the voice is kept, the bot tries again
    (here after 0.2 s rather than 2 s, 10 s and 60 s), then says to write it."""
    monkeypatch.setattr(telegram_inbox, "RETRY_SECONDS", (0.2, 0.2, 0.2, 0.2))
    client = await serve(models_dir=deaf_models(models_dir, tmp_path / "deaf"))
    stub.voice(KID, recording(2.0))
    await stub.wait_for(lambda: len(stub.texts(KID)) == 2, timeout=60)
    assert stub.texts(KID) == [voice_texts.KEPT, voice_texts.DEAF]
    assert len(stub.downloads) == 1 + VOICE_TRIES
    await asyncio.sleep(1.0)
    assert len(stub.downloads) == 1 + VOICE_TRIES, "given up: not fetched again"
    assert await entries(client) == []
    pending = await client.app[CORE].database.run(
        lambda db: db.execute("SELECT COUNT(*) FROM inbox WHERE done_at IS NULL").fetchone()[0]
    )
    assert pending == 0


async def test_a_forget_while_a_recording_is_heard_leaves_nothing_of_it(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.text(KID, "오늘 수영장에 갔다")  # the child has written before
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1, timeout=60)
    stub.delays["getFile"] = 1.5
    stub.voice(KID, recording(2.0))
    await stub.wait_for(lambda: "getFile" in stub.arrived)
    stub.text(KID, "/forget confirm")
    await stub.wait_for(lambda: messages.FORGET_DONE in stub.texts(KID), timeout=30)
    await stub.wait_for(lambda: len(stub.downloads) == 1, timeout=30)
    await asyncio.sleep(1.0)
    assert not any(text.startswith("이렇게 들었어") for text in stub.texts(KID))
    assert await entries(client) == []
    users = await client.app[CORE].database.run(lambda db: db["users"].count)
    assert users == 0


async def test_a_word_too_few_to_draw_is_not_heard_well(
    serve, stub: BotApiStub, models_dir: Path, tmp_path: Path
) -> None:
    client = await serve(models_dir=speaking_models(models_dir, tmp_path / "speaking", "음"))
    stub.voice(KID, recording(2.0))
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    assert stub.texts(KID) == [voice_texts.SILENT]
    assert await entries(client) == []


async def test_a_video_note_may_be_larger_for_its_picture(serve, stub: BotApiStub) -> None:
    """A 30-second round video is about 4 MB: its sound is what is heard, and that is small."""
    client = await serve()
    note = video_note(2.0)
    stub.voice(KID, note + b"\x00" * (3 * 1024 * 1024), kind="video_note")
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    assert stub.texts(KID)[0].startswith("이렇게 들었어: “")
    assert [status for _, status in await entries(client)] == ["asked"]


async def test_someone_elses_voice_passed_on_is_not_heard(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.voice(KID, recording(2.0), forwarded=True)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    assert stub.texts(KID) == [voice_texts.FORWARDED]
    assert stub.downloads == []
    assert await entries(client) == []


async def test_yes_said_out_loud_answers_the_question(
    serve, stub: BotApiStub, models_dir: Path, tmp_path: Path
) -> None:
    client = await serve(models_dir=speaking_models(models_dir, tmp_path / "speaking", "응 그려 줘"))
    stub.text(KID, "방학 시작!")  # not sure it is a diary: asked about
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    assert [status for _, status in await entries(client)] == ["asked"]
    stub.voice(KID, recording(2.0))
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", KID)) == 1, timeout=60)
    assert await entries(client) == [("방학 시작!", "drawn")]


async def test_a_command_written_as_a_recordings_caption_is_the_command(serve, stub: BotApiStub) -> None:
    client = await serve()
    stub.voice(KID, recording(2.0), caption="/forget")
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1)
    assert stub.texts(KID) == [messages.FORGET_ASK]
    assert stub.downloads == []
    assert await entries(client) == []
    kept = await client.app[CORE].database.run(lambda db: [row["payload"] for row in db["inbox"].rows])
    assert kept == [None], "a command is never kept in full"


async def test_when_too_many_questions_wait_the_child_is_asked_to_answer_first(serve, stub: BotApiStub) -> None:
    client = await serve(max_kept_per_child=1)
    stub.voice(KID, recording(2.0))
    await stub.wait_for(lambda: len(stub.texts(KID)) == 1, timeout=60)
    stub.voice(KID, recording(3.0))
    await stub.wait_for(lambda: len(stub.texts(KID)) == 2, timeout=60)
    assert stub.texts(KID)[1] == voice_texts.ANSWER_FIRST
    assert [status for _, status in await entries(client)] == ["asked"]


async def test_with_voice_off_a_recording_is_answered_with_a_word_to_write_and_never_fetched(
    serve, stub: BotApiStub
) -> None:
    client = await serve(voice=False)
    stub.voice(KID, recording(2.0))
    stub.sticker(KID)
    await stub.wait_for(lambda: len(stub.texts(KID)) == 2)
    assert sorted(stub.texts(KID)) == sorted([voice_texts.DEAF, messages.NOT_TEXT])
    assert stub.downloads == []
    assert await entries(client) == []
