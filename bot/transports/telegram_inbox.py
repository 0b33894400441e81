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
import time
from typing import Any

from telegram import Audio, Message, Update, VideoNote, Voice
from telegram.ext import Application, ExtBot, filters

from bot.usecases.commands import parse_command
from bot.usecases.inbox import UpdateInbox
from storage.records import InboxItem

logger = logging.getLogger(__name__)

# After this many starts that found an update still unhandled, it is dropped: it may be what crashes us.
MAX_INBOX_ATTEMPTS = 3
# A database that cannot keep a fetched batch is not hammered: the batch is fetched again after a pause.
KEEP_RETRY_SECONDS = 1.0
# A diary whose handler failed (the database refused it) is handled again after these pauses, then every
# last one: it is kept in the inbox meanwhile, and the child is told so once.
RETRY_SECONDS = (2.0, 10.0, 60.0, 300.0)


def recording_of(message: Message | None) -> Voice | Audio | VideoNote | None:
    """The voice message, audio file or round video note a message carries, if any."""
    if message is None:
        return None
    return message.voice or message.audio or message.video_note


def is_diary(update: Update) -> bool:
    """A voice diary, or a message with text or a caption that is not a command, as the handlers see it
    (`filters.COMMAND`, a slash command typed oddly, or one said in words, in a message or a caption): a
    parent's `／link CODE` is never kept in full either. A voice diary is kept as Telegram's reference to the
    file, never the sound."""
    message = update.message
    if message is None:
        return False
    text = message.text or message.caption
    if not text:
        return recording_of(message) is not None
    return not (filters.COMMAND.check_update(update) or parse_command(text))


def inbox_item(update: Update) -> InboxItem:
    """The update in full when it is a diary, else its id alone (see storage/inbox.py)."""
    user = update.effective_user
    return InboxItem(update.update_id, str(user.id) if user else None, update.to_json() if is_diary(update) else None)


class InboxBot(ExtBot[Any]):
    """An `ExtBot` whose `get_updates` commits the fetched batch before returning it to the updater."""

    __slots__ = ("_inbox", "_keeping_fails_since")

    def __init__(self, *args: Any, inbox: UpdateInbox, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._inbox = inbox
        self._keeping_fails_since: float | None = None

    @property
    def keeping_fails_for(self) -> float | None:
        """Seconds fetched updates have failed to be kept (None: they are kept): /healthz reads it."""
        if self._keeping_fails_since is None:
            return None
        return time.monotonic() - self._keeping_fails_since

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        updates = await super().get_updates(*args, **kwargs)
        if updates:
            try:
                await self._inbox.keep([inbox_item(update) for update in updates])
            except Exception as error:
                # Raising keeps the offset where it was: Telegram sends the batch again.
                logger.warning("could not keep %d fetched update(s): %s", len(updates), error)
                if self._keeping_fails_since is None:
                    self._keeping_fails_since = time.monotonic()
                await asyncio.sleep(KEEP_RETRY_SECONDS)
                raise
        self._keeping_fails_since = None
        return updates


class InboxApplication(Application[Any, Any, Any, Any, Any, Any]):
    """An `Application` that handles each kept update once and then marks it handled in the inbox."""

    def __init__(self, *, inbox: UpdateInbox, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._inbox = inbox
        self._handling: set[int] = set()
        self._again: set[int] = set()
        self._failures: dict[int, int] = {}
        self._waiting: set[asyncio.Task[None]] = set()

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
            if update_id in self._again:
                self._again.discard(update_id)
                self._schedule_again(update)
                return
            self._failures.pop(update_id, None)
            try:
                await self._inbox.done(update_id)
            except Exception as error:
                logger.warning(
                    "could not mark update %d handled (handled again at the next start): %s", update_id, error
                )
        finally:
            self._handling.discard(update_id)

    def handle_again_later(self, update: Update) -> bool:
        """Leave a diary whose handler failed in the inbox and handle it again after a pause; False (nothing
        to do) for an update that is not a diary, whose failure is final."""
        if not is_diary(update):
            return False
        self._again.add(update.update_id)
        return True

    def failures(self, update_id: int) -> int:
        """How many times handling this update failed before (in this process)."""
        return self._failures.get(update_id, 0)

    def cancel_waiting(self) -> None:
        """Stop waiting to handle failed diaries again (they stay in the inbox for the next start)."""
        for task in list(self._waiting):
            task.cancel()

    def _schedule_again(self, update: Update) -> None:
        failures = self._failures[update.update_id] = self.failures(update.update_id) + 1
        delay = RETRY_SECONDS[min(failures, len(RETRY_SECONDS)) - 1]
        logger.info("telegram update %d will be handled again in %.0f s", update.update_id, delay)
        task = asyncio.create_task(self._again_after(update, delay))
        self._waiting.add(task)
        task.add_done_callback(self._waiting.discard)

    async def _again_after(self, update: Update, delay: float) -> None:
        await asyncio.sleep(delay)
        await self.update_queue.put(update)

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
