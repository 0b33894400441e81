"""`crayon bench`: the engine timed stage by stage, and the queue under load."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

from bot.cli.common import EXIT_FAILED, EXIT_OK
from bot.cli.training import start_training_profile
from bot.errors import UsageError
from bot.settings import Settings
from engine.pipeline import DiaryPipeline
from engine.profiles import ResolvedProfile
from engine.style import StyleSpec

logger = logging.getLogger(__name__)


def add_parsers(commands: Any) -> None:
    bench = commands.add_parser("bench", help="time the engine stage by stage (and the queue under load)")
    bench.add_argument("--n", type=int, default=5, help="drawings to time (after one warm-up)")
    bench.add_argument("--concurrency", type=int, default=0, help="children writing at once through the queue")
    bench.add_argument(
        "--arch",
        choices=["profile", "real"],
        default="profile",
        help="real: Qwen3-8B and SD3.5 Medium from their real configurations, random weights",
    )
    bench.add_argument("--t5", choices=["on", "off"], help="real architecture: with or without T5 (default on)")
    bench.add_argument("--steps", type=int, help="denoising steps (default CRAYON_NUM_INFERENCE_STEPS)")
    bench.add_argument("--size", type=int, help="drawing size in pixels (default CRAYON_WIDTH)")
    bench.add_argument("--tokens", type=int, help="most LLM tokens per prompt (default CRAYON_LLM_MAX_NEW_TOKENS)")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.set_defaults(handler=bench_command)


def bench_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon bench`: per-stage p50/p95, tokens/s, s/step, peak memory; queue throughput with --concurrency."""
    from bot.bench import as_text, bench

    if args.n < 1 or args.concurrency < 0:
        raise UsageError("--n must be at least 1 and --concurrency at least 0")
    updates: dict[str, object] = {}
    if args.steps:
        updates["num_inference_steps"] = args.steps
    if args.size:
        updates.update(height=args.size, width=args.size)
    if args.tokens:
        updates["llm_max_new_tokens"] = args.tokens
    settings = settings.model_copy(update=updates)
    if settings.engine == "ray":
        from bot.bench_cluster import bench_on_cluster
        from engine.errors import DeployTimeoutError

        try:
            report = bench_on_cluster(settings, n=args.n, concurrency=args.concurrency or args.n)
        except DeployTimeoutError as error:
            print(f"crayon bench: {error}", file=sys.stderr)
            return EXIT_FAILED
        print(json.dumps(report) if args.json else json.dumps(report, indent=2))
        return EXIT_OK
    profile = start_training_profile(settings)
    if args.arch == "real":
        pipeline = _real_architecture(settings, profile, t5=args.t5 != "off")
    else:
        pipeline = DiaryPipeline.from_settings(settings, profile)
    report = bench(pipeline, profile, settings, n=args.n, concurrency=args.concurrency, arch=args.arch)
    print(json.dumps(report) if args.json else as_text(report))
    return EXIT_OK


def _real_architecture(settings: Settings, profile: ResolvedProfile, *, t5: bool) -> DiaryPipeline:
    """Qwen3-8B and SD3.5 Medium with random weights, built on the profile's device (tiny tokenizers)."""
    from engine import real_arch
    from engine.painter import PaintOptions
    from engine.prompt_writer import WriterOptions
    from engine.tiny import ensure_tiny_models

    tiny = ensure_tiny_models(settings.tiny_models_dir)
    style = StyleSpec.load(None, trigger_template=settings.trigger_template, labels=settings.labels)
    writer = real_arch.build_writer(
        tiny,
        device=profile.device,
        dtype=profile.dtype,
        labels=style.labels,
        options=WriterOptions.from_settings(settings, compile=profile.compile),
    )
    # As the bot paints (the negative prompt costs nothing extra: guidance encodes one either way).
    options = PaintOptions.from_settings(settings)
    painter = real_arch.build_painter(tiny, device=profile.device, dtype=profile.dtype, use_t5=t5, options=options)
    if profile.compile:
        painter.compile()
    pipeline = DiaryPipeline(writer, painter, style, profile="real-arch", max_diary_chars=settings.max_diary_chars)
    if profile.compile:
        pipeline.warm_up(settings.batch_size)
    return pipeline
