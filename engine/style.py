"""The trigger and labels a drawing style uses, and a child's choice of mood."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

STYLE_FILE = "style.json"
LORA_WEIGHTS_FILE = "pytorch_lora_weights.safetensors"

# What a child or an operator may type to choose a mood; `auto` (None) follows the diary.
STYLE_ALIASES: dict[str, str | None] = {
    "auto": None,
    "자동": None,
    "happy": "happiness",
    "행복": "happiness",
    "기쁨": "happiness",
    "sad": "sadness",
    "슬픔": "sadness",
}


class StyleError(ValueError):
    """The style choice or style.json is not valid."""


@dataclass(frozen=True)
class StyleSpec:
    """How an emotion becomes a trigger: `hand drawing {emotion} style` and the labels it may take."""

    trigger_template: str
    labels: tuple[str, ...]
    source: str = "settings"

    def trigger(self, emotion: str) -> str:
        """Return the trigger for `emotion`, e.g. `hand drawing happiness style`."""
        if emotion not in self.labels:
            raise StyleError(f"emotion {emotion!r} is not one of the labels {list(self.labels)}")
        # replace, not format: a template is data and may hold other braces.
        return self.trigger_template.replace("{emotion}", emotion).strip()

    def final_prompt(self, emotion: str, prompt: str) -> str:
        """Return `"{trigger}, {prompt}"`, the text the painter draws."""
        return f"{self.trigger(emotion)}, {prompt}"

    def resolve_choice(self, choice: str | None) -> str | None:
        """Map `happy|sad|auto` (or 행복/슬픔/자동, or a label) to a label, or None for auto."""
        if choice is None:
            return None
        key = choice.strip().lower()
        if key in self.labels:
            return key
        if key in STYLE_ALIASES:
            label = STYLE_ALIASES[key]
            if label is None or label in self.labels:
                return label
        names = ["auto", *[name for name, label in STYLE_ALIASES.items() if label in self.labels], *self.labels]
        choices = ", ".join(dict.fromkeys(name for name in names if name.isascii()))
        raise StyleError(f"unknown style {choice!r}; choose one of: {choices}")

    @classmethod
    def load(cls, lora_dir: Path | None, *, trigger_template: str, labels: list[str]) -> StyleSpec:
        """Read `style.json` beside a LoRA when present, else use the settings' template and labels."""
        if lora_dir is None or not (lora_dir / STYLE_FILE).is_file():
            return cls(trigger_template=trigger_template, labels=tuple(labels))
        path = lora_dir / STYLE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise StyleError(f"{path} is not readable JSON: {error}") from error
        template = data.get("trigger_template", trigger_template)
        file_labels = data.get("labels", labels)
        if not isinstance(template, str) or not template.strip():
            raise StyleError(f"{path}: trigger_template must be a non-empty string")
        if (
            not isinstance(file_labels, list)
            or len(file_labels) < 2
            or not all(isinstance(label, str) and label for label in file_labels)
        ):
            raise StyleError(f"{path}: labels must be a list of at least two words")
        return cls(trigger_template=template, labels=tuple(file_labels), source=str(path))
