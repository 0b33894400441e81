"""Kakao i Open Builder's side of the wire: the SkillPayload it sends, the SkillResponse blocks it reads, and
the checks a call must pass (its size, its bot, where a callback may go)."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from bot import messages
from bot.errors import BodyTooLargeError
from bot.usecases.commands import (
    AGAIN_LABEL,
    ALBUM_LABEL,
    CHILDREN_LABEL,
    HELP_LABEL,
    MY_DRAWINGS_LABEL,
    OTHER_MOOD_LABEL,
)

MAX_BODY_BYTES = 64 * 1024
TEXT_LIMIT = 1000
CARD_LIMIT = 10


class KakaoUser(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)
    id: str = Field(min_length=1, max_length=200)
    properties: dict[str, Any] = Field(default_factory=dict)


class KakaoUserRequest(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)
    utterance: str = Field(max_length=20_000)
    user: KakaoUser
    callbackUrl: str | None = Field(default=None, max_length=2000)
    params: dict[str, Any] | None = None


class KakaoBot(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)
    id: str | None = None


class SkillPayload(BaseModel):
    """The parts of Kakao's SkillPayload the bot reads."""

    model_config = ConfigDict(extra="ignore", strict=True)
    userRequest: KakaoUserRequest
    bot: KakaoBot = Field(default_factory=KakaoBot)


# -- SkillResponse building blocks ---------------------------------------------------------------


def simple_text(text: str) -> dict[str, Any]:
    return {"simpleText": {"text": messages.fit(text, TEXT_LIMIT)}}


def simple_image(url: str, alt: str) -> dict[str, Any]:
    return {"simpleImage": {"imageUrl": url, "altText": alt}}


def help_card(text: str, calls: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The help text with a button per number that dials it (Kakao's `phone` action; three at most)."""
    buttons = [{"action": "phone", "label": label, "phoneNumber": number} for label, number in calls[:3]]
    return {"textCard": {"description": messages.fit(text, 400), "buttons": buttons}}


def quick_reply(label: str) -> dict[str, Any]:
    return {"label": label, "action": "message", "messageText": label}


def skill_response(outputs: list[dict[str, Any]], quick_replies: list[dict[str, Any]]) -> dict[str, Any]:
    template: dict[str, Any] = {"outputs": outputs[:3]}
    if quick_replies:
        template["quickReplies"] = quick_replies[:10]
    return {"version": "2.0", "template": template}


def callback_answer(text: str) -> dict[str, Any]:
    return {"version": "2.0", "useCallback": True, "data": {"text": messages.fit(text, TEXT_LIMIT)}}


# After a drawing, the likely next steps; after any other answer, the two a child always has.
AFTER_DRAWING = [
    quick_reply(AGAIN_LABEL),
    quick_reply(OTHER_MOOD_LABEL),
    quick_reply(MY_DRAWINGS_LABEL),
    quick_reply(HELP_LABEL),
]
DEFAULT_REPLIES = [quick_reply(MY_DRAWINGS_LABEL), quick_reply(HELP_LABEL)]
PARENT_REPLIES = [quick_reply(ALBUM_LABEL), quick_reply(CHILDREN_LABEL), quick_reply(HELP_LABEL)]
"""After any answer to a parent (someone with a child linked): what a parent asks for."""


async def read_body(request: web.Request, limit: int) -> bytes:
    """The whole body, however many TCP segments or chunks it comes in; BodyTooLargeError past `limit` bytes."""
    if request.content_length is not None and request.content_length > limit:
        raise BodyTooLargeError()
    body = bytearray()
    # `read(n)` returns what is buffered so far, not the body: read until EOF.
    while chunk := await request.content.read(limit + 1 - len(body)):
        body += chunk
        if len(body) > limit:
            raise BodyTooLargeError()
    return bytes(body)


def callback_url_allowed(url: str, prefixes: Sequence[str]) -> bool:
    """True when `url` starts with one of CRAYON_KAKAO_CALLBACK_PREFIXES (already checked and lower-cased)."""
    if "\\" in url or any(ord(char) <= 32 or ord(char) == 127 for char in url):
        return False
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return False
    segments = unquote(parts.path).split("/")
    if "." in segments or ".." in segments:
        return False
    # Compared on the URL's parts, so a query or a user part can never pass for a prefix.
    where = f"{parts.scheme}://{parts.netloc.lower()}{parts.path}"
    return any(where.startswith(prefix) for prefix in prefixes)


def from_our_bot(bot_id: str | None, expected: str | None) -> bool:
    """Calls from CRAYON_KAKAO_BOT_ID, or from its development channel (the same id and a trailing '!')."""
    if expected is None:
        return True
    given = (bot_id or "").encode()
    base = expected.removesuffix("!")
    production = hmac.compare_digest(given, base.encode())
    development = hmac.compare_digest(given, f"{base}!".encode())
    return production or development


# Where Kakao keeps what users send: its CDN, and the chat servers' download hosts (dn-m.talk.kakao.com).
MEDIA_DOMAINS = ("kakaocdn.net", "talk.kakao.com")


def is_attachment(user_request: KakaoUserRequest) -> bool:
    """A photo, video or file: Kakao sends it as `params.media`, with its signed address as the utterance —
    or only that address, in any case of letters."""
    media = (user_request.params or {}).get("media")
    if isinstance(media, dict) and (media.get("type") or media.get("url")):
        return True
    text = user_request.utterance.strip()
    if not text.lower().startswith(("https://", "http://")) or any(char.isspace() for char in text):
        return False
    try:
        host = (urlsplit(text).hostname or "").rstrip(".")
    except ValueError:
        return False
    return any(host == domain or host.endswith(f".{domain}") for domain in MEDIA_DOMAINS)
