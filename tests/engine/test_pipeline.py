import json
from pathlib import Path

import numpy as np
import pytest

from engine.errors import DiaryTooLongError, EmptyDiaryError, SeedError
from engine.pipeline import DiaryPipeline
from engine.profiles import resolve_profile
from engine.stages import MAX_SEED, DrawingRequest, DrawingResult
from engine.style import STYLE_FILE
from tests.support.diaries import SAMPLE_DIARIES
from tests.support.lora import make_lora


def test_a_diary_becomes_a_drawing(tiny_pipeline: DiaryPipeline) -> None:
    result = tiny_pipeline(SAMPLE_DIARIES[0], seed=42)
    assert result.emotion in ("happiness", "sadness")
    assert result.detected_emotion == result.emotion
    assert result.prompt == f"hand drawing {result.emotion} style, {result.scene}"
    assert result.image.size == (128, 128)
    assert result.seed == 42
    assert result.profile == "tiny"
    assert result.preview is True
    assert result.models["t5"] == "off"
    assert result.models["lora"] is None
    assert {"emotion", "prompt", "denoise", "decode", "engine"} <= set(result.timings)


@pytest.mark.parametrize("style", ["happiness", "sadness"])
def test_style_overrides_the_detected_emotion(tiny_pipeline: DiaryPipeline, style: str) -> None:
    result = tiny_pipeline(SAMPLE_DIARIES[2], style=style, seed=3)
    assert result.emotion == style
    assert result.prompt.startswith(f"hand drawing {style} style, ")
    assert result.detected_emotion in ("happiness", "sadness")
    assert sum(result.probabilities.values()) == pytest.approx(1.0)


def test_same_diary_and_seed_give_the_same_drawing(tiny_pipeline: DiaryPipeline) -> None:
    first = tiny_pipeline(SAMPLE_DIARIES[1], seed=1234)
    second = tiny_pipeline(SAMPLE_DIARIES[1], seed=1234)
    other = tiny_pipeline(SAMPLE_DIARIES[1], seed=1235)
    assert first.prompt == second.prompt
    assert np.array_equal(np.asarray(first.image), np.asarray(second.image))
    assert not np.array_equal(np.asarray(first.image), np.asarray(other.image))


def test_a_random_seed_is_chosen_and_reported(tiny_pipeline: DiaryPipeline) -> None:
    seeds = {tiny_pipeline(SAMPLE_DIARIES[0]).seed for _ in range(2)}
    assert all(0 <= seed <= MAX_SEED for seed in seeds)
    assert len(seeds) == 2


@pytest.mark.parametrize("diary", ["", "   ", "\u200b\u200d\ufeff", "<|im_start|><|im_end|>", "/think /no_think"])
def test_empty_diaries_are_refused(tiny_pipeline: DiaryPipeline, diary: str) -> None:
    with pytest.raises(EmptyDiaryError):
        tiny_pipeline(diary)


def test_long_diaries_are_refused(tiny_pipeline: DiaryPipeline) -> None:
    limit = tiny_pipeline.max_diary_chars
    tiny_pipeline.check_inputs("가" * limit, None, None)
    with pytest.raises(DiaryTooLongError, match=str(limit)):
        tiny_pipeline("가" * (limit + 1))


@pytest.mark.parametrize("seed", [-1, MAX_SEED + 1])
def test_bad_seeds_are_refused(tiny_pipeline: DiaryPipeline, seed: int) -> None:
    with pytest.raises(SeedError):
        tiny_pipeline(SAMPLE_DIARIES[0], seed=seed)


def test_unknown_style_label_is_refused(tiny_pipeline: DiaryPipeline) -> None:
    with pytest.raises(ValueError, match="happy"):
        tiny_pipeline(SAMPLE_DIARIES[0], style="happy")


def test_lora_and_its_style_json_are_used(make_settings, tmp_path: Path) -> None:
    settings = make_settings()
    profile = resolve_profile(settings)
    lora = make_lora(Path(profile.diffusion_source), tmp_path / "lora")
    (lora / STYLE_FILE).write_text(json.dumps({"trigger_template": "hand drawing style", "labels": ["happy", "sad"]}))
    pipeline = DiaryPipeline.from_settings(make_settings(lora=lora), profile)
    result = pipeline(SAMPLE_DIARIES[0], seed=9)
    assert result.emotion in ("happy", "sad")
    assert result.prompt.startswith("hand drawing style, ")
    assert result.models["lora"] == str(lora)


def test_draw_many_keeps_each_error_in_its_place(tiny_pipeline: DiaryPipeline) -> None:
    outcomes = tiny_pipeline.draw_many(
        [
            DrawingRequest(SAMPLE_DIARIES[0], seed=1),
            DrawingRequest("\u200b", seed=2),
            DrawingRequest(SAMPLE_DIARIES[1], style="sadness", seed=3),
        ]
    )
    first, empty, third = outcomes
    assert isinstance(first, DrawingResult)
    assert first.seed == 1
    assert isinstance(empty, EmptyDiaryError)
    assert isinstance(third, DrawingResult)
    assert third.emotion == "sadness"


def test_a_childs_drawing_does_not_depend_on_the_rest_of_the_batch(tiny_pipeline: DiaryPipeline) -> None:
    alone = tiny_pipeline(SAMPLE_DIARIES[2], seed=77)
    batch = tiny_pipeline.draw_many(
        [
            DrawingRequest(SAMPLE_DIARIES[0], seed=5),
            DrawingRequest(SAMPLE_DIARIES[2], seed=77),
            DrawingRequest(SAMPLE_DIARIES[1], seed=9),
        ]
    )
    together = batch[1]
    assert isinstance(together, DrawingResult)
    assert together.prompt == alone.prompt
    difference = np.abs(np.asarray(alone.image, dtype=np.int16) - np.asarray(together.image, dtype=np.int16))
    assert difference.mean() < 0.5, "only the last bits of batched arithmetic may differ"
    assert difference.max() <= 8
