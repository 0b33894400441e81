"""Qwen3-8B and SD3.5 Medium built from their real configurations with random weights, on a device.

True timings and memory without downloading the weights: the configurations ship in
`engine/configs/`. The tokenizers are the tiny offline ones (ids fit the real vocabularies), so
token counts differ a little from the real tokenizers'; the models' shapes and costs are real.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.painter import Painter, PaintOptions
from engine.prompt_writer import PromptWriter, WriterOptions

CONFIGS = Path(__file__).parent / "configs"
SD3_CONFIGS = CONFIGS / "sd3.5-medium"
LLM_ID = "Qwen/Qwen3-8B (real architecture, random weights)"
SD3_ID = "stabilityai/stable-diffusion-3.5-medium (real architecture, random weights)"


@contextlib.contextmanager
def _building_on(device: str, dtype: Any) -> Iterator[None]:
    """Create parameters directly on `device` in `dtype`: no float32 copy on the CPU first."""
    import torch

    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        with torch.device(device):
            yield
    finally:
        torch.set_default_dtype(previous)


def build_writer(
    tiny_folder: Path, *, device: str, dtype: str, labels: tuple[str, ...], options: WriterOptions | None = None
) -> PromptWriter:
    """A PromptWriter around a randomly initialised Qwen3-8B (the tiny tokenizer)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, Qwen3Config

    tokenizer = AutoTokenizer.from_pretrained(tiny_folder / "llm")
    config = Qwen3Config.from_json_file(CONFIGS / "qwen3-8b.json")
    torch_dtype = getattr(torch, dtype)
    with _building_on(device, torch_dtype):
        model = AutoModelForCausalLM.from_config(config, dtype=torch_dtype)
    model.eval()
    return PromptWriter(model, tokenizer, labels=labels, options=options, source=LLM_ID)


def build_transformer(*, device: str, dtype: str) -> Any:
    """The SD3.5 Medium transformer (2.24 B parameters, 13 dual-attention blocks) with random weights."""
    import torch
    from diffusers import SD3Transformer2DModel

    config = json.loads((SD3_CONFIGS / "transformer.json").read_text())
    with _building_on(device, getattr(torch, dtype)):
        return SD3Transformer2DModel.from_config(config)


def build_painter(
    tiny_folder: Path, *, device: str, dtype: str, use_t5: bool, options: PaintOptions | None = None
) -> Painter:
    """A Painter around a randomly initialised SD3.5 Medium (with or without T5; tiny CLIP tokenizers)."""
    import torch
    from diffusers import (
        AutoencoderKL,
        FlowMatchEulerDiscreteScheduler,
        SD3Transformer2DModel,
        StableDiffusion3Pipeline,
    )
    from transformers import CLIPTextConfig, CLIPTextModelWithProjection, CLIPTokenizer, T5Config, T5EncoderModel

    def config(name: str) -> dict[str, Any]:
        return dict(json.loads((SD3_CONFIGS / f"{name}.json").read_text()))

    tokenizer = CLIPTokenizer.from_pretrained(tiny_folder / "sd3", subfolder="tokenizer")
    tokenizer_2 = CLIPTokenizer.from_pretrained(tiny_folder / "sd3", subfolder="tokenizer_2")
    torch_dtype = getattr(torch, dtype)
    with _building_on(device, torch_dtype):
        transformer = SD3Transformer2DModel.from_config(config("transformer"))
        vae = AutoencoderKL.from_config(config("vae"))
        text_encoder = CLIPTextModelWithProjection(CLIPTextConfig(**config("text_encoder")))
        text_encoder_2 = CLIPTextModelWithProjection(CLIPTextConfig(**config("text_encoder_2")))
        text_encoder_3 = T5EncoderModel(T5Config(**config("text_encoder_3"))) if use_t5 else None
    pipe = StableDiffusion3Pipeline(
        transformer=transformer,
        scheduler=FlowMatchEulerDiscreteScheduler.from_config(config("scheduler")),
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        text_encoder_2=text_encoder_2,
        tokenizer_2=tokenizer_2,
        text_encoder_3=text_encoder_3,
        # Any tokenizer whose ids fit T5's vocabulary: the pipeline pads T5's input to 256 tokens.
        tokenizer_3=tokenizer if use_t5 else None,
    )
    for module in (text_encoder, text_encoder_2, text_encoder_3):
        if module is not None:
            module.eval()
    return Painter(pipe, options=options, source=SD3_ID)
