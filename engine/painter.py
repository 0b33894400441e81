"""The painter: Stable Diffusion 3.5 Medium (diffusers) with an optional children's-drawing LoRA."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import LoraError
from engine.quantization import bitsandbytes_config
from engine.style import LORA_WEIGHTS_FILE

if TYPE_CHECKING:
    from diffusers import StableDiffusion3Pipeline
    from PIL.Image import Image

    from engine.settings import EngineSettings

logger = logging.getLogger(__name__)

LORA_ADAPTER = "crayon-style"
CLIP_MAX_TOKENS = 77
T5_MAX_TOKENS = 256


@dataclass(frozen=True)
class PaintOptions:
    """The paper's defaults: 512x512, 28 steps, guidance 7.0."""

    height: int = 512
    width: int = 512
    num_inference_steps: int = 28
    guidance_scale: float = 7.0
    negative_prompt: str = ""

    @classmethod
    def from_settings(cls, settings: EngineSettings) -> PaintOptions:
        return cls(
            height=settings.height,
            width=settings.width,
            num_inference_steps=settings.num_inference_steps,
            guidance_scale=settings.guidance_scale,
            negative_prompt=settings.negative_prompt,
        )


@dataclass(frozen=True)
class Painting:
    """A painted image and the time each stage took."""

    image: Image
    timings: dict[str, float]
    batch_size: int = 1
    """How many images shared the diffusion call (and so its timings)."""


class Painter:
    """Paints a prompt with a StableDiffusion3Pipeline, reproducibly for a given seed."""

    def __init__(
        self,
        pipe: StableDiffusion3Pipeline,
        *,
        options: PaintOptions | None = None,
        source: str = "",
        lora: Path | None = None,
        lora_scale: float = 1.0,
    ) -> None:
        self.pipe = pipe
        self.options = options or PaintOptions()
        self.source = source
        self.lora = lora
        self.lora_scale = lora_scale
        self._lora_fused = False
        self.pipe.set_progress_bar_config(disable=True)

    @classmethod
    def from_pretrained(
        cls,
        source: str,
        *,
        device: str,
        dtype: str,
        t5: str = "on",
        cpu_offload: str = "none",
        lora: Path | None = None,
        lora_scale: float = 1.0,
        options: PaintOptions | None = None,
    ) -> Painter:
        """Load SD3.5 from a hub id or local folder; T5 `on` (bf16), `8bit` (bitsandbytes) or `off`."""
        import torch
        from diffusers import StableDiffusion3Pipeline

        kwargs: dict[str, Any] = {"dtype": getattr(torch, dtype)}
        if t5 == "off":
            kwargs.update(text_encoder_3=None, tokenizer_3=None)
        elif t5 == "8bit":
            kwargs["text_encoder_3"] = _t5_in_8bit(source, dtype)
        pipe = StableDiffusion3Pipeline.from_pretrained(source, **kwargs)
        if lora is not None:
            load_lora(pipe, lora, lora_scale)
        if cpu_offload == "model":
            pipe.enable_model_cpu_offload(device=device)
        elif cpu_offload == "sequential":
            pipe.enable_sequential_cpu_offload(device=device)
        else:
            pipe.to(device)
        return cls(pipe, options=options, source=source, lora=lora, lora_scale=lora_scale)

    def compile(self, backend: str = "inductor") -> None:
        """The diffusion step for speed: the LoRA fused into the weights (no extra matrices per step),
        channels-last, the SD3 transformer compiled; the VAE decodes in channels-last too.

        QKV projections stay apart: diffusers' fused processor has no path for SD3.5 Medium's second,
        image-only attention in each dual block."""
        import torch

        if self.lora is not None and not self._lora_fused:
            self.pipe.fuse_lora(components=["transformer"], lora_scale=self.lora_scale)
            self.pipe.unload_lora_weights()
            self._lora_fused = True
        self.pipe.transformer.to(memory_format=torch.channels_last)
        self.pipe.vae.to(memory_format=torch.channels_last)
        # Compiled in place (`Module.compile`), never wrapped: diffusers' LoRA loading and `set_adapters` need
        # the transformer itself, which an `OptimizedModule` hides ("config1 not in the present adapters").
        if backend == "inductor":
            self.pipe.transformer.compile(fullgraph=True)
        else:
            self.pipe.transformer.compile(backend=backend)

    @property
    def uses_t5(self) -> bool:
        return self.pipe.text_encoder_3 is not None

    def fit_prompt(self, prompt: str) -> tuple[str, str]:
        """Return (CLIP prompt, T5 prompt): CLIP's cut at a word inside its 77-token window."""
        tokenizer = self.pipe.tokenizer
        budget = CLIP_MAX_TOKENS - 2  # start and end tokens

        def fits(text: str) -> bool:
            return len(tokenizer(text, add_special_tokens=False)["input_ids"]) <= budget

        if fits(prompt):
            return prompt, prompt
        words = prompt.split(" ")
        low, high = 1, len(words)
        # The longest word prefix that fits: the trigger and the first sentence come first.
        while low < high:
            middle = (low + high + 1) // 2
            if fits(" ".join(words[:middle])):
                low = middle
            else:
                high = middle - 1
        return " ".join(words[:low]).rstrip(" ,;:"), prompt

    def paint(self, prompt: str, *, seed: int) -> Painting:
        """Paint `prompt`; the same prompt and seed give the same image."""
        return self.paint_many([prompt], [seed])[0]

    def paint_many(self, prompts: list[str], seeds: list[int]) -> list[Painting]:
        """Paint several prompts in one diffusion call (one batch), each with its own seed.

        Every image gets its own noise generator, so a child's drawing does not depend on who else
        was in the batch (up to the last bits of batched arithmetic).
        """
        import torch

        if len(prompts) != len(seeds) or not prompts:
            raise ValueError(f"paint_many needs one seed per prompt, got {len(prompts)} prompts, {len(seeds)} seeds")
        options = self.options
        fitted = [self.fit_prompt(prompt) for prompt in prompts]
        clip_prompts = [clip for clip, _ in fitted]
        # CPU generators give the same noise on every device.
        generators = [torch.Generator(device="cpu").manual_seed(seed) for seed in seeds]
        extra: dict[str, Any] = {}
        if self.lora is not None and not self._lora_fused:
            extra["joint_attention_kwargs"] = {"scale": self.lora_scale}
        started = time.perf_counter()
        with torch.inference_mode():
            latents = self.pipe(
                prompt=clip_prompts,
                prompt_2=clip_prompts,
                prompt_3=[t5 for _, t5 in fitted],
                negative_prompt=[options.negative_prompt] * len(prompts),
                height=options.height,
                width=options.width,
                num_inference_steps=options.num_inference_steps,
                guidance_scale=options.guidance_scale,
                generator=generators,
                max_sequence_length=T5_MAX_TOKENS,
                output_type="latent",
                **extra,
            ).images
            _synchronize(latents.device)
            denoised = time.perf_counter()
            images = self.decode(latents)
            _synchronize(latents.device)
        decoded = time.perf_counter()
        timings = {"denoise": denoised - started, "decode": decoded - denoised}
        return [Painting(image=image, timings=dict(timings), batch_size=len(prompts)) for image in images]

    def decode(self, latents: Any) -> list[Image]:
        """Turn latents into PIL images with the VAE (as the pipeline does for `output_type="pil"`)."""
        vae = self.pipe.vae
        latents = (latents / vae.config.scaling_factor) + vae.config.shift_factor
        decoded = vae.decode(latents.to(vae.dtype), return_dict=False)[0]
        images = self.pipe.image_processor.postprocess(decoded, output_type="pil")
        self.pipe.maybe_free_model_hooks()
        return list(images)


def _t5_in_8bit(source: str, dtype: str) -> Any:
    """SD3.5's T5-XXL encoder quantized to 8 bits at load (~4.8 GB instead of ~9.5 GB)."""
    import torch
    from transformers import T5EncoderModel

    return T5EncoderModel.from_pretrained(
        source,
        subfolder="text_encoder_3",
        quantization_config=bitsandbytes_config("8bit", dtype, needed_by="CRAYON_T5=8bit"),
        dtype=getattr(torch, dtype),
    )


def load_lora(pipe: StableDiffusion3Pipeline, lora: Path, scale: float) -> None:
    """Load a diffusers-format LoRA folder through the pipeline's own `load_lora_weights`."""
    if not (lora / LORA_WEIGHTS_FILE).is_file():
        raise LoraError(f"{lora} holds no {LORA_WEIGHTS_FILE}; point CRAYON_LORA or --lora at a trained LoRA folder")
    pipe.load_lora_weights(str(lora), weight_name=LORA_WEIGHTS_FILE, adapter_name=LORA_ADAPTER)
    logger.info("loaded LoRA %s at scale %.2f", lora, scale)


def _synchronize(device: Any) -> None:
    import torch

    if getattr(device, "type", None) == "cuda":
        torch.cuda.synchronize(device)
