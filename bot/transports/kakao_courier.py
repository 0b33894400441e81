"""Handing drawings to Kakao: through the one-time callback URL a diary came with, or with the child's next
message. A callback URL (valid one minute, usable once) belongs to the child who gave it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot import messages
from bot.transports.kakao_payload import DEFAULT_REPLIES, simple_text, skill_response
from bot.usecases.handover import Handover
from storage.records import ClaimedJob, Drawing

logger = logging.getLogger(__name__)

CALLBACK_POST_TIMEOUT_SECONDS = 5
# An outcome that found no callback waits this long for one (a drawing finished before its diary's answer
# named the callback); later it comes with the child's next message, read from the database.
READY_KEPT_SECONDS = 60.0
Outcome = tuple[ClaimedJob, Drawing | None]


@dataclass
class Callback:
    """A one-time callback URL Kakao gave with a child's diary, for that child's drawing only."""

    url: str
    user_id: int
    task: asyncio.Task[Any] | None = None
    """The timer that posts the late note, or the post of an outcome that was ready first."""
    posting: bool = False
    """A post to the URL is on its way: the URL is spent."""


class KakaoCourier:
    """Hands outcomes to Kakao through the callback URL, or leaves them for the next message.

    Everything held for a child (a callback, its timer or a post on its way, an outcome kept for a callback)
    is dropped when their data is deleted.
    """

    def __init__(
        self, handover: Handover, answer: Callable[[list[Outcome]], dict[str, Any]], *, late_after_seconds: float
    ) -> None:
        self.handover = handover
        self.answer = answer
        """The SkillResponse that hands over outcomes."""
        self.late_after_seconds = late_after_seconds
        self._callbacks: dict[int, Callback] = {}
        self._ready: dict[int, tuple[float, ClaimedJob, Drawing | None]] = {}
        """Outcomes that found no callback: job id → (when, job, drawing)."""
        self._session: aiohttp.ClientSession | None = None

    def has_callback(self, job_id: int) -> bool:
        return job_id in self._callbacks

    def expect(self, job_id: int, user_id: int, url: str) -> None:
        """Use `url` for job `job_id` of user `user_id`: with the drawing if it is ready in time, else with a
        kind note."""
        callback = Callback(url, user_id)
        self._callbacks[job_id] = callback
        ready = self._ready.pop(job_id, None)
        if ready is not None:
            # Finished before the callback was known (a very fast drawing): send it now.
            _, claimed, drawing = ready
            callback.task = asyncio.create_task(self._send_drawing(job_id, claimed, drawing))
        else:
            callback.task = asyncio.create_task(self._late(job_id))

    def forget(self, job_id: int) -> None:
        """The outcome reached the child another way (with their next message)."""
        self._ready.pop(job_id, None)

    async def started(self, claimed: ClaimedJob) -> None:
        """Kakao has no 'uploading' indicator."""

    async def cancelled(self, claimed: ClaimedJob) -> None:
        """The child's data is gone: the waiting callback expires unused, nothing is kept for later."""
        self._drop(claimed.job.id)

    async def forget_user(self, user_id: int) -> None:
        """Every callback and kept outcome of the user: dropped, their timers and posts stopped."""
        held = {job_id for job_id, callback in self._callbacks.items() if callback.user_id == user_id}
        held |= {job_id for job_id, (_, claimed, _) in self._ready.items() if claimed.user.id == user_id}
        for job_id in held:
            self._drop(job_id)

    async def deliver(self, claimed: ClaimedJob, drawing: Drawing | None) -> bool:
        job_id = claimed.job.id
        callback = self._callbacks.get(job_id)
        if callback is None or callback.posting:
            self._keep(claimed, drawing)
            return False
        if callback.task is not None:
            callback.task.cancel()  # the timer of the late note, not yet posting
        return await self._send_drawing(job_id, claimed, drawing)

    async def close(self) -> None:
        for job_id in list(self._callbacks):
            self._drop(job_id)
        if self._session is not None:
            await self._session.close()

    def _keep(self, claimed: ClaimedJob, drawing: Drawing | None) -> None:
        """Keep an outcome for a callback about to be named, for READY_KEPT_SECONDS at most."""
        now = time.monotonic()
        for job_id in [job_id for job_id, (since, _, _) in self._ready.items() if now - since > READY_KEPT_SECONDS]:
            del self._ready[job_id]
        self._ready[claimed.job.id] = (now, claimed, drawing)

    def _drop(self, job_id: int) -> None:
        callback = self._callbacks.pop(job_id, None)
        if callback is not None and callback.task is not None:
            callback.task.cancel()
        self._ready.pop(job_id, None)

    async def _send_drawing(self, job_id: int, claimed: ClaimedJob, drawing: Drawing | None) -> bool:
        callback = self._callbacks.get(job_id)
        self._ready.pop(job_id, None)
        if callback is None or callback.posting:
            return False
        owner = claimed.user.id
        if callback.user_id != owner or claimed.job.id != job_id or (drawing is not None and drawing.user_id != owner):
            logger.error("kakao job %d: the callback or the drawing is another user's; nothing is posted", job_id)
            return False
        delivered = await self._post_once(job_id, callback, self.answer([(claimed, drawing)]))
        if delivered:
            try:
                await self.handover.delivered(job_id)
            except Exception as error:  # it did arrive: a failed record must not make it fail
                logger.warning("kakao job %d delivered, not yet recorded: %s", job_id, error)
        return delivered

    async def _late(self, job_id: int) -> None:
        """Before the callback URL expires, say the drawing will come with the next message."""
        await asyncio.sleep(self.late_after_seconds)
        callback = self._callbacks.get(job_id)
        if callback is not None and not callback.posting:
            logger.info("kakao job %d: not ready within the callback's minute; it comes with the next message", job_id)
            await self._post_once(job_id, callback, skill_response([simple_text(messages.KAKAO_LATE)], DEFAULT_REPLIES))

    async def _post_once(self, job_id: int, callback: Callback, answer: dict[str, Any]) -> bool:
        """Spend the callback on `answer`; it stays known (so deleting the child stops the post) until sent."""
        callback.posting = True
        try:
            return await self._post(callback.url, answer)
        finally:
            if self._callbacks.get(job_id) is callback:
                del self._callbacks[job_id]

    async def _post(self, url: str, answer: dict[str, Any]) -> bool:
        """POST once to a callback URL; True when Kakao accepted it."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        try:
            timeout = aiohttp.ClientTimeout(total=CALLBACK_POST_TIMEOUT_SECONDS)
            # Never followed: a redirect could lead anywhere, so a 3xx is a failed callback.
            async with self._session.post(url, json=answer, timeout=timeout, allow_redirects=False) as response:
                result: Any = None
                with contextlib.suppress(aiohttp.ContentTypeError, ValueError):
                    result = await response.json()
                accepted = response.status < 300 and isinstance(result, dict) and result.get("status") == "SUCCESS"
        except (aiohttp.ClientError, TimeoutError) as error:
            logger.warning("kakao callback failed: %s", type(error).__name__)
            return False
        if not accepted:
            logger.warning("kakao callback refused (HTTP %s)", response.status)
        return accepted
