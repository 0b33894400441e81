"""`crayon train` and `crayon eval`: the LoRA trained and measured."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_OK, quiet_libraries
from bot.errors import UsageError
from bot.settings import Settings
from engine.pipeline import DiaryPipeline
from engine.profiles import ResolvedProfile, resolve_profile
from engine.style import StyleSpec

logger = logging.getLogger(__name__)


def add_parsers(commands: Any) -> None:
    train = commands.add_parser("train", help="train the children's-drawing LoRA (paper defaults)")
    train.add_argument("--data", required=True, help="image folder with metadata.jsonl, or a dataset id")
    train.add_argument("--strategy", required=True, choices=["trigger", "emotion", "emotion-text"])
    train.add_argument("--out", type=Path, required=True, help="folder for the LoRA, checkpoints and logs")
    train.add_argument("--steps", type=int, default=10_000, help="total optimisation steps (paper: 10,000)")
    train.add_argument("--lr", type=float, default=4e-4, help="learning rate (paper: 4e-4)")
    train.add_argument("--rank", type=int, default=4, help="LoRA rank (diffusers' script: 4)")
    train.add_argument("--alpha", type=float, help="LoRA alpha (default: the rank)")
    train.add_argument("--resolution", type=int, default=512, help="training size in pixels (paper: 512)")
    train.add_argument("--batch-size", type=int, default=4, help="drawings per step (diffusers' script: 4)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--checkpoint-every", type=int, default=500)
    train.add_argument("--validate-every", type=int, default=1000)
    train.add_argument("--optimizer", choices=["adamw", "adamw8bit"], default="adamw")
    train.add_argument("--resume", action="store_true", help="continue from the latest checkpoint in --out")
    train.set_defaults(handler=train_command)

    evaluate = commands.add_parser("eval", help="draw diaries with the base model and each LoRA, and measure")
    evaluate.add_argument("--diaries", type=Path, required=True, help="JSON lines with text (and emotion, id)")
    evaluate.add_argument("--lora", type=Path, action="append", default=[], help="a LoRA folder (repeatable)")
    evaluate.add_argument("--seeds", type=int, default=1, help="seeds per diary and configuration")
    evaluate.add_argument("--limit", type=int, help="only the first N diaries")
    evaluate.add_argument("--out", type=Path, required=True, help="folder for images and the report")
    evaluate.add_argument(
        "--raw-diary",
        action="store_true",
        help="also paint each diary's raw Korean text with the last configuration, no English scene (paper Fig. 4)",
    )
    evaluate.add_argument(
        "--safe-negative",
        action="store_true",
        help="paint with the bot's safe negative prompt (default: none, as the paper, so results stay comparable)",
    )
    evaluate.set_defaults(handler=eval_command)


def train_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon train`: a LoRA on children's drawings, with the data checked before any GPU work."""
    from training.errors import DataError, TrainingError
    from training.trainer import TrainConfig, train

    config = TrainConfig(
        data=args.data,
        strategy=args.strategy,
        out=args.out,
        steps=args.steps,
        lr=args.lr,
        rank=args.rank,
        alpha=args.alpha,
        resolution=args.resolution,
        batch_size=args.batch_size,
        seed=args.seed,
        checkpoint_every=args.checkpoint_every,
        validate_every=args.validate_every,
        optimizer=args.optimizer,
        resume=args.resume,
        validation_steps=settings.num_inference_steps,
    )
    try:
        from training.data import load_examples

        load_examples(config.data, tuple(settings.labels))  # bad data is named before any model loads
        profile = start_training_profile(settings)
        result = train(config, profile, tuple(settings.labels), progress=sys.stderr.isatty())
    except (DataError, TrainingError) as error:
        raise UsageError(error) from error
    print(f"LoRA saved to {config.out} (steps {result.first_step}→{result.steps}, last loss {result.losses[-1]:.4f})")
    print(
        f"{result.steps_per_second:.2f} steps/s"
        + (f", peak GPU memory {result.peak_gpu_bytes / 1024**3:.1f} GiB" if result.peak_gpu_bytes else "")
    )
    return EXIT_OK


def eval_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon eval`: the paper's comparison, with fixed seeds, as Markdown/CSV tables and a grid."""
    from pathlib import Path as _Path

    from training.errors import EvalError
    from training.evaluate import configurations, evaluate, read_diaries
    from training.measures import Judge

    if args.seeds < 1 or (args.limit is not None and args.limit < 1):
        raise UsageError("--seeds and --limit must be at least 1")
    # The paper draws without a negative prompt; the bot's safe one is a choice for comparisons of our own.
    negative = settings.negative_prompt if args.safe_negative else ""
    base_settings = settings.model_copy(update={"lora": None, "negative_prompt": negative})
    style = StyleSpec.load(None, trigger_template=settings.trigger_template, labels=settings.labels)
    try:
        diaries = read_diaries(args.diaries, style.labels, args.limit)
        configs = configurations(args.lora, style, raw_diary=args.raw_diary)
    except EvalError as error:
        raise UsageError(error) from error
    profile = start_training_profile(settings)
    pipeline = DiaryPipeline.from_settings(base_settings, profile)
    judge_source = (
        str(_Path(profile.diffusion_source).parent / "clip") if profile.name == "tiny" else settings.eval_clip_model
    )
    judge = Judge.from_pretrained(
        judge_source, labels=style.labels, device=profile.device, max_tokens=settings.eval_clip_max_tokens
    )
    report = evaluate(pipeline, judge, diaries, configs, seeds=args.seeds, out=args.out, progress=sys.stderr.isatty())
    print((args.out / "summary.md").read_text(encoding="utf-8"))
    print(f"Report, images and grid in {args.out} ({len(report.rows)} drawings).")
    return EXIT_OK


def start_training_profile(settings: Settings) -> ResolvedProfile:
    quiet_libraries()
    profile = resolve_profile(settings)
    if profile.notice:
        print(f"crayon: {profile.notice}", file=sys.stderr)
    return profile
