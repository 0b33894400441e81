import json
from pathlib import Path

import pytest

from engine.style import STYLE_FILE, StyleError, StyleSpec

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
