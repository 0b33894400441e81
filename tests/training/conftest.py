"""A tiny drawing set made with Pillow, and training settings quick enough for CPU tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from diffusers import StableDiffusion3Pipeline
from PIL import Image, ImageDraw

from engine.profiles import ResolvedProfile, resolve_profile
from training.trainer import TrainConfig


def make_drawings(folder: Path, count: int = 6, *, emotions: list[str] | None = None) -> Path:
    """Happy yellow suns and sad blue clouds, with a text each, in the image-folder layout.

    `emotions` gives each drawing's label; by default they alternate, happiness first.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if emotions is None:
        emotions = ["happiness" if index % 2 == 0 else "sadness" for index in range(count)]
    rows = []
    for index, emotion in enumerate(emotions):
        happy = emotion == "happiness"
        image = Image.new("RGB", (96 + index * 8, 80), (255, 255, 255))
        draw = ImageDraw.Draw(image)
        if happy:
            draw.ellipse((10, 10, 70, 70), fill=(250, 200, 40))
        else:
            draw.rectangle((10, 30, 80, 60), fill=(60, 90, 200))
        image.save(folder / f"drawing-{index}.png")
        rows.append(
            {
                "file_name": f"drawing-{index}.png",
                "emotion": emotion,
                "text": "I played in the sun" if happy else "being alone makes me feel sad",
            }
        )
    (folder / "metadata.jsonl").write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    return folder


@pytest.fixture
def drawings(tmp_path: Path) -> Path:
    return make_drawings(tmp_path / "drawings")


@pytest.fixture
def labelled_drawings(tmp_path: Path) -> Callable[[list[str]], Path]:
    """A drawings folder with the given label per drawing."""
    return lambda emotions: make_drawings(tmp_path / "labelled", emotions=emotions)


@pytest.fixture
def tiny_profile(make_settings) -> ResolvedProfile:
    return resolve_profile(make_settings())


@pytest.fixture
def tiny_sd3(tiny_profile: ResolvedProfile) -> Callable[[], Any]:
    """A fresh tiny StableDiffusion3Pipeline (no T5, as the tiny profile), quiet, on the CPU."""

    def load() -> Any:
        pipe = StableDiffusion3Pipeline.from_pretrained(
            tiny_profile.diffusion_source, text_encoder_3=None, tokenizer_3=None
        )
        pipe.set_progress_bar_config(disable=True)
        return pipe

    return load


@pytest.fixture
def quick(drawings: Path, tmp_path: Path) -> Callable[..., TrainConfig]:
    def make(**overrides: Any) -> TrainConfig:
        values: dict[str, Any] = {
            "data": str(drawings),
            "strategy": "emotion",
            "out": tmp_path / "lora",
            "steps": 4,
            "resolution": 64,
            "rank": 4,
            "checkpoint_every": 2,
            "validate_every": 1000,
            "validation_steps": 2,
        }
        values.update(overrides)
        return TrainConfig(**values)

    return make
