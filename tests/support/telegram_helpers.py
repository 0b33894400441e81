"""Conversations through the Bot API stand-in: say something and wait for the answer, get a link code."""

from __future__ import annotations

import re

from tests.support.telegram_stub import BotApiStub

CODE = re.compile(r"코드를 알려 줘: (\d{3} \d{3} \d{4})")


def texts(stub: BotApiStub, chat: int) -> list[str]:
    return stub.texts(chat)


async def say(stub: BotApiStub, chat: int, text: str, *, answers: int = 1) -> str:
    """`chat` sends `text`; return the newest reply once `answers` more have arrived."""
    before = len(stub.texts(chat))
    stub.text(chat, text)
    await stub.wait_for(lambda: len(stub.texts(chat)) >= before + answers)
    return stub.texts(chat)[-1]


async def code_for(stub: BotApiStub, kid: int) -> str:
    reply = await say(stub, kid, "/parent")
    match = CODE.search(reply)
    assert match, reply
    return match.group(1)


async def write_and_wait(stub: BotApiStub, kid: int, diaries: list[str]) -> None:
    photos = len(stub.sent("sendPhoto", kid))
    for diary in diaries:
        stub.text(kid, diary)
    await stub.wait_for(lambda: len(stub.sent("sendPhoto", kid)) >= photos + len(diaries), timeout=60)
