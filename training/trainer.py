"""`crayon train`: a flow-matching LoRA on the SD3.5 Medium transformer, as the paper trained it.

The paper's lr and steps on the defaults of diffusers' `train_dreambooth_lora_sd3.py` (rank 4,
batch 4, logit-normal timesteps, preconditioned loss), with captions by strategy (`kido style` /
`kido <emotion> style` / `kido <emotion> style, <text>`), balanced epochs across labels, the
dual-attention `attn2` layers trained too, bf16 mixed precision on CUDA, gradient checkpointing,
cached latents and text embeddings, and checkpoints that `--resume` continues exactly.
"""

from __future__ import annotations

import contextlib
import csv
import logging
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import BitsandbytesMissingError
from engine.profiles import ResolvedProfile
from engine.quantization import import_bitsandbytes
from training.cache import TrainingCache, build_cache, encode_prompts, release_text_encoders
from training.checkpoints import load_checkpoint, resume_point, save_checkpoint, save_lora, write_style
from training.config import TrainConfig
from training.data import BalancedSampler, caption, fingerprint, inference_template, load_examples
from training.errors import TrainingError
from training.validation import draw_validation, validation_prompts

logger = logging.getLogger(__name__)

# Every attention projection of SD3.5 Medium, the dual-attention `attn2` blocks included (their
# modules are named transformer_blocks.N.attn2.to_q and so on, so these names cover them). Diffusers'
# script names `attn.to_q` and so on, which leaves attn2 out; see the README for why we differ.
LORA_TARGETS = ["to_q", "to_k", "to_v", "to_out.0", "add_q_proj", "add_k_proj", "add_v_proj", "to_add_out"]
LOG_FILE = "train_log.csv"


@dataclass
class TrainResult:
    out: Path
    first_step: int
    steps: int
    losses: list[float] = field(default_factory=list)
    seconds: float = 0.0
    peak_gpu_bytes: int | None = None

    @property
    def steps_per_second(self) -> float:
        done = self.steps - self.first_step
        return done / self.seconds if self.seconds > 0 else 0.0


def train(
    config: TrainConfig, profile: ResolvedProfile, labels: tuple[str, ...], *, progress: bool = True
) -> TrainResult:
    """Train and save `pytorch_lora_weights.safetensors` and `style.json` in `config.out`."""
    import torch

    # 1. check the data and the options, before any model loads
    if config.steps < 1 or config.batch_size < 1 or config.rank < 1 or config.lr <= 0:
        raise TrainingError("--steps, --batch-size and --rank must be at least 1, --lr above 0")
    if config.resolution % 16:
        raise TrainingError(f"--resolution {config.resolution} must be a multiple of 16")
    examples = load_examples(config.data, labels)
    data_fingerprint = fingerprint(examples)
    captions = [caption(example, config.strategy) for example in examples]
    first_step, checkpoint = resume_point(config, data_fingerprint)

    # 2. load the pipeline, cache latents and text embeddings, keep only the transformer on the device
    device = profile.device
    weight_dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
    pipe = _load_pipeline(profile, weight_dtype)
    trigger = inference_template(config.strategy)
    validation = validation_prompts(labels, trigger)
    encoded_validation = encode_prompts(
        pipe, [""] + [prompt for _, prompt in validation], device=device, text_max_tokens=config.text_max_tokens
    )
    cache_folder = config.out / "cache" / f"{data_fingerprint}-{config.strategy}-{config.resolution}"
    cache = TrainingCache.load(cache_folder) or build_cache(
        pipe,
        examples,
        captions,
        cache_folder,
        resolution=config.resolution,
        device=device,
        text_max_tokens=config.text_max_tokens,
    )
    release_text_encoders(pipe)

    # 3. the LoRA on the transformer, the optimizer, and where a checkpoint left off
    transformer = with_lora(pipe.transformer, config, device)
    parameters = [parameter for parameter in transformer.parameters() if parameter.requires_grad]
    optimizer = make_optimizer(config, parameters)
    if checkpoint is not None:
        load_checkpoint(checkpoint, transformer, optimizer)

    # 4. the loop
    sampler = BalancedSampler([example.emotion for example in examples], labels, config.seed)
    logger.info(
        "%d drawings; an epoch is %d draws (%d steps of %d), so %d steps are %.2f epochs",
        len(examples),
        sampler.epoch_length,
        math.ceil(sampler.epoch_length / config.batch_size),
        config.batch_size,
        config.steps,
        config.steps * config.batch_size / sampler.epoch_length,
    )
    scheduler = pipe.scheduler
    timesteps_all = scheduler.timesteps.clone()
    sigmas_all = scheduler.sigmas.clone()
    log = _open_log(config.out, first_step)
    writer = _tensorboard(config.out)
    if device.startswith("cuda"):
        torch.cuda.reset_peak_memory_stats()
    result = TrainResult(out=config.out, first_step=first_step, steps=config.steps)
    bar = _progress(progress, config.steps, first_step)
    started = time.perf_counter()
    for step in range(first_step, config.steps):
        loss = _step(
            config, transformer, optimizer, parameters, cache, sampler, timesteps_all, sigmas_all, step, device
        )
        if not math.isfinite(loss):
            raise TrainingError(f"the loss is {loss} at step {step + 1}; try a lower --lr")
        result.losses.append(loss)
        done = step + 1
        log.writerow([done, f"{loss:.6f}", config.lr, f"{time.perf_counter() - started:.3f}"])
        if writer is not None:
            writer.add_scalar("train/loss", loss, done)
        if bar is not None:
            bar.set_postfix(loss=f"{loss:.4f}")
            bar.update(1)
        if done % config.checkpoint_every == 0 or done == config.steps:
            save_checkpoint(config, transformer, optimizer, done, data_fingerprint)
        if done % config.validate_every == 0 or done == config.steps:
            draw_validation(pipe, transformer, encoded_validation, validation, config, done)
    result.seconds = time.perf_counter() - started
    if bar is not None:
        bar.close()
    if device.startswith("cuda"):
        result.peak_gpu_bytes = torch.cuda.max_memory_allocated()
    if writer is not None:
        writer.close()

    # 5. the LoRA in diffusers' format, and style.json beside it
    save_lora(transformer, config.out)
    write_style(config, profile, labels, trigger=trigger, examples=len(examples), data_fingerprint=data_fingerprint)
    return result


def _load_pipeline(profile: ResolvedProfile, weight_dtype: Any) -> Any:
    from diffusers import StableDiffusion3Pipeline

    kwargs: dict[str, Any] = {"dtype": weight_dtype}
    if profile.name == "tiny":
        kwargs.update(text_encoder_3=None, tokenizer_3=None)
    pipe = StableDiffusion3Pipeline.from_pretrained(profile.diffusion_source, **kwargs)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def with_lora(transformer: Any, config: TrainConfig, device: str) -> Any:
    import torch
    from diffusers.training_utils import cast_training_params
    from peft import LoraConfig

    transformer.requires_grad_(False)
    # The LoRA's random start comes from the seed too: the same command trains the same LoRA.
    torch.manual_seed(config.seed)
    transformer.add_adapter(
        LoraConfig(
            r=config.rank,
            lora_alpha=config.alpha or config.rank,
            init_lora_weights="gaussian",
            target_modules=LORA_TARGETS,
        )
    )
    names = [name for name, _ in transformer.named_modules()]
    if any(".attn2." in name for name in names) and not any(".attn2." in name and "lora_A" in name for name in names):
        raise TrainingError("the LoRA missed the dual-attention attn2 layers")
    cast_training_params(transformer, dtype=torch.float32)
    transformer.to(device)
    if config.gradient_checkpointing:
        transformer.enable_gradient_checkpointing()
    transformer.train()
    return transformer


def make_optimizer(config: TrainConfig, parameters: list[Any]) -> Any:
    import torch

    if config.optimizer == "adamw8bit":
        try:
            bitsandbytes = import_bitsandbytes("--optimizer adamw8bit")
        except BitsandbytesMissingError as error:
            raise TrainingError(str(error)) from error
        return bitsandbytes.optim.AdamW8bit(parameters, lr=config.lr, weight_decay=1e-4)
    return torch.optim.AdamW(parameters, lr=config.lr, betas=(0.9, 0.999), weight_decay=1e-4, eps=1e-8)


def _step(
    config: TrainConfig,
    transformer: Any,
    optimizer: Any,
    parameters: list[Any],
    cache: TrainingCache,
    sampler: BalancedSampler,
    timesteps_all: Any,
    sigmas_all: Any,
    step: int,
    device: str,
) -> float:
    """One step on the cached data; its batch and noise depend only on (seed, step)."""
    import numpy as np
    import torch

    draw = 0 if config.repeat_batch else step
    indices = sampler.batch(draw, config.batch_size)
    rows = [cache.caption_of[i] for i in indices]

    def stacked(arrays: list[Any]) -> Any:
        return torch.from_numpy(np.stack(arrays).astype(np.float32))

    return flow_matching_step(
        transformer,
        optimizer,
        parameters,
        latents=stacked([cache.latents[i] for i in indices]),
        embeds=stacked([cache.prompt_embeds[r] for r in rows]),
        pooled=stacked([cache.pooled[r] for r in rows]),
        timesteps_all=timesteps_all,
        sigmas_all=sigmas_all,
        generator=torch.Generator().manual_seed(config.seed * 1_000_003 + draw),
        device=device,
        max_grad_norm=config.max_grad_norm,
    )


def flow_matching_step(
    transformer: Any,
    optimizer: Any,
    parameters: list[Any],
    *,
    latents: Any,
    embeds: Any,
    pooled: Any,
    timesteps_all: Any,
    sigmas_all: Any,
    generator: Any,
    device: str,
    max_grad_norm: float = 1.0,
) -> float:
    """One optimisation step of the rectified-flow loss (SD3's recipe) on a batch; returns the loss."""
    import torch
    from diffusers.training_utils import compute_density_for_timestep_sampling

    on_cuda = device.startswith("cuda")
    dtype = torch.bfloat16 if on_cuda else torch.float32
    latents, embeds, pooled = (tensor.to(device, dtype) for tensor in (latents, embeds, pooled))
    noise = torch.randn(latents.shape, generator=generator).to(device, dtype)
    # Logit-normal timesteps: mostly the middle of the noise range.
    u = compute_density_for_timestep_sampling(
        "logit_normal", latents.shape[0], logit_mean=0.0, logit_std=1.0, generator=generator
    )
    positions = (u * len(timesteps_all)).long().clamp(max=len(timesteps_all) - 1)
    timesteps = timesteps_all[positions].to(device)
    sigmas = sigmas_all[positions].to(device, dtype).view(-1, 1, 1, 1)
    noisy = (1.0 - sigmas) * latents + sigmas * noise

    autocast = torch.autocast("cuda", dtype=torch.bfloat16) if on_cuda else contextlib.nullcontext()
    with autocast:
        prediction = transformer(
            hidden_states=noisy,
            timestep=timesteps,
            encoder_hidden_states=embeds,
            pooled_projections=pooled,
            return_dict=False,
        )[0]
    # As diffusers' script by default (`--precondition_outputs 1`), which the paper trained with: the
    # predicted velocity (data to noise) turned into clean latents, x0 = x_t - σ·v, against the clean
    # latents. Per sample that is the velocity error weighted by σ²; logit-normal adds no weighting.
    denoised = noisy.float() - sigmas.float() * prediction.float()
    loss = ((denoised - latents.float()) ** 2).reshape(latents.shape[0], -1).mean(dim=1).mean()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(parameters, max_grad_norm)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return float(loss.detach().item())


def _open_log(out: Path, first_step: int) -> Any:
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOG_FILE
    fresh = first_step == 0 or not path.exists()
    file = path.open("w" if fresh else "a", newline="", encoding="utf-8", buffering=1)
    log = csv.writer(file)
    if fresh:
        log.writerow(["step", "loss", "lr", "seconds"])
    return log


def _tensorboard(out: Path) -> Any:
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        return None
    return SummaryWriter(log_dir=str(out / "tensorboard"))


def _progress(enabled: bool, total: int, initial: int) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, desc="training", unit="step")


__all__ = ["TrainConfig", "TrainResult", "train"]
