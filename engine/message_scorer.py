"""Whether a message to the bot is a diary to draw or something else a child or a parent says: a greeting,
thanks, a question, a reaction, a bare request ("그림 그려줘").

A logistic regression (engine/learned.py) over the letter n-grams of the message as the crisis reading reads
it (normalised, respelled, compact; engine/diary_check.py `readings`) with its two edges marked, its English
words, whether it asks something and how long it is. It scores how likely the message is NOT a diary: a
diary is what the bot is for, so only a message the reading is sure of is answered as talk. Trained by
`python -m training.message_scorer` on the labelled messages in training/message_lines/; the weights ship
in engine/configs/message_scorer.json.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path

from engine.diary_check import readings
from engine.learned import LinearScorer

NGRAMS = (1, 4)
READS = f"message letters {NGRAMS[0]}-{NGRAMS[1]} with edges, English words, a question mark, length, endings"
SHIPPED = Path(__file__).parent / "configs" / "message_scorer.json"
ASK_FROM = 0.4
"""Below this a message is drawn at once; from here to the threshold the child is asked ("그림으로 그려
줄까?"); from the threshold on it is answered as talk. Chosen on the training lines' cross-validated
probabilities: 1.8 % of the talk falls below it (drawn), 0.8 % of the diaries between it and the threshold."""
ALWAYS_A_DIARY = 80
"""A message longer than this is a diary, unread: what is said to the bot besides is short (the labelled talk is
30 letters at most)."""
_LENGTHS = (1, 2, 4, 7, 12, 20)
_SS = 20
"""ㅆ as a final consonant (its index among Hangul finals)."""


class Reading(StrEnum):
    """What the reading makes of a message."""

    DIARY = "diary"
    ASK = "ask"
    TALK = "talk"


def features(text: str) -> set[str]:
    compact, words = readings(text)
    edged = f"<{compact}>"
    low, high = NGRAMS
    found = {edged[start : start + size] for size in range(low, high + 1) for start in range(len(edged) - size + 1)}
    found.update(f"w:{word}" for word in words[0].split() if word.isascii() and word.isalpha())
    if "?" in text or "？" in text:
        found.add("mark:?")
    found.add(f"len:{sum(length <= len(compact) for length in _LENGTHS)}")
    # The endings that tell of a day whatever the verb: the past (갔, 했, 왔 …) and the written-down -ㅁ
    # (탐, 바뀜, 자름) as final consonants.
    finals = [(ord(char) - 0xAC00) % 28 for char in compact if "가" <= char <= "힣"]
    if _SS in finals:
        found.add("past")
    if finals:
        found.add(f"end:{finals[-1]}")
    return found


def probability(scorer: LinearScorer, text: str) -> float:
    """How likely `text` is not a diary."""
    return scorer.probability(features(text))


def read_message(scorer: LinearScorer, text: str) -> Reading:
    chance = probability(scorer, text)
    if chance >= scorer.threshold:
        return Reading.TALK
    return Reading.ASK if chance >= ASK_FROM else Reading.DIARY


@cache
def shipped_scorer() -> LinearScorer:
    """The scorer shipped with the engine, read once on first use."""
    return LinearScorer.from_json(SHIPPED.read_text(encoding="utf-8"), reads=READS)
