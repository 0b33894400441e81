"""Trains the learned scene reading (engine/scene_scorer.py) on the labelled English scenes in
training/scene_lines/*.jsonl (`scene`, `safe`, `topic`): ordinary children's days, many with words that look
alarming out of context, and scenes no young child should be shown, many said without the obvious words.
`python -m training.scene_scorer` writes engine/configs/scene_scorer.json (see training/linear.py for how).
"""

from __future__ import annotations

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


# The setting, light and colours the prompt writer is told to add: a scene padded with them is what it was.
PADDING = (
    "Soft pastel colours and gentle warm light, a cosy picture-book style.",
    "Bright cheerful colours, simple round shapes and a clear blue sky.",
    "Gentle blue and grey colours, soft shadows and a calm quiet mood.",
    "Warm golden afternoon light, simple crayon lines and happy colours.",
    "A soft watercolour background, friendly shapes and bright colours.",
)


def with_padding(scenes: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """The scenes, and each once more with a sentence of setting and colours after it (chosen by index)."""
    return [
        *scenes,
        *((f"{scene} {PADDING[index % len(PADDING)]}", unsafe) for index, (scene, unsafe) in enumerate(scenes)),
    ]


def lines_digest(folder: Path = LINES) -> str:
    return linear.digest(labelled_scenes(folder))


def train(folder: Path = LINES, *, threshold: float | None = None) -> tuple[LinearScorer, dict[str, float]]:
    """The scorer and its cross-validated figures (`linear.train`; `threshold` skips choosing it)."""
    labelled = labelled_scenes(folder)
    scenes = with_padding(labelled)
    groups = ["scenes" if index < len(labelled) else "padded" for index in range(len(scenes))]
    # A scene and its padded copy are held out together: neither is learnt while the other is scored.
    folds_of = [index % TRAINING.folds for index in range(len(labelled))] * 2
    return linear.train(
        [features(scene) for scene, _ in scenes],
        [unsafe for _, unsafe in scenes],
        TRAINING,
        groups=groups,
        folds_of=folds_of,
        threshold=threshold,
    )


def main(argv: Sequence[str] | None = None) -> int:
    return linear.command(
        argv,
        description="train the learned scene reading on the labelled scenes",
        lines=LINES,
        lines_help="folder of *.jsonl scenes",
        shipped=SHIPPED,
        train=train,
        lines_digest=lines_digest,
    )


if __name__ == "__main__":
    raise SystemExit(main())
