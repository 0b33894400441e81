"""`crayon remind --now` and `crayon albums --now`: the scheduler's code, run once, as real processes."""

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from bot import messages
from bot.app import CORE
from tests.support.telegram_helpers import code_for, say, write_and_wait
from tests.support.telegram_stub import BotApiStub

pytestmark = pytest.mark.slow

KID, MOM, QUIET_KID = 401, 402, 403


async def run_cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_remind_and_albums_now(serve, stub: BotApiStub, models_dir: Path) -> None:
    client = await serve()
    settings = client.app[CORE].settings
    await write_and_wait(stub, KID, ["오늘은 수영장에 갔다"])
    await write_and_wait(stub, QUIET_KID, ["어제 놀이터에서 놀았다"])
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    await client.close()
    # The quiet child's diary was yesterday: today they have not written.
    with sqlite3.connect(settings.database_path) as db:
        db.execute(
            "UPDATE entries SET created_at = '2020-01-01T00:00:00.000000Z' WHERE user_id = "
            "(SELECT id FROM users WHERE platform_user_id = ?)",
            [str(QUIET_KID)],
        )

    env = {
        **os.environ,
        "CRAYON_DATA_DIR": str(settings.data_dir),
        "CRAYON_MODELS_DIR": str(models_dir),
        "TELEGRAM_BOT_TOKEN": stub.token,
        "TELEGRAM_BASE_URL": stub.base_url,
        "TELEGRAM_BASE_FILE_URL": stub.base_file_url,
    }
    code, out, err = await run_cli(env, "remind", "--now")
    assert code == 0, err
    assert out.strip() == "Sent 1 reminder(s)."
    assert stub.texts(QUIET_KID)[-1].split("\n")[0] in messages.REMINDERS
    assert all(text.split("\n")[0] not in messages.REMINDERS for text in stub.texts(KID)), "KID wrote today"
    code, out, _ = await run_cli(env, "remind", "--now")
    assert out.strip() == "Sent 0 reminder(s).", "never twice a day"

    code, out, err = await run_cli(env, "albums", "--now")
    assert code == 0, err
    assert out.strip() == "Sent 1 album(s)."
    captions = [call.params["caption"] for call in stub.sent("sendPhoto", MOM)]
    assert captions[0].startswith("민지의 그림일기")
    assert captions[1].endswith("\n오늘은 수영장에 갔다")
    assert any("/albums/" in text for text in stub.texts(MOM))

    bare = {key: value for key, value in env.items() if not key.startswith("TELEGRAM_")}
    code, _, err = await run_cli(bare, "albums", "--now")
    assert code == 2
    assert "TELEGRAM_BOT_TOKEN" in err
    assert "Traceback" not in err
