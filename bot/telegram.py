"""Telegram: python-telegram-bot handlers that translate between chats and the diary use-cases."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import web
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, MessageLimit
from telegram.error import BadRequest
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)

from bot import messages
from bot.commands import Command, parse_command
from bot.conversation import Conversation
from bot.outbound import TelegramOutbound
from bot.service import Sender
from bot.telegram_http import AiohttpRequest
from engine.settings import Settings
from storage.images import BrokenImageError
from storage.records import ClaimedJob, Drawing

if TYPE_CHECKING:
    from bot.core import Core

logger = logging.getLogger(__name__)

PLATFORM = "telegram"
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CHAT_ACTION_EVERY_SECONDS = 4.5
CHAT_ACTION_FOR_AT_MOST_SECONDS = 180
COMMANDS = [
    BotCommand("start", "처음 인사와 사용법"),
    BotCommand("help", "도움말"),
    BotCommand("style", "그림 기분 고르기: 행복, 슬픔, 자동"),
    BotCommand("mydrawings", "최근 그림 다시 보기"),
    BotCommand("remind", "저녁 알림 시간: /remind 20:30, /remind 끄기"),
    BotCommand("parent", "부모님 연결 코드 받기"),
    BotCommand("link", "(부모님) 아이와 연결: /link 코드 이름"),
    BotCommand("children", "(부모님) 연결된 아이 보기"),
    BotCommand("album", "(부모님) 이번 주 앨범: /album, 지난주: /album last"),
    BotCommand("unlink", "연결 끊기"),
    BotCommand("forget", "내 일기와 그림 모두 지우기"),
    BotCommand("privacy", "개인정보 안내"),
]
TEXT_COMMANDS = ["start", "help", "style", "remind", "parent", "link", "children", "unlink", "privacy"]


def source_key(message: Message) -> str:
    """The same chat + message id is the same diary, however often Telegram delivers it."""
    return f"{PLATFORM}:{message.chat_id}:{message.message_id}"


def sender_of(update: Update) -> Sender:
    assert update.effective_user is not None
    assert update.effective_chat is not None
    return Sender(PLATFORM, str(update.effective_user.id), str(update.effective_chat.id))


def drawing_buttons(drawing_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(messages.BUTTON_AGAIN, callback_data=f"again:{drawing_id}"),
                InlineKeyboardButton(messages.BUTTON_OTHER_MOOD, callback_data=f"other:{drawing_id}"),
            ]
        ]
    )


def rate_limiter(settings: Settings) -> AIORateLimiter:
    """Telegram's limits: the overall rate (a setting) and 429 retry_after honoured with retries."""
    rate = settings.telegram_messages_per_second
    return AIORateLimiter(overall_max_rate=rate, overall_time_period=1 if rate else 0, max_retries=5)


def standalone_bot(settings: Settings) -> ExtBot[Any]:
    """A Bot API client without the update machinery, for commands run outside `crayon serve`."""
    assert settings.telegram_bot_token is not None
    options: dict[str, Any] = {}
    if settings.telegram_base_url:
        options["base_url"] = settings.telegram_base_url
    if settings.telegram_base_file_url:
        options["base_file_url"] = settings.telegram_base_file_url
    return ExtBot(
        settings.telegram_bot_token.get_secret_value(),
        request=AiohttpRequest(connection_pool_size=16),
        rate_limiter=rate_limiter(settings),
        **options,
    )


class TelegramBot:
    """The Telegram side of the bot: handlers in, a courier out, polling or a webhook route."""

    def __init__(self, core: Core) -> None:
        settings = core.settings
        assert settings.telegram_bot_token is not None
        self.core = core
        self.settings = settings
        self.service = core.service
        self.diaries = core.diaries
        self.images = core.images
        self.conversation = Conversation(
            core.service, core.scheduled.family, core.scheduled.reminders, core.scheduled.privacy
        )
        self.webhook_secret = (
            settings.telegram_webhook_secret.get_secret_value()
            if settings.telegram_webhook_secret
            else secrets.token_urlsafe(32)
        )
        builder = (
            ApplicationBuilder()
            .token(settings.telegram_bot_token.get_secret_value())
            .rate_limiter(rate_limiter(settings))
            .concurrent_updates(64)
            .request(AiohttpRequest(connection_pool_size=64))
            .get_updates_request(AiohttpRequest(connection_pool_size=1))
        )
        if settings.telegram_base_url:
            builder = builder.base_url(settings.telegram_base_url)
        if settings.telegram_base_file_url:
            builder = builder.base_file_url(settings.telegram_base_file_url)
        if settings.use_webhook:
            builder = builder.updater(None)
        self.application: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        self.courier = TelegramCourier(self)
        self.outbound = TelegramOutbound(self.application.bot, core.images)
        self._register()

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Connect, publish the command list, and start receiving updates."""
        application = self.application
        await application.initialize()
        await application.bot.set_my_commands(COMMANDS)
        await application.start()
        if self.settings.use_webhook:
            await application.bot.set_webhook(
                url=f"{self.settings.public_base_url}{WEBHOOK_PATH}",
                secret_token=self.webhook_secret,
                allowed_updates=["message", "callback_query"],
            )
            logger.info("telegram: webhook mode")
        else:
            assert application.updater is not None
            await application.bot.delete_webhook()
            await application.updater.start_polling(allowed_updates=["message", "callback_query"])
            logger.info("telegram: polling")

    async def stop(self) -> None:
        """Stop taking updates first, then finish the updates in progress."""
        application = self.application
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await self.courier.close()
        await application.shutdown()

    async def webhook(self, request: web.Request) -> web.Response:
        """POST /telegram/webhook: check Telegram's secret header (constant time), then queue the update."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.webhook_secret.encode()):
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            update = Update.de_json(data, self.application.bot)
        except Exception:
            return web.Response(status=400, text="not a Telegram update")
        await self.application.update_queue.put(update)
        return web.Response(text="ok")

    # -- handlers -------------------------------------------------------------------------------

    def _register(self) -> None:
        """All handlers, in one place."""
        private = filters.ChatType.PRIVATE
        add = self.application.add_handler
        add(CommandHandler(TEXT_COMMANDS, self.text_command, filters=private))
        add(CommandHandler("mydrawings", self.mydrawings_command, filters=private))
        add(CommandHandler("album", self.album_command, filters=private))
        add(CommandHandler("forget", self.forget_command, filters=private))
        add(CallbackQueryHandler(self.forget_button, pattern=r"^forget:(self|\d{1,3})$"))
        add(MessageHandler(private & filters.COMMAND, self.unknown_command))
        add(MessageHandler(private & filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, self.diary))
        add(MessageHandler(private & ~filters.TEXT & filters.UpdateType.MESSAGE, self.not_text))
        add(CallbackQueryHandler(self.button, pattern=r"^(again|other):\d{1,12}$"))
        self.application.add_error_handler(self.on_error)

    async def text_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, /help, /style, /remind, /parent, /link, /children, /unlink: one Korean text each."""
        message = update.effective_message
        assert message is not None
        assert message.text is not None
        command = parse_command(message.text.replace(f"@{self.application.bot.username}", "", 1))
        text = await self.conversation.answer(sender_of(update), command or Command("unknown"))
        await self._reply(update, text or messages.UNKNOWN_COMMAND)

    async def mydrawings_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/mydrawings: the child's recent drawings, re-sent by file id where Telegram has them."""
        drawings = await self.service.recent_drawings(sender_of(update))
        if not drawings:
            await self._reply(update, messages.NO_DRAWINGS)
            return
        assert update.effective_chat is not None
        await self.courier.send_album(update.effective_chat.id, drawings)

    async def album_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/album (this week) or /album last: a parent's albums of their own children, now."""
        last = " ".join(context.args or []).strip().lower() in ("last", "지난", "지난주")
        sender = sender_of(update)
        albums = await self.core.scheduled.family.albums_for(sender, last_week=last)
        if not albums:
            await self._reply(update, messages.ALBUM_NONE_LINKED)
            return
        parent = await self.core.scheduled.family.user(sender)
        for album in albums:
            await self.outbound.send_album(parent, album)

    async def forget_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/forget (asks, with a button) and /forget confirm; a parent: /forget N [confirm]."""
        text, outcome = await self.conversation.forget_reply(sender_of(update), " ".join(context.args or []))
        buttons = None
        if outcome.status == "ask":
            target = "self" if outcome.number is None else str(outcome.number)
            buttons = InlineKeyboardMarkup(
                [[InlineKeyboardButton(messages.FORGET_BUTTON, callback_data=f"forget:{target}")]]
            )
        assert update.effective_chat is not None
        await self.application.bot.send_message(update.effective_chat.id, text, reply_markup=buttons)

    async def forget_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The confirm button under /forget's question."""
        query = update.callback_query
        assert query is not None
        assert query.data is not None
        target = query.data.removeprefix("forget:")
        argument = "confirm" if target == "self" else f"{target} confirm"
        text, _ = await self.conversation.forget_reply(sender_of(update), argument)
        await query.answer()
        assert update.effective_chat is not None
        await self.application.bot.send_message(update.effective_chat.id, text)

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any other /command: point to /help."""
        await self._reply(update, messages.UNKNOWN_COMMAND)

    async def diary(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message is a diary: commit it, then acknowledge (with the queue position)."""
        message = update.effective_message
        assert message is not None
        assert message.text is not None
        receipt = await self.service.submit_diary(
            sender_of(update), message.text, source_key=source_key(message), reply_to=str(message.message_id)
        )
        logger.info("telegram diary: update %s, %d chars, %s", update.update_id, len(message.text), receipt.status)
        await self._reply(update, messages.receipt_text(receipt, self.settings))

    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice and the like: a friendly hint to write instead."""
        await self._reply(update, messages.NOT_TEXT)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The buttons under a drawing: draw again, or draw with the other mood."""
        query = update.callback_query
        assert query is not None
        assert query.data is not None
        action, _, drawing_id = query.data.partition(":")
        receipt = await self.service.redraw(
            sender_of(update), int(drawing_id), other_mood=action == "other", request_key=f"{PLATFORM}:cb:{query.id}"
        )
        await query.answer()
        if receipt.status == "queued" and receipt.mood is not None:
            text = messages.redraw_started(receipt.mood, receipt.ahead, other_mood=action == "other")
        else:
            text = messages.receipt_text(receipt, self.settings)
        assert update.effective_chat is not None
        await self.application.bot.send_message(update.effective_chat.id, text)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one error handler: log the trace (never the diary), tell the child whether the diary is safe."""
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("telegram update %s failed", update_id, exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        message = update.effective_message
        safe = False
        if message is not None and message.text:
            with contextlib.suppress(Exception):
                safe = await self.service.was_stored(source_key(message))
        text = messages.ERROR_DIARY_SAFE if safe else messages.ERROR_TRY_AGAIN
        with contextlib.suppress(Exception):
            await self.application.bot.send_message(update.effective_chat.id, text)

    async def _reply(self, update: Update, text: str) -> None:
        assert update.effective_chat is not None
        await self.application.bot.send_message(
            update.effective_chat.id, messages.fit(text, MessageLimit.MAX_TEXT_LENGTH)
        )


class TelegramCourier:
    """Sends drawings to Telegram chats: the photo with a mood caption and buttons, by file id when known."""

    def __init__(self, bot: TelegramBot) -> None:
        self._bot = bot
        self._typing: dict[int, asyncio.Task[None]] = {}

    async def started(self, claimed: ClaimedJob) -> None:
        """Keep 'uploading photo' showing while the drawing is made."""
        job_id = claimed.job.id
        if job_id not in self._typing:
            self._typing[job_id] = asyncio.create_task(self._keep_uploading(int(claimed.user.chat_id)))

    async def deliver(self, claimed: ClaimedJob, drawing: Drawing | None) -> bool:
        self._stop_uploading(claimed.job.id)
        bot = self._bot.application.bot
        chat_id = int(claimed.user.chat_id)
        reply = (
            ReplyParameters(message_id=int(claimed.job.reply_to), allow_sending_without_reply=True)
            if claimed.job.reply_to
            else None
        )
        if drawing is None:
            await bot.send_message(chat_id, messages.failure_text(claimed.job.error), reply_parameters=reply)
            return True
        caption = messages.fit(messages.drawing_caption(drawing.emotion, drawing.preview), MessageLimit.CAPTION_LENGTH)
        try:
            sent = await self._send_photo(chat_id, drawing, caption, drawing_buttons(drawing.id), reply)
        except BrokenImageError:
            # The file was lost or damaged after drawing: say so, and offer to draw it again.
            await bot.send_message(chat_id, messages.BROKEN_IMAGE, reply_markup=drawing_buttons(drawing.id))
            return True
        if sent.photo and drawing.telegram_file_id is None:
            await self._bot.diaries.set_telegram_file_id(drawing.id, sent.photo[-1].file_id)
        return True

    async def send_album(self, chat_id: int, drawings: list[Drawing]) -> None:
        """Several drawings as one media group (Telegram takes at most 10), newest first."""
        media = []
        for drawing in drawings[:10]:
            when = drawing.created_at[5:10].replace("-", "/")
            caption = messages.fit(
                messages.drawing_caption(drawing.emotion, drawing.preview, when), MessageLimit.CAPTION_LENGTH
            )
            try:
                photo: Any = drawing.telegram_file_id or self._bot.images.read(drawing.image_path)
            except BrokenImageError:
                continue  # a lost file is left out; the rest are still shown
            media.append(InputMediaPhoto(photo, caption=caption))
        if not media:
            await self._bot.application.bot.send_message(chat_id, messages.BROKEN_IMAGE)
            return
        if len(media) == 1:
            await self._bot.application.bot.send_photo(chat_id, media[0].media, caption=media[0].caption)
        else:
            await self._bot.application.bot.send_media_group(chat_id, media)

    async def close(self) -> None:
        for job_id in list(self._typing):
            self._stop_uploading(job_id)

    async def _send_photo(
        self,
        chat_id: int,
        drawing: Drawing,
        caption: str,
        buttons: InlineKeyboardMarkup,
        reply: ReplyParameters | None,
    ) -> Message:
        bot = self._bot.application.bot
        if drawing.telegram_file_id:
            with contextlib.suppress(BadRequest):
                return await bot.send_photo(
                    chat_id, drawing.telegram_file_id, caption=caption, reply_markup=buttons, reply_parameters=reply
                )
        data = await asyncio.to_thread(self._bot.images.read, drawing.image_path)
        return await bot.send_photo(chat_id, data, caption=caption, reply_markup=buttons, reply_parameters=reply)

    async def _keep_uploading(self, chat_id: int) -> None:
        bot = self._bot.application.bot
        loop = asyncio.get_running_loop()
        until = loop.time() + CHAT_ACTION_FOR_AT_MOST_SECONDS
        while loop.time() < until:
            with contextlib.suppress(Exception):
                await bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
            await asyncio.sleep(CHAT_ACTION_EVERY_SECONDS)

    def _stop_uploading(self, job_id: int) -> None:
        task = self._typing.pop(job_id, None)
        if task is not None:
            task.cancel()
