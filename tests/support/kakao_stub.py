"""Local stand-ins for Kakao's side: a callback receiver and the Event API, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Posted:
    path: str
    body: Any
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


class KakaoStub:
    """Answers callback POSTs like Kakao (`{"taskId": …, "status": "SUCCESS"}`) and the Event API."""

    def __init__(self) -> None:
        self.posts: list[Posted] = []
        self.callback_status = "SUCCESS"
        self.callback_http_status = 200
        self.event_status = "SUCCESS"
        self.callback_seconds = 0.0
        """How long a callback POST waits for Kakao's answer; a POST the bot gives up on meanwhile never
        reaches the chat (it is kept in `aborted`, not in `posts`)."""
        self.arrived: list[str] = []
        """The path of every callback POST, as soon as it arrives."""
        self.aborted: list[Posted] = []
        self._tasks = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/callback/{token}", self._callback)
        app.router.add_post("/redirect/{token}", self._redirect)
        app.router.add_post("/v2/bots/{bot_id}/talk", self._event)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def callback_url(self, token: str) -> str:
        return f"{self.base_url}/callback/{token}"

    def redirecting_url(self, token: str) -> str:
        """A URL that answers 307 to `callback_url(token)`: a redirect must never be followed."""
        return f"{self.base_url}/redirect/{token}"

    def callbacks(self, token: str) -> list[Posted]:
        return [post for post in self.posts if post.path == f"/callback/{token}"]

    def events(self) -> list[Posted]:
        return [post for post in self.posts if post.path.startswith("/v2/bots/")]

    async def wait_for(self, predicate: Any, timeout: float = 30.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def _record(self, request: web.Request) -> None:
        self.posts.append(Posted(request.path, await request.json(), dict(request.headers)))
        async with self._changed:
            self._changed.notify_all()

    async def _callback(self, request: web.Request) -> web.Response:
        self.arrived.append(request.path)
        if self.callback_seconds:
            body = await request.json()
            async with self._changed:
                self._changed.notify_all()
            await asyncio.sleep(self.callback_seconds)
            if request.transport is None or request.transport.is_closing():
                self.aborted.append(Posted(request.path, body, dict(request.headers)))
                return web.json_response({"status": "FAIL"}, status=499)
            self.posts.append(Posted(request.path, body, dict(request.headers)))
            async with self._changed:
                self._changed.notify_all()
        else:
            await self._record(request)
        return web.json_response(
            {"taskId": f"task-{next(self._tasks)}", "status": self.callback_status, "message": None},
            status=self.callback_http_status,
        )

    async def _redirect(self, request: web.Request) -> web.Response:
        await self._record(request)
        raise web.HTTPTemporaryRedirect(f"/callback/{request.match_info['token']}")

    async def _event(self, request: web.Request) -> web.Response:
        await self._record(request)
        if self.event_status != "SUCCESS":
            return web.json_response({"taskId": "", "status": "FAIL", "message": "invalid user"}, status=400)
        return web.json_response({"taskId": f"task-{next(self._tasks)}", "status": "SUCCESS", "message": None})
