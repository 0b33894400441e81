"""The learned readings' training on a small made-up set: the threshold is chosen from probabilities of lines
the model never saw, holds each group's false alarms to the target, and training at a given threshold gives
the same weights (what the shipped-weights tests of both readings rely on)."""

from __future__ import annotations

import pytest

from training import linear

TRAINING = linear.Training(reads="test", epochs=300, folds=5, false_alarms=0.1)


def made_up() -> tuple[list[set[str]], list[bool]]:
    """Sixty lines: crises say "hit", ordinary days "play"; every seventh of each says the other's word too."""
    featured, labels = [], []
    for index in range(60):
        crisis = index % 2 == 0
        words = {"hit" if crisis else "play", f"w{index % 7}", f"v{index % 5}"}
        if index % 7 == 3:
            words.add("play" if crisis else "hit")
        featured.append(words)
        labels.append(crisis)
    return featured, labels


def test_each_held_out_probability_comes_from_a_model_that_never_saw_the_line() -> None:
    featured, labels = made_up()
    probabilities = linear.held_out_probabilities(featured, labels, TRAINING)
    fold = 2
    rest = [index for index in range(60) if index % TRAINING.folds != fold]
    without = linear.fit([featured[index] for index in rest], [labels[index] for index in rest], TRAINING)
    for index in range(fold, 60, TRAINING.folds):
        assert probabilities[index] == pytest.approx(without.probability(featured[index]), abs=1e-12)
    everything = linear.fit(featured, labels, TRAINING)
    assert any(abs(p - everything.probability(found)) > 1e-6 for p, found in zip(probabilities, featured, strict=True))


def test_lines_named_to_one_fold_are_held_out_together() -> None:
    # Eleven lines, each written three times with a word of its own: held out apart, a copy learnt in another
    # fold gives the line away; held out together, the line's own word is never learnt.
    featured = [{f"word{index}", "day"} for index in range(11)] * 3
    labels = [index % 2 == 0 for index in range(11)] * 3
    apart = linear.held_out_probabilities(featured, labels, TRAINING)
    together = linear.held_out_probabilities(
        featured, labels, TRAINING, folds_of=[index % TRAINING.folds for index in range(11)] * 3
    )
    assert min(abs(p - 0.5) for p in apart) > 0.2
    assert max(abs(p - 0.5) for p in together) < 0.2


def test_the_threshold_lets_through_at_most_the_allowed_false_alarms() -> None:
    labels = [False] * 20 + [True] * 5
    probabilities = [0.95, 0.9, 0.8, *[0.1] * 17, 0.99, 0.97, 0.85, 0.5, 0.2]
    threshold = linear.choose_threshold(labels, probabilities, false_alarms=0.1)
    # Two of twenty negatives may pass: the threshold sits just above the third highest.
    assert threshold == pytest.approx(0.8 + 1e-4)
    assert sum(p >= threshold for p, label in zip(probabilities, labels, strict=True) if not label) == 2
    assert linear.choose_threshold([False, True], [0.999, 1.0], false_alarms=0.0) == 0.99


def test_the_figures_are_those_of_the_threshold_each_group_holding_its_own_false_alarms() -> None:
    featured, labels = made_up()
    groups = ["short" if index < 30 else "long" for index in range(60)]
    scorer, figures = linear.train(featured, labels, TRAINING, groups=groups)
    probabilities = linear.held_out_probabilities(featured, labels, TRAINING)
    assert scorer.threshold == figures["threshold"]
    for name in ("short", "long"):
        negatives = [
            p for p, label, group in zip(probabilities, labels, groups, strict=True) if group == name and not label
        ]
        assert sum(p >= scorer.threshold for p in negatives) <= int(TRAINING.false_alarms * len(negatives))
    positives = [p for p, label in zip(probabilities, labels, strict=True) if label]
    assert figures["held_out_recall"] == sum(p >= scorer.threshold for p in positives) / len(positives)
    assert figures["held_out_recall"] >= 0.8


def test_training_at_the_chosen_threshold_gives_the_same_scorer() -> None:
    featured, labels = made_up()
    chosen, _ = linear.train(featured, labels, TRAINING)
    again, figures = linear.train(featured, labels, TRAINING, threshold=chosen.threshold)
    assert again == chosen
    assert figures == {}
