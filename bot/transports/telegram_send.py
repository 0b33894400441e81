"""What the bot sends to Telegram chats: drawings as they are made (the courier), several drawings at once
(`/mydrawings`, albums), and the messages the bot starts itself (reminders, weekly albums)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Message, ReplyParameters
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot import messages
from bot.domain import CommandName, day_label
from bot.errors import RecipientUnreachable
from bot.jobs.outbound import AlbumMessage
from bot.usecases.commands import Command, ForgetTarget
from bot.usecases.handover import Handover
from bot.wording import month_day
from storage.errors import BrokenImageError
from storage.records import ClaimedJob, Drawing, Platform, User

logger = logging.getLogger(__name__)

CHAT_ACTION_EVERY_SECONDS = 4.5
CHAT_ACTION_FOR_AT_MOST_SECONDS = 180
MEDIA_GROUP_SIZE = 10
EXCERPT_CHARS = 300


def drawing_buttons(drawing_id: int) -> InlineKeyboardMarkup:
    again, other = Command.redraw(drawing_id), Command.redraw(drawing_id, other_mood=True)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(messages.BUTTON_AGAIN, callback_data=button_data(again)),
                InlineKeyboardButton(messages.BUTTON_OTHER_MOOD, callback_data=button_data(other)),
            ]
        ]
    )


def button_data(command: Command) -> str:
    """What a button that sends `command` carries (Telegram allows 64 bytes): `again:ID`, `other:ID`,
    `draw:ID`, `skip:ID` (a message asked about), `forget:self`, `forget:N`; `button_command` reads it back."""
    if command.name is CommandName.FORGET:
        child = command.forget_target().child
        return f"forget:{'self' if child is None else child}"
    return f"{command.name}:{command.drawing_id()}"


def button_command(data: str) -> Command | None:
    """The command a button's data asks for; None for anything else (a button of an older version, or data
    that is not ours). A forget button confirms: it is offered under the question."""
    action, _, argument = data.partition(":")
    if action == "forget" and argument == "self":
        return Command.forget(ForgetTarget(None, confirmed=True))
    if action == "forget" and argument.isdigit() and len(argument) <= 3:
        return Command.forget(ForgetTarget(int(argument), confirmed=True))
    if action in ("again", "other") and argument.isdigit() and len(argument) <= 12:
        return Command.redraw(int(argument), other_mood=action == "other")
    if action in ("draw", "skip") and argument.isdigit() and len(argument) <= 12:
        return Command.answer(int(argument), draw=action == "draw")
    return None


@dataclass(frozen=True)
class Photo:
    """One drawing to send among others, with its caption."""

    drawing: Drawing
    caption: str


async def send_photos(bot: Any, handover: Handover, chat_id: int, photos: list[Photo]) -> int:
    """Send drawings in media groups of at most 10 (a lone one as a photo); by Telegram file id where it has
    them, and uploaded again when Telegram refuses a stored id. Lost files are left out. Returns how many
    went."""
    file_ids = await handover.file_ids([photo.drawing for photo in photos], Platform.TELEGRAM)
    try:
        return await _send_photos(bot, handover, chat_id, photos, file_ids)
    except BadRequest as error:
        if not file_ids:
            raise
        logger.info("telegram refused a stored file id (%s); uploading the drawings again", error.message)
        return await _send_photos(bot, handover, chat_id, photos, {})


async def _send_photos(
    bot: Any, handover: Handover, chat_id: int, photos: list[Photo], file_ids: dict[int, str]
) -> int:
    media = []
    for photo in photos:
        drawing = photo.drawing
        try:
            source: Any = file_ids.get(drawing.id) or await handover.picture(drawing)
        except BrokenImageError:
            continue  # a lost file is left out; the rest are still shown
        media.append(InputMediaPhoto(source, caption=messages.fit(photo.caption, MessageLimit.CAPTION_LENGTH)))
    for start in range(0, len(media), MEDIA_GROUP_SIZE):
        group = media[start : start + MEDIA_GROUP_SIZE]
        if len(group) == 1:
            await bot.send_photo(chat_id, group[0].media, caption=group[0].caption)
        else:
            await bot.send_media_group(chat_id, group)
    return len(media)


class TelegramCourier:
    """Sends drawings to Telegram chats as they are made: the photo with a mood caption and buttons."""

    def __init__(self, bot: Any, handover: Handover) -> None:
        self.bot = bot
        self.handover = handover
        self._typing: dict[int, tuple[int, asyncio.Task[None]]] = {}
        """'Uploading photo' shown while a drawing is made: job id → (user id, task)."""

    async def started(self, claimed: ClaimedJob) -> None:
        """Keep 'uploading photo' showing while the drawing is made."""
        job_id = claimed.job.id
        if job_id not in self._typing:
            task = asyncio.create_task(self._keep_uploading(int(claimed.user.chat_id)))
            self._typing[job_id] = (claimed.user.id, task)

    async def cancelled(self, claimed: ClaimedJob) -> None:
        self._stop_uploading(claimed.job.id)

    async def forget_user(self, user_id: int) -> None:
        for job_id in [job_id for job_id, (owner, _) in self._typing.items() if owner == user_id]:
            self._stop_uploading(job_id)

    async def deliver(self, claimed: ClaimedJob, drawing: Drawing | None) -> bool:
        self._stop_uploading(claimed.job.id)
        chat_id = int(claimed.user.chat_id)
        reply = (
            ReplyParameters(message_id=int(claimed.job.reply_to), allow_sending_without_reply=True)
            if claimed.job.reply_to
            else None
        )
        if drawing is None:
            await self.bot.send_message(chat_id, messages.failure_text(claimed.job.error), reply_parameters=reply)
            return True
        caption = messages.fit(messages.drawing_caption(drawing.emotion, drawing.preview), MessageLimit.CAPTION_LENGTH)
        known = (await self.handover.file_ids([drawing], Platform.TELEGRAM)).get(drawing.id)
        try:
            sent = await self._send_photo(chat_id, drawing, known, caption, drawing_buttons(drawing.id), reply)
        except BrokenImageError:
            # The file was lost or damaged after drawing: say so, and offer to draw it again.
            await self.bot.send_message(chat_id, messages.BROKEN_IMAGE, reply_markup=drawing_buttons(drawing.id))
            return True
        if sent.photo and known is None:
            try:
                await self.handover.remember_file_id(drawing, Platform.TELEGRAM, sent.photo[-1].file_id)
            except Exception as error:  # it arrived: a failed note of its file id must not send it again
                logger.warning("could not keep the file id of drawing %d: %s", drawing.id, error)
        return True

    async def send_album(self, chat_id: int, drawings: list[Drawing], timezone: str) -> None:
        """A child's drawings (`/mydrawings`), newest first, each captioned with its day and mood."""
        photos = [
            Photo(
                drawing,
                messages.drawing_caption(drawing.emotion, drawing.preview, month_day(drawing.created_at, timezone)),
            )
            for drawing in drawings[:MEDIA_GROUP_SIZE]
        ]
        if not await send_photos(self.bot, self.handover, chat_id, photos):
            await self.bot.send_message(chat_id, messages.BROKEN_IMAGE)

    async def close(self) -> None:
        for job_id in list(self._typing):
            self._stop_uploading(job_id)

    async def _send_photo(
        self,
        chat_id: int,
        drawing: Drawing,
        file_id: str | None,
        caption: str,
        buttons: InlineKeyboardMarkup,
        reply: ReplyParameters | None,
    ) -> Message:
        if file_id:
            with contextlib.suppress(BadRequest):
                return await self.bot.send_photo(
                    chat_id, file_id, caption=caption, reply_markup=buttons, reply_parameters=reply
                )
        data = await self.handover.picture(drawing)
        return await self.bot.send_photo(chat_id, data, caption=caption, reply_markup=buttons, reply_parameters=reply)

    async def _keep_uploading(self, chat_id: int) -> None:
        loop = asyncio.get_running_loop()
        until = loop.time() + CHAT_ACTION_FOR_AT_MOST_SECONDS
        while loop.time() < until:
            with contextlib.suppress(Exception):
                await self.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
            await asyncio.sleep(CHAT_ACTION_EVERY_SECONDS)

    def _stop_uploading(self, job_id: int) -> None:
        typing = self._typing.pop(job_id, None)
        if typing is not None:
            typing[1].cancel()


class TelegramOutbound:
    """Messages the bot starts itself, through a python-telegram-bot `Bot` (its rate limiter spaces them).

    Telegram's refusals that will not pass (blocked by the user, the chat gone or moved, a request it calls
    bad) become `RecipientUnreachable`.
    """

    def __init__(self, bot: Any, handover: Handover) -> None:
        self.bot = bot
        self.handover = handover

    async def send_text(self, user: User, text: str) -> None:
        try:
            await self.bot.send_message(int(user.chat_id), messages.fit(text, MessageLimit.MAX_TEXT_LENGTH))
        except (Forbidden, BadRequest, ChatMigrated) as error:
            raise RecipientUnreachable(error.message) from error

    async def send_album(self, user: User, album: AlbumMessage) -> None:
        """The collage with the summary, the drawings with their diaries as captions, then the page link."""
        try:
            await self._send_album(user, album)
        except (Forbidden, BadRequest, ChatMigrated) as error:
            raise RecipientUnreachable(error.message) from error

    async def _send_album(self, user: User, album: AlbumMessage) -> None:
        chat_id = int(user.chat_id)
        week = album.album
        if week.distress_days:
            await self.send_text(user, messages.distress_note(week.nickname, week.distress_days))
        if not week.items:
            await self.send_text(user, messages.album_empty(week.nickname, week.span))
            return
        caption = messages.album_caption(week.nickname, week.span, week.summary(), week.preview) + "\n" + week.chart()
        await self.bot.send_photo(chat_id, album.collage, caption=messages.fit(caption, MessageLimit.CAPTION_LENGTH))
        photos = [
            Photo(
                item.drawing,
                f"{day_label(item.day)} · {messages.mood_name(item.mood)}\n{messages.fit(item.text, EXCERPT_CHARS)}",
            )
            for item in week.items
        ]
        await send_photos(self.bot, self.handover, chat_id, photos)
        if album.page_url:
            await self.send_text(user, messages.album_link(album.page_url, album.page_days))


# Telegram counts a message's length in UTF-16 units: a diary of emoji takes two each, so an alert stays well
# under the 4,096 a message may hold.
ALERT_LIMIT = 2000


class TelegramReviewer:
    """The designated reviewer's Telegram chat (CRAYON_SAFEGUARDING_TELEGRAM_CHAT_ID): crisis alerts, plain text."""

    def __init__(self, bot: Any, chat_id: str) -> None:
        self.bot = bot
        self.chat_id = int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id

    async def send_alert(self, text: str) -> None:
        try:
            await self.bot.send_message(self.chat_id, messages.fit(text, ALERT_LIMIT))
        except ChatMigrated as error:
            # The reviewer's group became a supergroup: follow it now; the setting should be updated.
            logger.warning(
                "the reviewer's chat moved to %s: update CRAYON_SAFEGUARDING_TELEGRAM_CHAT_ID", error.new_chat_id
            )
            self.chat_id = error.new_chat_id
            await self.bot.send_message(self.chat_id, messages.fit(text, ALERT_LIMIT))
