"""Trains the learned crisis reading (engine/diary_scorer.py) on the labelled diary lines in
training/diary_lines/: `crisis_*.jsonl` (kind, and whether someone at home is named) and `other_*.jsonl` (a
worried or an ordinary day, many with alarming words used harmlessly), from one sentence to a day of six.
`python -m training.crisis_scorer` writes engine/configs/crisis_scorer.json (see training/linear.py for how).

The reading scores a diary whole and in windows (`engine.diary_scorer.pieces`), so it learns from both: each
labelled diary, as many two-sentence diaries made of the short lines, and every window of each ordinary one
as one more ordinary example (a window of a long happy day is not a crisis). Its threshold comes from
cross-validation in which a fold's lines, the diaries made of them and their windows are all held out
together, so no held-out line was seen inside another."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.diary_check import readings
from engine.diary_scorer import LAUGHING_THRESHOLD, READS, SHIPPED, features, laughs, pieces, probability
from engine.learned import LinearScorer
from training import linear

LINES = Path(__file__).parent / "diary_lines"
TRAINING = linear.Training(reads=READS, false_alarms=0.05)
"""At most 5 % of the ordinary lines and days of a held-out fold alarmed by the reading alone, above the
check's aim of 2 %: a miss leaves a child who asked for help unheard (README, Safeguarding)."""
PAIRED = 48
"""Letters (as read) up to which a line is also made into two-sentence diaries: a longer one is a day already."""


@dataclass(frozen=True)
class Line:
    text: str
    crisis: bool


def labelled_lines(folder: Path = LINES) -> list[Line]:
    """Every labelled line once: a line written in two sets is learnt (and held out) once."""
    found: dict[str, Line] = {}
    for pattern, crisis in (("crisis_*.jsonl", True), ("other_*.jsonl", False)):
        for path in sorted(folder.glob(pattern)):
            with path.open(encoding="utf-8") as file:
                for row in file:
                    if row.strip():
                        text = json.loads(row)["text"]
                        found.setdefault(text, Line(text, crisis))
    return list(found.values())


def lines_digest(folder: Path = LINES) -> str:
    return linear.digest([(line.text, line.crisis) for line in labelled_lines(folder)])


def with_longer_diaries(lines: Sequence[Line]) -> list[Line]:
    """The lines, and as many diaries of two sentences made of the short ones: each crisis after an ordinary
    line, each other line before another, so one ordinary sentence neither hides a crisis nor makes one
    (chosen by index, the same every time)."""
    short = [line for line in lines if len(readings(line.text)[0]) <= PAIRED]
    others = [line for line in short if not line.crisis]
    crises = [line for line in short if line.crisis]
    longer = [Line(f"{others[(7 * i + 3) % len(others)].text} {line.text}", True) for i, line in enumerate(crises)]
    longer += [Line(f"{line.text} {others[(11 * i + 5) % len(others)].text}", False) for i, line in enumerate(others)]
    return [*lines, *longer]


def line_features(text: str) -> set[str]:
    compact, words = readings(text)
    return features(compact, words[0])


def line_pieces(text: str) -> list[set[str]]:
    compact, words = readings(text)
    return pieces(compact, words[0])


def fit(lines: Sequence[Line]) -> LinearScorer:
    return linear.fit([line_features(line.text) for line in lines], [line.crisis for line in lines], TRAINING)


def examples(lines: Sequence[Line]) -> tuple[list[set[str]], list[bool]]:
    """What the reading learns from: each line and made diary whole, and each window of an ordinary one."""
    featured, labels = [], []
    for line in with_longer_diaries(lines):
        read = line_pieces(line.text)
        featured.append(read[0])
        labels.append(line.crisis)
        if not line.crisis:
            featured += read[1:]
            labels += [False] * (len(read) - 1)
    return featured, labels


def split(lines: Sequence[Line], fold: int, folds: int) -> tuple[list[Line], list[Line]]:
    """The lines learnt from and the lines held out: a line's fold follows from its text alone, so a line added
    elsewhere moves no other; the diaries made of each part are made within it, so no held-out line is inside a
    diary learnt from."""
    kept: list[Line] = []
    held: list[Line] = []
    for line in lines:
        (held if _fold(line.text, folds) == fold else kept).append(line)
    return kept, held


def _fold(text: str, folds: int) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") % folds


def held_out_scores(lines: Sequence[Line], training: linear.Training = TRAINING) -> list[tuple[bool, float]]:
    """Each line and each diary made of a fold's lines, scored as the check reads it by a model that never saw
    the fold: a laughing diary below `LAUGHING_THRESHOLD` scores nothing, for the check would not alarm."""
    scored = []
    for fold in range(training.folds):
        kept, held = split(lines, fold, training.folds)
        scorer = linear.fit(*examples(kept), training)
        for line in with_longer_diaries(held):
            compact, words = readings(line.text)
            score = probability(scorer, compact, words[0])
            laughed_off = laughs(compact) and score < LAUGHING_THRESHOLD
            scored.append((line.crisis, 0.0 if laughed_off else score))
    return scored


def train(folder: Path = LINES, *, threshold: float | None = None) -> tuple[LinearScorer, dict[str, float]]:
    """The scorer and its cross-validated figures; `threshold` (the shipped one) skips choosing it: the same
    weights in a sixth of the time, no figures."""
    labelled = labelled_lines(folder)
    figures: dict[str, float] = {}
    if threshold is None:
        scored = held_out_scores(labelled)
        labels, scores = [crisis for crisis, _ in scored], [score for _, score in scored]
        threshold = linear.choose_threshold(labels, scores, TRAINING.false_alarms)
        positive = [score for crisis, score in scored if crisis]
        negative = [score for crisis, score in scored if not crisis]
        figures = {
            "threshold": threshold,
            "held_out_recall": sum(score >= threshold for score in positive) / len(positive),
            "held_out_false_alarms": sum(score >= threshold for score in negative) / len(negative),
        }
    return linear.fit(*examples(labelled), TRAINING, threshold=threshold), figures


def main(argv: Sequence[str] | None = None) -> int:
    return linear.command(
        argv,
        description="train the learned crisis reading on the labelled diary lines",
        lines=LINES,
        lines_help="folder of crisis_*.jsonl and other_*.jsonl",
        shipped=SHIPPED,
        train=train,
        lines_digest=lines_digest,
    )


if __name__ == "__main__":
    raise SystemExit(main())
