"""A reading learnt from labelled lines: a logistic regression over a set of string features (letter n-grams
of a diary, words of a scene), its weights shipped as JSON beside the code. Trained by the modules in
training/ (`training/linear.py`); read here in microseconds, on every profile, with no model."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LinearScorer:
    weights: Mapping[str, float]
    bias: float
    threshold: float
    """The probability from which a line counts (a crisis, an unsafe scene)."""
    reads: str
    """What features the weights are for: the reader refuses weights made for other features."""

    def probability(self, found: set[str]) -> float:
        if not found:
            return 0.0
        total = sum(self.weights.get(feature, 0.0) for feature in found) / math.sqrt(len(found)) + self.bias
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total))))

    def flags(self, found: set[str]) -> bool:
        return self.probability(found) >= self.threshold

    def to_json(self, lines_digest: str = "") -> str:
        body = {
            "reads": self.reads,
            "threshold": round(self.threshold, 4),
            "bias": round(self.bias, 6),
            "lines_digest": lines_digest,
            "weights": {feature: round(weight, 6) for feature, weight in sorted(self.weights.items())},
        }
        return json.dumps(body, ensure_ascii=False, indent=0) + "\n"

    @classmethod
    def from_json(cls, text: str, *, reads: str) -> LinearScorer:
        body = json.loads(text)
        if body["reads"] != reads:
            raise ValueError(f"the weights were trained on features {body['reads']!r}, this code reads {reads!r}")
        return cls(dict(body["weights"]), float(body["bias"]), float(body["threshold"]), reads)


def lines_digest_of(path: Path) -> str:
    """The digest of the labelled lines the weights at `path` were trained on."""
    return str(json.loads(path.read_text(encoding="utf-8"))["lines_digest"])
