"""LoRA training throughput (steps/s) and peak memory, through the trainer's own step.

    python -m benchmarks.train_throughput --arch tiny --batch 1 4          # this machine
    python -m benchmarks.train_throughput --arch real --batch 1 4          # a GPU: SD3.5 Medium, 512 px
    python -m benchmarks.train_throughput --arch real --rank 16            # the rank the defaults were before

The real architecture is built from `engine/configs/` with random weights (no download); the batch is
random latents and text embeddings of the real shapes (77 CLIP + 77 T5 tokens, as training caches them).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import torch
from diffusers import FlowMatchEulerDiscreteScheduler, SD3Transformer2DModel

from engine import real_arch
from engine.tiny import ensure_tiny_models
from training.trainer import TrainConfig, flow_matching_step, make_optimizer, with_lora

KIDO_DRAWINGS = 9_228


def transformer_for(arch: str, device: str) -> Any:
    if arch == "real":
        return real_arch.build_transformer(device=device, dtype="bfloat16" if device.startswith("cuda") else "float32")
    folder = ensure_tiny_models(Path("/tmp/crayon-bench-models"))
    return SD3Transformer2DModel.from_pretrained(folder / "sd3", subfolder="transformer")


def measure(args: argparse.Namespace, batch: int) -> dict[str, Any]:
    device = args.device
    transformer = transformer_for(args.arch, device)
    config = TrainConfig(
        data="",
        strategy="emotion",
        out=Path("/tmp"),
        rank=args.rank,
        resolution=args.resolution,
        gradient_checkpointing=not args.no_checkpointing,
        optimizer=args.optimizer,
    )
    transformer = with_lora(transformer, config, device)
    parameters = [parameter for parameter in transformer.parameters() if parameter.requires_grad]
    optimizer = make_optimizer(config, parameters)
    scheduler = FlowMatchEulerDiscreteScheduler(num_train_timesteps=1000, shift=3.0)
    channels = transformer.config.in_channels
    side = args.resolution // 8
    latents = torch.randn(batch, channels, side, side)
    embeds = torch.randn(batch, args.text_tokens, transformer.config.joint_attention_dim)
    pooled = torch.randn(batch, transformer.config.pooled_projection_dim)
    on_cuda = device.startswith("cuda")

    def step(index: int) -> float:
        return flow_matching_step(
            transformer,
            optimizer,
            parameters,
            latents=latents,
            embeds=embeds,
            pooled=pooled,
            timesteps_all=scheduler.timesteps,
            sigmas_all=scheduler.sigmas,
            generator=torch.Generator().manual_seed(index),
            device=device,
        )

    for index in range(args.warmup):
        step(index)
    if on_cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    for index in range(args.steps):
        step(index)
    if on_cuda:
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    trainable = sum(parameter.numel() for parameter in parameters)
    result = {
        "arch": args.arch,
        "device": torch.cuda.get_device_name() if on_cuda else "cpu",
        "batch": batch,
        "resolution": args.resolution,
        "rank": args.rank,
        "trainable_parameters": trainable,
        "gradient_checkpointing": not args.no_checkpointing,
        "steps_per_second": round(args.steps / seconds, 3),
        "images_per_second": round(args.steps * batch / seconds, 3),
        "hours_for_10000_steps": round(10_000 / (args.steps / seconds) / 3600, 2),
        # The paper's 9,228 KIDO drawings, at the paper's 10,000 steps.
        "epochs_in_10000_steps": round(10_000 * batch / KIDO_DRAWINGS, 2),
    }
    if on_cuda:
        result["peak_gpu_gib"] = round(torch.cuda.max_memory_allocated() / 1024**3, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arch", choices=["tiny", "real"], default="tiny")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--resolution", type=int, default=512)
    parser.add_argument("--rank", type=int, default=TrainConfig.rank)
    parser.add_argument("--text-tokens", type=int, default=154)
    parser.add_argument("--optimizer", choices=["adamw", "adamw8bit"], default="adamw")
    parser.add_argument("--no-checkpointing", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results = []
    for batch in args.batch:
        results.append(measure(args, batch))
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
