"""A learned reading of the diary beside the rules, for crises said in words no phrase list foresaw.

A logistic regression (engine/learned.py) over the letter n-grams of the diary as the rules read it
(normalised, respelled, compact; engine/diary_check.py `readings`) and the English words in it. Trained by
`python -m training.crisis_scorer` on the labelled lines in training/diary_lines/; the weights ship in
engine/configs/crisis_scorer.json.

What only this reading finds is a crisis of unknown kind: the reviewer reads it, the parents are never told.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from engine.learned import LinearScorer

NGRAMS = (1, 4)
"""The shortest and the longest letter n-grams read."""
READS = f"diary letters {NGRAMS[0]}-{NGRAMS[1]} and English words"
SHIPPED = Path(__file__).parent / "configs" / "crisis_scorer.json"


def features(compact: str, words: str) -> set[str]:
    """The letter n-grams of the compact reading (with its start and end marked) and its English words."""
    text = f"^{compact}$"
    low, high = NGRAMS
    found = {text[start : start + size] for size in range(low, high + 1) for start in range(len(text) - size + 1)}
    found.update(f"w:{word}" for word in words.split() if word.isascii() and word.isalpha())
    return found


@cache
def shipped_scorer() -> LinearScorer:
    """The scorer shipped with the engine, read once on first use."""
    return LinearScorer.from_json(SHIPPED.read_text(encoding="utf-8"), reads=READS)
