"""The trigger and labels a drawing style uses, and a child's choice of mood."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from engine.errors import StyleError
from engine.moods import MOODS

STYLE_FILE = "style.json"
LORA_WEIGHTS_FILE = "pytorch_lora_weights.safetensors"
# A LoRA trained by another tool names its trigger elsewhere: diffusers' DreamBooth scripts write the
# `instance_prompt` into the model card's front matter; Kohya-style trainers write the SAI model spec's
# `modelspec.trigger_phrase` into the weights' metadata.
MODEL_CARD_FILE = "README.md"
CARD_TRIGGER_KEY = "instance_prompt"
METADATA_TRIGGER_KEYS = ("modelspec.trigger_phrase", "instance_prompt")
TRIGGER_OPTION = "--trigger"

# What a child or an operator may type to choose a mood; `auto` (None) follows the diary.
STYLE_ALIASES: dict[str, str | None] = {
    "auto": None,
    "자동": None,
    **{alias: mood.label for mood in MOODS.values() for alias in mood.aliases},
}


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

    def with_trigger(self, trigger_template: str) -> StyleSpec:
        """The same labels with the trigger given on the command line (`--trigger`), which wins over all."""
        if not trigger_template.strip():
            raise StyleError(f"{TRIGGER_OPTION} is empty; e.g. --trigger 'hand drawing {{emotion}} style'")
        return replace(self, trigger_template=trigger_template.strip(), source=TRIGGER_OPTION)

    @classmethod
    def load(cls, lora_dir: Path | None, *, trigger_template: str, labels: list[str]) -> StyleSpec:
        """The LoRA's own trigger, else the settings' template and labels.

        A LoRA names its trigger in `style.json` (ours), else in its model card's `instance_prompt`
        (diffusers' training scripts), else in its weights' metadata (`modelspec.trigger_phrase`).
        """
        if lora_dir is None:
            return cls(trigger_template=trigger_template, labels=tuple(labels))
        if (lora_dir / STYLE_FILE).is_file():
            return cls._from_style_file(lora_dir / STYLE_FILE, trigger_template, labels)
        found = _card_trigger(lora_dir / MODEL_CARD_FILE) or _metadata_trigger(lora_dir / LORA_WEIGHTS_FILE)
        if found is not None:
            trigger, source = found
            return cls(trigger_template=trigger, labels=tuple(labels), source=source)
        return cls(trigger_template=trigger_template, labels=tuple(labels))

    @classmethod
    def _from_style_file(cls, path: Path, trigger_template: str, labels: list[str]) -> StyleSpec:
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


def _card_trigger(path: Path) -> tuple[str, str] | None:
    """The `instance_prompt` of a model card's YAML front matter, and where it was found."""
    if not path.is_file():
        return None
    from huggingface_hub import metadata_load

    try:
        card = metadata_load(path) or {}
    except Exception as error:  # yaml's errors too: a card we cannot read is named, not skipped
        raise StyleError(
            f"{path}: the model card's front matter is not readable ({error}); fix it or pass --trigger"
        ) from error
    trigger = card.get(CARD_TRIGGER_KEY)
    if isinstance(trigger, str) and trigger.strip():
        return trigger.strip(), f"{path} ({CARD_TRIGGER_KEY})"
    return None


def _metadata_trigger(path: Path) -> tuple[str, str] | None:
    """A trigger phrase in the safetensors header's metadata, and where it was found."""
    if not path.is_file():
        return None
    from safetensors import safe_open

    try:
        with safe_open(str(path), framework="np") as weights:
            metadata = weights.metadata() or {}
    except Exception as error:  # safetensors raises its own error type for a damaged header
        raise StyleError(f"{path} is not a readable safetensors file: {error}") from error
    for key in METADATA_TRIGGER_KEYS:
        trigger = metadata.get(key)
        if isinstance(trigger, str) and trigger.strip():
            return trigger.strip(), f"{path} (metadata {key})"
    return None
