"""A learned reading of the diary beside the rules, for crises said in words no phrase list foresaw.

A logistic regression (engine/learned.py) over the letter n-grams of the diary as the rules read it
(normalised, respelled, compact; engine/diary_check.py `readings`) and the English words in it. Trained by
`python -m training.crisis_scorer` on the labelled lines in training/diary_lines/; the weights ship in
engine/configs/crisis_scorer.json.

What only this reading finds is a crisis of unknown kind: the reviewer reads it, the parents are never told.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from engine.learned import LinearScorer

NGRAMS = (1, 4)
"""The shortest and the longest letter n-grams read."""
WINDOW, STRIDE = 24, 8
"""A longer diary is read whole and in pieces of this many letters: one sad sentence among ordinary ones is
not drowned by them (the labelled lines are 18 letters long at the median, 24 at the 90th percentile)."""
READS = f"diary letters {NGRAMS[0]}-{NGRAMS[1]} without laughter or ends, and English words"
# The scorer reads the words: laughter is not weighed as a feature, it only raises the bar (`finds_crisis`).
_LAUGHTER = re.compile("[ㅋㅎ]")
SHIPPED = Path(__file__).parent / "configs" / "crisis_scorer.json"


def features(compact: str, words: str) -> set[str]:
    """The letter n-grams of the compact reading, without ㅋ and ㅎ, and its English words."""
    text = _LAUGHTER.sub("", compact)
    low, high = NGRAMS
    found = {text[start : start + size] for size in range(low, high + 1) for start in range(len(text) - size + 1)}
    found.update(f"w:{word}" for word in words.split() if word.isascii() and word.isalpha())
    return found


def pieces(compact: str, words: str) -> list[set[str]]:
    """The features of the whole diary and, when it is longer than a window, of each window of it."""
    text = _LAUGHTER.sub("", compact)
    found = [features(text, words)]
    if len(text) > WINDOW:
        found += [features(text[start : start + WINDOW], "") for start in range(0, len(text) - WINDOW + STRIDE, STRIDE)]
    return found


LAUGHING_THRESHOLD = 0.92
"""A laughing diary (ㅋ, ㅎㅎ) needs more: all but one of the 536 laughing lines the reading learns from are
ordinary days, so it has hardly learnt a laughed-over crisis (the rules hear those in plain words)."""
_LAUGHING = re.compile("ㅋ|ㅎㅎ|😂|🤣")


def probability(scorer: LinearScorer, compact: str, words: str) -> float:
    """The highest probability of the whole diary and its windows."""
    return max(scorer.probability(found) for found in pieces(compact, words))


def laughs(compact: str) -> bool:
    """The diary laughs (ㅋ, ㅎㅎ, 😂, 🤣): the reading then needs `LAUGHING_THRESHOLD`."""
    return _LAUGHING.search(compact) is not None


def finds_crisis(scorer: LinearScorer, compact: str, words: str) -> bool:
    """The reading finds a crisis: above its threshold, or above `LAUGHING_THRESHOLD` in a laughing diary."""
    threshold = max(scorer.threshold, LAUGHING_THRESHOLD) if laughs(compact) else scorer.threshold
    return probability(scorer, compact, words) >= threshold


@cache
def shipped_scorer() -> LinearScorer:
    """The scorer shipped with the engine, read once on first use."""
    return LinearScorer.from_json(SHIPPED.read_text(encoding="utf-8"), reads=READS)
