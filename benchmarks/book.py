"""How long a month's 그림일기 book takes and how large it is: 31 pages of 512-pixel drawings of noise (the
hardest to compress), written with `bot.usecases.book.write_book` as `crayon book` writes it.

    python -m benchmarks.book [--pages 31] [--paper A5]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
from datetime import date

from PIL import Image

from bot.usecases.book import BookDiary, write_book


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=31)
    parser.add_argument("--paper", choices=("A5", "A4"), default="A5")
    args = parser.parse_args()
    diaries = []
    for day in range(args.pages):
        out = io.BytesIO()
        Image.effect_noise((512, 512), 60).convert("RGB").save(out, format="PNG")
        text = f"오늘은 {day + 1}일이다. 친구랑 놀이터에서 그네를 타고 미끄럼틀도 탔다. 정말 재밌었다!"
        diaries.append(BookDiary(date(2026, 12, 1 + day % 31), text, out.getvalue()))
    started = time.perf_counter()
    pdf = write_book("민지", date(2026, 12, 1), diaries, paper=args.paper)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "pages": args.pages + 1,
                "seconds": round(seconds, 2),
                "megabytes": round(len(pdf) / 1e6, 2),
                "cpus": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
