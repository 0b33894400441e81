"""What a children's drawing bot must never draw, and a child who needs a person rather than a picture.

Three layers, each cheap and explainable:

1. the diary, before any model: requests for sexual, violent, gory or frightening pictures (Korean and
   English), and signs of a child in distress (self-harm, wishing to die, abuse);
2. the final prompt, after the LLM: an allow-list — every word must be in `safe_words.txt`, a vetted
   vocabulary of children's scenes; words outside it are dropped, and a prompt that loses too much, or
   that names an unsafe thing, is replaced by a calm generic scene;
3. the drawing, after the painter: an image classifier (see `engine/image_safety.py`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

SAFE_WORDS = Path(__file__).parent / "safe_words.txt"

Verdict = Literal["ok", "unsafe", "distress"]

# A child in distress. Specific phrases only: "배고파 죽겠다" (so hungry) is an idiom, not distress.
DISTRESS = [
    r"죽고\s*싶",
    r"죽어\s*버리고\s*싶",
    r"죽어야\s*(?:겠|할)",
    r"살기\s*싫",
    r"사라지고\s*싶",
    r"없어지고\s*싶",
    r"태어나지\s*말",
    r"자살",
    r"자해",
    r"손목(?:을)?\s*(?:긋|그어)",
    r"뛰어내리고\s*싶",
    r"(?:아빠|엄마|아버지|어머니|선생님|형|오빠|누나|언니|삼촌|어른)(?:가|이|께서)?.{0,12}(?:때렸|때려서|때린다|때리고|발로\s*찼)",
    r"(?:맞아서|맞고\s*나서)\s*(?:아파|아팠|멍)",
    r"학대",
    r"아무도\s*(?:나를|날)\s*(?:사랑하지|좋아하지)\s*않",
    r"\b(?:kill\s+myself|want\s+to\s+die|wanna\s+die|suicid\w*|self[-\s]?harm|hurt\s+myself|cut\s+myself)\b",
    r"\b(?:abuse[sd]?|beats?\s+me|hits?\s+me)\b",
]
# Requests for pictures no child should be shown, and content that is graphic in itself.
UNSAFE = [
    # sexual
    r"야한",
    r"벗은\s*(?:몸|사람|여자|남자)",
    r"알몸",
    r"나체",
    r"성관계",
    r"섹스",
    r"\b(?:sex\w*|nude|naked|porn\w*|nsfw|boobs?|genitals?)\b",
    # violence and gore
    r"(?:피|핏물)(?:가|를|이)?\s*(?:철철|흥건|뿜|튀는|많이\s*나는\s*그림)",
    r"피(?:투성이|범벅)",
    r"잔인(?:한|하게)",
    r"잔혹",
    r"시체",
    r"내장",
    r"목을?\s*(?:베|자르)",
    r"(?:칼|총)(?:으로|로)\s*(?:찔러|찌르|쏘|쏴|죽이)",
    r"죽이는\s*(?:그림|장면)",
    r"\b(?:gore|gory|bloody|corpse|dead\s+body|decapitat\w*|murder\w*|kill(?:ing|ed)?\s+(?:people|someone|him|her))\b",
    # frightening pictures asked for
    r"(?:무서운|끔찍한|소름\s*끼치는)\s*(?:그림|장면|괴물|귀신)",
    r"귀신(?:을|를)?\s*그려",
    r"\b(?:horror|terrifying|creepy)\s+(?:picture|image|drawing|scene)\b",
]
# Words the final prompt may never contain, whatever the vocabulary says.
UNSAFE_PROMPT_WORDS = {
    "blood",
    "bloody",
    "gore",
    "gory",
    "corpse",
    "dead",
    "death",
    "kill",
    "killing",
    "murder",
    "weapon",
    "gun",
    "guns",
    "knife",
    "knives",
    "sword",
    "nude",
    "naked",
    "sex",
    "sexy",
    "horror",
    "zombie",
    "demon",
    "ghost",
    "skull",
    "skeleton",
    "wound",
    "injury",
    "suicide",
    "violence",
    "violent",
    "war",
    "bomb",
}

_DISTRESS = re.compile("|".join(DISTRESS), re.IGNORECASE)
_UNSAFE = re.compile("|".join(UNSAFE), re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class TextCheck:
    verdict: Verdict
    reason: str = ""
    """What matched (for logs and tests: a pattern, never the diary text)."""


def check_diary_text(text: str) -> TextCheck:
    """Distress first (a child asking for help needs care, not a refusal), then unsafe requests."""
    normalized = unicodedata.normalize("NFKC", text)
    checks: tuple[tuple[Verdict, re.Pattern[str], list[str]], ...] = (
        ("distress", _DISTRESS, DISTRESS),
        ("unsafe", _UNSAFE, UNSAFE),
    )
    for verdict, pattern, patterns in checks:
        match = pattern.search(normalized)
        if match:
            return TextCheck(verdict, reason=_which(match, patterns))
    return TextCheck("ok")


def _which(match: re.Match[str], patterns: list[str]) -> str:
    for pattern in patterns:
        if re.fullmatch(pattern, match.group(0), re.IGNORECASE):
            return pattern
    return "?"


@cache
def safe_vocabulary() -> frozenset[str]:
    words = SAFE_WORDS.read_text(encoding="utf-8").split()
    return frozenset(word.strip().lower() for word in words if word.strip() and not word.startswith("#"))


def _stems(word: str) -> list[str]:
    """The word and simple English stems of it: children's, apples, played, playing, slowly, happier."""
    forms = [word]
    for suffix, replacement in (
        ("'s", ""),
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("ier", "y"),
        ("iest", "y"),
        ("er", ""),
        ("est", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)] + replacement
            forms.append(stem)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # running -> run
    return forms


def word_allowed(word: str) -> bool:
    vocabulary = safe_vocabulary()
    lowered = word.lower()
    return any(form in vocabulary for form in _stems(lowered))


@dataclass(frozen=True)
class PromptCheck:
    prompt: str | None
    """The prompt with only allowed words, or None when it must be replaced by a safe scene."""
    dropped: int
    total: int


def filter_prompt(prompt: str, *, max_dropped_share: float = 0.4) -> PromptCheck:
    """Keep the allowed words of an English scene (punctuation stays); None if unsafe or mostly unknown."""
    words = _WORD.findall(prompt)
    if any(word.lower() in UNSAFE_PROMPT_WORDS for word in words):
        return PromptCheck(None, dropped=len(words), total=len(words))
    dropped = 0

    def keep(match: re.Match[str]) -> str:
        nonlocal dropped
        if word_allowed(match.group(0)):
            return match.group(0)
        dropped += 1
        return ""

    kept = _WORD.sub(keep, prompt)
    kept = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", kept))
    kept = re.sub(r"(?:^|(?<=[,.;:!?]))\s*[,;:]+", "", kept).strip(" ,;:")
    if not words or dropped > max_dropped_share * len(words) or len(_WORD.findall(kept)) < 3:
        return PromptCheck(None, dropped=dropped, total=len(words))
    return PromptCheck(kept, dropped=dropped, total=len(words))
