"""Telegram updates are committed to the inbox before Telegram is told they arrived, and handled once.

Long polling confirms a batch with the next `getUpdates` offset, a webhook with its 200; after either,
Telegram never sends the update again. So the bot's `get_updates` keeps each fetched batch before the
updater can ask for the next one, the webhook keeps its update before answering, and the application
marks an update handled only after its handler ran. A crash in between leaves the update in the inbox,
and the next start handles it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ExtBot

from storage.inbox import Inbox, InboxItem

logger = logging.getLogger(__name__)

# After this many starts that found an update still unhandled, it is dropped: it may be what crashes us.
MAX_INBOX_ATTEMPTS = 3
# A database that cannot keep a fetched batch is not hammered: the batch is fetched again after a pause.
KEEP_RETRY_SECONDS = 1.0


def inbox_item(update: Update) -> InboxItem:
    """The update in full when it is a diary (text or a photo's caption, not a command), else its id alone."""
    user = update.effective_user
    message = update.message
    diary = message is not None and bool(message.caption or (message.text and not message.text.startswith("/")))
    return InboxItem(update.update_id, str(user.id) if user else None, update.to_json() if diary else None)


class InboxBot(ExtBot[Any]):
    """An `ExtBot` whose `get_updates` commits the fetched batch before returning it to the updater."""

    __slots__ = ("_inbox",)

    def __init__(self, *args: Any, inbox: Inbox, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._inbox = inbox

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        updates = await super().get_updates(*args, **kwargs)
        if updates:
            try:
                await self._inbox.keep([inbox_item(update) for update in updates])
            except Exception as error:
                # Raising keeps the offset where it was: Telegram sends the batch again.
                logger.warning("could not keep %d fetched update(s): %s", len(updates), error)
                await asyncio.sleep(KEEP_RETRY_SECONDS)
                raise
        return updates


class InboxApplication(Application[Any, Any, Any, Any, Any, Any]):
    """An `Application` that handles each kept update once and then marks it handled in the inbox."""

    def __init__(self, *, inbox: Inbox, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._inbox = inbox
        self._handling: set[int] = set()

    async def process_update(self, update: object) -> None:
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        update_id = update.update_id
        # The same update can come twice: from the inbox after a crash, and from Telegram unconfirmed.
        if update_id in self._handling:
            return
        self._handling.add(update_id)
        try:
            try:
                pending = await self._inbox.is_pending(update_id)
            except Exception as error:  # the database cannot tell: handle it (its diary is idempotent)
                logger.warning("inbox unreadable for update %d: %s", update_id, error)
                pending = True
            if not pending:
                logger.info("telegram update %d was handled before; skipped", update_id)
                return
            await super().process_update(update)
            try:
                await self._inbox.done(update_id)
            except Exception as error:
                logger.warning(
                    "could not mark update %d handled (handled again at the next start): %s", update_id, error
                )
        finally:
            self._handling.discard(update_id)

    async def replay_inbox(self) -> int:
        """Queue the updates a crash left unhandled; return how many."""
        items, dropped = await self._inbox.take_pending(MAX_INBOX_ATTEMPTS)
        if dropped:
            logger.warning("dropped %d update(s) that stayed unhandled after %d starts", dropped, MAX_INBOX_ATTEMPTS)
        for item in items:
            assert item.payload is not None
            update = Update.de_json(json.loads(item.payload), self.bot)
            await self.update_queue.put(update)
        if items:
            logger.info("handling %d update(s) kept from before the last stop", len(items))
        return len(items)

    async def keep(self, update: Update) -> None:
        """Commit an update that came by webhook (before Telegram is answered)."""
        await self._inbox.keep([inbox_item(update)])
