"""Scenes unsafe for what is done, not for a word: a weapon held to someone, a child led to a stranger's car,
tablets swallowed by the handful, fuel poured by a door. Each sign names what it found in words the prompt
writer can be told to leave out; `unsafe_act` reads one sentence, `unsafe_together` the whole scene for
things that are only unsafe side by side (a note left at a roof's edge)."""

from __future__ import annotations

import re

from engine.scene_body import BODY
from engine.scene_hurt import HURT

_FAMILY_FIRST = re.compile(
    r"\b(?:dad|daddy|mum|mom|mummy|mommy|mother|father|parents|grandma|grandpa|grandmother|grandfather|granny|"
    r"aunt|auntie|big\s+(?:brother|sister)|older\s+(?:brother|sister)|teacher\s+and)\b",
    re.IGNORECASE,
)

_SMOKE_OF_THINGS = re.compile(
    r"\b(?:chimneys?|campfires?|bonfires?|barbecues?|bbq|grills?|stoves?|fireplaces?|volcano|volcanoes|incense|"
    r"fireworks?|kettles?|steam|engines?|trains?|dragons?|toasters?|embers|smokehouses?|coils?|candles?)\b",
    re.IGNORECASE,
)
_PLAYTHINGS = re.compile(
    r"\b(?:cameras?|phones?|balls?|snowballs?|water|toy|hose|nerf|laser|darts?|balloons?|finger|binoculars|"
    r"telescope|flashlight|torch|bread|crumbs|seeds)\b",
    re.IGNORECASE,
)

# Aimed at someone with no weapon named: a camera, a ball or a water gun in the sentence is play.
_AIMED_AT = re.compile(r"aim\w*\s+(?:it\s+)?at\b", re.IGNORECASE)

_SIGNS = tuple((what, re.compile(pattern, re.IGNORECASE)) for what, pattern in (*HURT, *BODY))


def unsafe_act(sentence: str) -> str:
    """What unsafe thing one sentence shows being done, or "" when it shows none."""
    for what, pattern in _SIGNS:
        match = pattern.search(sentence)
        if match and not _excused(sentence, match, what):
            return what
    return ""


def _excused(sentence: str, match: re.Match[str], what: str) -> bool:
    """A parent lifting a child into the car is care, not a taking; chimneys and a barbecue smoke, a camera
    or a water gun is aimed at the ducks."""
    if what == "a child taken away":
        return _FAMILY_FIRST.search(sentence[: match.start() + 20]) is not None
    if what == "smoking":
        return _SMOKE_OF_THINGS.search(sentence) is not None
    if what == "a weapon aimed at someone" and _AIMED_AT.match(match.group(0)):
        return _PLAYTHINGS.search(sentence) is not None
    return False


_TOGETHER = (
    (
        "someone hurting themselves",
        re.compile(r"\b(?:train|railway)\s+tracks\b|\brails\b", re.IGNORECASE),
        re.compile(
            r"\b(?:goodbye|farewell|i'm\s+sorry|last\s+message|note\s+on\s+(?:her|his)\s+pillow)\b", re.IGNORECASE
        ),
    ),
    (
        "poison",
        re.compile(
            r"\b(?:pours?|stirs?|tips?|drips?|mix\w*|squeez\w*|sprinkl\w*)\s+(?:it|them|some|a\s+little|a\s+few\s+drops)\s+"
            r"(?:\w+\s+)?into\s+(?:the|his|her|their|a)\s+(?:[\w'-]+\s+){0,2}?(?:icing|cake|tea|drink|soup|coffee|juice|"
            r"lemonade|cup|glass|food|milk|bowl|stew|lunch\s*box|porridge|batter)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:cleaning|bleach|cleaner|poison\w*|skull|weed\s+killer|pesticide|rat|chemicals?)\b", re.IGNORECASE
        ),
    ),
    (
        "a child taken away",
        re.compile(
            r"\b(?:says|tells|whispers)\s+(?:\w+\s+)?(?:it\s+is|it's)\s+(?:their|our)\s+(?:little\s+|special\s+)?secret\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:man|stranger|coach|teacher|owner|uncle|neighbou?r|tutor|baker|driver|guard|janitor)\b", re.IGNORECASE
        ),
    ),
    (
        "someone hurting themselves",
        re.compile(
            r"\b(?:pills|tablets|capsules|sleeping\s+pills)\b[^.]{0,60}\b(?:lined\s+up|in\s+(?:neat\s+)?rows|rows|"
            r"piled|counted|every|all|handful)\b|\b(?:all|every|handfuls?\s+of)\s+(?:of\s+)?(?:the\s+|her\s+|his\s+)?"
            r"(?:[\w'-]+\s+)?(?:pills|tablets|capsules)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:goodbye|farewell|last\s+letter|letters?\s+for|note\s+for|final\s+note|envelope|"
            r"addressed\s+to|(?:card|message)\s+for\s+(?:her\s+|his\s+)?(?:mom|mum|dad|mother|father|parents))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "someone hurting themselves",
        re.compile(
            r"\b(?:shoes|slippers|sneakers)\b[^.]{0,40}\b(?:neatly|side\s+by\s+side|lined\s+up|left)\b", re.IGNORECASE
        ),
        re.compile(r"\b(?:roof|rooftop|ledge|bridge|edge|railing|balcony|cliff)\b", re.IGNORECASE),
    ),
    (
        "someone hurting themselves",
        re.compile(r"\b(?:goodbye|farewell)\s+(?:letter|letters|note|notes)\b", re.IGNORECASE),
        re.compile(
            r"\b(?:roof|rooftop|ledge|bridge|railing|window\s+(?:is\s+)?(?:wide\s+)?open|rope|pills|tablets|"
            r"gives?\s+away|giving\s+away|won't\s+need)\b",
            re.IGNORECASE,
        ),
    ),
)


def unsafe_together(scene: str) -> str:
    """What the whole scene shows that no one sentence does: tablets beside a goodbye letter, shoes left by a
    roof's edge; "" when it shows none."""
    for what, first, second in _TOGETHER:
        if first.search(scene) and second.search(scene):
            return what
    return ""
