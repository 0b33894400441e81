"""Trains the learned scene reading (engine/scene_scorer.py) on the labelled English scenes in
training/scene_lines/*.jsonl (`scene`, `safe`, `topic`): ordinary children's days, many with words that look
alarming out of context, and scenes no young child should be shown, many said without the obvious words.
`python -m training.scene_scorer` writes engine/configs/scene_scorer.json (see training/linear.py for how).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from engine.learned import LinearScorer
from engine.scene_scorer import READS, SHIPPED, features
from training import linear

LINES = Path(__file__).parent / "scene_lines"
# Half the 1 % of ordinary scenes the check may stop: the rest is left for scenes unlike the labelled ones.
TRAINING = linear.Training(reads=READS, false_alarms=0.005)


def labelled_scenes(folder: Path = LINES) -> list[tuple[str, bool]]:
    """(scene, unsafe) for every labelled scene."""
    found = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as file:
            rows = [json.loads(row) for row in file if row.strip()]
        found += [(row["scene"], not row["safe"]) for row in rows]
    return found


def lines_digest(folder: Path = LINES) -> str:
    return linear.digest(labelled_scenes(folder))


def train(folder: Path = LINES) -> tuple[LinearScorer, dict[str, float]]:
    scenes = labelled_scenes(folder)
    return linear.train([features(scene) for scene, _ in scenes], [unsafe for _, unsafe in scenes], TRAINING)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="train the learned scene reading on the labelled scenes")
    parser.add_argument("--lines", type=Path, default=LINES, help="folder of *.jsonl scenes")
    parser.add_argument("--out", type=Path, default=SHIPPED, help="where the weights are written")
    options = parser.parse_args(argv)
    scorer, figures = train(options.lines)
    options.out.write_text(scorer.to_json(lines_digest(options.lines)), encoding="utf-8")
    print(json.dumps({"out": str(options.out), "features": len(scorer.weights), **figures}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
