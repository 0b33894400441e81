"""The training latents are what a float32 VAE makes of each drawing, whatever the pipeline's dtype."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

from training.cache import build_cache, prepare_image
from training.data import load_folder


def test_latents_are_encoded_in_float32_from_a_bf16_pipeline(
    tiny_sd3: Callable[[], Any], drawings: Path, tmp_path: Path
) -> None:
    examples = load_folder(drawings, ("happiness", "sadness"))
    pipe = tiny_sd3().to(dtype=torch.bfloat16)
    cache = build_cache(
        pipe,
        examples,
        ["kido style"] * len(examples),
        tmp_path / "cache",
        resolution=64,
        device="cpu",
        text_max_tokens=77,
    )
    # The same bf16 weights, computed in float32.
    reference = tiny_sd3().vae.to(dtype=torch.bfloat16).to(dtype=torch.float32)
    with torch.inference_mode():
        pixels = prepare_image(examples[0].read(), 64)[None]
        expected = reference.encode(pixels).latent_dist.mode()
        expected = (expected - reference.config.shift_factor) * reference.config.scaling_factor
    cached = np.asarray(cache.latents[0], dtype=np.float32)
    # float16 storage only: a bf16 encode is off by far more.
    assert np.abs(cached - expected[0].numpy()).max() < 2e-3
    assert pipe.vae.dtype == torch.bfloat16
