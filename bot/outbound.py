"""Messages the bot starts itself (reminders, albums), routed to each user's platform."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from bot import messages
from bot.album_render import Album, day_label
from storage.images import ImageStore
from storage.records import User

logger = logging.getLogger(__name__)

CAPTION_LIMIT = 1024
EXCERPT_CHARS = 300
MEDIA_GROUP_SIZE = 10


def is_permanent(error: BaseException) -> bool:
    """The user cannot be reached this way (blocked the bot, chat gone): trying again will not help."""
    return type(error).__name__ in {"Forbidden", "BadRequest", "ChatMigrated", "KakaoEventError"}


@dataclass(frozen=True)
class AlbumMessage:
    """A week's album as it leaves: the collage, the drawings, the page address."""

    album: Album
    collage: bytes | None
    collage_url: str | None
    page_url: str | None
    page_days: int


class Outbound(Protocol):
    async def send_text(self, user: User, text: str) -> None: ...

    async def send_album(self, user: User, album: AlbumMessage) -> None: ...


class Outbox:
    """Finds the way to each user: Telegram, Kakao's Event API; users of other front ends are skipped."""

    def __init__(self) -> None:
        self.by_platform: dict[str, Outbound] = {}

    def reaches(self, user: User) -> bool:
        return user.platform in self.by_platform

    async def send_text(self, user: User, text: str) -> None:
        await self.by_platform[user.platform].send_text(user, text)

    async def send_album(self, user: User, album: AlbumMessage) -> None:
        await self.by_platform[user.platform].send_album(user, album)


class TelegramOutbound:
    """Sends through a python-telegram-bot `Bot` (its rate limiter spaces the messages out)."""

    def __init__(self, bot: Any, images: ImageStore) -> None:
        self.bot = bot
        self.images = images

    async def send_text(self, user: User, text: str) -> None:
        await self.bot.send_message(int(user.chat_id), messages.fit(text, 4096))

    async def send_album(self, user: User, album: AlbumMessage) -> None:
        from telegram import InputMediaPhoto

        chat_id = int(user.chat_id)
        week = album.album
        if week.distress_days:
            await self.send_text(user, messages.distress_note(week.nickname, week.distress_days))
        if not week.items:
            await self.send_text(user, messages.album_empty(week.nickname, week.span))
            return
        caption = messages.album_caption(week.nickname, week.span, week.summary()) + "\n" + week.chart()
        await self.bot.send_photo(chat_id, album.collage, caption=messages.fit(caption, CAPTION_LIMIT))
        media = []
        for item in week.items:
            excerpt = messages.fit(item.text, EXCERPT_CHARS)
            text = f"{day_label(item.day)} · {messages.mood_name(item.mood)}\n{excerpt}"
            try:
                photo: Any = item.drawing.telegram_file_id or await asyncio.to_thread(
                    self.images.read, item.drawing.image_path
                )
            except OSError:
                continue  # a lost file is left out of the originals; the collage shows its place
            media.append(InputMediaPhoto(photo, caption=messages.fit(text, CAPTION_LIMIT)))
        for start in range(0, len(media), MEDIA_GROUP_SIZE):
            group = media[start : start + MEDIA_GROUP_SIZE]
            if len(group) == 1:
                await self.bot.send_photo(chat_id, group[0].media, caption=group[0].caption)
            else:
                await self.bot.send_media_group(chat_id, group)
        if album.page_url:
            await self.send_text(user, messages.album_link(album.page_url, album.page_days))


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
        text = messages.album_caption(week.nickname, week.span, week.summary()) + "\n" + week.chart() + care
        data = {"text": messages.fit(text, 1000), "imageUrl": album.collage_url or "", "albumUrl": album.page_url or ""}
        await self.events.send([user.platform_user_id], data)
