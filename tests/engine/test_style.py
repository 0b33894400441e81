import json
from pathlib import Path

import pytest

from engine.errors import StyleError
from engine.style import LORA_WEIGHTS_FILE, MODEL_CARD_FILE, STYLE_FILE, StyleSpec
from tests.support.diffusers_lora import write_model_card

PAPER = StyleSpec(trigger_template="hand drawing {emotion} style", labels=("happiness", "sadness"))


@pytest.mark.parametrize(
    ("emotion", "expected"),
    [
        ("happiness", "hand drawing happiness style, a dog in a garden"),
        ("sadness", "hand drawing sadness style, a dog in a garden"),
    ],
)
def test_final_prompt_puts_the_trigger_first(emotion: str, expected: str) -> None:
    assert PAPER.final_prompt(emotion, "a dog in a garden") == expected


def test_trigger_only_template_ignores_the_emotion() -> None:
    style = StyleSpec(trigger_template="hand drawing style", labels=("happiness", "sadness"))
    assert style.final_prompt("sadness", "rain") == "hand drawing style, rain"


def test_template_braces_are_data() -> None:
    style = StyleSpec(trigger_template="{x} hand drawing {emotion} style {0}", labels=("happiness", "sadness"))
    assert style.trigger("happiness") == "{x} hand drawing happiness style {0}"


def test_trigger_rejects_unknown_emotion() -> None:
    with pytest.raises(StyleError, match="anger"):
        PAPER.trigger("anger")


@pytest.mark.parametrize(
    ("choice", "label"),
    [
        ("happy", "happiness"),
        ("HAPPY", "happiness"),
        ("sad", "sadness"),
        (" sad ", "sadness"),
        ("auto", None),
        ("행복", "happiness"),
        ("슬픔", "sadness"),
        ("자동", None),
        ("happiness", "happiness"),
        ("sadness", "sadness"),
        (None, None),
    ],
)
def test_resolve_choice(choice: str | None, label: str | None) -> None:
    assert PAPER.resolve_choice(choice) == label


@pytest.mark.parametrize("choice", ["angry", "", "happy sad", "/style", "행복해"])
def test_resolve_choice_explains_the_choices(choice: str) -> None:
    with pytest.raises(StyleError) as error:
        PAPER.resolve_choice(choice)
    message = str(error.value)
    assert "auto" in message
    assert "happy" in message
    assert "sad" in message


def test_resolve_choice_refuses_an_alias_whose_label_is_not_configured() -> None:
    style = StyleSpec(trigger_template="t {emotion}", labels=("joy", "calm"))
    assert style.resolve_choice("joy") == "joy"
    with pytest.raises(StyleError):
        style.resolve_choice("happy")


def test_load_without_lora_uses_settings(tmp_path: Path) -> None:
    style = StyleSpec.load(None, trigger_template="hand drawing {emotion} style", labels=["happiness", "sadness"])
    assert style.labels == ("happiness", "sadness")
    assert style.source == "settings"
    assert StyleSpec.load(tmp_path, trigger_template="x {emotion}", labels=["a", "b"]).trigger_template == "x {emotion}"


def test_load_reads_style_json(tmp_path: Path) -> None:
    (tmp_path / STYLE_FILE).write_text(
        json.dumps({"trigger_template": "kido {emotion} style", "labels": ["happiness", "sadness", "calm"]})
    )
    style = StyleSpec.load(tmp_path, trigger_template="hand drawing {emotion} style", labels=["happiness", "sadness"])
    assert style.trigger("calm") == "kido calm style"
    assert style.source == str(tmp_path / STYLE_FILE)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"trigger_template": ""}),
        json.dumps({"labels": ["only-one"]}),
        json.dumps({"labels": 3}),
    ],
)
def test_load_names_the_bad_file(tmp_path: Path, content: str) -> None:
    (tmp_path / STYLE_FILE).write_text(content)
    with pytest.raises(StyleError, match=STYLE_FILE):
        StyleSpec.load(tmp_path, trigger_template="t {emotion}", labels=["a", "b"])


def test_load_infers_the_trigger_from_a_diffusers_model_card(tmp_path: Path) -> None:
    write_model_card(tmp_path, "kido style")
    style = StyleSpec.load(tmp_path, trigger_template="hand drawing {emotion} style", labels=["happiness", "sadness"])
    assert style.trigger("sadness") == "kido style"
    assert style.labels == ("happiness", "sadness")
    assert style.source == f"{tmp_path / MODEL_CARD_FILE} (instance_prompt)"


def test_style_json_wins_over_the_model_card(tmp_path: Path) -> None:
    write_model_card(tmp_path, "kido style")
    (tmp_path / STYLE_FILE).write_text(json.dumps({"trigger_template": "hand drawing {emotion} style"}))
    style = StyleSpec.load(tmp_path, trigger_template="t {emotion}", labels=["happiness", "sadness"])
    assert style.trigger("happiness") == "hand drawing happiness style"


def test_load_infers_the_trigger_from_the_weights_metadata(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import save_file

    save_file(
        {"lora_A.weight": torch.zeros(2, 2)},
        str(tmp_path / LORA_WEIGHTS_FILE),
        metadata={"format": "pt", "modelspec.trigger_phrase": "crayon kid style"},
    )
    style = StyleSpec.load(tmp_path, trigger_template="t {emotion}", labels=["a", "b"])
    assert style.trigger("a") == "crayon kid style"
    assert style.source == f"{tmp_path / LORA_WEIGHTS_FILE} (metadata modelspec.trigger_phrase)"


def test_a_lora_that_names_no_trigger_keeps_the_settings(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import save_file

    save_file({"lora_A.weight": torch.zeros(2, 2)}, str(tmp_path / LORA_WEIGHTS_FILE), metadata={"format": "pt"})
    (tmp_path / MODEL_CARD_FILE).write_text("# A LoRA\n\nNo front matter here.\n")
    style = StyleSpec.load(tmp_path, trigger_template="t {emotion}", labels=["a", "b"])
    assert (style.trigger_template, style.source) == ("t {emotion}", "settings")


def test_an_unreadable_model_card_is_named(tmp_path: Path) -> None:
    (tmp_path / MODEL_CARD_FILE).write_text("---\ninstance_prompt: [unclosed\n---\n")
    with pytest.raises(StyleError, match=MODEL_CARD_FILE):
        StyleSpec.load(tmp_path, trigger_template="t {emotion}", labels=["a", "b"])


def test_with_trigger_wins_and_says_so(tmp_path: Path) -> None:
    write_model_card(tmp_path, "kido style")
    style = StyleSpec.load(tmp_path, trigger_template="t {emotion}", labels=["happiness", "sadness"])
    chosen = style.with_trigger(" hand drawing {emotion} style ")
    assert chosen.trigger("sadness") == "hand drawing sadness style"
    assert chosen.source == "--trigger"
    assert chosen.labels == style.labels
    with pytest.raises(StyleError, match="--trigger"):
        style.with_trigger("  ")
