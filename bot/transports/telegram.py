"""Telegram: python-telegram-bot handlers that translate between chats and the diary use-cases."""

from __future__ import annotations

import contextlib
import io
import logging
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from aiohttp import web
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, MessageLimit
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)

from bot import messages
from bot.domain import CommandName
from bot.messages import commands as command_texts
from bot.messages import talk
from bot.messages import voice as voice_texts
from bot.settings import TelegramSettings
from bot.transports.secret_check import matches_secret
from bot.transports.telegram_http import AiohttpRequest
from bot.transports.telegram_inbox import InboxApplication, InboxBot, recording_of
from bot.transports.telegram_send import TelegramCourier, TelegramOutbound, button_command, button_data
from bot.usecases.commands import MENU, Command, parse_command
from bot.usecases.conversation import ActionKind, Conversation, Reply
from bot.usecases.listening import Recording
from bot.usecases.services import Services
from bot.usecases.voice import VoiceDiaries
from storage.errors import TooManyNewUsersError
from storage.records import Contact, Platform

logger = logging.getLogger(__name__)

PLATFORM = Platform.TELEGRAM
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CHAT_ACTION_EVERY_SECONDS = 4.5
CHAT_ACTION_FOR_AT_MOST_SECONDS = 180
VOICE_TRIES = 3
"""A voice diary is heard again at most this many times after a failure (2 s, 10 s, 60 s later), then given up."""
COMMANDS = [BotCommand(name, command_texts.COMMAND_MENU[name]) for name in MENU]
"""The menu Telegram shows beside the text box, from the one table of commands."""


def source_key(message: Message) -> str:
    """The same chat + message id is the same diary, however often Telegram delivers it."""
    return f"{PLATFORM}:{message.chat_id}:{message.message_id}"


def sender_of(update: Update) -> Contact:
    assert update.effective_user is not None
    assert update.effective_chat is not None
    return Contact(PLATFORM, str(update.effective_user.id), str(update.effective_chat.id))


def in_private_chat(update: Update) -> bool:
    """True for the child's own chat with the bot: the only place where anything is done for them."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE and update.effective_user is not None


def rate_limiter(settings: TelegramSettings) -> AIORateLimiter:
    """Telegram's limits: the overall rate (a setting) and 429 retry_after honoured with retries."""
    rate = settings.telegram_messages_per_second
    return AIORateLimiter(overall_max_rate=rate, overall_time_period=1 if rate else 0, max_retries=5)


def _server_options(settings: TelegramSettings) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if settings.telegram_base_url:
        options["base_url"] = settings.telegram_base_url
    if settings.telegram_base_file_url:
        options["base_file_url"] = settings.telegram_base_file_url
    return options


def standalone_bot(settings: TelegramSettings) -> ExtBot[Any]:
    """A Bot API client without the update machinery, for commands run outside `crayon serve`."""
    assert settings.telegram_bot_token is not None
    return ExtBot(
        settings.telegram_bot_token.get_secret_value(),
        request=AiohttpRequest(connection_pool_size=16),
        rate_limiter=rate_limiter(settings),
        **_server_options(settings),
    )


class TelegramBot:
    """The Telegram side of the bot: handlers in, a courier out, polling, or a webhook route when
    `webhook_url` is given (`CRAYON_PUBLIC_BASE_URL` + WEBHOOK_PATH)."""

    def __init__(self, services: Services, settings: TelegramSettings, *, webhook_url: str | None = None) -> None:
        assert settings.telegram_bot_token is not None
        self.services = services
        self.webhook_url = webhook_url
        self.service = services.diaries
        self.conversation = Conversation(services, files=True)
        self.voice_diaries = VoiceDiaries(self.conversation)
        self.webhook_secret = (
            settings.telegram_webhook_secret.get_secret_value()
            if settings.telegram_webhook_secret
            else secrets.token_urlsafe(32)
        )
        self.inbox = services.telegram_inbox
        bot = InboxBot(
            settings.telegram_bot_token.get_secret_value(),
            request=AiohttpRequest(connection_pool_size=64),
            get_updates_request=AiohttpRequest(connection_pool_size=1),
            rate_limiter=rate_limiter(settings),
            inbox=self.inbox,
            **_server_options(settings),
        )
        builder = (
            ApplicationBuilder()
            .application_class(InboxApplication, {"inbox": self.inbox})
            .bot(bot)
            .concurrent_updates(64)
        )
        if webhook_url is not None:
            builder = builder.updater(None)
        application = builder.build()
        assert isinstance(application, InboxApplication)
        self.application = application
        self.courier = TelegramCourier(self.application.bot, services.handover)
        self.outbound = TelegramOutbound(self.application.bot, services.handover)
        self._register()

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Connect, publish the command list, and start receiving updates."""
        application = self.application
        await application.initialize()
        await application.bot.set_my_commands(COMMANDS)
        await application.start()
        # What a crash left unhandled goes first; then what Telegram has not handed over yet.
        await application.replay_inbox()
        await self.inbox.prune_handled()
        if self.webhook_url is not None:
            await application.bot.set_webhook(
                url=self.webhook_url,
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
        application.cancel_waiting()
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await self.courier.close()
        await application.shutdown()

    async def webhook(self, request: web.Request) -> web.Response:
        """POST /telegram/webhook: check Telegram's secret header (constant time), commit the update to the
        inbox, then answer 200 (a 503 makes Telegram send it again)."""
        given = request.headers.get(SECRET_HEADER, "")
        if not matches_secret(given, self.webhook_secret):
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            update = Update.de_json(data, self.application.bot)
        except Exception:
            return web.Response(status=400, text="not a Telegram update")
        try:
            await self.application.keep(update)
        except Exception as error:
            logger.warning("could not keep webhook update %d: %s", update.update_id, error)
            return web.Response(status=503, text="try again")
        await self.application.update_queue.put(update)
        return web.Response(text="ok")

    # -- handlers -------------------------------------------------------------------------------

    def _register(self) -> None:
        """All handlers, in one place."""
        private = filters.ChatType.PRIVATE
        add = self.application.add_handler
        add(MessageHandler(private & filters.COMMAND & filters.UpdateType.MESSAGE, self.command))
        add(MessageHandler(private & filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, self.diary))
        # A photo, or a recording, with a caption: the caption is the diary (what is written is read first).
        add(MessageHandler(private & filters.CAPTION & filters.UpdateType.MESSAGE, self.diary))
        # A voice message, an audio file or a round video note: heard, and asked about.
        recordings = filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE
        add(MessageHandler(private & recordings & filters.UpdateType.MESSAGE, self.voice))
        add(MessageHandler(private & ~filters.TEXT & filters.UpdateType.MESSAGE, self.not_text))
        # Every button press, with data or without, from any chat: `button` decides.
        add(CallbackQueryHandler(self.button))
        self.application.add_error_handler(self.on_error)

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any /command: the conversation's reply, rendered for Telegram (unknown ones point to /help)."""
        message = update.effective_message
        assert message is not None
        assert message.text is not None
        command = parse_command(message.text) or Command(CommandName.UNKNOWN)
        await self._render(update, await self.conversation.handle(sender_of(update), command))

    async def diary(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message (or a photo's caption) is a diary: commit it, then acknowledge (with the queue position)."""
        message = update.effective_message
        assert message is not None
        text = message.text or message.caption
        assert text is not None
        # Telegram marks `/forget` as a command, not `／forget`, `/forget` after a zero-width space, a command
        # said in words (`다시 그려 줘`), or one written as a photo's or a recording's caption.
        command = parse_command(text)
        if command is not None:
            await self._render(update, await self.conversation.handle(sender_of(update), command, said=text))
            return
        reply = await self.conversation.diary(
            sender_of(update), text, source_key=source_key(message), reply_to=str(message.message_id)
        )
        status = reply.receipt.status if reply.receipt else None
        logger.info("telegram diary: update %s, %d chars, %s", update.update_id, len(text), status)
        await self._render(update, reply)

    async def voice(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A diary said out loud: fetched into memory, written down, and asked about ("이렇게 들었어: …")."""
        message = update.effective_message
        media = recording_of(message)
        assert message is not None
        assert media is not None
        if message.forward_origin is not None:
            # Someone else's voice (a grown-up's message passed on) is not the child's diary: never fetched.
            await self._reply(update, voice_texts.FORWARDED)
            return

        async def fetch() -> bytes:
            found = await media.get_file()
            return bytes(await found.download_as_bytearray())

        length = media.duration
        seconds = length.total_seconds() if isinstance(length, timedelta) else float(length)
        # "typing…" while it is heard: a few seconds, more when drawings are ahead of it on the engine.
        with contextlib.suppress(TelegramError):
            await self.application.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
        recording = Recording(fetch, seconds=seconds, size=media.file_size, video=message.video_note is not None)
        reply = await self.voice_diaries.diary(
            sender_of(update), recording, source_key=source_key(message), reply_to=str(message.message_id)
        )
        status = reply.receipt.status if reply.receipt else "not heard"
        logger.info("telegram voice diary: update %s, %.0f s, %s", update.update_id, seconds, status)
        await self._render(update, reply)

    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos without a caption and the like: a friendly hint to write (or say) it instead."""
        await self._reply(update, voice_texts.NOT_WORDS if self.services.voices.hears else messages.NOT_TEXT)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: draw again, draw with the other mood, or confirm /forget; only in the child's own chat."""
        query = update.callback_query
        assert query is not None
        # Acknowledged first: Telegram refuses a late answer ("query is too old"), and that must not
        # turn a redraw that was queued or a deletion that was done into an error message.
        try:
            await query.answer()
        except TelegramError as error:
            logger.info("telegram could not take the answer to a button press: %s", type(error).__name__)
        if not in_private_chat(update):
            return  # a press in a group or an inline message acts for nobody
        command = button_command(query.data if isinstance(query.data, str) else "")
        if command is None:
            return  # an old or foreign button: nothing to do
        reply = await self.conversation.handle(sender_of(update), command, request_key=f"{PLATFORM}:cb:{query.id}")
        await self._render(update, reply)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one error handler: log the trace (never the diary), tell the child whether the diary is safe."""
        update_id = update.update_id if isinstance(update, Update) else None
        crowded = isinstance(context.error, TooManyNewUsersError)
        if crowded:
            logger.warning("telegram update %s not handled: %s", update_id, context.error)
        else:
            logger.error("telegram update %s failed", update_id, exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None or not in_private_chat(update):
            return
        message = update.effective_message
        spoken = message is not None and recording_of(message) is not None and not message.caption
        safe = False
        # A voice diary is never "safe" here: it is heard again later (its question may not have been asked).
        if message is not None and (message.text or message.caption) and not spoken and update.callback_query is None:
            with contextlib.suppress(Exception):
                safe = await self.service.was_stored(source_key(message))
        text = messages.ERROR_DIARY_SAFE if safe else messages.ERROR_TRY_AGAIN
        if crowded:
            crisis = self.service.help_without_storing((message.text or message.caption or "") if message else "")
            text = messages.receipt_text(crisis) if crisis is not None else messages.TOO_MANY_NEW_FRIENDS
        elif not safe:
            failures = self.application.failures(update.update_id)
            # A recording that could not be heard after a few tries (the speech model does not load, the
            # cluster stays away) is given up: the child is asked to write it instead.
            if spoken and failures >= VOICE_TRIES:
                text = voice_texts.DEAF
            elif self.application.handle_again_later(update):
                # Kept in the inbox and tried again: the child hears about it once, then gets the answer.
                if failures:
                    return
                text = voice_texts.KEPT if spoken else messages.ERROR_DIARY_KEPT
        with contextlib.suppress(Exception):
            await self.application.bot.send_message(update.effective_chat.id, text)

    async def _reply(self, update: Update, text: str) -> None:
        await self._render(update, Reply(text))

    async def _render(self, update: Update, reply: Reply) -> None:
        """A reply as Telegram shows it: the text (with its buttons), drawings as an album, a parent's albums."""
        assert update.effective_chat is not None
        chat_id = update.effective_chat.id
        bot = self.application.bot
        if reply.text is not None:
            buttons = None
            if reply.actions:
                buttons = InlineKeyboardMarkup(
                    [
                        [
                            InlineKeyboardButton(BUTTON_LABELS[action.kind], callback_data=button_data(action.command))
                            for action in reply.actions
                        ]
                    ]
                )
            await bot.send_message(
                chat_id, messages.fit(reply.text, MessageLimit.MAX_TEXT_LENGTH), reply_markup=buttons
            )
        if reply.drawings:
            await self.courier.send_album(chat_id, reply.drawings, reply.timezone)
        for book in reply.books:
            await bot.send_document(
                chat_id,
                InputFile(io.BytesIO(book.pdf), filename=book.name),
                caption=messages.fit(book.caption, MessageLimit.CAPTION_LENGTH),
            )
        if reply.parent is not None:
            for album in reply.albums:
                await self.outbound.send_album(reply.parent, album)


BUTTON_LABELS = {
    ActionKind.CONFIRM_FORGET: messages.FORGET_BUTTON,
    ActionKind.DRAW_ASKED: talk.DRAW_BUTTON,
    ActionKind.SKIP_ASKED: talk.SKIP_BUTTON,
    ActionKind.SAY_AGAIN: voice_texts.RETRY_BUTTON,
}


def register(app: web.Application, telegram: Callable[[], TelegramBot], *, webhook: bool) -> None:
    """Add the webhook route when updates come by `webhook`; `telegram()` gives the bot once it has started."""
    if not webhook:
        return

    async def route(request: web.Request) -> web.Response:
        return await telegram().webhook(request)

    app.router.add_post(WEBHOOK_PATH, route)
