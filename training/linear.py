"""Training the learned readings (engine/learned.py): a logistic regression over string features, both
classes weighed equally, with an L2 penalty, by full-batch gradient descent from zero on sparse matrices, so
the same lines give the same weights on any machine. The threshold comes from cross-validation: the lowest
at which the negative lines, each scored by a model that never saw it, are flagged at most `false_alarms`
of the time."""

from __future__ import annotations

import argparse
import hashlib
import json
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from engine.learned import LinearScorer


@dataclass(frozen=True)
class Training:
    reads: str
    """The features' name, kept with the weights."""
    l2: float = 1e-5
    epochs: int = 3000
    step: float = 8.0
    folds: int = 5
    false_alarms: float = 0.01
    min_count: int = 2
    """A feature seen in fewer lines than this gets no weight: a single line's quirks are not learnt."""


def fit(
    featured: Sequence[set[str]], labels: Sequence[bool], training: Training, *, threshold: float = 0.5
) -> LinearScorer:
    counts: dict[str, int] = {}
    for found in featured:
        for feature in found:
            counts[feature] = counts.get(feature, 0) + 1
    kept = sorted(feature for feature, count in counts.items() if count >= training.min_count)
    vocabulary = {feature: index for index, feature in enumerate(kept)}
    lines, features = _matrices(featured, vocabulary)
    target = torch.tensor(labels, dtype=torch.float64)
    positives = max(float(target.sum()), 1.0)
    total = len(labels)
    balance = torch.where(target == 1, total / (2 * positives), total / (2 * max(total - positives, 1.0)))
    weights, bias = torch.zeros(len(vocabulary), dtype=torch.float64), 0.0
    for _ in range(training.epochs):
        # The logistic written out: torch.sigmoid's float64 kernel differs with the CPU's vector units.
        error = (1.0 / (1.0 + torch.exp(-(torch.mv(lines, weights) + bias))) - target) * balance
        weights -= training.step * (torch.mv(features, error) / total + training.l2 * weights)
        bias -= training.step * float(error.mean())
    return LinearScorer(dict(zip(kept, weights.tolist(), strict=True)), bias, threshold, training.reads)


def _matrices(featured: Sequence[set[str]], vocabulary: dict[str, int]) -> tuple[torch.Tensor, torch.Tensor]:
    """The lines × features matrix (each line's features weighed 1/√n) and its transpose, both sparse rows:
    each product sums a row's entries in one order, so the weights come out the same on any machine."""
    starts, columns, values = [0], [], []
    for found in featured:
        known = sorted(vocabulary[feature] for feature in found if feature in vocabulary)
        columns += known
        values += [1.0 / np.sqrt(len(found))] * len(known)
        starts.append(len(columns))
    rows = np.repeat(np.arange(len(featured)), np.diff(starts))
    by_column = np.lexsort((rows, np.array(columns, dtype=np.int64)))
    size = (len(featured), len(vocabulary))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")
        lines = torch.sparse_csr_tensor(
            torch.tensor(starts),
            torch.tensor(columns, dtype=torch.int64),
            torch.tensor(values),
            size,
            check_invariants=False,
        )
        column_starts = np.concatenate(
            [[0], np.cumsum(np.bincount(np.array(columns, dtype=np.int64), minlength=size[1]))]
        )
        features = torch.sparse_csr_tensor(
            torch.tensor(column_starts),
            torch.tensor(rows[by_column]),
            torch.tensor(np.array(values)[by_column]),
            (size[1], size[0]),
            check_invariants=False,
        )
    return lines, features


def held_out_probabilities(
    featured: Sequence[set[str]],
    labels: Sequence[bool],
    training: Training,
    *,
    folds_of: Sequence[int] | None = None,
) -> list[float]:
    """Each line's probability from a model trained on the other folds: every `folds`-th line is one fold, or
    the fold `folds_of` names for it (a line and the lines made of it held out together)."""
    folds = folds_of if folds_of is not None else [index % training.folds for index in range(len(featured))]
    probabilities = [0.0] * len(featured)
    for fold in range(training.folds):
        rest = [index for index in range(len(featured)) if folds[index] != fold]
        scorer = fit([featured[index] for index in rest], [labels[index] for index in rest], training)
        for index in range(len(featured)):
            if folds[index] == fold:
                probabilities[index] = scorer.probability(featured[index])
    return probabilities


def choose_threshold(labels: Sequence[bool], probabilities: Sequence[float], false_alarms: float) -> float:
    negatives = sorted((p for label, p in zip(labels, probabilities, strict=True) if not label), reverse=True)
    allowed = int(false_alarms * len(negatives))
    # Just above the probability of the first negative line past the allowance.
    return min(0.99, negatives[allowed] + 1e-4) if len(negatives) > allowed else 0.5


def train(
    featured: Sequence[set[str]],
    labels: Sequence[bool],
    training: Training,
    *,
    groups: Sequence[str] | None = None,
    folds_of: Sequence[int] | None = None,
    threshold: float | None = None,
) -> tuple[LinearScorer, dict[str, float]]:
    """The scorer over every line, with the cross-validated threshold, and the cross-validated figures.

    With `groups` (one name per line: "scenes", "padded"), the threshold holds the false alarms of
    each group apart to `false_alarms`: the highest of their thresholds. With `threshold` (the shipped one)
    the cross-validation that chooses it is skipped: the same weights in a sixth of the time, no figures."""
    if threshold is not None:
        return fit(featured, labels, training, threshold=threshold), {}
    probabilities = held_out_probabilities(featured, labels, training, folds_of=folds_of)
    named = groups if groups is not None else ["lines"] * len(labels)
    threshold = max(
        choose_threshold(
            [label for label, group in zip(labels, named, strict=True) if group == name],
            [p for p, group in zip(probabilities, named, strict=True) if group == name],
            training.false_alarms,
        )
        for name in sorted(set(named))
    )
    positive = [p for label, p in zip(labels, probabilities, strict=True) if label]
    negative = [p for label, p in zip(labels, probabilities, strict=True) if not label]
    figures = {
        "threshold": threshold,
        "held_out_recall": sum(p >= threshold for p in positive) / len(positive),
        "held_out_false_alarms": sum(p >= threshold for p in negative) / len(negative),
    }
    return fit(featured, labels, training, threshold=threshold), figures


def command(
    argv: Sequence[str] | None,
    *,
    description: str,
    lines: Path,
    lines_help: str,
    shipped: Path,
    train: Callable[[Path], tuple[LinearScorer, dict[str, float]]],
    lines_digest: Callable[[Path], str],
) -> int:
    """`python -m training.<reading>`: train on the labelled lines, write the weights, print the figures."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--lines", type=Path, default=lines, help=lines_help)
    parser.add_argument("--out", type=Path, default=shipped, help="where the weights are written")
    options = parser.parse_args(argv)
    scorer, figures = train(options.lines)
    options.out.write_text(scorer.to_json(lines_digest(options.lines)), encoding="utf-8")
    print(json.dumps({"out": str(options.out), "features": len(scorer.weights), **figures}, indent=2))
    return 0


def digest(lines: Sequence[tuple[str, bool]]) -> str:
    """One digest of every labelled line: the shipped weights say which lines they were trained on."""
    hashed = hashlib.sha256()
    for text, label in lines:
        hashed.update(f"{int(label)}\t{text}\n".encode())
    return hashed.hexdigest()
