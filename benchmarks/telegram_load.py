"""Many children writing at once through the real Telegram path (`crayon serve`, tiny profile).

    python benchmarks/telegram_load.py --children 50 --mode burst
    python benchmarks/telegram_load.py --children 50 --mode spread --seconds 5

Starts a Bot API stand-in here and `crayon serve` as a separate process pointed at it, sends one
diary per child, and prints: acknowledgement latency (update handed to the bot → its reply) p50/p95
while the worker is busy, queue throughput, and the time per diary spent outside the models.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.support.telegram_stub import BotApiStub, free_port

DIARIES = [
    "오늘 학교 끝나고 친구랑 놀이터에서 그네를 탔다.",
    "엄마가 딸기 케이크를 만들어 주셨다.",
    "비가 와서 밖에 못 나가고 창문만 바라봤다.",
    "가게가 문을 닫아서 아이스크림을 못 샀다.",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def run(args: argparse.Namespace) -> dict[str, object]:
    stub = BotApiStub(long_poll_seconds=10)
    await stub.start()
    data = Path(tempfile.mkdtemp(prefix="crayon-load-"))
    env = {
        **os.environ,
        "CRAYON_PROFILE": "tiny",
        "CRAYON_DATA_DIR": str(data),
        "CRAYON_HTTP_PORT": str(free_port()),
        "CRAYON_HEIGHT": str(args.size),
        "CRAYON_WIDTH": str(args.size),
        "CRAYON_NUM_INFERENCE_STEPS": str(args.steps),
        "CRAYON_MAX_WAITING_PER_CHILD": "10",
        "CRAYON_MAX_NEW_USERS_PER_MINUTE": str(args.children + 1),
        "CRAYON_TELEGRAM_MESSAGES_PER_SECOND": str(args.rate),
        "TELEGRAM_BOT_TOKEN": stub.token,
        "TELEGRAM_BASE_URL": stub.base_url,
        "TELEGRAM_BASE_FILE_URL": stub.base_file_url,
    }
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", env=env, stderr=asyncio.subprocess.DEVNULL
    )
    kids = list(range(10_000, 10_000 + args.children))
    try:
        # Warm up: the first diary loads the models; wait for its drawing.
        stub.text(9_999, DIARIES[0])
        await stub.wait_for(lambda: stub.sent("sendPhoto", 9_999), timeout=300)

        pushed: dict[int, float] = {}
        update_of: dict[int, int] = {}
        started = time.monotonic()
        for index, kid in enumerate(kids):
            if args.mode == "spread":
                await asyncio.sleep(max(0.0, started + args.seconds * index / len(kids) - time.monotonic()))
            update_of[kid] = stub.text(kid, random.choice(DIARIES))
            pushed[kid] = time.monotonic()
        await stub.wait_for(lambda: all(stub.texts(kid) for kid in kids), timeout=300)
        acked = {kid: stub.sent("sendMessage", kid)[0].at for kid in kids}
        await stub.wait_for(lambda: all(stub.sent("sendPhoto", kid) for kid in kids), timeout=3600)
        finished = time.monotonic()
        photos = sorted(stub.sent("sendPhoto", kid)[0].at for kid in kids)
    finally:
        server.send_signal(signal.SIGTERM)
        await server.wait()
        await stub.stop()

    from_handover = [acked[kid] - stub.delivered_at[update_of[kid]] for kid in kids]
    from_push = [acked[kid] - pushed[kid] for kid in kids]
    with contextlib.closing(sqlite3.connect(data / "crayon.sqlite3")) as db:
        engine = [json.loads(row[0])["engine"] for row in db.execute("SELECT timings FROM drawings")]
    shutil.rmtree(data, ignore_errors=True)
    span = photos[-1] - photos[0]
    return {
        "children": args.children,
        "mode": args.mode,
        "size": args.size,
        "steps": args.steps,
        "messages_per_second_limit": args.rate,
        "ack_ms_from_handover": {
            "p50": round(1000 * statistics.median(from_handover), 1),
            "p95": round(1000 * percentile(from_handover, 0.95), 1),
            "max": round(1000 * max(from_handover), 1),
        },
        "ack_ms_from_send": {
            "p50": round(1000 * statistics.median(from_push), 1),
            "p95": round(1000 * percentile(from_push, 0.95), 1),
        },
        "drawings_per_s": round((len(photos) - 1) / span, 3) if span > 0 else None,
        "engine_s_per_drawing": round(statistics.median(engine), 3),
        "overhead_s_per_diary": round((finished - started) / len(kids) - statistics.mean(engine), 3),
        "total_s": round(finished - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=50)
    parser.add_argument("--mode", choices=["burst", "spread"], default="burst")
    parser.add_argument("--seconds", type=float, default=5.0, help="spread: send over this many seconds")
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--rate", type=float, default=30.0, help="CRAYON_TELEGRAM_MESSAGES_PER_SECOND")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args)), indent=2))


if __name__ == "__main__":
    main()
