"""Trains the learned crisis reading (engine/diary_scorer.py) on the labelled diary lines in
training/diary_lines/: `crisis_*.jsonl` (kind, and whether someone at home is named) and `other_*.jsonl` (a
worried or an ordinary day, many with alarming words used harmlessly). `python -m training.crisis_scorer`
writes engine/configs/crisis_scorer.json (see training/linear.py for how).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.diary_check import readings
from engine.diary_scorer import READS, SHIPPED, features, pieces
from engine.learned import LinearScorer
from training import linear

LINES = Path(__file__).parent / "diary_lines"
TRAINING = linear.Training(reads=READS)


@dataclass(frozen=True)
class Line:
    text: str
    crisis: bool


def labelled_lines(folder: Path = LINES) -> list[Line]:
    found = []
    for pattern, crisis in (("crisis_*.jsonl", True), ("other_*.jsonl", False)):
        for path in sorted(folder.glob(pattern)):
            with path.open(encoding="utf-8") as file:
                found += [Line(json.loads(row)["text"], crisis) for row in file if row.strip()]
    return found


def lines_digest(folder: Path = LINES) -> str:
    return linear.digest([(line.text, line.crisis) for line in labelled_lines(folder)])


def with_longer_diaries(lines: Sequence[Line]) -> list[Line]:
    """The lines, and as many diaries of two sentences: each crisis after an ordinary line, each other line
    before another, so one ordinary sentence neither hides a crisis nor makes one (chosen by index, the
    same every time)."""
    others = [line for line in lines if not line.crisis]
    crises = [line for line in lines if line.crisis]
    longer = [Line(f"{others[(7 * i + 3) % len(others)].text} {line.text}", True) for i, line in enumerate(crises)]
    longer += [Line(f"{line.text} {others[(11 * i + 5) % len(others)].text}", False) for i, line in enumerate(others)]
    return [*lines, *longer]


def line_features(text: str) -> set[str]:
    compact, words = readings(text)
    return features(compact, words[0])


def line_pieces(text: str) -> list[set[str]]:
    compact, words = readings(text)
    return pieces(compact, words[0])


def fit(lines: Sequence[Line]) -> LinearScorer:
    return linear.fit([line_features(line.text) for line in lines], [line.crisis for line in lines], TRAINING)


def train(folder: Path = LINES, *, threshold: float | None = None) -> tuple[LinearScorer, dict[str, float]]:
    """The scorer and its cross-validated figures (`linear.train`; `threshold` skips choosing it)."""
    labelled = labelled_lines(folder)
    lines = with_longer_diaries(labelled)
    read = [line_pieces(line.text) for line in lines]
    featured = [found[0] for found in read]  # the whole diary's features lead its pieces
    groups = ["lines" if index < len(labelled) else "longer diaries" for index in range(len(lines))]
    labels = [line.crisis for line in lines]
    return linear.train(featured, labels, TRAINING, pieces=read, groups=groups, threshold=threshold)


def main(argv: Sequence[str] | None = None) -> int:
    return linear.command(
        argv,
        description="train the learned crisis reading on the labelled diary lines",
        lines=LINES,
        lines_help="folder of crisis_*.jsonl and other_*.jsonl",
        shipped=SHIPPED,
        train=train,
        lines_digest=lines_digest,
    )


if __name__ == "__main__":
    raise SystemExit(main())
