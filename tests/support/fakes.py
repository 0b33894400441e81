"""Small hand-written fakes for the edges: a clock the test sets, an outbound that records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.errors import RecipientUnreachable
from bot.jobs.outbound import AlbumMessage
from storage.records import User


class FixedClock:
    """A clock that says what the test says."""

    def __init__(self, moment: datetime) -> None:
        assert moment.tzinfo is not None
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@dataclass
class RecordingOutbound:
    """An Outbound that keeps what it was asked to send; users in `blocked` fail like Telegram's 403."""

    texts: list[tuple[str, str]] = field(default_factory=list)
    albums: list[tuple[str, AlbumMessage]] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)

    async def send_text(self, user: User, text: str) -> None:
        if user.platform_user_id in self.blocked:
            raise RecipientUnreachable("bot was blocked by the user")
        self.texts.append((user.platform_user_id, text))

    async def send_album(self, user: User, album: AlbumMessage) -> None:
        if user.platform_user_id in self.blocked:
            raise RecipientUnreachable("bot was blocked by the user")
        self.albums.append((user.platform_user_id, album))
