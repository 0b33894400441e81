"""A Hugging Face cache laid out as the Hub's downloads are (`hub/models--ORG--NAME/snapshots/SHA/`,
`refs/main`), holding the tiny models under the real repositories' names: the full profile's
`from_pretrained("Qwen/Qwen3-8B")` and the rest then load them offline, through the code users run."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.tiny import ensure_tiny_models
from engine.tiny_speech import ensure_tiny_speech

SNAPSHOT = "0123456789abcdef0123456789abcdef01234567"


def hub_cache(models_dir: Path, hf_home: Path) -> Path:
    """`hf_home` with the tiny LLM, SD3.5 pipeline, image safety classifier, Whisper and evaluation judge
    filed under the hub ids the full profile names by default; returns `hf_home`."""
    tiny = ensure_tiny_models(models_dir)
    for repository, source in (
        ("Qwen/Qwen3-8B", tiny / "llm"),
        ("stabilityai/stable-diffusion-3.5-medium", tiny / "sd3"),
        ("Falconsai/nsfw_image_detection", tiny / "safety"),
        ("openai/whisper-large-v3-turbo", ensure_tiny_speech(models_dir)),
        ("zer0int/LongCLIP-L-Diffusers", tiny / "clip"),
    ):
        folder = hf_home / "hub" / f"models--{repository.replace('/', '--')}"
        shutil.copytree(source, folder / "snapshots" / SNAPSHOT, ignore=shutil.ignore_patterns("complete.json"))
        (folder / "refs").mkdir(parents=True)
        (folder / "refs" / "main").write_text(SNAPSHOT, encoding="utf-8")
    return hf_home
