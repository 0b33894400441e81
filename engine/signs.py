"""The shape of a group of diary signs: its verdict, the meaning a match is logged as, its crisis kind, and
its patterns. The groups are in engine/diary_signs.py, engine/diary_self_harm.py and engine/diary_cues.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Verdict = Literal["ok", "worry", "unsafe", "distress"]
"""`distress` is the crisis tier: help and the designated reviewer, no drawing."""
CrisisKind = Literal[
    "self_harm", "harm_home", "harm_adult", "neglect", "secrecy", "sexual", "fear_home", "bullying"
]  # fmt: skip


@dataclass(frozen=True)
class Signs:
    """The patterns of one meaning; `meaning` is what a match is logged as, never the diary text."""

    verdict: Verdict
    meaning: str
    kind: CrisisKind | None = None
    phrases: tuple[str, ...] = ()
    """Korean phrases, matched on the diary without spaces, punctuation or repeats: `죽 고 싶 다`, `죽고싶다ㅏㅏ`."""
    words: tuple[str, ...] = ()
    """Short Korean words and English, matched on the diary with single spaces: `자해` must start a word,
    for "놀자 해서" without spaces holds it too."""
