"""`crayon serve` and `crayon chat`, and what the scheduler sends, run once now (`remind --now`, `albums --now`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from bot.cli.common import EXIT_OK, quiet_libraries
from bot.errors import UsageError
from bot.settings import Settings

logger = logging.getLogger(__name__)


def add_parsers(commands: Any) -> None:
    chat = commands.add_parser("chat", help="chat with the bot in this terminal, as one child")
    chat.set_defaults(handler=chat_command)

    serve = commands.add_parser("serve", help="run the bot: HTTP server, Telegram (with a token), worker")
    serve.set_defaults(handler=serve_command)
    remind = commands.add_parser("remind", help="send the reminders that would be due today")
    remind.add_argument("--now", action="store_true", required=True, help="send them right away")
    remind.set_defaults(handler=remind_command)

    albums = commands.add_parser("albums", help="send every linked parent their child's weekly album")
    albums.add_argument("--now", action="store_true", required=True, help="send them right away")
    albums.add_argument("--last", action="store_true", help="last week's albums instead of this week's")
    albums.set_defaults(handler=albums_command)


def chat_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon chat`: the bot in the terminal; drawings are written as files."""
    from bot.app import chat

    quiet_libraries()
    asyncio.run(chat(settings))
    return EXIT_OK


def serve_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon serve`: the HTTP server, Telegram when TELEGRAM_BOT_TOKEN is set, and the drawing worker."""
    from bot.app import serve

    quiet_libraries()
    logging.getLogger("bot").setLevel(logging.INFO)
    logging.getLogger("engine").setLevel(logging.INFO)
    logging.getLogger("storage").setLevel(logging.INFO)
    serve(settings)
    return EXIT_OK


def remind_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon remind --now`: today's reminders to every child who has not written, right away."""
    sent = asyncio.run(_send_scheduled(settings, "reminders", last_week=False))
    print(f"Sent {sent} reminder(s).")
    return EXIT_OK


def albums_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon albums --now [--last]`: every linked parent's album, right away."""
    sent = asyncio.run(_send_scheduled(settings, "albums", last_week=args.last))
    print(f"Sent {sent} album(s).")
    return EXIT_OK


async def _send_scheduled(settings: Settings, what: str, *, last_week: bool) -> int:
    """The same code as the scheduler in `crayon serve`, run once now with clients of its own."""
    from bot.app import open_storage, standalone_outbox
    from bot.clock import SystemClock
    from bot.usecases.services import Services

    if settings.telegram_bot_token is None and settings.kakao_rest_api_key is None:
        raise UsageError("no platform to send through: set TELEGRAM_BOT_TOKEN and/or CRAYON_KAKAO_REST_API_KEY")
    storage = await asyncio.to_thread(open_storage, settings)
    try:
        services = Services.build(settings, storage, SystemClock())
        async with standalone_outbox(settings, services):
            if what == "reminders":
                return await services.reminders.send_due(any_time=True)
            return await services.albums.send_due(every_link_now=True, last_week=last_week)
    finally:
        await asyncio.to_thread(storage.database.close)
