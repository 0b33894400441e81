"""The server under test: the real aiohttp application on 127.0.0.1, with a Bot API stand-in for Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_app
from bot.settings import Settings
from tests.support.kakao_helpers import TEST_SKILL_SECRET
from tests.support.kakao_stub import KakaoStub
from tests.support.telegram_stub import BotApiStub, free_port


@pytest.fixture
async def stub() -> AsyncIterator[BotApiStub]:
    api = BotApiStub()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def kakao() -> AsyncIterator[KakaoStub]:
    """Kakao's side on 127.0.0.1: callback URLs and the Event API."""
    api = KakaoStub()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def serve(make_settings: Callable[..., Settings], stub: BotApiStub) -> AsyncIterator[Callable[..., Any]]:
    """`await serve(**settings)` starts a server: Telegram polling unless `telegram=False`, Kakao at a test secret."""
    clients: list[TestClient] = []

    async def start(*, telegram: bool = True, clock: Any = None, **overrides: Any) -> TestClient:
        port = free_port()
        values: dict[str, Any] = {
            "public_base_url": f"http://127.0.0.1:{port}",
            "retry_delay_seconds": 0.05,
            "kakao_skill_secret": TEST_SKILL_SECRET,
        }
        if telegram:
            values.update(
                telegram_bot_token=stub.token,
                telegram_base_url=stub.base_url,
                telegram_base_file_url=stub.base_file_url,
                telegram_mode="polling",
            )
        values.update(overrides)
        client = TestClient(TestServer(build_app(make_settings(**values), clock=clock), port=port))
        await client.start_server()
        clients.append(client)
        return client

    yield start
    for client in clients:
        await client.close()
