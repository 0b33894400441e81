"""Trains the learned crisis reading (engine/diary_scorer.py) on the labelled diary lines in
training/diary_lines/: `crisis_*.jsonl` (kind, and whether someone at home is named) and `other_*.jsonl` (a
worried or an ordinary day, many with alarming words used harmlessly). `python -m training.crisis_scorer`
writes engine/configs/crisis_scorer.json.

Deterministic: full-batch gradient descent from zero over every line, so the same lines give the same weights
on any machine. The threshold comes from cross-validation: the lowest at which the other lines, each scored by
a model that never saw it, raise at most `FALSE_ALARMS` of alarms.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.diary_check import readings
from engine.diary_scorer import SHIPPED, CrisisScorer, features

LINES = Path(__file__).parent / "diary_lines"
L2 = 1e-5
EPOCHS = 3000
STEP = 8.0
FOLDS = 5
FALSE_ALARMS = 0.01
"""The share of held-out other lines the chosen threshold may alarm."""
MIN_COUNT = 2
"""A feature seen in fewer lines than this gets no weight: a single line's quirks are not learnt."""


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
    """One digest of every labelled line: the shipped weights say which lines they were trained on."""
    digest = hashlib.sha256()
    for line in labelled_lines(folder):
        digest.update(f"{int(line.crisis)}\t{line.text}\n".encode())
    return digest.hexdigest()


def line_features(text: str) -> set[str]:
    compact, words = readings(text)
    return features(compact, words[0])


def fit(lines: Sequence[Line], *, threshold: float = 0.5) -> CrisisScorer:
    """Logistic regression with both classes weighed equally and an L2 penalty."""
    featured = [line_features(line.text) for line in lines]
    counts: dict[str, int] = {}
    for found in featured:
        for feature in found:
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = {
        feature: index for index, feature in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))
    }
    rows, columns, values = [], [], []
    for row, found in enumerate(featured):
        kept = [vocabulary[feature] for feature in found if feature in vocabulary]
        rows += [row] * len(kept)
        columns += kept
        values += [1.0 / np.sqrt(len(found))] * len(kept)
    row_of, column_of, value_of = np.array(rows), np.array(columns, dtype=np.int64), np.array(values)
    labels = np.array([line.crisis for line in lines], dtype=np.float64)
    positives = max(labels.sum(), 1.0)
    balance = np.where(labels == 1, len(labels) / (2 * positives), len(labels) / (2 * max(len(labels) - positives, 1)))
    weights, bias = np.zeros(len(vocabulary)), 0.0
    for _ in range(EPOCHS):
        scores = np.bincount(row_of, weights=value_of * weights[column_of], minlength=len(lines)) + bias
        error = (1.0 / (1.0 + np.exp(-scores)) - labels) * balance
        gradient = np.bincount(column_of, weights=value_of * error[row_of], minlength=len(vocabulary))
        weights -= STEP * (gradient / len(lines) + L2 * weights)
        bias -= STEP * float(error.mean())
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    return CrisisScorer(dict(zip(names, weights.tolist(), strict=True)), bias, threshold)


def held_out_probabilities(lines: Sequence[Line], folds: int = FOLDS) -> list[float]:
    """Each line's probability from a model trained on the other folds (every `folds`-th line is one fold)."""
    probabilities = [0.0] * len(lines)
    for fold in range(folds):
        scorer = fit([line for index, line in enumerate(lines) if index % folds != fold])
        for index in range(fold, len(lines), folds):
            compact, words = readings(lines[index].text)
            probabilities[index] = scorer.probability(compact, words[0])
    return probabilities


def choose_threshold(lines: Sequence[Line], probabilities: Sequence[float]) -> float:
    others = sorted((p for line, p in zip(lines, probabilities, strict=True) if not line.crisis), reverse=True)
    allowed = int(FALSE_ALARMS * len(others))
    # Just above the probability of the first other line past the allowance.
    return min(0.99, others[allowed] + 1e-4) if len(others) > allowed else 0.5


def train(folder: Path = LINES) -> tuple[CrisisScorer, dict[str, float]]:
    """The scorer over every line, with the cross-validated threshold, and the cross-validated figures."""
    lines = labelled_lines(folder)
    probabilities = held_out_probabilities(lines)
    threshold = choose_threshold(lines, probabilities)
    crisis = [p for line, p in zip(lines, probabilities, strict=True) if line.crisis]
    others = [p for line, p in zip(lines, probabilities, strict=True) if not line.crisis]
    figures = {
        "threshold": threshold,
        "held_out_recall": sum(p >= threshold for p in crisis) / len(crisis),
        "held_out_false_alarms": sum(p >= threshold for p in others) / len(others),
    }
    full = fit(lines, threshold=threshold)
    return full, figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="train the learned crisis reading on the labelled diary lines")
    parser.add_argument("--lines", type=Path, default=LINES, help="folder of crisis_*.jsonl and other_*.jsonl")
    parser.add_argument("--out", type=Path, default=SHIPPED, help="where the weights are written")
    options = parser.parse_args(argv)
    scorer, figures = train(options.lines)
    options.out.write_text(scorer.to_json(lines_digest(options.lines)), encoding="utf-8")
    print(json.dumps({"out": str(options.out), "features": len(scorer.weights), **figures}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
