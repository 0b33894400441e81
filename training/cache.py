"""VAE latents and text embeddings, computed once before training and kept on disk (memory-mapped).

Afterwards the text encoders (T5 included) and the VAE leave the GPU: training needs only the
transformer. A cache is reused when the data, caption strategy and resolution are the same.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.profiles import free_device_memory
from training.data import Example

logger = logging.getLogger(__name__)


@dataclass
class TrainingCache:
    """Per example: its latent; per unique caption: prompt embeddings and pooled embeddings."""

    latents: np.ndarray
    prompt_embeds: np.ndarray
    pooled: np.ndarray
    caption_of: list[int]
    """For each example, the row of its caption."""

    @classmethod
    def load(cls, folder: Path) -> TrainingCache | None:
        index = folder / "index.json"
        if not index.is_file():
            return None
        caption_of = json.loads(index.read_text())["caption_of"]
        return cls(
            latents=np.load(folder / "latents.npy", mmap_mode="r"),
            prompt_embeds=np.load(folder / "prompt_embeds.npy", mmap_mode="r"),
            pooled=np.load(folder / "pooled.npy"),
            caption_of=caption_of,
        )


def prepare_image(data: bytes, resolution: int) -> Any:
    """An image as the VAE wants it: RGB, shortest side to `resolution`, centre-cropped, in [-1, 1]."""
    import torch
    from PIL import Image

    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGB")
    scale = resolution / min(image.size)
    size = (max(resolution, round(image.width * scale)), max(resolution, round(image.height * scale)))
    image = image.resize(size, Image.Resampling.BICUBIC)
    left, top = (image.width - resolution) // 2, (image.height - resolution) // 2
    image = image.crop((left, top, left + resolution, top + resolution))
    array = np.asarray(image, dtype=np.float32) / 127.5 - 1.0
    return torch.from_numpy(array).permute(2, 0, 1)


def build_cache(
    pipe: Any,
    examples: list[Example],
    captions: list[str],
    folder: Path,
    *,
    resolution: int,
    device: str,
    text_max_tokens: int,
) -> TrainingCache:
    """Encode every unique caption and every image once, writing the arrays to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    unique = list(dict.fromkeys(captions))
    row_of = {text: row for row, text in enumerate(unique)}

    # 1. text embeddings, with the text encoders on the device only for this
    _cache_text_embeddings(pipe, unique, folder, device=device, text_max_tokens=text_max_tokens)
    release_text_encoders(pipe)

    # 2. latents, with the VAE on the device only for this
    _cache_latents(pipe, examples, folder, resolution=resolution, device=device)
    free_device_memory()

    caption_of = [row_of[text] for text in captions]
    (folder / "index.json").write_text(json.dumps({"captions": unique, "caption_of": caption_of}))
    cache = TrainingCache.load(folder)
    assert cache is not None
    logger.info("cached %d latents and %d caption embeddings in %s", len(examples), len(unique), folder)
    return cache


def _cache_text_embeddings(pipe: Any, captions: list[str], folder: Path, *, device: str, text_max_tokens: int) -> None:
    """Write each caption's prompt embeddings (memory-mapped) and pooled embeddings, one row per caption."""
    import torch

    text_encoders_to(pipe, device)
    prompt_embeds = None
    pooled = None
    with torch.inference_mode():
        for row, text in enumerate(captions):
            embeds, pooled_embeds = encode_prompt(pipe, text, device=device, text_max_tokens=text_max_tokens)
            if prompt_embeds is None:
                prompt_embeds = np.lib.format.open_memmap(
                    folder / "prompt_embeds.npy", mode="w+", dtype=np.float16, shape=(len(captions), *embeds.shape[1:])
                )
                pooled = np.zeros((len(captions), pooled_embeds.shape[-1]), dtype=np.float16)
            assert prompt_embeds is not None
            assert pooled is not None
            prompt_embeds[row] = embeds[0].float().cpu().numpy()
            pooled[row] = pooled_embeds[0].float().cpu().numpy()
    assert prompt_embeds is not None
    assert pooled is not None
    prompt_embeds.flush()
    np.save(folder / "pooled.npy", pooled)


def _cache_latents(pipe: Any, examples: list[Example], folder: Path, *, resolution: int, device: str) -> None:
    """Write each image's VAE latent, scaled and shifted as the transformer sees it, to a memory-mapped array.

    The VAE encodes in float32 whatever the pipeline's dtype, as diffusers' SD3 LoRA script does: a bf16
    encode moves the latents the LoRA learns from (tested), and it is paid once per image."""
    import torch

    vae = pipe.vae
    dtype = vae.dtype
    vae.to(device=device, dtype=torch.float32)
    factor = 2 ** (len(vae.config.block_out_channels) - 1)
    latents = np.lib.format.open_memmap(
        folder / "latents.npy",
        mode="w+",
        dtype=np.float16,
        shape=(len(examples), vae.config.latent_channels, resolution // factor, resolution // factor),
    )
    with torch.inference_mode():
        for index, example in enumerate(examples):
            pixels = prepare_image(example.read(), resolution)[None].to(device=device, dtype=torch.float32)
            latent = vae.encode(pixels).latent_dist.mode()
            latent = (latent - vae.config.shift_factor) * vae.config.scaling_factor
            latents[index] = latent[0].float().cpu().numpy()
    latents.flush()
    vae.to(device="cpu", dtype=dtype)


def encode_prompt(pipe: Any, text: str, *, device: str, text_max_tokens: int) -> tuple[Any, Any]:
    """(prompt_embeds, pooled) of one caption from all of SD3's text encoders, without guidance."""
    import torch

    embeds, _, pooled, _ = pipe.encode_prompt(
        prompt=text,
        prompt_2=text,
        prompt_3=text,
        device=torch.device(device),
        do_classifier_free_guidance=False,
        max_sequence_length=text_max_tokens,
    )
    return embeds, pooled


def encode_prompts(pipe: Any, prompts: list[str], *, device: str, text_max_tokens: int) -> list[tuple[Any, Any]]:
    """(prompt_embeds, pooled) for a few prompts, kept in memory on the CPU (validation drawings)."""
    import torch

    text_encoders_to(pipe, device)
    encoded = []
    with torch.inference_mode():
        for text in prompts:
            embeds, pooled = encode_prompt(pipe, text, device=device, text_max_tokens=text_max_tokens)
            encoded.append((embeds.cpu(), pooled.cpu()))
    return encoded


def text_encoders_to(pipe: Any, device: str) -> None:
    """Put the pipeline's text encoders on `device`: it loads them on the CPU, and they encode where the tokens go."""
    for name in ("text_encoder", "text_encoder_2", "text_encoder_3"):
        module = getattr(pipe, name, None)
        if module is not None:
            module.to(device)


def release_text_encoders(pipe: Any) -> None:
    """Drop the text encoders (T5 is ~9.5 GB in bf16): training needs only their cached outputs."""
    for name in ("text_encoder", "text_encoder_2", "text_encoder_3"):
        if getattr(pipe, name, None) is not None:
            setattr(pipe, name, None)
    free_device_memory()
