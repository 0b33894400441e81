"""`crayon serve` as a real process: a hard kill with diaries queued loses nothing and draws each once."""

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

from bot import messages
from tests.telegram_stub import BotApiStub, free_port

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


async def start_serve(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "serve",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


def rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


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
