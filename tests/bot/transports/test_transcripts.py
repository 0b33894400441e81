"""The conversations README shows, had through the real transports: a child's and a parent's chat on Telegram
(the Bot API stand-in, a voice diary included), on KakaoTalk (skill requests, callbacks and the Event API)
and a child's in `crayon chat`. README must show exactly what they say; `WRITE_TRANSCRIPTS=1` writes it
there."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import CORE
from bot.transports.console import ConsoleChat
from storage.records import Platform
from tests.support.audio import recording, speaking_models
from tests.support.fakes import FixedClock
from tests.support.kakao_helpers import payload, skill
from tests.support.kakao_stub import KakaoStub
from tests.support.telegram_helpers import CODE
from tests.support.telegram_stub import BotApiStub

README = Path(__file__).resolve().parents[3] / "README.md"
BLOCK = "<!-- transcript: {name} -->\n```text\n{body}\n```\n<!-- /transcript -->"
# Friday evening in Seoul: every date and week the transcripts show is this one's.
MOMENT = datetime(2026, 12, 4, 18, 30, tzinfo=ZoneInfo("Asia/Seoul"))
DIARY = "오늘 놀이터에서 친구랑 그네를 탔다. 정말 재밌었다!"
UNSURE = "방학 시작!"
VOICE_DIARY = "동생이랑 눈사람 만들었어"
ADDRESS = re.compile(r"https?://127\.0\.0\.1:\d+(/[a-z]+/)[A-Za-z0-9_.\-/?=&]+")


def tidy(text: str, code: str | None) -> str:
    """What changes from run to run said the same way: addresses, the link code, the drawing's file."""
    text = ADDRESS.sub(lambda match: f"https://crayon.example.org{match.group(1)}…", text)
    text = re.sub(r"\S*/drawings/\S+\.png", "data/drawings/….png", text)
    text = re.sub(r"\S*/exports/crayon-diary-\S+\.zip", "data/exports/crayon-diary-2026-12-04.zip", text)
    if code is None:
        return text
    # The code's last digit chooses the particle after it: the placeholder's 2 (이) takes 라고.
    return re.sub(re.escape(code) + r"('?)(?:이라고|라고)", r"428 913 5072\1라고", text).replace(code, "428 913 5072")


def lines(who: str, text: str) -> list[str]:
    first, *rest = text.split("\n")
    return [f"{who} › {first}", *(f"{' ' * len(who)}   {line}" if line else "" for line in rest)]


# -- Telegram ----------------------------------------------------------------------------------------------


class TelegramLog:
    """Each chat's messages in order: what its person sent, and every message the bot sent there."""

    def __init__(self, stub: BotApiStub) -> None:
        self.stub = stub
        self.sent: list[tuple[int, int, str]] = []
        """(the number of bot calls when it was sent, chat, text)."""

    def say(self, chat: int, text: str) -> None:
        self.sent.append((len(self.stub.calls), chat, text))
        self.stub.text(chat, text)

    def voice(self, chat: int, sound: bytes, seconds: int) -> None:
        self.sent.append((len(self.stub.calls), chat, f"[목소리 {seconds}초]"))
        self.stub.voice(chat, sound, seconds=seconds)

    def press(self, chat: int, data: str, label: str) -> None:
        self.sent.append((len(self.stub.calls), chat, f"[{label}]"))
        self.stub.press(chat, data)

    def chat(self, chat: int, name: str, code: str | None) -> str:
        out: list[str] = []
        said = [(index, text) for index, who, text in self.sent if who == chat]
        for index, call in enumerate(self.stub.calls):
            while said and said[0][0] <= index:
                out += lines(name, said.pop(0)[1])
            if str(call.params.get("chat_id")) == str(chat) and (message := _telegram_message(call)):
                out += lines("크레용", message)
        for _, text in said:
            out += lines(name, text)
        return tidy("\n".join(line for line in out if line is not None), code)


def _telegram_message(call: Any) -> str | None:
    """What the person reads of a call to their chat; None for one they see nothing of (a typing hint)."""
    method, params = call.method, call.params
    if method == "sendPhoto":
        text = f"[그림] {params.get('caption', '')}"
    elif method == "sendMediaGroup":
        text = "\n".join(f"[그림] {item.get('caption', '')}" for item in params["media"])
    elif method == "sendMessage":
        text = params["text"]
    else:
        return None
    buttons = [button["text"] for row in params.get("reply_markup", {}).get("inline_keyboard", []) for button in row]
    return text + ("\n" + " ".join(f"[{label}]" for label in buttons) if buttons else "")


async def telegram_transcripts(serve: Callable[..., Any], stub: BotApiStub, models_dir: Path) -> dict[str, str]:
    await serve(clock=FixedClock(MOMENT), models_dir=models_dir)
    log = TelegramLog(stub)
    kid, mom = 501, 502

    def photos() -> int:
        return len(stub.sent("sendPhoto", kid))

    def calls(chat: int) -> int:
        return len([call for call in stub.calls if str(call.params.get("chat_id")) == str(chat)])

    async def step(chat: int, text: str, wait: Callable[[], bool] | None = None) -> None:
        before = calls(chat)
        log.say(chat, text)
        await stub.wait_for(wait or (lambda: calls(chat) > before), timeout=60)

    await step(kid, "/start")
    await step(kid, "안녕!")
    before = photos()
    await step(kid, DIARY, lambda: photos() == before + 1)
    await step(kid, "다른 그림", lambda: photos() == before + 2)
    await step(kid, "알림 7시 반")
    await step(kid, "부모 연결")
    code = CODE.search(stub.texts(kid)[-1]).group(1)  # type: ignore[union-attr]
    await step(mom, f"/link {code} 민지")
    await stub.wait_for(lambda: any("부모님과 연결됐어" in text for text in stub.texts(kid)))
    await step(mom, "앨범", lambda: any("/albums/" in text for text in stub.texts(mom)))
    await step(mom, "내 기록 받기")
    await step(kid, UNSURE)
    question = stub.sent("sendMessage", kid)[-1].params["reply_markup"]["inline_keyboard"][0][0]
    log.press(kid, question["callback_data"], question["text"])
    await stub.wait_for(lambda: photos() == before + 3, timeout=60)
    texts = len(stub.texts(kid))
    log.voice(kid, recording(4.0), 4)
    await stub.wait_for(lambda: len(stub.texts(kid)) > texts, timeout=60)
    question = stub.sent("sendMessage", kid)[-1].params["reply_markup"]["inline_keyboard"][0][0]
    log.press(kid, question["callback_data"], question["text"])
    await stub.wait_for(lambda: photos() == before + 4, timeout=60)
    return {"telegram-child": log.chat(kid, "민지", code), "telegram-parent": log.chat(mom, "엄마", code)}


# -- KakaoTalk -------------------------------------------------------------------------------------------


def _kakao_message(body: dict[str, Any]) -> str:
    if body.get("useCallback"):
        return body["data"]["text"]
    template = body.get("template", body)
    parts = []
    for output in template.get("outputs", []):
        if "simpleText" in output:
            parts.append(output["simpleText"]["text"])
        elif "simpleImage" in output:
            parts.append("[그림]")
        elif "basicCard" in output:
            card = output["basicCard"]
            buttons = " ".join(f"[{button['label']}]" for button in card.get("buttons", []))
            parts.append(f"[카드: {card.get('title', '')}] {card.get('description', '')} {buttons}".strip())
    quick = [reply["label"] for reply in template.get("quickReplies", [])]
    if quick:
        parts.append(" ".join(f"[{label}]" for label in quick))
    return "\n".join(parts)


async def kakao_transcripts(serve: Callable[..., Any], kakao: KakaoStub) -> dict[str, str]:
    client = await serve(
        telegram=False,
        clock=FixedClock(MOMENT),
        kakao_rest_api_key="rest-key",
        kakao_bot_id="bot-1",
        kakao_event_host=kakao.base_url,
        kakao_callback_prefixes=[f"{kakao.base_url}/"],
    )
    chats: dict[str, list[str]] = {"kid": [], "mom": []}
    names = {"kid": "민지", "mom": "엄마"}
    tokens = iter(range(1, 100))
    shown = [0]
    """How many of Kakao's recorded posts are in the chats already."""

    def record_pushes() -> None:
        for post in kakao.posts[shown[0] :]:
            if post.path.startswith("/v2/bots/"):
                who = post.body["user"][0]["id"].removeprefix("kakao-")
                chats[who] += lines("크레용", "(알림) " + post.body["event"]["data"]["text"])
        shown[0] = len(kakao.posts)

    async def step(who: str, utterance: str, *, drawn: bool = False) -> None:
        token = f"c{next(tokens)}"
        chats[who] += lines(names[who], utterance)
        body = payload(utterance, user=f"kakao-{who}", callback=kakao.callback_url(token) if drawn else None)
        _, answer, _ = await skill(client, body)
        chats[who] += lines("크레용", _kakao_message(answer))
        if answer.get("useCallback"):
            await kakao.wait_for(lambda: kakao.callbacks(token), timeout=60)
            shown[0] = len(kakao.posts)
            chats[who] += lines("크레용", _kakao_message(kakao.callbacks(token)[0].body))
        record_pushes()

    await step("kid", "안녕")
    await step("kid", DIARY, drawn=True)
    await step("kid", "다시 그려 줘", drawn=True)
    await step("kid", "알림 저녁 7시 반")
    await step("kid", "사는 곳 엘에이")
    await step("kid", "부모 연결")
    code = CODE.search("\n".join(chats["kid"]))
    assert code, chats["kid"][-3:]
    await step("mom", f"연결 {code.group(1)} 민지")
    await kakao.wait_for(lambda: any(post.path.startswith("/v2/bots/") for post in kakao.posts))
    record_pushes()
    await step("mom", "앨범")
    await step("mom", "내 기록 받기")
    found = {"kakao-child": chats["kid"], "kakao-parent": chats["mom"]}
    return {name: tidy("\n".join(said), code.group(1)) for name, said in found.items()}


# -- the console ------------------------------------------------------------------------------------------


async def console_transcript(serve: Callable[..., Any], tmp_path: Path) -> str:
    client = await serve(telegram=False, clock=FixedClock(MOMENT))
    out = io.StringIO()
    chat = ConsoleChat(client.app[CORE].services, out, exports_dir=tmp_path / "exports")
    client.app[CORE].runner.deliveries.couriers[Platform.CONSOLE] = chat.courier
    shown: list[str] = []
    for line in ("안녕", DIARY, "기분 슬픔", "다시 그려 줘", UNSURE, "응", "내 기록 받기"):
        start = len(out.getvalue())
        await chat.handle(line)
        shown += lines("민지", line) + lines("크레용", out.getvalue()[start:].strip())
    return tidy("\n".join(shown), None)


# -- README ---------------------------------------------------------------------------------------------


def check(found: dict[str, str]) -> None:
    readme = README.read_text(encoding="utf-8")
    if os.environ.get("WRITE_TRANSCRIPTS"):
        for name, body in found.items():
            pattern = re.compile(re.escape(f"<!-- transcript: {name} -->") + r".*?<!-- /transcript -->", re.S)
            block = BLOCK.format(name=name, body=body)
            readme = pattern.sub(lambda _, block=block: block, readme)  # type: ignore[misc]
        README.write_text(readme, encoding="utf-8")
        return
    for name, body in found.items():
        assert BLOCK.format(name=name, body=body) in readme, f"README's {name} transcript:\n{body}"


async def test_telegram_conversations_are_the_ones_readme_shows(
    serve, stub: BotApiStub, models_dir: Path, tmp_path: Path
) -> None:
    # The child's voice message says this (a tiny Whisper made to hear it; the tiny one hears random words).
    speaking = speaking_models(models_dir, tmp_path / "speaking", VOICE_DIARY)
    check(await telegram_transcripts(serve, stub, speaking))


async def test_kakao_conversations_are_the_ones_readme_shows(serve, kakao: KakaoStub) -> None:
    check(await kakao_transcripts(serve, kakao))


async def test_the_console_conversation_is_the_one_readme_shows(serve, tmp_path: Path) -> None:
    check({"console-child": await console_transcript(serve, tmp_path)})
