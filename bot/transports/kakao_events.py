"""Kakao's Event API: messages the bot starts itself (reminders, albums), at most 100 users a call."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot import messages
from bot.errors import KakaoEventError, RecipientUnreachable
from bot.jobs.outbound import AlbumMessage
from bot.settings import KakaoSettings
from storage.records import User

logger = logging.getLogger(__name__)

USERS_PER_CALL = 100


@dataclass(frozen=True)
class EventResult:
    task_id: str
    status: str
    users: int


class KakaoEventClient:
    """`POST {host}/v2/bots/{botId}/talk` with `Authorization: KakaoAK <REST API key>`; each message is billed."""

    def __init__(self, settings: KakaoSettings) -> None:
        if settings.kakao_rest_api_key is None or settings.kakao_bot_id is None:
            raise ValueError("the Event API needs CRAYON_KAKAO_REST_API_KEY and CRAYON_KAKAO_BOT_ID")
        self.url = f"{settings.kakao_event_host.rstrip('/')}/v2/bots/{settings.kakao_bot_id}/talk"
        self.event_name = settings.kakao_event_name
        self._headers = {"Authorization": f"KakaoAK {settings.kakao_rest_api_key.get_secret_value()}"}
        self._session: aiohttp.ClientSession | None = None

    async def send(
        self, bot_user_keys: list[str], data: dict[str, Any] | None = None, *, event: str | None = None
    ) -> list[EventResult]:
        """Trigger the event for these users (botUserKeys), 100 per call; one result per call."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        results = []
        for start in range(0, len(bot_user_keys), USERS_PER_CALL):
            chunk = bot_user_keys[start : start + USERS_PER_CALL]
            name = event or self.event_name
            body = {
                "event": {"name": name, "data": data or {}},
                "user": [{"type": "botUserKey", "id": key} for key in chunk],
            }
            async with self._session.post(self.url, json=body, headers=self._headers) as response:
                try:
                    answer = await response.json(content_type=None)
                except ValueError:
                    answer = None
            refused = 400 <= response.status < 500 or (isinstance(answer, dict) and answer.get("status") == "FAIL")
            if refused:
                # The user is not one Kakao lets us reach (unknown key, left the channel): no use trying again.
                raise RecipientUnreachable(f"Kakao Event API answered HTTP {response.status}: {answer!r}"[:300])
            if response.status >= 300 or not isinstance(answer, dict):
                raise KakaoEventError(f"Kakao Event API answered HTTP {response.status}: {answer!r}"[:300])
            results.append(EventResult(str(answer.get("taskId", "")), str(answer.get("status", "")), len(chunk)))
            logger.info("kakao event %s sent to %d user(s)", name, len(chunk))
        return results

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class KakaoOutbound:
    """Sends through Kakao's Event API: the event block shows the text, the collage and the album link."""

    def __init__(self, events: Any) -> None:
        self.events = events

    async def send_text(self, user: User, text: str) -> None:
        await self.events.send([user.platform_user_id], {"text": messages.fit(text, 1000)})

    async def send_album(self, user: User, album: AlbumMessage) -> None:
        week = album.album
        care = "\n\n" + messages.distress_note(week.nickname, week.distress_days) if week.distress_days else ""
        if not week.items:
            await self.send_text(user, messages.album_empty(week.nickname, week.span) + care)
            return
        caption = messages.album_caption(week.nickname, week.span, week.summary(), week.preview)
        text = f"{caption}\n{week.chart()}{care}"
        data = {"text": messages.fit(text, 1000), "imageUrl": album.collage_url or "", "albumUrl": album.page_url or ""}
        await self.events.send([user.platform_user_id], data)
