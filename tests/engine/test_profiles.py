from pathlib import Path

import pytest
import torch

from bot.settings import Settings
from engine.profiles import GIB, PRESETS, MemoryPlan, compile_for, plan_memory, resolve_profile, weights_present
from engine.settings import EngineSettings
from engine.tiny import TINY_VERSION, ensure_tiny_models


@pytest.mark.parametrize(
    ("gib", "expected"),
    [
        (80, MemoryPlan("none", "on", "none")),
        (39.4, MemoryPlan("none", "on", "none")),
        (36, MemoryPlan("none", "on", "none")),
        (32, MemoryPlan("4bit", "8bit", "none")),
        (24, MemoryPlan("4bit", "8bit", "none")),
        (20, MemoryPlan("4bit", "8bit", "none")),
        (16, MemoryPlan("4bit", "off", "model")),
        (None, MemoryPlan("none", "off", "none")),
    ],
)
def test_plan_memory_picks_the_fastest_plan_that_fits(gib: float | None, expected: MemoryPlan) -> None:
    gpu_bytes = None if gib is None else int(gib * GIB)
    assert plan_memory(Settings(_env_file=None), gpu_bytes) == expected


def test_plan_memory_follows_explicit_settings() -> None:
    settings = Settings(_env_file=None, llm_quantization="8bit", t5="on", cpu_offload="sequential")
    assert plan_memory(settings, 24 * GIB) == MemoryPlan("8bit", "on", "sequential")
    settings = Settings(_env_file=None, llm_quantization="none", t5="off", cpu_offload="none")
    assert plan_memory(settings, 80 * GIB) == MemoryPlan("none", "off", "none")


@pytest.mark.parametrize("preset", ["resident", "24gb", "low-memory"])
def test_named_presets_win_over_the_cards_memory(preset: str) -> None:
    settings = Settings(_env_file=None, preset=preset)
    assert plan_memory(settings, 80 * GIB) == PRESETS[preset]
    assert plan_memory(settings, None) == PRESETS[preset]


def test_the_24gb_preset_quantizes_the_llm_and_t5() -> None:
    plan = PRESETS["24gb"]
    assert (plan.llm_quantization, plan.t5, plan.cpu_offload) == ("4bit", "8bit", "none")
    assert plan.use_t5
    settings = Settings(_env_file=None, preset="24gb", t5="off")
    assert plan_memory(settings, 24 * GIB).t5 == "off", "an explicit setting still wins"


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the fallback on a machine without CUDA")
def test_auto_without_cuda_falls_back_to_tiny_with_a_notice(make_settings) -> None:
    profile = resolve_profile(make_settings(profile="auto"))
    assert profile.name == "tiny"
    assert profile.preview
    assert profile.device == "cpu"
    assert profile.dtype == "float32"
    assert profile.notice is not None
    assert "no CUDA GPU" in profile.notice
    assert "preview" in profile.notice


def test_tiny_profile_points_at_the_built_models(make_settings, models_dir: Path) -> None:
    profile = resolve_profile(make_settings())
    assert profile.name == "tiny"
    assert profile.notice is None
    assert Path(profile.llm_source) == models_dir / f"tiny-v{TINY_VERSION}" / "llm"
    assert (Path(profile.diffusion_source) / "model_index.json").is_file()
    assert not profile.memory.use_t5


def test_full_profile_uses_the_hub_ids(make_settings) -> None:
    profile = resolve_profile(make_settings(profile="full", device="cpu"))
    assert profile.name == "full"
    assert profile.llm_source == "Qwen/Qwen3-8B"
    assert profile.diffusion_source == "stabilityai/stable-diffusion-3.5-medium"
    assert not profile.preview


@pytest.mark.parametrize(("compile", "compiled"), [("auto", False), ("off", False), ("on", True)])
def test_only_on_compiles_even_on_cuda(compile: str, compiled: bool) -> None:
    # The compiled path has not been measured on a GPU: CUDA users get the eager one unless they ask.
    settings = EngineSettings(profile="full", device="cuda", dtype="bfloat16", compile=compile)
    assert compile_for(settings) is compiled


def test_tiny_models_are_built_once(tmp_path: Path) -> None:
    first = ensure_tiny_models(tmp_path)
    marker = first / "complete.json"
    stamp = marker.stat().st_mtime_ns
    assert ensure_tiny_models(tmp_path) == first
    assert marker.stat().st_mtime_ns == stamp
    assert sorted(path.name for path in tmp_path.iterdir()) == [first.name]


def test_tiny_models_rebuild_an_unfinished_build(tmp_path: Path) -> None:
    unfinished = tmp_path / f"tiny-v{TINY_VERSION}"
    unfinished.mkdir()
    (unfinished / "junk").write_text("half written")
    built = ensure_tiny_models(tmp_path)
    assert (built / "complete.json").is_file()
    assert not (built / "junk").exists()


def test_weights_present(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    assert weights_present(str(tmp_path), "config.json")
    assert not weights_present(str(tmp_path), "model_index.json")
    assert not weights_present("Qwen/Qwen3-8B", "config.json")


def test_auto_without_the_weights_names_the_command_that_fetches_them(make_settings) -> None:
    # A CUDA device and dtype given, so nothing probes the card: the weights are what is missing (empty cache).
    profile = resolve_profile(make_settings(profile="auto", device="cuda", dtype="bfloat16"))
    assert profile.name == "tiny"
    assert profile.notice is not None
    assert "are not downloaded" in profile.notice
    assert "`crayon models download` fetches them" in profile.notice
    assert "mood not read from the diary" in profile.notice
