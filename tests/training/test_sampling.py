"""Balanced epochs: labels take turns, every drawing is seen each epoch, a batch depends on (seed, step) only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from training.data import BalancedSampler, load_examples

LABELS = ("happiness", "sadness")
# Five happy drawings and three sad ones, in no particular order.
EMOTIONS = ["happiness", "sadness", "happiness", "happiness", "sadness", "happiness", "sadness", "happiness"]


@pytest.fixture
def sampler(labelled_drawings: Callable[[list[str]], Path]) -> BalancedSampler:
    examples = load_examples(str(labelled_drawings(EMOTIONS)), LABELS)
    return BalancedSampler([example.emotion for example in examples], LABELS, seed=7)


@pytest.mark.parametrize("batch_size", [1, 2])
def test_an_epoch_draws_every_drawing_with_the_labels_taking_turns(sampler: BalancedSampler, batch_size: int) -> None:
    assert sampler.epoch_length == 2 * 5  # both labels, as often as the larger one has drawings
    steps = sampler.epoch_length // batch_size
    drawn = [index for step in range(steps) for index in sampler.batch(step, batch_size)]
    assert sorted(set(drawn)) == list(range(len(EMOTIONS)))
    labels = [EMOTIONS[index] for index in drawn]
    assert labels == ["happiness", "sadness"] * 5
    happy = [index for index in drawn if EMOTIONS[index] == "happiness"]
    sad = [index for index in drawn if EMOTIONS[index] == "sadness"]
    assert len(set(happy)) == 5  # the larger label: each drawing once
    assert len(set(sad[:3])) == 3  # the smaller one: all three before any repeats, then a new round
    assert Counter(sad).most_common(1)[0][1] == 2


def test_every_epoch_shows_every_drawing_in_a_new_order(sampler: BalancedSampler) -> None:
    epochs = [[sampler.draw(epoch * 10 + place) for place in range(10)] for epoch in range(6)]
    for epoch in epochs:
        assert set(epoch) == set(range(len(EMOTIONS)))
        sad = [index for index in epoch if EMOTIONS[index] == "sadness"]
        assert len(set(sad[:3])) == 3  # each epoch starts a fresh round of the smaller label
    assert len({tuple(epoch) for epoch in epochs}) == 6


def test_resuming_mid_epoch_gives_the_same_batches(
    sampler: BalancedSampler, labelled_drawings: Callable[[list[str]], Path]
) -> None:
    straight = [sampler.batch(step, 2) for step in range(12)]
    examples = load_examples(str(labelled_drawings(EMOTIONS)), LABELS)
    restarted = BalancedSampler([example.emotion for example in examples], LABELS, seed=7)
    assert [restarted.batch(step, 2) for step in range(3, 12)] == straight[3:]
    other_seed = BalancedSampler(EMOTIONS, LABELS, seed=8)
    assert [other_seed.batch(step, 2) for step in range(12)] != straight
