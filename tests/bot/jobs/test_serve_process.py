"""`crayon serve` as a real process: a hard kill with diaries queued (or a voice diary being fetched) loses
nothing and draws each once."""

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from bot import messages
from tests.support.audio import recording
from tests.support.processes import rows, start_serve
from tests.support.telegram_stub import BotApiStub, free_port

pytestmark = pytest.mark.slow

KIDS = [301, 302, 303, 304, 305, 306]


def serve_env(stub: BotApiStub, models_dir: Path, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CRAYON_PROFILE": "tiny",
        "CRAYON_DATA_DIR": str(data_dir),
        "CRAYON_MODELS_DIR": str(models_dir),
        "CRAYON_HTTP_PORT": str(free_port()),
        "CRAYON_HEIGHT": "256",
        "CRAYON_WIDTH": "256",
        "CRAYON_NUM_INFERENCE_STEPS": "12",
        "CRAYON_LLM_MAX_NEW_TOKENS": "24",
        "TELEGRAM_BOT_TOKEN": stub.token,
        "TELEGRAM_BASE_URL": stub.base_url,
        "TELEGRAM_BASE_FILE_URL": stub.base_file_url,
    }


async def test_hard_kill_then_restart_draws_every_diary_exactly_once(
    stub: BotApiStub, models_dir: Path, tmp_path: Path
) -> None:
    env = serve_env(stub, models_dir, tmp_path / "data")
    database = tmp_path / "data" / "crayon.sqlite3"
    first = await start_serve(env)
    try:
        for kid in KIDS:
            stub.text(kid, f"오늘은 {kid}번 친구랑 놀았다")
        # Every diary acknowledged (so committed), one drawing delivered, the rest still waiting.
        await stub.wait_for(
            lambda: all(stub.texts(kid) for kid in KIDS) and len(stub.sent("sendPhoto")) >= 1, timeout=120
        )
    finally:
        first.kill()
        await first.wait()
    assert first.returncode == -signal.SIGKILL
    states = dict(rows(database, "SELECT state, COUNT(*) FROM jobs GROUP BY state"))
    assert sum(states.values()) == len(KIDS)
    assert states.get("queued", 0) + states.get("running", 0) >= 1, f"the kill came too late: {states}"

    second = await start_serve(env)
    try:
        await stub.wait_for(lambda: all(stub.sent("sendPhoto", kid) for kid in KIDS), timeout=120)
        second.send_signal(signal.SIGTERM)
        await asyncio.wait_for(second.wait(), 60)
    finally:
        if second.returncode is None:
            second.kill()
            await second.wait()
    assert second.returncode == 0, (await second.stderr.read()).decode()[-2000:] if second.stderr else ""

    assert rows(database, "SELECT COUNT(*) FROM entries") == [(len(KIDS),)]
    assert rows(database, "SELECT state, COUNT(*) FROM jobs GROUP BY state") == [("done", len(KIDS))]
    per_entry = rows(database, "SELECT entry_id, COUNT(*) FROM drawings GROUP BY entry_id")
    assert len(per_entry) == len(KIDS)
    assert all(count == 1 for _, count in per_entry)
    assert rows(database, "SELECT COUNT(*) FROM jobs WHERE delivered_at IS NULL") == [(0,)]
    for kid in KIDS:
        # One photo per diary; a kill in the instant between sending and recording could repeat one.
        assert 1 <= len(stub.sent("sendPhoto", kid)) <= 2
        assert stub.texts(kid)[0] == messages.acknowledgement(0) or stub.texts(kid)[0].startswith("일기 고마워")
    assert sum(len(stub.sent("sendPhoto", kid)) for kid in KIDS) <= len(KIDS) + 1


BURST = list(range(401, 431))


def burst_env(stub: BotApiStub, models_dir: Path, data_dir: Path) -> dict[str, str]:
    return {
        **serve_env(stub, models_dir, data_dir),
        "CRAYON_HEIGHT": "128",
        "CRAYON_WIDTH": "128",
        "CRAYON_NUM_INFERENCE_STEPS": "2",
        "CRAYON_LLM_MAX_NEW_TOKENS": "16",
    }


async def until_listening(session: Any, url: str, timeout: float = 120) -> None:
    loop = asyncio.get_running_loop()
    until = loop.time() + timeout
    while True:
        try:
            async with session.get(url):
                return
        except OSError:
            assert loop.time() < until, f"{url} did not answer"
            await asyncio.sleep(0.2)


async def finish(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def assert_each_diary_drawn_once(database: Path, count: int) -> None:
    assert rows(database, "SELECT COUNT(*) FROM entries") == [(count,)]
    assert rows(database, "SELECT COUNT(*) FROM jobs") == [(count,)]
    per_entry = rows(database, "SELECT entry_id, COUNT(*) FROM drawings GROUP BY entry_id")
    assert len(per_entry) == count
    assert all(drawn == 1 for _, drawn in per_entry)


async def test_a_burst_fetched_by_polling_survives_a_kill_after_the_first_answer(
    stub: BotApiStub, models_dir: Path, tmp_path: Path
) -> None:
    env = burst_env(stub, models_dir, tmp_path / "data")
    database = tmp_path / "data" / "crayon.sqlite3"
    first = await start_serve(env)
    try:
        await stub.wait_for(lambda: stub.sent("setMyCommands"), timeout=120)
        # Answers are held back, so the kill comes while every diary is being handled.
        stub.delays = {"sendMessage": 30.0}
        for kid in BURST:
            stub.text(kid, f"오늘은 {kid}번 친구랑 공을 찼다")
        # The whole burst was fetched in one getUpdates; the first answer is on its way: kill.
        await stub.wait_for(lambda: "sendMessage" in stub.arrived, timeout=120)
    finally:
        first.kill()
        await first.wait()
    assert stub.sent("sendMessage") == [], "no child was answered before the kill"
    assert [update["update_id"] for update in stub.pending] == [], "Telegram was told every update arrived"

    stub.delays = {}
    second = await start_serve(env)
    try:
        await stub.wait_for(lambda: all(stub.sent("sendPhoto", kid) for kid in BURST), timeout=180)
    finally:
        await finish(second)
    assert_each_diary_drawn_once(database, len(BURST))
    assert rows(database, "SELECT COUNT(*) FROM inbox WHERE done_at IS NULL") == [(0,)]
    assert rows(database, "SELECT COUNT(*) FROM inbox WHERE payload IS NOT NULL") == [(0,)]


async def test_a_burst_by_webhook_survives_a_kill_after_the_first_answer(
    stub: BotApiStub, models_dir: Path, tmp_path: Path
) -> None:
    import aiohttp

    env = burst_env(stub, models_dir, tmp_path / "data")
    port = env["CRAYON_HTTP_PORT"]
    env.update(
        CRAYON_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        CRAYON_TELEGRAM_WEBHOOK_SECRET="burst-secret-token",
    )
    database = tmp_path / "data" / "crayon.sqlite3"
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": "burst-secret-token"}
    first = await start_serve(env)
    statuses = []
    stub.delays = {"sendMessage": 30.0}  # answers held back: the kill comes while diaries are handled
    try:
        async with aiohttp.ClientSession() as session:
            await until_listening(session, f"http://127.0.0.1:{port}/healthz")
            for index, kid in enumerate(BURST):
                update = {
                    "update_id": 9000 + index,
                    "message": {
                        "message_id": 100 + index,
                        "date": 0,
                        "chat": {"id": kid, "type": "private"},
                        "from": {"id": kid, "is_bot": False, "first_name": "Kid"},
                        "text": f"오늘은 {kid}번 친구랑 그림을 그렸다",
                    },
                }
                async with session.post(url, json=update, headers=headers) as response:
                    statuses.append(response.status)
        await stub.wait_for(lambda: "sendMessage" in stub.arrived, timeout=60)
    finally:
        first.kill()
        await first.wait()
    assert statuses == [200] * len(BURST), "Telegram was told every update arrived"
    assert stub.sent("sendMessage") == [], "no child was answered before the kill"
    stub.delays = {}

    # Telegram never sends an answered webhook update again: whatever is drawn now comes from the inbox.
    second = await start_serve(env)
    try:
        await stub.wait_for(lambda: all(stub.sent("sendPhoto", kid) for kid in BURST), timeout=180)
    finally:
        await finish(second)
    assert_each_diary_drawn_once(database, len(BURST))


async def test_a_voice_message_killed_mid_download_is_heard_after_the_restart(
    stub: BotApiStub, models_dir: Path, tmp_path: Path
) -> None:
    """Telegram has handed the voice message over (its offset moved on) when the bot dies fetching the sound:
    the next start fetches and hears it from what the inbox kept, Telegram's reference to the file."""
    env = serve_env(stub, models_dir, tmp_path / "data")
    database = tmp_path / "data" / "crayon.sqlite3"
    stub.delays["getFile"] = 300
    first = await start_serve(env)
    try:
        stub.voice(KIDS[0], recording(2.0))
        await stub.wait_for(lambda: "getFile" in stub.arrived, timeout=120)
    finally:
        first.kill()
        await first.wait()
    assert stub.texts(KIDS[0]) == []
    kept = rows(database, "SELECT payload FROM inbox")
    assert len(kept) == 1
    assert '"voice"' in kept[0][0]

    stub.delays.clear()
    second = await start_serve(env)

    def asked() -> list[str]:
        # Between 20:00 and 22:00 in Seoul the child, known since the voice came, may get the evening reminder too.
        return [text for text in stub.texts(KIDS[0]) if text.startswith("이렇게 들었어: “")]

    try:
        await stub.wait_for(lambda: bool(asked()), timeout=120)
    finally:
        await finish(second)
    assert len(asked()) == 1
    assert rows(database, "SELECT status FROM entries") == [("asked",)]
