"""Makes a small LoRA with non-zero weights for the tiny SD3 transformer, saved in diffusers' format."""

from __future__ import annotations

from pathlib import Path

import torch
from diffusers import SD3Transformer2DModel, StableDiffusion3Pipeline
from peft import LoraConfig
from peft.utils import get_peft_model_state_dict

ATTENTION_PROJECTIONS = ["to_q", "to_k", "to_v", "to_out.0", "add_q_proj", "add_k_proj", "add_v_proj", "to_add_out"]


def make_lora(sd3_folder: Path, out: Path, *, rank: int = 4, seed: int = 0) -> Path:
    """Write `pytorch_lora_weights.safetensors` with random (non-zero) A and B matrices into `out`."""
    transformer = SD3Transformer2DModel.from_pretrained(sd3_folder, subfolder="transformer")
    torch.manual_seed(seed)
    # init_lora_weights=False draws B at random too, so the LoRA changes the output from the start.
    transformer.add_adapter(
        LoraConfig(r=rank, lora_alpha=rank, target_modules=ATTENTION_PROJECTIONS, init_lora_weights=False)
    )
    with torch.no_grad():
        for name, parameter in transformer.named_parameters():
            if "lora_" in name:
                parameter.mul_(4.0)
    layers = get_peft_model_state_dict(transformer)
    out.mkdir(parents=True, exist_ok=True)
    StableDiffusion3Pipeline.save_lora_weights(out, transformer_lora_layers=layers)
    return out
