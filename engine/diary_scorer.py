"""A learned reading of the diary beside the rules, for crises said in words no phrase list foresaw.

A logistic regression over the letter n-grams of the diary as the rules read it (normalised, respelled,
compact; engine/diary_check.py `readings`) and the English words in it. Trained by
`python -m training.crisis_scorer` on the labelled lines in training/data/diary_lines/; the weights ship in
engine/configs/crisis_scorer.json. It runs on every profile, in microseconds, and needs no model.

What only this reading finds is a crisis of unknown kind: the reviewer reads it, the parents are never told.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

NGRAMS = (1, 4)
"""The shortest and the longest letter n-grams read."""
SHIPPED = Path(__file__).parent / "configs" / "crisis_scorer.json"


def features(compact: str, words: str) -> set[str]:
    """The letter n-grams of the compact reading (with its start and end marked) and its English words."""
    text = f"^{compact}$"
    low, high = NGRAMS
    found = {text[start : start + size] for size in range(low, high + 1) for start in range(len(text) - size + 1)}
    found.update(f"w:{word}" for word in words.split() if word.isascii() and word.isalpha())
    return found


@dataclass(frozen=True)
class CrisisScorer:
    weights: Mapping[str, float]
    bias: float
    threshold: float
    """The probability from which a diary counts as a crisis."""

    def probability(self, compact: str, words: str) -> float:
        found = features(compact, words)
        if not found:
            return 0.0
        total = sum(self.weights.get(feature, 0.0) for feature in found) / math.sqrt(len(found)) + self.bias
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total))))

    def crisis(self, compact: str, words: str) -> bool:
        return self.probability(compact, words) >= self.threshold

    def to_json(self, lines_digest: str = "") -> str:
        body = {
            "ngrams": list(NGRAMS),
            "threshold": round(self.threshold, 4),
            "bias": round(self.bias, 6),
            "lines_digest": lines_digest,
            "weights": {feature: round(weight, 6) for feature, weight in sorted(self.weights.items())},
        }
        return json.dumps(body, ensure_ascii=False, indent=0) + "\n"

    @classmethod
    def from_json(cls, text: str) -> CrisisScorer:
        body = json.loads(text)
        if tuple(body["ngrams"]) != NGRAMS:
            raise ValueError(f"the scorer was trained on n-grams {body['ngrams']}, this code reads {list(NGRAMS)}")
        return cls(weights=dict(body["weights"]), bias=float(body["bias"]), threshold=float(body["threshold"]))


def shipped_digest() -> str:
    """The digest of the labelled lines the shipped scorer was trained on."""
    return str(json.loads(SHIPPED.read_text(encoding="utf-8"))["lines_digest"])


@cache
def shipped_scorer() -> CrisisScorer:
    """The scorer shipped with the engine, read once on first use."""
    return CrisisScorer.from_json(SHIPPED.read_text(encoding="utf-8"))
