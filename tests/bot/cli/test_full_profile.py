"""The full profile's own loading code, proven without weights: the tiny models filed in a Hugging Face
cache under the real repositories' names (tests/support/hub.py), loaded by `CRAYON_PROFILE=full` with the
hub offline, exactly as `crayon models download` leaves a user's cache. Each run is a `crayon` process:
huggingface_hub reads where its cache is, and whether it is offline, once, as it is imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bot.cli.common import EXIT_OK
from bot.usecases.diary_page import HEIGHT, WIDTH
from tests.support.audio import recording
from tests.support.hub import hub_cache

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cache(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hub_cache(models_dir, tmp_path_factory.mktemp("hf-home"))


def crayon(*args: str, hf_home: Path, data: Path, t5: str = "off") -> subprocess.CompletedProcess[str]:
    """`crayon ARGS` on the full profile, on the CPU, its models from `hf_home`, offline."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("CRAYON_", "HF_"))}
    env |= {
        "HF_HOME": str(hf_home),
        "HF_HUB_OFFLINE": "1",
        "CRAYON_PROFILE": "full",
        "CRAYON_DEVICE": "cpu",
        "CRAYON_DATA_DIR": str(data),
        "CRAYON_HEIGHT": "128",
        "CRAYON_WIDTH": "128",
        "CRAYON_NUM_INFERENCE_STEPS": "3",
        "CRAYON_LLM_MAX_NEW_TOKENS": "24",
        # The LLM's own crisis reading is random with random weights; it has its tests (test_crisis_reader.py).
        "CRAYON_CRISIS_READER": "off",
        "CRAYON_T5": t5,
    }
    command = [sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("t5", ["off", "on"])
def test_the_full_profile_draws_from_the_hub_ids_in_the_cache(cache: Path, tmp_path: Path, t5: str) -> None:
    out = tmp_path / "drawing.png"
    diary = "오늘 친구랑 놀이터에서 그네를 탔다"
    done = crayon("draw", diary, "--out", str(out), "--page", "--json", hf_home=cache, data=tmp_path, t5=t5)
    assert done.returncode == EXIT_OK, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["profile"] == "full"
    assert report["preview"] is False
    assert report["models"]["llm"] == "Qwen/Qwen3-8B"
    assert report["models"]["diffusion"] == "stabilityai/stable-diffusion-3.5-medium"
    assert report["models"]["t5"] == t5
    assert report["prompt"].startswith("hand drawing ")
    with Image.open(out) as drawing:
        assert drawing.size == (128, 128)
    with Image.open(report["page_file"]) as page:
        assert page.size == (WIDTH, HEIGHT)


def test_the_full_profile_hears_a_recording_with_the_speech_model_it_names(cache: Path, tmp_path: Path) -> None:
    voice = tmp_path / "voice.ogg"
    voice.write_bytes(recording(3.0))
    out = tmp_path / "drawing.png"
    done = crayon("draw", "--audio", str(voice), "--out", str(out), "--json", hf_home=cache, data=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["profile"] == "full"
    assert report["transcript"]
    assert out.is_file()


def test_models_status_finds_every_model_in_the_cache(cache: Path, tmp_path: Path) -> None:
    done = crayon("models", "status", hf_home=cache, data=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr[-2000:]
    listed = [line for line in done.stdout.splitlines() if line.startswith("  CRAYON_")]
    assert len(listed) == 5, done.stdout
    assert all(": in the cache" in line for line in listed), done.stdout
    assert "CRAYON_SPEECH_MODEL=openai/whisper-large-v3-turbo: in the cache" in done.stdout
    empty = crayon("models", "status", hf_home=tmp_path / "empty", data=tmp_path)
    assert empty.stdout.count(": not downloaded") == 5, empty.stdout
