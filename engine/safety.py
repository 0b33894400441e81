"""What a children's drawing bot must never draw, and a child who needs a person rather than a picture.

Three layers, each cheap and explainable:

1. the diary, before any model: requests for sexual, violent, gory or frightening pictures (Korean and
   English), and signs of a child in distress (self-harm, wishing to die, abuse); see `engine/diary_check.py`;
2. the final prompt, after the LLM (this module): a deny-list of unsafe words (in every form: `guns`,
   `bloodied`, `stabbing`) and of phrases unsafe only together (`shooting people`, not `a shooting star`);
   a scene that names one is written again, then replaced by a calm generic scene. Every other word is
   kept, so the child's own scene reaches the painter whole;
3. the drawing, after the painter: an image classifier (see `engine/image_safety.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words no children's drawing may name, whatever the context. `_stems` finds them in their other forms
# (guns → gun, stabbing → stab, bloodied → bloody); irregular forms are listed. Words that are ordinary in
# children's scenes are left out on purpose: a shooting star, a kitchen knife, a toy sword, a friendly
# ghost costume, a pillow fight, a snowball war, an explosion of colours, a pet that died.
UNSAFE_PROMPT_WORDS = frozenset(
    {
        # violence and weapons
        "kill", "killer", "murder", "murderer", "slaughter", "massacre", "stab", "behead", "decapitate",
        "dismember", "torture", "strangle", "assault", "gun", "gunfire", "gunshot", "gunman", "rifle", "pistol",
        "revolver", "firearm", "shotgun", "gunmen", "grenade", "bomb", "bombing", "missile", "weapon",
        "violence", "violent", "battlefield", "warfare", "terrorist", "hostage", "execution",
        # blood and injury
        "blood", "bloody", "bleed", "bled", "gore", "gory", "gruesome", "corpse", "carcass", "wounded", "injury",
        "severed", "mutilate", "entrails", "guts",
        # sexual
        "nude", "naked", "nudity", "sex", "sexy", "sexual", "porn", "pornographic", "erotic", "lingerie",
        "topless", "undressed", "genital", "nsfw",
        # frightening
        "horror", "horrifying", "terrifying", "creepy", "zombie", "demon", "satanic",
        # self-harm and drugs
        "suicide", "suicidal", "noose", "cocaine", "heroin", "marijuana", "cigarette", "cigar",
    }
)  # fmt: skip
# Phrases unsafe only together.
_PERSON = (
    r"(?:people|persons?|someone|somebody|him|her|them|each other|"
    r"(?:a|the|his|her|their) (?:man|woman|boy|girl|child|kid|baby|friend|teacher|mom|dad|mother|father|dog|cat))"
)
UNSAFE_PROMPT_PHRASES = (
    rf"\bshoot(?:s|ing)?\s+(?:at\s+)?{_PERSON}\b",
    r"\bshot\s+(?:dead|to death)\b",
    rf"\b(?:hit(?:s|ting)?|beat(?:s|ing)?|punch(?:es|ing)?|kick(?:s|ing)?|slap(?:s|ping)?|hurt(?:s|ing)?)\s+{_PERSON}\b",
    r"\bdead\s+(?:body|bodies|person|people|man|men|woman|women|boy|girl|child|children|kid|kids|baby)\b",
    r"\b(?:knife|knives|sword|swords|blade|axe|scissors)\b[^.]{0,40}\b(?:attack\w*|threat\w*|slash\w*|point\w* at)\b",
    r"\b(?:attack\w*|threat\w*)\b[^.]{0,40}\b(?:knife|knives|sword|swords|blade|axe)\b",
    r"\bcut(?:s|ting)?\s+(?:off\s+)?(?:his|her|their|my|the)\s+(?:head|throat|wrist|wrists|arm|arms|finger|fingers)\b",
    r"\bhang(?:s|ing|ed)?\s+(?:himself|herself|themselves|myself)\b",
    r"\bself[-\s]?harm\w*",
    r"\b(?:evil spirit|blood[-\s]?stained|covered in blood)\b",
    # Not a bullet train, not wound string, not a chicken breast.
    r"\bbullets?\b(?!\s+trains?)",
    r"\b(?:a|the|his|her|their|open|deep)\s+wounds?\b",
    r"\b(?:bare\s+)?breasts\b",
)
_UNSAFE_PHRASE = re.compile("|".join(UNSAFE_PROMPT_PHRASES), re.IGNORECASE)

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


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


def unsafe_word(word: str) -> bool:
    """True when `word`, in this or a simpler form, is one no children's drawing may name."""
    return any(form in UNSAFE_PROMPT_WORDS for form in _stems(word.lower()))


@dataclass(frozen=True)
class PromptCheck:
    prompt: str | None
    """The scene, whole, or None when it names something unsafe and must be written again or replaced."""
    reason: str = ""
    """What was unsafe: the word or phrase found (for logs and tests)."""


def check_prompt(prompt: str) -> PromptCheck:
    """Keep an English scene whole, unless it names an unsafe word (in any form) or an unsafe phrase."""
    for match in _WORD.finditer(prompt):
        if unsafe_word(match.group(0)):
            return PromptCheck(None, reason=match.group(0).lower())
    phrase = _UNSAFE_PHRASE.search(prompt)
    if phrase is not None:
        return PromptCheck(None, reason=phrase.group(0).lower())
    return PromptCheck(prompt)
