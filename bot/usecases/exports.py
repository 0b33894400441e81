"""A user's records as one download: their own diaries with their drawings, and each linked child's as the
album shows them (never a diary kept as a crisis or an unsafe request), in one zip file."""

from __future__ import annotations

import asyncio
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Literal
from zoneinfo import ZoneInfo

from bot import messages
from bot.clock import Clock
from bot.messages import exports as texts
from bot.wording import full_date
from storage.diaries import Diaries
from storage.errors import BrokenImageError
from storage.exports import ExportLinks
from storage.family import FamilyRepository
from storage.images import ImageStore, write_whole
from storage.records import Contact, Platform, User, WeekDrawing

VALID_FOR = timedelta(days=1)
"""How long a download address opens: long enough to get to a computer, short enough to leak little."""
_EVER = (datetime(2000, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class Section:
    """One writer's diaries in the download: a folder of their own."""

    folder: str
    timezone: str
    diaries: list[WeekDrawing]


@dataclass(frozen=True)
class ExportOffer:
    """The answer to "내 기록 받기": an address (or, with nothing to download, none) and whether the one who
    asked is a parent (answered in 해요체) or a child (in 반말)."""

    status: Literal["ready", "empty"]
    parent: bool
    url: str | None = None


class ExportService:
    """Gives expiring download addresses and builds the zip behind them."""

    def __init__(
        self,
        links: ExportLinks,
        family: FamilyRepository,
        diaries: Diaries,
        images: ImageStore,
        clock: Clock,
        base_url: str,
    ) -> None:
        self.links = links
        self.family = family
        self.diaries = diaries
        self.images = images
        self.clock = clock
        self.base_url = base_url
        self._building = asyncio.Semaphore(1)
        """One download is built at a time: many asked at once wait their turn."""

    async def offer(self, sender: Contact) -> ExportOffer:
        """A fresh address for the sender's records; none when there is nothing to download yet."""
        user = await self.diaries.ensure_user(sender)
        parent = bool(await self.family.children(user.id))
        if not any(section.diaries for section in await self.sections(user)):
            return ExportOffer("empty", parent)
        token = await self.links.create(user.id, now=self.clock.now(), valid_for=VALID_FOR)
        return ExportOffer("ready", parent, f"{self.base_url}/exports/{token}")

    async def sections(self, user: User) -> list[Section]:
        """The user's own diaries, then each linked child's under the name the parent gave; empty ones left out."""
        sections = [Section(texts.EXPORT_OWN_FOLDER, user.timezone, await self.family.week_drawings(user.id, *_EVER))]
        for link in await self.family.children(user.id):
            # A parent takes home only what the child wrote since they were linked.
            diaries = [
                found
                for found in await self.family.week_drawings(link.child.id, *_EVER)
                if found.entry_created_at >= link.created_at
            ]
            sections.append(Section(link.nickname, link.child.timezone, diaries))
        return [section for section in sections if section.diaries]

    async def download(self, token: str) -> tuple[str, IO[bytes]] | None:
        """The file name and the zip (a temporary file, at its start, for the caller to close) behind a valid
        address; None when it is unknown or old, or nothing is left behind it (deleted, or a child unlinked)."""
        user = await self.links.owner(token, now=self.clock.now())
        if user is None:
            return None
        sections = await self.sections(user)
        if not sections:
            return None
        today = self.clock.now().astimezone(ZoneInfo(user.timezone)).date()
        archive = tempfile.TemporaryFile()  # noqa: SIM115 - the caller reads it and closes it
        try:
            async with self._building:
                await asyncio.to_thread(self._write, archive, sections, today)
        except BaseException:
            archive.close()
            raise
        archive.seek(0)
        return _file_name(today), archive

    async def save(self, sender: Contact, folder: Path) -> Path | None:
        """The sender's records written as a zip in `folder` (where no server hands out addresses: the console);
        None when there is nothing yet."""
        user = await self.diaries.ensure_user(sender)
        sections = await self.sections(user)
        if not sections:
            return None
        today = self.clock.now().astimezone(ZoneInfo(user.timezone)).date()
        path = folder / _file_name(today)
        async with self._building:
            await asyncio.to_thread(write_whole, path, lambda target: self._write(target, sections, today))
        return path

    async def platform_of(self, token: str) -> Platform | None:
        return await self.links.platform(token)

    def _write(self, target: IO[bytes], sections: list[Section], today: date) -> None:
        """The zip: a folder per writer with each drawing (`2026-12-04-1.png`) and one text of the diaries."""
        with zipfile.ZipFile(target, "w") as zipped:
            used = {texts.EXPORT_README_FILE.casefold()}
            for section in sections:
                folder = _unique(_UNSAFE_NAME.sub("_", section.folder).strip(". ") or "_", used)
                zipped.writestr(
                    f"{folder}/{texts.EXPORT_DIARY_FILE}",
                    self._diaries_text(section, folder, zipped),
                    compress_type=zipfile.ZIP_DEFLATED,
                )
            zipped.writestr(texts.EXPORT_README_FILE, texts.export_readme(today), compress_type=zipfile.ZIP_DEFLATED)

    def _diaries_text(self, section: Section, folder: str, zipped: zipfile.ZipFile) -> str:
        """Each diary with its day, mood and picture's name, writing the pictures into `folder` as it goes."""
        zone = ZoneInfo(section.timezone)
        per_day: dict[date, int] = {}
        parts = []
        for found in section.diaries:
            day = found.entry_created_at.astimezone(zone).date()
            per_day[day] = per_day.get(day, 0) + 1
            name = f"{day.isoformat()}-{per_day[day]}.png"
            try:
                zipped.writestr(f"{folder}/{name}", self.images.read(found.drawing.image_path))
            except BrokenImageError:
                name = ""
            heading = f"{full_date(day)} · {messages.mood_name(found.drawing.emotion)}"
            parts.append(texts.export_entry(heading, found.text, name))
        return "\n\n".join(parts) + "\n"


def _file_name(today: date) -> str:
    return f"crayon-diary-{today.isoformat()}.zip"


def _unique(name: str, used: set[str]) -> str:
    """`name`, or `name (2)`, `name (3)`… when another folder or file has it, as a computer that ignores case
    would read it (two children given one name, "Mina" and "mina")."""
    name = unicodedata.normalize("NFC", name)
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{name} ({number})"
    used.add(candidate.casefold())
    return candidate
