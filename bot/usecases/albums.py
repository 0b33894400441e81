"""Weekly albums for linked parents: built from the child's week, sent once a week and on demand."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain import Album, AlbumItem
from bot.errors import RecipientUnreachable
from bot.jobs.outbound import AlbumMessage, Outbox
from bot.messages import albums as album_texts
from bot.usecases.album_render import render_collage
from bot.usecases.book import Book, BookService, month_title
from storage.family import FamilyRepository
from storage.images import ImageStore
from storage.records import Link, Platform, parse_time
from storage.safeguarding import SafeguardingRepository

logger = logging.getLogger(__name__)

WEEKDAY_NAMES = ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일")


def week_start(moment: datetime, timezone: str) -> date:
    """The Monday of the week `moment` falls in, in `timezone`."""
    local = moment.astimezone(ZoneInfo(timezone)).date()
    return local - timedelta(days=local.weekday())


@dataclass(frozen=True)
class BookFile:
    """A parent's monthly book, sent as a file."""

    name: str
    caption: str
    pdf: bytes


@dataclass(frozen=True)
class AlbumOptions:
    """When albums go out and what they hold (`CRAYON_ALBUM_*`, `CRAYON_TELL_PARENTS_ABOUT_DISTRESS`)."""

    weekday: int = 6
    time: str = "19:00"
    page_days: int = 14
    base_url: str = "http://127.0.0.1:8080"
    """Where the server is reached: the album page's and the collage's addresses start with it."""
    tell_parents_about_distress: bool = True
    labels: tuple[str, ...] = ("happiness", "sadness")


class AlbumService:
    """Builds a child's week for a parent, renders it, and hands it to the parent's platform."""

    def __init__(
        self,
        family: FamilyRepository,
        safeguarding: SafeguardingRepository,
        images: ImageStore,
        outbox: Outbox,
        clock: Clock,
        options: AlbumOptions,
        books: BookService,
    ) -> None:
        self.books = books
        self.family = family
        self.safeguarding = safeguarding
        self.images = images
        self.outbox = outbox
        self.clock = clock
        self.options = options

    @property
    def schedule_text(self) -> tuple[str, str]:
        """When albums go out, in words: ("일요일", "19:00")."""
        return WEEKDAY_NAMES[self.options.weekday], self.options.time

    async def build(self, link: Link, start: date) -> Album:
        """The child's week from Monday `start`, days counted in the child's time zone."""
        zone = ZoneInfo(link.child.timezone)
        begin = datetime.combine(start, datetime.min.time(), tzinfo=zone)
        end = begin + timedelta(days=7)
        items = [
            AlbumItem(day=found.entry_created_at.astimezone(zone).date(), drawing=found.drawing, text=found.text)
            for found in await self.family.week_drawings(link.child.id, begin, end)
        ]
        distress: tuple[date, ...] = ()
        if self.options.tell_parents_about_distress:
            # Only the days a parent may hear of: no one at home and no grown-up named (storage/safeguarding.py).
            moments = await self.safeguarding.tellable_times(link.child.id, begin, end)
            distress = tuple(sorted({parse_time(moment).astimezone(zone).date() for moment in moments}))
        return Album(
            nickname=link.nickname,
            week_start=start,
            items=items,
            labels=self.options.labels,
            distress_days=distress,
        )

    async def message(self, link: Link, start: date) -> AlbumMessage:
        """The album with its collage and a fresh, expiring page address for this parent."""
        album = await self.build(link, start)
        collage = await self.collage(album) if album.items else None
        now = self.clock.now()
        days = self.options.page_days
        token = await self.family.create_album_page(
            link.parent.id, link.child.id, start.isoformat(), now=now, valid_for=timedelta(days=days)
        )
        base = f"{self.public_base}/albums/{token}"
        return AlbumMessage(album, collage, f"{base}/collage.png" if collage else None, base, days)

    async def page(self, token: str) -> tuple[Album, datetime] | None:
        """The album behind a page's token and when the page expires (in the parent's time zone); None when
        the token is unknown or expired, or when its parent and child are no longer linked."""
        page = await self.family.album_page(token, now=self.clock.now())
        if page is None:
            return None
        link = await self.family.link_between(page.parent_id, page.child_id)
        if link is None:
            return None
        return await self.build(link, page.week_start), page.expires_at.astimezone(ZoneInfo(link.parent.timezone))

    async def month_books(
        self, links: list[Link], *, last_month: bool, files: bool
    ) -> tuple[list[str], list[BookFile]]:
        """Each linked child's 그림책 of this month (or last): the PDFs where `files`, else addresses that open
        for `page_days`, with a line for a child who drew nothing that month."""
        today = self.clock.now().astimezone(ZoneInfo(links[0].parent.timezone)).date()
        month = (today.replace(day=1) - timedelta(days=1) if last_month else today).replace(day=1)
        title = month_title(month)
        lines: list[str] = []
        made: list[BookFile] = []
        for link in links:
            # Only what was written since this parent was linked; an address is given without drawing the book.
            if not files:
                if await self.books.diaries(link.child.id, month, since=link.created_at):
                    url = await self.book_address(link, month)
                    lines.append(album_texts.book_link(link.nickname, title, url, self.options.page_days))
                else:
                    lines.append(album_texts.book_empty(link.nickname, title))
                continue
            book = await self.books.book(link.child.id, month, name=link.nickname, since=link.created_at)
            if book is None:
                lines.append(album_texts.book_empty(link.nickname, title))
            else:
                caption = album_texts.book_caption(link.nickname, title, book.diaries)
                made.append(BookFile(f"crayon-book-{month:%Y-%m}-{len(made) + 1}.pdf", caption, book.pdf))
        return lines, made

    async def book_address(self, link: Link, month: date) -> str:
        """An expiring address of the child's book of `month`, for this parent: an album page's, for the week
        from the month's first day, so it opens that month's book and no other."""
        token = await self.family.create_album_page(
            link.parent.id,
            link.child.id,
            month.isoformat(),
            now=self.clock.now(),
            valid_for=timedelta(days=self.options.page_days),
        )
        return f"{self.public_base}/albums/{token}/book-{month:%Y-%m}.pdf"

    async def book_of(self, token: str, month: date) -> Book | None:
        """The book of `month` behind an album page's address, for its own parent's child: only a month the
        page's week falls in, and only what was written since the parent was linked; None when the address is
        unknown, old or unlinked, or there is nothing."""
        page = await self.family.album_page(token, now=self.clock.now())
        link = None if page is None else await self.family.link_between(page.parent_id, page.child_id)
        if page is None or link is None:
            return None
        if month not in {page.week_start.replace(day=1), (page.week_start + timedelta(days=6)).replace(day=1)}:
            return None
        return await self.books.book(link.child.id, month, name=link.nickname, since=link.created_at)

    async def platform_of(self, token: str) -> Platform | None:
        """Where the parent who was given a page's address writes from, even after it stopped opening."""
        return await self.family.album_page_platform(token)

    async def collage(self, album: Album) -> bytes:
        """The week as one picture."""
        return await asyncio.to_thread(render_collage, album, self.images.read)

    @property
    def public_base(self) -> str:
        return self.options.base_url

    async def send(self, link: Link, start: date) -> bool:
        """Send one album to its parent; False when the parent cannot be reached now."""
        if not self.outbox.reaches(link.parent):
            return False
        message = await self.message(link, start)
        await self.outbox.send_album(link.parent, message)
        return True

    def due_week(self, link: Link, now: datetime) -> date | None:
        """The week whose album is due for this link now (its send time passed less than a day ago)."""
        zone = ZoneInfo(link.parent.timezone)
        start = week_start(now, link.parent.timezone)
        hour, minute = (int(part) for part in self.options.time.split(":"))
        send_day = start + timedelta(days=self.options.weekday)
        at = datetime.combine(send_day, datetime.min.time(), tzinfo=zone).replace(hour=hour, minute=minute)
        # The week's album time is near its end (Sunday evening): a restart the next morning still sends it.
        for candidate_start, candidate_at in ((start, at), (start - timedelta(days=7), at - timedelta(days=7))):
            if candidate_at <= now < candidate_at + timedelta(days=1):
                return candidate_start
        return None

    async def send_due(self, *, every_link_now: bool = False, last_week: bool = False) -> int:
        """Send each linked parent the album that is due (or, `every_link_now`, this or last week's now).

        Each scheduled (parent, child, week) goes out once; one unreachable parent never stops the others.
        """
        now = self.clock.now()
        sent = 0
        for link in await self.family.all_links():
            if every_link_now:
                start: date | None = week_start(now, link.parent.timezone) - timedelta(days=7 if last_week else 0)
            else:
                start = self.due_week(link, now)
            if start is None or not self.outbox.reaches(link.parent):
                continue
            # An operator's send-now comes on top of the weekly one; the weekly one goes once.
            claimed = not every_link_now
            if claimed and not await self.family.claim_album(link.parent.id, link.child.id, start.isoformat(), now):
                continue
            try:
                await self.send(link, start)
            except Exception as error:
                logger.warning("album for link %d failed: %s", link.id, type(error).__name__)
                if claimed and not isinstance(error, RecipientUnreachable):
                    await self.family.release_album(link.parent.id, link.child.id, start.isoformat())
                continue
            sent += 1
        if sent:
            logger.info("sent %d album(s)", sent)
        return sent
