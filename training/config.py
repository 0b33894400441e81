"""`crayon train`'s options (the errors that stop a run are in `training.errors`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from training.data import Strategy


@dataclass(frozen=True)
class TrainConfig:
    """`crayon train` options: the paper's 10,000 steps, lr 4e-4 and 512 px; diffusers' script's rank and batch."""

    data: str
    strategy: Strategy
    out: Path
    steps: int = 10_000
    lr: float = 4e-4
    rank: int = 4
    alpha: float | None = None
    resolution: int = 512
    batch_size: int = 4
    seed: int = 0
    checkpoint_every: int = 500
    keep_checkpoints: int = 2
    validate_every: int = 1000
    optimizer: Literal["adamw", "adamw8bit"] = "adamw"
    gradient_checkpointing: bool = True
    max_grad_norm: float = 1.0
    text_max_tokens: int = 77
    validation_steps: int = 28
    resume: bool = False
    repeat_batch: bool = False
    """Train on one fixed batch with fixed noise: a quick check that learning works (tests, smoke runs)."""
