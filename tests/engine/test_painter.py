import json
from pathlib import Path

import numpy as np
import pytest
from safetensors import safe_open

from engine.errors import LoraError
from engine.painter import CLIP_MAX_TOKENS, Painter, PaintOptions
from engine.pipeline import DiaryPipeline
from engine.style import LORA_WEIGHTS_FILE
from tests.support.lora import make_lora

SMALL = PaintOptions(height=128, width=128, num_inference_steps=3)
PROMPT = "hand drawing happiness style, a happy child flies a red kite in a sunny park"


@pytest.fixture(scope="module")
def painter(tiny_pipeline: DiaryPipeline) -> Painter:
    return tiny_pipeline.painter


@pytest.fixture(scope="module")
def sd3_folder(painter: Painter) -> Path:
    return Path(painter.source)


def pixels(painter: Painter, prompt: str = PROMPT, seed: int = 7) -> np.ndarray:
    return np.asarray(painter.paint(prompt, seed=seed).image, dtype=np.int16)


def test_paints_the_configured_size_with_timings(painter: Painter) -> None:
    painting = painter.paint(PROMPT, seed=1)
    assert painting.image.size == (128, 128)
    assert painting.image.mode == "RGB"
    assert set(painting.timings) == {"denoise", "decode"}
    assert all(seconds > 0 for seconds in painting.timings.values())


def test_same_seed_same_image_other_seed_other_image(painter: Painter) -> None:
    first = pixels(painter, seed=7)
    assert np.array_equal(first, pixels(painter, seed=7))
    assert np.abs(first - pixels(painter, seed=8)).mean() > 1.0


def test_prompt_changes_the_image(painter: Painter) -> None:
    assert np.abs(pixels(painter, PROMPT) - pixels(painter, "hand drawing sadness style, rain")).mean() > 0.1


def test_fit_prompt_keeps_clip_inside_its_window(painter: Painter) -> None:
    long_prompt = PROMPT + ", " + ", ".join(f"a {colour} balloon" for colour in ["red", "blue", "green"] * 20)
    clip_prompt, t5_prompt = painter.fit_prompt(long_prompt)
    tokens = painter.pipe.tokenizer(clip_prompt)["input_ids"]
    assert len(tokens) <= CLIP_MAX_TOKENS
    assert long_prompt.startswith(clip_prompt)
    assert clip_prompt.startswith("hand drawing happiness style,")
    assert t5_prompt == long_prompt
    # One more word would not fit.
    next_words = long_prompt[len(clip_prompt) :].split()
    longer = clip_prompt + " " + next_words[0]
    assert len(painter.pipe.tokenizer(longer)["input_ids"]) > CLIP_MAX_TOKENS - 1


def test_fit_prompt_leaves_short_prompts_alone(painter: Painter) -> None:
    assert painter.fit_prompt(PROMPT) == (PROMPT, PROMPT)


def test_lora_is_saved_in_diffusers_format_with_dual_attention(sd3_folder: Path, tmp_path: Path) -> None:
    lora = make_lora(sd3_folder, tmp_path / "lora")
    with safe_open(str(lora / LORA_WEIGHTS_FILE), framework="pt") as weights:
        keys = list(weights.keys())
    assert keys
    assert all(key.startswith("transformer.") for key in keys)
    assert any(".attn2." in key for key in keys)


def test_lora_loads_through_diffusers_and_changes_the_image(painter: Painter, sd3_folder: Path, tmp_path: Path) -> None:
    lora = make_lora(sd3_folder, tmp_path / "lora")
    styled = Painter.from_pretrained(str(sd3_folder), device="cpu", dtype="float32", t5="off", lora=lora, options=SMALL)
    assert styled.lora == lora
    assert "crayon-style" in styled.pipe.get_active_adapters()
    base = pixels(Painter.from_pretrained(str(sd3_folder), device="cpu", dtype="float32", t5="off", options=SMALL))
    with_lora = pixels(styled)
    assert np.abs(base - with_lora).mean() > 1.0
    # Scale 0 switches the LoRA off: the base image again.
    styled.lora_scale = 0.0
    assert np.array_equal(pixels(styled), base)


def test_lora_folder_without_weights_is_refused(sd3_folder: Path, tmp_path: Path) -> None:
    (tmp_path / "style.json").write_text(json.dumps({"labels": ["happiness", "sadness"]}))
    with pytest.raises(LoraError, match=LORA_WEIGHTS_FILE):
        Painter.from_pretrained(str(sd3_folder), device="cpu", dtype="float32", t5="off", lora=tmp_path)


def test_a_compiled_painter_keeps_its_lora(sd3_folder: Path, tmp_path: Path) -> None:
    lora = make_lora(sd3_folder, tmp_path / "lora")
    base = pixels(Painter.from_pretrained(str(sd3_folder), device="cpu", dtype="float32", t5="off", options=SMALL))
    styled = Painter.from_pretrained(str(sd3_folder), device="cpu", dtype="float32", t5="off", lora=lora, options=SMALL)
    before = pixels(styled)
    # The LoRA is fused into the base weights: the same drawing as with its own matrices.
    styled.compile(backend="eager")
    after = pixels(styled)
    assert np.abs(after - before).max() <= 2
    assert np.abs(after - base).mean() > 1.0


def test_a_compiled_painter_still_switches_the_adapters_of_an_evaluation(sd3_folder: Path, tmp_path: Path) -> None:
    first, second = make_lora(sd3_folder, tmp_path / "a", seed=1), make_lora(sd3_folder, tmp_path / "b", seed=2)
    eager = Painter.from_pretrained(str(sd3_folder), device="cpu", dtype="float32", t5="off", options=SMALL)
    compiled = Painter.from_pretrained(str(sd3_folder), device="cpu", dtype="float32", t5="off", options=SMALL)
    compiled.compile(backend="eager")
    drawings = []
    for painter in (eager, compiled):
        painter.pipe.load_lora_weights(str(first), adapter_name="config1")
        painter.pipe.load_lora_weights(str(second), adapter_name="config2")
        row = []
        for adapter in ("config1", "config2"):
            painter.pipe.set_adapters([adapter])
            row.append(pixels(painter))
        painter.pipe.disable_lora()
        row.append(pixels(painter))
        drawings.append(row)
    for eager_drawing, compiled_drawing in zip(*drawings, strict=True):
        assert np.abs(eager_drawing - compiled_drawing).max() <= 2
    assert np.abs(drawings[1][0] - drawings[1][1]).mean() > 1.0
