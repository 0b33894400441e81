"""The moods a drawing can have, and everything that presents one: one table for every layer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mood:
    label: str
    """The emotion label (the trigger's word, `CRAYON_LABELS`)."""
    korean: str
    """What children read: the caption's word, the weekly summary's."""
    aliases: tuple[str, ...]
    """What a child or an operator may type to choose it (`/style happy`, `기분 행복`)."""
    emoji: str
    colour: tuple[int, int, int]
    """The album's badge and chart colour (RGB)."""
    fallback_scene: str
    """The calm scene drawn when the prompt writer gives nothing usable."""


MOODS: dict[str, Mood] = {
    mood.label: mood
    for mood in (
        Mood(
            "happiness",
            "행복",
            ("happy", "행복", "기쁨"),
            "😊",
            (255, 176, 32),
            "A happy child playing outside on a sunny day. Green grass, a big tree, a bright blue sky "
            "with soft white clouds, warm golden light, cheerful colours, simple shapes.",
        ),
        Mood(
            "sadness",
            "슬픔",
            ("sad", "슬픔"),
            "😢",
            (84, 132, 230),
            "A quiet child looking out of a window on a rainy day. Soft grey clouds, raindrops on the "
            "glass, a small lamp in the room, gentle blue and grey colours, a calm mood.",
        ),
    )
}
# A label configured without an entry above (`CRAYON_LABELS=happiness,sadness,anger`).
OTHER_EMOJI = "🙂"
OTHER_COLOUR = (150, 150, 150)
GENERIC_FALLBACK_SCENE = (
    "A child at a table drawing with crayons by a window. Soft daylight, a plant and a cup, "
    "simple shapes and gentle colours, a {label} mood."
)


def mood_of(label: str) -> Mood:
    """The table's entry for `label`, or a plain one made from the label itself."""
    known = MOODS.get(label)
    if known is not None:
        return known
    return Mood(label, label, (), OTHER_EMOJI, OTHER_COLOUR, GENERIC_FALLBACK_SCENE.replace("{label}", label))
