"""The full profile with the real weights: run only on a CUDA machine that has downloaded them."""

import os

import pytest
import torch

from bot.settings import Settings
from engine.pipeline import DiaryPipeline
from engine.profiles import resolve_profile, weights_present

pytestmark = pytest.mark.real_weights

DIARIES = {
    "오늘 학교 끝나고 친구랑 놀이터에서 그네를 탔다. 하늘까지 날아가는 것 같았다.": "happiness",
    "비가 와서 밖에 못 나가고 창문만 바라봤다. 혼자라서 너무 슬펐다.": "sadness",
}


@pytest.fixture(scope="module")
def full_pipeline(real_hf_cache: None) -> DiaryPipeline:
    settings = Settings(_env_file=None, profile="full")
    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA GPU")
    if not (
        weights_present(settings.llm_model, "config.json")
        and weights_present(settings.diffusion_model, "model_index.json")
    ):
        pytest.skip("needs the real weights in the Hugging Face cache")
    return DiaryPipeline.from_settings(settings, resolve_profile(settings))


@pytest.fixture(scope="module")
def real_hf_cache() -> None:
    """Use the machine's real Hugging Face cache, not the per-test empty one."""
    for name in ("HF_HOME", "HF_HUB_OFFLINE"):
        os.environ.pop(name, None)


@pytest.mark.parametrize(("diary", "expected"), list(DIARIES.items()))
def test_real_models_read_the_mood_and_write_english(full_pipeline: DiaryPipeline, diary: str, expected: str) -> None:
    result = full_pipeline(diary, seed=0)
    assert result.detected_emotion == expected
    assert not result.fell_back
    assert result.prompt.startswith(f"hand drawing {result.emotion} style, ")
    assert len(result.scene.split()) >= 15
    assert result.image.size == (512, 512)
    assert result.preview is False
