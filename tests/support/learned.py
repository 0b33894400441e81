"""The learned readings' shipped weights, refit from their labelled lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.learned import LinearScorer


def refit_at_the_shipped_threshold(
    train: Callable[..., tuple[LinearScorer, dict[str, float]]], shipped_path: Path
) -> LinearScorer:
    """`train` run again at the threshold shipped in `shipped_path` (the cross-validation that chose it is
    tests/training/test_linear.py's), asserted to give the shipped weights and bias."""
    shipped = json.loads(shipped_path.read_text(encoding="utf-8"))
    scorer, _ = train(threshold=shipped["threshold"])
    assert scorer.weights.keys() == shipped["weights"].keys()
    assert max(abs(scorer.weights[name] - weight) for name, weight in shipped["weights"].items()) < 1e-4
    assert scorer.bias == pytest.approx(shipped["bias"], abs=1e-4)
    return scorer
