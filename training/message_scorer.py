"""Trains the message reading (engine/message_scorer.py): is a message a diary, or talk? On the labelled
messages in training/message_lines/ (`not_diary_*.jsonl`: greetings, thanks, questions, reactions, bare
requests; `diary_*.jsonl`: short diaries) and every diary line in training/diary_lines/ (ordinary, worried
and crisis days are all diaries) the reading reads: a longer one is a diary unread (`ALWAYS_A_DIARY`).
`python -m training.message_scorer` writes engine/configs/message_scorer.json (see training/linear.py for
how); its threshold lets at most 1 % of the diaries it never saw be taken for talk.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from engine.learned import LinearScorer
from engine.message_scorer import ALWAYS_A_DIARY, READS, SHIPPED, features
from training import linear

LINES = Path(__file__).parent / "message_lines"
DIARY_LINES = Path(__file__).parent / "diary_lines"
TRAINING = linear.Training(reads=READS, false_alarms=0.01)


def labelled_messages(folder: Path = LINES, diaries: Path = DIARY_LINES) -> list[tuple[str, bool]]:
    """(text, not a diary) for every labelled message and diary line."""
    found: list[tuple[str, bool]] = []
    for path, talk in [
        *((path, True) for path in sorted(folder.glob("not_diary_*.jsonl"))),
        *((path, False) for path in sorted(folder.glob("diary_*.jsonl"))),
        *((path, False) for path in sorted(diaries.glob("*.jsonl"))),
    ]:
        with path.open(encoding="utf-8") as file:
            texts = [json.loads(row)["text"] for row in file if row.strip()]
        found += [(text, talk) for text in texts if len(text) <= ALWAYS_A_DIARY]
    return found


def lines_digest(folder: Path = LINES) -> str:
    return linear.digest(labelled_messages(folder))


def train(folder: Path = LINES, *, threshold: float | None = None) -> tuple[LinearScorer, dict[str, float]]:
    """The scorer and its cross-validated figures (`linear.train`; `threshold` skips choosing it)."""
    messages = labelled_messages(folder)
    return linear.train(
        [features(text) for text, _ in messages], [talk for _, talk in messages], TRAINING, threshold=threshold
    )


def main(argv: Sequence[str] | None = None) -> int:
    return linear.command(
        argv,
        description="train the message reading (diary or talk) on the labelled messages",
        lines=LINES,
        lines_help="folder of not_diary_*.jsonl and diary_*.jsonl",
        shipped=SHIPPED,
        train=train,
        lines_digest=lines_digest,
    )


if __name__ == "__main__":
    raise SystemExit(main())
