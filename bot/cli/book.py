"""`crayon book --month YYYY-MM --out DIR [--child ID]`: each child's month as a printable 그림일기 PDF."""

from __future__ import annotations

import argparse
import asyncio
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any

from bot.cli.common import EXIT_OK
from bot.errors import UsageError
from bot.settings import Settings
from storage.images import write_whole

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def add_parsers(commands: Any) -> None:
    book = commands.add_parser("book", help="each child's month as a printable 그림일기 PDF")
    book.add_argument("--month", type=month, default=None, help="YYYY-MM (default: this month)")
    book.add_argument("--out", type=Path, required=True, help="folder the PDFs are written to")
    book.add_argument("--child", type=int, help="only this child (a user id; default: every child who drew)")
    book.add_argument("--paper", choices=("A5", "A4"), default="A5", help="paper size (default: A5)")
    book.set_defaults(handler=book_command)


def month(text: str) -> date:
    found = MONTH.match(text)
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; e.g. 2026-12")
    return date(int(found.group(1)), int(found.group(2)), 1)


def book_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import open_storage
    from bot.usecases.book import BookService

    if not settings.database_path.is_file():
        raise UsageError(f"there is no database at {settings.database_path}: is CRAYON_DATA_DIR the bot's?")
    chosen = args.month or date.today().replace(day=1)

    async def run() -> list[str]:
        storage = await asyncio.to_thread(open_storage, settings)
        try:
            service = BookService(storage.family, storage.pages, storage.images)
            children = [args.child] if args.child is not None else await service.children(chosen)
            written = []
            for child in children:
                book = await service.book(child, chosen, paper=args.paper)
                if book is None:
                    continue
                path = args.out / f"crayon-book-{child}-{chosen:%Y-%m}.pdf"
                await asyncio.to_thread(write_whole, path, _writing(book.pdf))
                written.append(f"{path} ({book.diaries} diaries)")
            return written
        finally:
            await asyncio.to_thread(storage.database.close)

    written = asyncio.run(run())
    for line in written:
        print(line)
    if not written:
        print(f"No drawn diaries in {chosen:%Y-%m}" + (f" for child {args.child}." if args.child else "."))
    return EXIT_OK


def _writing(data: bytes) -> Callable[[IO[bytes]], object]:
    return lambda file: file.write(data)
