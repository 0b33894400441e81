"""The console chat: the same use-cases in a terminal, as one child; drawings are written as files."""

from __future__ import annotations

import asyncio
import getpass
import secrets
import sys
from pathlib import Path
from typing import TextIO

from bot import messages
from bot.domain import CommandName
from bot.messages import commands as command_texts
from bot.usecases.commands import SLASH_HELP, Command, parse_command
from bot.usecases.conversation import Conversation, Reply
from bot.usecases.handover import Handover
from bot.usecases.services import Services
from bot.wording import month_day
from storage.records import ClaimedJob, Contact, Drawing, Platform

PLATFORM = Platform.CONSOLE
PROMPT = "일기> "
CONSOLE_HELP = f"{SLASH_HELP}\n{command_texts.CONSOLE_HELP_MORE}"


class ConsoleCourier:
    """Prints where each drawing went."""

    def __init__(self, handover: Handover, out: TextIO) -> None:
        self.handover = handover
        self.out = out
        self._waiting: dict[int, asyncio.Future[None]] = {}

    async def wait(self, job_id: int) -> None:
        """Return once job `job_id` has been delivered (drawn, or failed and said so)."""
        future = self._waiting.setdefault(job_id, asyncio.get_running_loop().create_future())
        await future

    async def started(self, claimed: ClaimedJob) -> None:
        self._say("🖍️ 그리는 중…")

    async def cancelled(self, claimed: ClaimedJob) -> None:
        future = self._waiting.setdefault(claimed.job.id, asyncio.get_running_loop().create_future())
        if not future.done():
            future.set_result(None)

    async def forget_user(self, user_id: int) -> None:
        """The one child at this terminal deleted their data: nothing is waited for any more."""
        for future in self._waiting.values():
            if not future.done():
                future.set_result(None)
        self._waiting.clear()

    async def deliver(self, claimed: ClaimedJob, drawing: Drawing | None) -> bool:
        if drawing is None:
            self._say(messages.failure_text(claimed.job.error))
        else:
            path = self.handover.picture_file(drawing)
            self._say(f"{messages.drawing_caption(drawing.emotion, drawing.preview)}\n그림: {path}")
        future = self._waiting.setdefault(claimed.job.id, asyncio.get_running_loop().create_future())
        if not future.done():
            future.set_result(None)
        return True

    def _say(self, text: str) -> None:
        print(text, file=self.out, flush=True)


class ConsoleChat:
    """Reads lines from standard input: commands as in Telegram, anything else is a diary.

    One child at a terminal: each diary's drawing is waited for before the next line is read.
    """

    def __init__(self, services: Services, out: TextIO = sys.stdout, *, exports_dir: Path | None = None) -> None:
        self.services = services
        self.out = out
        self.sender = Contact(PLATFORM, getpass.getuser(), PLATFORM)
        self.courier = ConsoleCourier(services.handover, out)
        self.conversation = Conversation(services, help_text=CONSOLE_HELP, buttons=False, exports_dir=exports_dir)

    async def run(self, lines: asyncio.Queue[str | None]) -> None:
        self._say(messages.WELCOME + "\n" + messages.CONSOLE_QUIT)
        while True:
            if self.out.isatty():
                print(PROMPT, end="", file=self.out, flush=True)
            line = await lines.get()
            if line is None or parse_command(line) == Command(CommandName.QUIT):
                break
            await self.handle(line.rstrip("\n"))

    async def handle(self, line: str) -> None:
        command = parse_command(line)
        if command is None:
            reply = await self.conversation.diary(self.sender, line)
            self.render(reply)
            if reply.receipt is not None and reply.receipt.status == "queued":
                await self._wait_for(reply.receipt.job_id)
            return
        # Albums go to parents in their chat apps; in the terminal the command says so.
        reply = await self.conversation.handle(
            self.sender, command, request_key=f"console:{secrets.token_hex(8)}", said=line
        )
        self.render(reply)
        if reply.receipt is not None and reply.receipt.status == "queued":
            await self._wait_for(reply.receipt.job_id)

    def render(self, reply: Reply) -> None:
        """A reply in the terminal: the text, then where each drawing's file is."""
        if reply.text is not None:
            self._say(reply.text)
        for drawing in reply.drawings:
            when = month_day(drawing.created_at, reply.timezone)
            path = self.services.handover.picture_file(drawing)
            self._say(f"{messages.drawing_caption(drawing.emotion, drawing.preview, when)}\n그림: {path}")

    async def _wait_for(self, job_id: int | None) -> None:
        if job_id is not None:
            await self.courier.wait(job_id)

    def _say(self, text: str) -> None:
        print(text, file=self.out, flush=True)
