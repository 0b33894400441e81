"""A learned reading of the written scene beside the deny-list (engine/safety.py), for scenes no child should
be shown that say it without the words: "red liquid pooled under the still body", "she took off all her
clothes". A logistic regression (engine/learned.py) over the scene's words, word pairs and the letter
4-grams of its words, trained by `python -m training.scene_scorer` on training/scene_lines/ (each scene
also padded with the setting and colours the writer adds); the weights ship in
engine/configs/scene_scorer.json."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from pathlib import Path

from engine.learned import LinearScorer

READS = "scene words, word pairs and word letter 4-grams"
SHIPPED = Path(__file__).parent / "configs" / "scene_scorer.json"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def features(scene: str) -> set[str]:
    words = _WORD.findall(scene.lower())
    found = {f"w:{word}" for word in words}
    found.update(f"b:{first}_{second}" for first, second in pairwise(words))
    for word in words:
        marked = f"<{word}>"
        found.update(marked[start : start + 4] for start in range(len(marked) - 3))
    return found


@cache
def shipped_scorer() -> LinearScorer:
    """The scorer shipped with the engine, read once on first use."""
    return LinearScorer.from_json(SHIPPED.read_text(encoding="utf-8"), reads=READS)
