"""Callers that type or send things oddly: commands in full-width, invisible or decomposed characters,
Kakao media addresses however they come, and secret headers that are not UTF-8 at all."""

from __future__ import annotations

import asyncio
import logging
import unicodedata

import pytest
from aiohttp.test_utils import TestClient
from telegram import Update

from bot import messages
from bot.domain import CommandName
from bot.transports.kakao import SECRET_HEADER as KAKAO_SECRET_HEADER
from bot.transports.telegram import SECRET_HEADER as TELEGRAM_SECRET_HEADER
from bot.transports.telegram import WEBHOOK_PATH
from bot.transports.telegram_inbox import inbox_item
from bot.usecases.commands import SLASH_HELP, Command, parse_command
from tests.support.kakao_helpers import payload, skill, texts
from tests.support.server import entry_texts
from tests.support.telegram_helpers import say, write_and_wait
from tests.support.telegram_stub import BotApiStub

KID = 951
ZWSP, ZWJ, BOM = "\u200b", "\u200d", "\ufeff"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("／forget confirm", Command(CommandName.FORGET, "confirm")),
        ("／ｆｏｒｇｅｔ　ｃｏｎｆｉｒｍ", Command(CommandName.FORGET, "confirm")),
        (f"/style {ZWSP}행복", Command(CommandName.STYLE, "행복")),
        (f"{BOM}/style 행복{ZWJ}", Command(CommandName.STYLE, "행복")),
        (unicodedata.normalize("NFD", "/style 행복"), Command(CommandName.STYLE, "행복")),
        (unicodedata.normalize("NFD", "기분 슬픔"), Command(CommandName.STYLE, "슬픔")),
        (f"내{ZWSP} 그림", Command(CommandName.MYDRAWINGS)),
        ("／ｌｉｎｋ ＡＢＣ１２３ 👩\u200d👧 ｍｉｎｊｉ② ㈜", Command(CommandName.LINK, "ABC123 👩\u200d👧 minji② ㈜")),
        ("ＨＥＬＰ", None),
        ("ㅋㅋㅋ 오늘 ／ 재밌었다", None),
        # A slash before anything but a command word is a diary, never an unknown command that is not kept.
        ("／오늘은 재밌었다", None),
        ("/오늘은 좋았다", None),
        ("<diary>/help</diary>", None),
    ],
)
def test_commands_are_read_however_they_are_typed(typed: str, expected: Command | None) -> None:
    assert parse_command(typed) == expected


async def test_a_full_width_forget_on_telegram_deletes_and_is_never_drawn(serve, stub: BotApiStub) -> None:
    client = await serve()
    await write_and_wait(stub, KID, ["오늘 미술 시간에 찰흙으로 곰을 만들었다"])
    assert await say(stub, KID, "／forget confirm") == messages.FORGET_DONE
    assert await entry_texts(client) == []
    assert await say(stub, KID, f"/style {ZWSP}행복") == messages.style_set("happiness")
    assert await say(stub, KID, f"{ZWSP}/help") == SLASH_HELP
    assert await entry_texts(client) == []


@pytest.mark.parametrize(
    "utterance",
    [
        unicodedata.normalize("NFD", "/style 행복"),
        f"/style {ZWSP}행복",
        "／style 행복",
        f"기분{ZWSP} 행복",
    ],
)
async def test_a_kakao_style_command_with_odd_characters_is_understood(serve, utterance: str) -> None:
    client = await serve(telegram=False)
    _, answer, _ = await skill(client, payload(utterance))
    assert texts(answer) == messages.style_set("happiness")
    assert await entry_texts(client) == []


async def test_a_diary_that_starts_with_a_slash_is_kept_as_a_diary(serve) -> None:
    client = await serve(telegram=False)
    _, answer, _ = await skill(client, payload("／오늘은 재밌었다 놀이터에서 놀았다"))
    assert messages.acknowledgement(0) in texts(answer)
    assert await entry_texts(client) == ["／오늘은 재밌었다 놀이터에서 놀았다"]


@pytest.mark.parametrize(
    ("text", "kept_whole"),
    [("／link ABC123XYZ 엄마", False), (f"{ZWSP}/link ABC123XYZ", False), ("오늘 /link 놀이를 했다", True)],
)
def test_the_inbox_never_keeps_a_link_code_however_it_was_typed(text: str, kept_whole: bool) -> None:
    update = Update.de_json(
        {
            "update_id": 1,
            "message": {
                "message_id": 2,
                "date": 0,
                "chat": {"id": KID, "type": "private"},
                "from": {"id": KID, "is_bot": False, "first_name": "Kid"},
                "text": text,
            },
        },
        None,
    )
    assert (inbox_item(update).payload is not None) is kept_whole


@pytest.mark.parametrize(
    "address",
    [
        "HTTPS://K.KAKAOCDN.NET/dn/bxYz/btsQ/abc/img.jpg?credential=secret",
        "Https://talk.kakaocdn.net/dna/abc/photo.png",
        "https://dn-m.talk.kakao.com/talkm/oXyZ/abc/KakaoTalk_Photo.jpg",
        "http://DN-M.TALK.KAKAO.COM./talkm/oXyZ/video.mp4",
    ],
)
async def test_kakao_media_addresses_are_never_stored_however_they_come(serve, address: str) -> None:
    client = await serve(telegram=False)
    body = payload(address)
    body["userRequest"]["params"] = {}  # no `media`: only the address says what it is
    _, answer, _ = await skill(client, body)
    assert texts(answer) == messages.NOT_TEXT
    assert await entry_texts(client) == []


async def raw_post(client: TestClient, path: str, header: bytes) -> tuple[int, bytes]:
    """POST with a header value that is not UTF-8 (no HTTP client library sends one): status and body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", client.server.port)
    body = b"{}"
    writer.write(
        b"POST "
        + path.encode()
        + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + header
        + b"\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body
    )
    await writer.drain()
    response = await reader.read()
    writer.close()
    status = int(response.split(b" ", 2)[1])
    return status, response.split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("value", [b"\xff\xfe\xfd", b"caf\xe9", b"\xed\xa0\x80-surrogate"])
async def test_a_secret_header_that_is_not_utf8_is_just_a_wrong_secret(serve, caplog, value: bytes) -> None:
    caplog.set_level(logging.WARNING)
    client = await serve(telegram_mode="webhook", telegram_webhook_secret="webhook-secret-0123456789")
    kakao = await raw_post(client, "/kakao/skill", KAKAO_SECRET_HEADER.encode() + b": " + value)
    telegram = await raw_post(client, WEBHOOK_PATH, TELEGRAM_SECRET_HEADER.encode() + b": " + value)
    assert kakao[0] == 404, "as if Kakao were off"
    assert telegram == (403, b"forbidden")
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []
