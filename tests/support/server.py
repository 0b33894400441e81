"""What the tests read off the server under test (started by tests/bot/conftest.py's `serve`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from bot.app import CORE


async def entry_texts(client: TestClient) -> list[str]:
    """The diary texts the server has stored, oldest first."""
    query = "SELECT text FROM entries ORDER BY id"
    return await client.app[CORE].database.run(lambda db: [row["text"] for row in db.query(query)])


async def eventually(read: Callable[[], Awaitable[Any]], check: Callable[[Any], bool], timeout: float = 10.0) -> Any:
    """Poll `await read()` until `check(value)` holds; return the value."""
    loop = asyncio.get_running_loop()
    until = loop.time() + timeout
    while True:
        value = await read()
        if check(value) or loop.time() > until:
            assert check(value), value
            return value
        await asyncio.sleep(0.05)
