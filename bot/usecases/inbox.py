"""A platform's updates kept from the moment they are fetched until they are handled, each handled once
(storage/inbox.py says what is kept of each)."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.database import Database
from storage.inbox import HANDLED_IDS_KEPT, Inbox
from storage.records import InboxItem


class UpdateInbox:
    """One platform's inbox, as its transport uses it."""

    def __init__(self, database: Database, platform: str) -> None:
        self._inbox = Inbox(database, platform)

    async def keep(self, items: list[InboxItem]) -> None:
        """Commit fetched updates before the platform is told they arrived."""
        await self._inbox.keep(items)

    async def is_pending(self, update_id: int) -> bool:
        """True while the update is kept and not yet handled (False: handled before, or forgotten)."""
        return await self._inbox.is_pending(update_id)

    async def done(self, update_id: int) -> None:
        await self._inbox.done(update_id)

    async def take_pending(self, max_attempts: int) -> tuple[list[InboxItem], int]:
        """Updates a crash left unhandled, and how many were dropped after `max_attempts` tries."""
        return await self._inbox.take_pending(max_attempts)

    async def prune_handled(self) -> int:
        """Forget the ids of updates handled long enough ago that the platform will not send them again."""
        return await self._inbox.prune(datetime.now(UTC) - HANDLED_IDS_KEPT)
