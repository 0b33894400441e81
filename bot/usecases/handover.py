"""What a transport needs to hand a drawing to its child: the picture (its bytes, or its file for a
terminal), the platform's own id for a picture it already holds, a drawing by the unguessable id in its
address, and the drawings still waiting for their child (a platform that can only answer, as Kakao, shows
them with the child's next message)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.usecases.diary_page import Page, render_page
from storage.diaries import Diaries
from storage.images import ImageStore
from storage.jobs import JobQueue
from storage.pages import PageSources
from storage.records import ClaimedJob, Drawing, Platform


class Handover:
    """Drawings as transports show them; a lost picture raises `storage.errors.BrokenImageError`."""

    def __init__(
        self, images: ImageStore, diaries: Diaries, queue: JobQueue, pages: PageSources, *, page: bool = True
    ) -> None:
        self._images = images
        self._diaries = diaries
        self._queue = queue
        self._pages = pages
        self.page = page
        """Children are sent the 그림일기 page (`CRAYON_REPLY_STYLE=page`), not the drawing alone."""

    async def picture(self, drawing: Drawing) -> bytes:
        """What a child is shown of a drawing: its 그림일기 page (its diary's words and day under it), or the
        drawing alone when pages are off, its diary is gone, or it was kept as a crisis or an unsafe request
        after it was drawn."""
        data = await asyncio.to_thread(self._images.read, drawing.image_path)
        if not self.page:
            return data
        source = await self._pages.of(drawing)
        if source is None or source.hidden:
            return data
        day = source.written_at.astimezone(ZoneInfo(source.timezone)).date()
        return await asyncio.to_thread(render_page, data, Page(day, source.text))

    def read_picture(self, drawing: Drawing) -> bytes:
        """The drawing's PNG, read on the calling thread (a collage drawn off the event loop)."""
        return self._images.read(drawing.image_path)

    def picture_file(self, drawing: Drawing) -> Path:
        """Where the drawing's PNG is on this machine (the console shows the path)."""
        return self._images.path(drawing.image_path).resolve()

    async def remember_file_id(self, drawing: Drawing, platform: Platform, file_id: str) -> None:
        """`platform` holds the picture under `file_id` (Telegram): later sends name it instead of uploading
        it again."""
        await self._diaries.set_platform_file_id(drawing.id, platform, file_id)

    async def file_ids(self, drawings: list[Drawing], platform: Platform) -> dict[int, str]:
        """The ids `platform` holds these drawings' pictures under, by drawing id."""
        return await self._diaries.platform_file_ids([drawing.id for drawing in drawings], platform)

    async def by_public_id(self, public_id: str) -> Drawing | None:
        return await self._diaries.drawing_by_public_id(public_id)

    async def waiting_for(self, user_id: int, limit: int) -> list[tuple[ClaimedJob, Drawing | None]]:
        """Finished jobs (drawn or failed) the child has not been shown yet, oldest first."""
        return await self._queue.undelivered_for_user(user_id, limit)

    async def still_due(self, job_id: int) -> bool | None:
        """True while the job's outcome is still to be shown; None when the job is gone (deleted)."""
        return await self._queue.delivery_due(job_id)

    async def delivered(self, job_id: int) -> None:
        """The child has seen the job's outcome."""
        await self._queue.mark_delivered(job_id)
