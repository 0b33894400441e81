"""The saved LoRA as diffusers loads it: its alpha, and what its dual-attention `attn2` weights do to a drawing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from safetensors.torch import load_file

from engine.style import LORA_WEIGHTS_FILE
from training.trainer import train

LABELS = ("happiness", "sadness")


def test_alpha_is_saved_and_loaded_back(quick, tiny_profile, tiny_sd3: Callable[[], Any]) -> None:
    config = quick(steps=2, rank=4, alpha=16)
    train(config, tiny_profile, LABELS, progress=False)
    pipe = tiny_sd3()
    pipe.load_lora_weights(str(config.out))
    (adapter, peft_config), *_ = pipe.transformer.peft_config.items()
    assert (peft_config.r, peft_config.lora_alpha) == (4, 16)
    # Trained at alpha / rank = 4, drawn at 4 too (without the metadata diffusers takes alpha = rank: scale 1).
    assert pipe.transformer.transformer_blocks[0].attn.to_q.scaling[adapter] == 4.0
    assert pipe.transformer.transformer_blocks[0].attn2.to_q.scaling[adapter] == 4.0


def draw_latents(pipe: Any, lora: dict[str, torch.Tensor] | None) -> torch.Tensor:
    """The tiny pipeline's latents for one fixed prompt and seed, with `lora` loaded (or none)."""
    pipe.unload_lora_weights()
    if lora is not None:
        pipe.load_lora_weights(lora)
    return pipe(
        prompt="hand drawing happiness style, a child on a swing",
        height=64,
        width=64,
        num_inference_steps=2,
        output_type="latent",
        generator=torch.Generator().manual_seed(0),
    ).images


def test_attn2_weights_load_and_change_the_drawing(quick, tiny_profile, tiny_sd3: Callable[[], Any]) -> None:
    config = quick(steps=6, lr=2e-2)
    train(config, tiny_profile, LABELS, progress=False)
    weights = load_file(str(config.out / LORA_WEIGHTS_FILE))
    attn2 = {key for key in weights if ".attn2." in key}
    assert {key.split(".attn2.")[1] for key in attn2} >= {"to_q.lora_A.weight", "to_out.0.lora_B.weight"}
    without_attn2 = {key: value for key, value in weights.items() if key not in attn2}

    pipe = tiny_sd3()
    base = draw_latents(pipe, None)
    full = draw_latents(pipe, dict(weights))
    loaded = pipe.transformer.transformer_blocks[0].attn2.to_q
    (adapter,) = loaded.lora_A.keys()
    expected = weights["transformer.transformer_blocks.0.attn2.to_q.lora_A.weight"]
    assert torch.equal(loaded.lora_A[adapter].weight, expected)
    rest = draw_latents(pipe, without_attn2)
    assert torch.equal(draw_latents(pipe, dict(weights)), full)  # the same LoRA draws the same latents again

    lora_effect = (full - base).abs().mean().item()
    attn2_effect = (full - rest).abs().mean().item()
    # On the tiny profile attn2 alone moves the latents by 0.5-0.8 of the whole LoRA's change (README).
    assert attn2_effect > 0.1 * lora_effect, (attn2_effect, lora_effect)
