"""A hub dataset with more emotions than the configured ones: the others are left out, and the counts said."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from PIL import Image

from bot.cli import EXIT_OK, main
from engine.style import LORA_WEIGHTS_FILE
from training.data import load_examples
from training.errors import DataError

LABELS = ("happiness", "sadness")
NAMES = ["anger", "Happiness", "Sadness", "fear"]  # a ClassLabel, capitalised as some datasets are


class NeverDecoded:
    """An image that must not be read: it belongs to a row that is left out."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("the image of a dropped row was decoded")


class FakeTable:
    """The parts of a `datasets.Dataset` that `load_hub` reads: columns, features, select, rows."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.column_names = ["image", "label", "text"]
        self.features = {"label": SimpleNamespace(names=NAMES)}

    def __getitem__(self, column: str) -> list[Any]:
        return [row[column] for row in self.rows]

    def select(self, indices: list[int]) -> FakeTable:
        return FakeTable([self.rows[index] for index in indices])

    def __iter__(self) -> Any:
        return iter(self.rows)


def hub_rows(labels: list[int]) -> list[dict[str, Any]]:
    rows = []
    for number, label in enumerate(labels):
        kept = NAMES[label].lower() in LABELS
        image = Image.new("RGB", (72, 64), (40 * number, 120, 200)) if kept else NeverDecoded()
        rows.append({"image": image, "label": label, "text": f"drawing {number}"})
    return rows


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """`datasets.load_dataset` answering with a KIDO-like table: 3 happiness, 2 sadness, 2 anger, 1 fear."""
    rows = hub_rows([1, 0, 2, 3, 1, 0, 2, 1])
    fake = ModuleType("datasets")
    fake.load_dataset = lambda dataset_id, split: FakeTable(rows)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "datasets", fake)
    return rows


def test_other_labels_are_left_out_and_counted(hub, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="training.data"):
        examples = load_examples("serdarciftci/KIDO", LABELS)
    assert [(example.name, example.emotion) for example in examples] == [
        ("serdarciftci/KIDO[0]", "happiness"),
        ("serdarciftci/KIDO[2]", "sadness"),
        ("serdarciftci/KIDO[4]", "happiness"),
        ("serdarciftci/KIDO[6]", "sadness"),
        ("serdarciftci/KIDO[7]", "happiness"),
    ]
    assert examples[1].text == "drawing 2"
    assert "kept 3 happiness, 2 sadness; dropped 2 anger, 1 fear" in caplog.text


def test_a_configured_label_without_rows_is_named(hub) -> None:
    with pytest.raises(DataError, match=r"no rows labelled \['joy'\]; its labels are \['anger', 'fear', 'happiness'"):
        load_examples("serdarciftci/KIDO", ("happiness", "joy"))


def test_train_from_a_hub_dataset_with_extra_labels(hub, tmp_path: Path, models_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("CRAYON_PROFILE", "tiny")
    monkeypatch.setenv("CRAYON_MODELS_DIR", str(models_dir))
    monkeypatch.setenv("CRAYON_NUM_INFERENCE_STEPS", "2")
    out = tmp_path / "hub-lora"
    args = ["train", "--data", "serdarciftci/KIDO", "--strategy", "emotion", "--out", str(out)]
    assert main([*args, "--steps", "2", "--resolution", "64", "--rank", "4"]) == EXIT_OK
    assert (out / LORA_WEIGHTS_FILE).is_file()
