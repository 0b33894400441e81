"""The monthly 그림일기 book: one printable PDF per child — a cover with the child's name and the month, then
one 그림일기 page per diary in date order, numbered, its fonts embedded.

fpdf2 writes it: pure Python (nothing to build or install beside it), maintained, it embeds and subsets
TrueType fonts itself, and it places the pages' PNGs as they are."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fpdf import FPDF

from bot.usecases.diary_page import EMOJI, HEIGHT, PAPER, PEN, WIDTH, Page, page_image, plain
from storage.errors import BrokenImageError
from storage.family import FamilyRepository
from storage.images import ImageStore
from storage.pages import PageSources
from storage.records import Drawing, WeekDrawing

PAPER_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}
INK = (52, 48, 60)
JPEG_QUALITY = 88


@dataclass(frozen=True)
class BookDiary:
    """One diary of the month: its day, words and drawing."""

    day: date
    text: str
    picture: bytes


def month_title(month: date) -> str:
    return f"{month.year}년 {month.month}월"


def write_book(
    name: str,
    month: date,
    diaries: Sequence[BookDiary],
    *,
    paper: str = "A5",
) -> bytes:
    """The book as PDF bytes: the cover, then each diary's page in date order, each numbered at its foot."""
    width, height = PAPER_MM[paper]
    pdf = FPDF(orientation="portrait", unit="mm", format=(width, height))
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(f"{_called(name)}의 그림일기 · {month_title(month)}")
    pdf.set_creator("crayon-diary")
    pdf.add_font("pen", fname=str(PEN))
    # A name with an emoji (민지🌸) has it drawn from Noto Emoji, as the pages draw a diary's.
    pdf.add_font("emoji", fname=str(EMOJI))
    pdf.set_fallback_fonts(["emoji"])
    _cover(pdf, name, month, len(diaries), width, height)
    # The page image keeps its proportions (A5's, 1 : 1.414) inside the paper's margins.
    margin = width * 0.06
    shown_width = width - 2 * margin
    shown_height = shown_width * HEIGHT / WIDTH
    ordered = sorted(diaries, key=lambda item: item.day)
    # The pages are drawn two at a time (Pillow lets go of the interpreter while it draws and encodes).
    with ThreadPoolExecutor(max_workers=2) as pool:
        pages = pool.map(_page_jpeg, ordered)
        for number, page in enumerate(pages, start=2):
            _paper(pdf, width, height)
            pdf.image(io.BytesIO(page), x=margin, y=margin * 0.6, w=shown_width, h=shown_height)
            pdf.set_font("pen", size=14)
            pdf.set_text_color(*INK)
            # The number sits well inside the paper: a printer's edge it cannot reach is about 5 mm.
            pdf.set_xy(0, height - margin * 1.3)
            pdf.cell(width, 6, str(number), align="C")
    return bytes(pdf.output())


def _called(name: str) -> str:
    """The child's name as the book writes it, or "우리 아이" when nothing of it can be drawn."""
    return plain(name) or "우리 아이"


def _page_jpeg(diary: BookDiary) -> bytes:
    """A diary's page as a JPEG (a PDF holds it as it is, and a month of them stays small)."""
    out = io.BytesIO()
    page_image(diary.picture, Page(diary.day, diary.text)).save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _paper(pdf: FPDF, width: float, height: float) -> None:
    """A new page in the notebook's paper colour."""
    pdf.add_page()
    pdf.set_fill_color(*PAPER)
    pdf.rect(0, 0, width, height, style="F")


def _cover(pdf: FPDF, name: str, month: date, count: int, width: float, height: float) -> None:
    _paper(pdf, width, height)
    pdf.set_text_color(*INK)
    pdf.set_font("pen", size=width / 4)
    pdf.set_xy(0, height * 0.28)
    pdf.cell(width, width / 6, "그림일기", align="C")
    title = f"{_called(name)}의 {month_title(month)}"
    pdf.set_font("pen", size=width / 7)
    # A long name written smaller, never past the paper's margins.
    pdf.set_font_size(min(width / 7, width / 7 * width * 0.88 / max(pdf.get_string_width(title), 1e-6)))
    pdf.set_xy(0, height * 0.46)
    pdf.cell(width, width / 10, title, align="C")
    pdf.set_font("pen", size=width / 11)
    pdf.set_xy(0, height * 0.58)
    pdf.cell(width, width / 12, f"일기 {count}편", align="C")


def month_span(month: date, timezone: str) -> tuple[datetime, datetime]:
    """The month's first moment and the next month's, where the child lives."""
    zone = ZoneInfo(timezone)
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (
        datetime(month.year, month.month, 1, tzinfo=zone),
        datetime(following.year, following.month, 1, tzinfo=zone),
    )


@dataclass(frozen=True)
class Book:
    child_id: int
    name: str
    diaries: int
    pdf: bytes


class BookService:
    """The month's books: each child's drawn diaries of the month, as the album shows them (never a diary
    kept as a crisis or an unsafe request), under the name a parent gave the child."""

    def __init__(self, family: FamilyRepository, pages: PageSources, images: ImageStore) -> None:
        self.family = family
        self.pages = pages
        self.images = images
        self._building = asyncio.Semaphore(1)
        """One book is drawn at a time: many asked at once wait their turn rather than take every thread
        that children's drawings are handed over on."""

    async def children(self, month: date) -> list[int]:
        """Who wrote a drawn diary in the month (a day either side, for the time zones)."""
        begin, end = month_span(month, "UTC")
        return await self.pages.writers(begin - timedelta(days=1), end + timedelta(days=1))

    async def diaries(self, child_id: int, month: date, *, since: datetime | None = None) -> list[WeekDrawing]:
        """The child's drawn diaries of `month` (days where the child lives), written at `since` or later: a
        parent's book holds only what was written after they were linked."""
        timezone = await self.pages.timezone_of(child_id)
        if timezone is None:
            return []
        begin, end = month_span(month, timezone)
        found = await self.family.week_drawings(child_id, begin, end)
        return [item for item in found if since is None or item.entry_created_at >= since]

    async def book(
        self,
        child_id: int,
        month: date,
        *,
        name: str | None = None,
        since: datetime | None = None,
        paper: str = "A5",
    ) -> Book | None:
        """The child's book of `month` (under `name`, else the name their first parent gave them), of the diaries
        written at `since` or later; None when there are none."""
        found = await self.diaries(child_id, month, since=since)
        if not found:
            return None
        parents = await self.family.parents(child_id)
        zone = ZoneInfo(await self.pages.timezone_of(child_id) or "UTC")
        diaries = [
            BookDiary(item.entry_created_at.astimezone(zone).date(), item.text, await self._picture(item.drawing))
            for item in found
        ]
        name = name if name is not None else parents[0].nickname if parents else ""
        async with self._building:
            pdf = await asyncio.to_thread(write_book, name, month, diaries, paper=paper)
        return Book(child_id, name, len(diaries), pdf)

    async def _picture(self, drawing: Drawing) -> bytes:
        try:
            return await asyncio.to_thread(self.images.read, drawing.image_path)
        except BrokenImageError:
            return b""  # a lost drawing: its page keeps its place, blank
