"""A learned reading of the written scene beside the deny-list (engine/safety.py), for scenes no child should
be shown that say it without the words: "red liquid pooled under the still body", "she took off all her
clothes". A logistic regression (engine/learned.py) over the scene's words, word pairs, the letter
4-grams of its words and the pairs of kinds of thing it names (engine/scene_words.py: a pill and a
farewell, a stranger and a car), in one sentence and in the whole scene, trained by
`python -m training.scene_scorer` on training/scene_lines/ (each scene also padded with the setting and
colours the writer adds); the weights ship in engine/configs/scene_scorer.json."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from pathlib import Path

from engine.learned import LinearScorer
from engine.scene_words import kinds_in

READS = "scene words, word pairs, word letter 4-grams and pairs of kinds of thing"
SHIPPED = Path(__file__).parent / "configs" / "scene_scorer.json"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"[^.!?;]+")


def features(scene: str) -> set[str]:
    words = _WORD.findall(scene.lower())
    found = {f"w:{word}" for word in words}
    found.update(f"b:{first}_{second}" for first, second in pairwise(words))
    for word in words:
        marked = f"<{word}>"
        found.update(marked[start : start + 4] for start in range(len(marked) - 3))
    every = sorted(kinds_in(words))
    found.update(f"K:{first}+{second}" for index, first in enumerate(every) for second in every[index + 1 :])
    for sentence in _SENTENCE.findall(scene.lower()):
        kinds = sorted(kinds_in(_WORD.findall(sentence)))
        found.update(f"k:{first}+{second}" for index, first in enumerate(kinds) for second in kinds[index + 1 :])
    return found


@cache
def shipped_scorer() -> LinearScorer:
    """The scorer shipped with the engine, read once on first use."""
    return LinearScorer.from_json(SHIPPED.read_text(encoding="utf-8"), reads=READS)
