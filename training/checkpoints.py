"""What a training run leaves on disk: checkpoints that `--resume` continues exactly, and the finished LoRA
in diffusers' format with its `style.json`."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.profiles import ResolvedProfile
from engine.style import LORA_WEIGHTS_FILE, STYLE_FILE
from training.config import TrainConfig
from training.errors import TrainingError

logger = logging.getLogger(__name__)

CHECKPOINTS = "checkpoints"
RESUME_SAME = ("rank", "alpha", "batch_size", "seed", "resolution", "lr", "optimizer")
"""Options a resumed run must share with its checkpoint (`--steps` may grow)."""


def resume_point(config: TrainConfig, data_fingerprint: str) -> tuple[int, Path | None]:
    """The step to start from and the checkpoint to load (0 and None for a fresh run), or why not."""
    folder = config.out / CHECKPOINTS
    if not config.resume:
        if folder.is_dir() and any(folder.iterdir()):
            raise TrainingError(f"{config.out} holds checkpoints already: add --resume, or choose another --out")
        return 0, None
    checkpoints = sorted(folder.glob("step-*")) if folder.is_dir() else []
    if not checkpoints:
        raise TrainingError(f"--resume: no checkpoint in {folder}")
    latest = checkpoints[-1]
    state = json.loads((latest / "state.json").read_text())
    if state["dataset_fingerprint"] != data_fingerprint or state["strategy"] != config.strategy:
        raise TrainingError(f"--resume: {latest} was trained on other data or with another strategy")
    changed = [
        f"--{name.replace('_', '-')} {state[name]}"
        for name in RESUME_SAME
        if name in state and state[name] != getattr(config, name)
    ]
    if changed:
        # The checkpoint's LoRA shape and its batches only continue under the options it was trained with.
        raise TrainingError(f"--resume: {latest} was trained with {', '.join(changed)}; resume with the same")
    if state["step"] >= config.steps:
        raise TrainingError(f"--resume: {latest} is at step {state['step']}; ask for more --steps than that")
    return int(state["step"]), latest


def save_checkpoint(config: TrainConfig, transformer: Any, optimizer: Any, step: int, data_fingerprint: str) -> None:
    """The LoRA, the optimizer and the options at `step`, written whole or not at all; the oldest go."""
    import torch

    folder = config.out / CHECKPOINTS / f"step-{step:06d}"
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    save_lora(transformer, partial)
    torch.save(optimizer.state_dict(), partial / "optimizer.pt")
    state = {"step": step, "dataset_fingerprint": data_fingerprint, **asdict(config), "out": str(config.out)}
    (partial / "state.json").write_text(json.dumps(state, indent=2, default=str))
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    for old in sorted((config.out / CHECKPOINTS).glob("step-??????"))[: -config.keep_checkpoints]:
        shutil.rmtree(old, ignore_errors=True)


def load_checkpoint(folder: Path, transformer: Any, optimizer: Any) -> None:
    """Put a checkpoint's LoRA weights into `transformer` and its state into `optimizer`."""
    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    weights = load_file(str(folder / LORA_WEIGHTS_FILE))
    state = {key.removeprefix("transformer."): value for key, value in weights.items()}
    set_peft_model_state_dict(transformer, state, adapter_name="default")
    optimizer.load_state_dict(torch.load(folder / "optimizer.pt", weights_only=True))
    logger.info("resumed from %s", folder)


def save_lora(transformer: Any, folder: Path) -> None:
    """The transformer's LoRA as `pytorch_lora_weights.safetensors`, in diffusers' format."""
    from diffusers import StableDiffusion3Pipeline
    from peft.utils import get_peft_model_state_dict

    folder.mkdir(parents=True, exist_ok=True)
    layers = get_peft_model_state_dict(transformer)
    # The adapter's config travels with the weights: without it diffusers loads alpha = rank, and a LoRA
    # trained at scale alpha / rank would draw at scale 1.
    StableDiffusion3Pipeline.save_lora_weights(
        folder,
        transformer_lora_layers=layers,
        weight_name=LORA_WEIGHTS_FILE,
        transformer_lora_adapter_metadata=transformer.peft_config["default"].to_dict(),
    )


def write_style(
    config: TrainConfig,
    profile: ResolvedProfile,
    labels: tuple[str, ...],
    *,
    trigger: str,
    examples: int,
    data_fingerprint: str,
) -> None:
    """`style.json` beside the LoRA: its trigger and labels for the bot, and how it was trained."""
    style = {
        "trigger_template": trigger,
        "labels": list(labels),
        "strategy": config.strategy,
        "base_model": profile.diffusion_source,
        "profile": profile.name,
        "steps": config.steps,
        "lr": config.lr,
        "rank": config.rank,
        "alpha": config.alpha or config.rank,
        "resolution": config.resolution,
        "batch_size": config.batch_size,
        "examples": examples,
        "dataset_fingerprint": data_fingerprint,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (config.out / STYLE_FILE).write_text(json.dumps(style, indent=2, ensure_ascii=False))
