"""Messages the bot starts itself (reminders, albums), routed to each user's platform."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from bot.domain import Album
from storage.records import User

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 300
MEDIA_GROUP_SIZE = 10


@dataclass(frozen=True)
class AlbumMessage:
    """A week's album as it leaves: the collage, the drawings, the page address."""

    album: Album
    collage: bytes | None
    collage_url: str | None
    page_url: str | None
    page_days: int


class Outbound(Protocol):
    """A platform's way to send the bot's own messages. Raises `RecipientUnreachable` when the user cannot be
    reached this way (trying again will not help); any other error may pass with time."""

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
