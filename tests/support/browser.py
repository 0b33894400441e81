"""A real headless Chromium, driven over the DevTools protocol (aiohttp websockets): load, inspect, screenshot."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

from tests.support.telegram_stub import free_port

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--hide-scrollbars",
]
PAGE_REPORT = """JSON.stringify({
  title: document.title,
  images: document.images.length,
  loaded: [...document.images].filter(i => i.complete && i.naturalWidth > 0).length,
  text: document.body.innerText,
  scrollWidth: document.documentElement.scrollWidth,
  viewportWidth: window.innerWidth
})"""


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class Browser:
    """One Chromium process with one page, phone-sized by default."""

    def __init__(self, width: int = 412, height: int = 915) -> None:
        self.width = width
        self.height = height
        self._process: asyncio.subprocess.Process | None = None
        self._profile = Path(tempfile.mkdtemp(prefix="crayon-chromium-"))
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)

    async def __aenter__(self) -> Browser:
        executable = chromium_path()
        assert executable is not None, "Chromium is not installed (.ci/run installs Debian's chromium)"
        port = free_port()
        self._process = await asyncio.create_subprocess_exec(
            executable,
            *CHROMIUM_FLAGS,
            f"--remote-debugging-port={port}",
            f"--user-data-dir={self._profile}",
            f"--window-size={self.width},{self.height}",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            env={**os.environ, "TMPDIR": str(self._profile)},  # its scratch folders go with the profile
        )
        self._session = aiohttp.ClientSession()
        targets: list[dict[str, Any]] = []
        for _ in range(100):
            with contextlib.suppress(aiohttp.ClientError):
                async with self._session.get(f"http://127.0.0.1:{port}/json/list") as response:
                    targets = [target for target in await response.json() if target.get("type") == "page"]
                if targets:
                    break
            await asyncio.sleep(0.1)
        assert targets, "Chromium did not open its DevTools port"
        self._socket = await self._session.ws_connect(targets[0]["webSocketDebuggerUrl"], max_msg_size=0)
        await self.call("Page.enable")
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": True},
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._session is not None:
            await self._session.close()
        if self._process is not None and self._process.returncode is None:
            self._process.kill()
            await self._process.wait()
        shutil.rmtree(self._profile, ignore_errors=True)

    async def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        assert self._socket is not None
        call_id = next(self._ids)
        await self._socket.send_json({"id": call_id, "method": method, "params": params or {}})
        while True:
            message = await asyncio.wait_for(self._socket.receive_json(), 30)
            if message.get("id") == call_id:
                assert "error" not in message, message["error"]
                return dict(message.get("result", {}))

    async def open(self, url: str) -> dict[str, Any]:
        """Load `url`, wait until its images have loaded (or failed), and describe the page."""
        await self.call("Page.navigate", {"url": url})
        for _ in range(100):
            await asyncio.sleep(0.1)
            state = await self.call("Runtime.evaluate", {"expression": "document.readyState", "returnByValue": True})
            if state["result"]["value"] != "complete":
                continue
            pending = await self.call(
                "Runtime.evaluate",
                {"expression": "[...document.images].filter(i => !i.complete).length", "returnByValue": True},
            )
            if pending["result"]["value"] == 0:
                break
        # Described once every image has loaded (or failed): the report and the wait cannot disagree.
        result = await self.call("Runtime.evaluate", {"expression": PAGE_REPORT, "returnByValue": True})
        report = json.loads(result["result"]["value"])
        await self.call(
            "Runtime.evaluate",
            {"expression": "document.fonts.ready.then(() => document.fonts.status)", "awaitPromise": True},
        )
        # Two frames, so text drawn before a font arrived is painted again with it.
        await self.call(
            "Runtime.evaluate",
            {
                "expression": "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
                "awaitPromise": True,
            },
        )
        return report

    async def screenshot(self, path: Path, *, full_page: bool = True) -> bytes:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            metrics = await self.call("Page.getLayoutMetrics")
            size = metrics["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": self.width, "height": size["height"], "scale": 1}
        data = base64.b64decode((await self.call("Page.captureScreenshot", params))["data"])
        path.write_bytes(data)
        return data
