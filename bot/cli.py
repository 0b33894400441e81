"""The `crayon` command line: a thin layer over the engine; errors become one friendly line here."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from bot.logs import TokenRedactor, keep_private_data_out_of_logs
from engine.pipeline import MAX_SEED, DiaryError, DiaryPipeline, DrawingResult, check_diary
from engine.profiles import ResolvedProfile, resolve_profile
from engine.settings import Settings
from engine.style import StyleError, StyleSpec
from engine.worker import EngineWorker

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """The command was given something it cannot use; the message says what to do instead."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="crayon", description="Turn a child's Korean diary into a drawing.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and full errors")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    draw = commands.add_parser("draw", help="draw one diary entry into a PNG")
    draw.add_argument("text", metavar="TEXT", help="the diary entry (Korean); '-' reads it from standard input")
    draw.add_argument("--out", type=Path, help="PNG file to write (default: CRAYON_DATA_DIR/drawings/…)")
    draw.add_argument(
        "--style",
        default="auto",
        help="happy or sad overrides the mood the diary shows; auto (default) follows the diary",
    )
    draw.add_argument("--seed", type=int, help="seed for a reproducible drawing (0..2147483647)")
    draw.add_argument("--lora", type=Path, help="LoRA folder (overrides CRAYON_LORA)")
    draw.add_argument(
        "--trigger",
        help="trigger put before the prompt, e.g. 'kido style' or 'hand drawing {emotion} style' "
        "(default: the LoRA's style.json, model card instance_prompt or metadata, else CRAYON_TRIGGER_TEMPLATE)",
    )
    draw.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    draw.set_defaults(handler=draw_command)

    chat = commands.add_parser("chat", help="chat with the bot in this terminal, as one child")
    chat.set_defaults(handler=chat_command)

    serve = commands.add_parser("serve", help="run the bot: HTTP server, Telegram (with a token), worker")
    serve.set_defaults(handler=serve_command)

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

    models = commands.add_parser("models", help="download the full profile's weights, or show what the cache holds")
    actions = models.add_subparsers(dest="action", required=True, parser_class=_Parser)
    download = actions.add_parser(
        "download", help="fetch the models the settings name into the Hugging Face cache (disk space checked first)"
    )
    download.add_argument("--eval", action="store_true", help="also the crayon eval judge (CRAYON_EVAL_CLIP_MODEL)")
    download.set_defaults(handler=models_download_command)
    status = actions.add_parser("status", help="show which of those models the Hugging Face cache holds")
    status.set_defaults(handler=models_status_command)

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

    remind = commands.add_parser("remind", help="send the reminders that would be due today")
    remind.add_argument("--now", action="store_true", required=True, help="send them right away")
    remind.set_defaults(handler=remind_command)

    albums = commands.add_parser("albums", help="send every linked parent their child's weekly album")
    albums.add_argument("--now", action="store_true", required=True, help="send them right away")
    albums.add_argument("--last", action="store_true", help="last week's albums instead of this week's")
    albums.set_defaults(handler=albums_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        location = str(first["loc"][0]) if first["loc"] else ""
        field = Settings.env_name(location) if location in Settings.model_fields else location or "settings"
        print(f"crayon: setting {field} is not valid: {first['msg']}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args, settings))
    except UsageError as error:
        print(f"crayon {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("crayon: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the one place where any failure becomes a line, not a traceback
        if args.verbose:
            logger.exception("crayon %s failed", args.command)
        hint = "" if args.verbose else " (run with --verbose for details)"
        print(f"crayon {args.command}: failed: {error}{hint}", file=sys.stderr)
        return EXIT_FAILED


def draw_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon draw`: one diary → one PNG."""
    started = time.perf_counter()
    if args.lora is not None:
        settings = settings.model_copy(update={"lora": args.lora})
    text = sys.stdin.read() if args.text == "-" else args.text

    # Check everything cheap before any model loads.
    if settings.lora is not None and not settings.lora.is_dir():
        raise UsageError(f"LoRA folder {settings.lora} does not exist")
    try:
        style = StyleSpec.load(settings.lora, trigger_template=settings.trigger_template, labels=settings.labels)
        if args.trigger is not None:
            style = style.with_trigger(args.trigger)
        override = style.resolve_choice(args.style)
        check_diary(text, settings.max_diary_chars)
    except (StyleError, DiaryError) as error:
        raise UsageError(error) from error
    if args.seed is not None and not 0 <= args.seed <= MAX_SEED:
        raise UsageError(f"--seed {args.seed} is outside 0..{MAX_SEED}")

    setup_started = time.perf_counter()
    worker = _start_engine(settings, style)
    setup = time.perf_counter() - setup_started
    try:
        result = worker.draw_blocking(text, style=override, seed=args.seed)
    finally:
        worker.close()

    trigger_source = _trigger_source(style, settings)
    saving = time.perf_counter()
    out = args.out or settings.drawings_dir / f"{datetime.now():%Y%m%d-%H%M%S}-{result.seed}.png"
    _save_png(result, out)
    timings = {
        # setup: importing torch/transformers/diffusers and resolving the profile (building tiny models once)
        "setup": round(setup, 3),
        "load": round(worker.load_seconds or 0.0, 3),
        **{stage: round(seconds, 3) for stage, seconds in result.timings.items()},
        "save": round(time.perf_counter() - saving, 3),
        "total": round(time.perf_counter() - started, 3),
    }
    if args.json:
        report = {
            "emotion": result.emotion,
            "probabilities": {label: round(p, 4) for label, p in result.probabilities.items()},
            "prompt": result.prompt,
            "file": str(out),
            "seed": result.seed,
            "profile": result.profile,
            "preview": result.preview,
            # On the tiny profile the mood comes from random weights too: it says nothing about the diary.
            "emotion_preview": result.preview and not override,
            "detected_emotion": result.detected_emotion,
            "fell_back": result.fell_back,
            "trigger": style.trigger(result.emotion),
            "trigger_source": trigger_source,
            "models": result.models,
            "timings": timings,
        }
        print(json.dumps(report, ensure_ascii=False))
        return EXIT_OK

    chances = ", ".join(f"{label} {p:.2f}" for label, p in result.probabilities.items())
    if override:
        mood_note = f" (chosen with --style; the diary reads {result.detected_emotion})"
    elif result.preview:
        mood_note = " (PREVIEW: picked by tiny random models, not read from the diary)"
    else:
        mood_note = ""
    print(f"Drawing saved to {out}")
    print(f"Mood: {result.emotion}{mood_note} [{chances}]")
    print(f"Trigger: {style.trigger(result.emotion)} (from {trigger_source})")
    print(f"Prompt: {result.prompt}")
    print(
        f"Seed: {result.seed}   Time: {timings['total']:.1f} s "
        f"(start-up {timings['setup'] + timings['load']:.1f} s, drawing {timings['engine']:.1f} s)"
    )
    lora = result.models["lora"]
    if lora:
        print(f"Style LoRA: {lora} (scale {settings.lora_scale})")
    else:
        print("Style LoRA: none, so the base model draws without the children's-drawing style (see --lora).")
    if result.fell_back:
        print("Note: the prompt writer gave nothing usable, so a gentle generic scene was drawn.")
    if result.preview:
        print(
            "Note: PREVIEW from the tiny profile: random weights paint noise and pick the mood, so neither the "
            "drawing nor the mood reflects the diary. Use CRAYON_PROFILE=full with a GPU and the real weights "
            "(crayon models download)."
        )
    return EXIT_OK


def _trigger_source(style: StyleSpec, settings: Settings) -> str:
    """Where the trigger came from, in words a user can act on."""
    if style.source != "settings":
        return style.source
    if settings.lora is None:
        return "CRAYON_TRIGGER_TEMPLATE"
    return (
        f"CRAYON_TRIGGER_TEMPLATE: {settings.lora} names no trigger (no style.json, model card instance_prompt "
        "or weights metadata); pass --trigger if it was trained with another one"
    )


def chat_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon chat`: the bot in the terminal; drawings are written as files."""
    from bot.app import chat

    _quiet_libraries()
    asyncio.run(chat(settings))
    return EXIT_OK


def serve_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon serve`: the HTTP server, Telegram when TELEGRAM_BOT_TOKEN is set, and the drawing worker."""
    from bot.app import serve

    _quiet_libraries()
    logging.getLogger("bot").setLevel(logging.INFO)
    logging.getLogger("engine").setLevel(logging.INFO)
    logging.getLogger("storage").setLevel(logging.INFO)
    serve(settings)
    return EXIT_OK


def train_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon train`: a LoRA on children's drawings, with the data checked before any GPU work."""
    from training.trainer import DataError, TrainConfig, TrainingError, train

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
        profile = _start_training_profile(settings)
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

    from training.evaluate import EvalError, configurations, evaluate, read_diaries
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
    profile = _start_training_profile(settings)
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


def models_download_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon models download`: the models the settings name into the Hugging Face cache, space checked first."""
    from engine.download import (
        GB,
        DownloadError,
        check_free_space,
        download,
        free_space,
        hub_cache_dir,
        hub_models,
        plan_all,
    )

    models = hub_models(settings, eval_judge=args.eval)
    if not models:
        print("Nothing to download: every model the settings name is a local folder.")
        return EXIT_OK
    cache_dir = hub_cache_dir()
    try:
        from huggingface_hub import HfApi

        hub = HfApi()
        plans = plan_all(hub, models, cache_dir)
        check_free_space(sum(plan.missing_bytes for plan in plans), free_space(cache_dir), cache_dir)
        folders = {}
        for plan in plans:
            print(
                f"{plan.model.repo_id} ({plan.model.setting}): {plan.missing_bytes / GB:.1f} GB to fetch "
                f"of {plan.total_bytes / GB:.1f} GB",
                file=sys.stderr,
            )
            folders[plan.model.setting] = download(hub, plan, cache_dir)
    except DownloadError as error:
        print(f"crayon models download: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Downloaded {len(plans)} model(s) into {cache_dir}.")
    lora = folders.get(Settings.env_name("lora"))
    if lora is not None:
        print(f"The LoRA is in {lora}: set CRAYON_LORA to that folder (or pass it to --lora).")
    print("With a CUDA GPU, CRAYON_PROFILE=auto now uses the full profile.")
    return EXIT_OK


def models_status_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon models status`: which models the settings name are in the Hugging Face cache (no network)."""
    from engine.download import GB, cache_status, hub_cache_dir, hub_models

    cache_dir = hub_cache_dir()
    print(f"Hugging Face cache: {cache_dir}")
    judge = Settings.env_name("eval_clip_model")
    missing = set()
    for cached in cache_status(hub_models(settings, eval_judge=True), cache_dir):
        if cached.files:
            state = f"in the cache ({cached.size_bytes / GB:.1f} GB, {cached.files} files)"
        else:
            state = "not downloaded"
            missing.add(cached.model.setting)
        print(f"  {cached.model.setting}={cached.model.repo_id}: {state}")
    if missing - {judge}:
        print("Run `crayon models download` to fetch what is missing.")
    if judge in missing:
        print("`crayon models download --eval` also fetches the evaluation judge.")
    return EXIT_OK


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
    profile = _start_training_profile(settings)
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
        options=WriterOptions.from_settings(settings),
    )
    # As the bot paints (the negative prompt costs nothing extra: guidance encodes one either way).
    options = PaintOptions.from_settings(settings)
    painter = real_arch.build_painter(tiny, device=profile.device, dtype=profile.dtype, use_t5=t5, options=options)
    return DiaryPipeline(writer, painter, style, profile="real-arch", max_diary_chars=settings.max_diary_chars)


def _start_training_profile(settings: Settings) -> ResolvedProfile:
    _quiet_libraries()
    profile = resolve_profile(settings)
    if profile.notice:
        print(f"crayon: {profile.notice}", file=sys.stderr)
    return profile


def remind_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon remind --now`: today's reminders to every child who has not written, right away."""
    sent = asyncio.run(_send_scheduled(settings, "reminders", last_week=False))
    print(f"Sent {sent} reminder(s).")
    return EXIT_OK


def albums_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon albums --now [--last]`: every linked parent's album, right away."""
    sent = asyncio.run(_send_scheduled(settings, "albums", last_week=args.last))
    print(f"Sent {sent} album(s).")
    return EXIT_OK


async def _send_scheduled(settings: Settings, what: str, *, last_week: bool) -> int:
    """The same code as the scheduler in `crayon serve`, run once now with clients of its own."""
    from bot.app import open_storage, standalone_outbox
    from bot.clock import SystemClock
    from bot.usecases.services import Services

    if settings.telegram_bot_token is None and settings.kakao_rest_api_key is None:
        raise UsageError("no platform to send through: set TELEGRAM_BOT_TOKEN and/or CRAYON_KAKAO_REST_API_KEY")
    storage = await asyncio.to_thread(open_storage, settings)
    try:
        services = Services.build(settings, storage, SystemClock())
        async with standalone_outbox(settings, storage, services.outbox):
            if what == "reminders":
                return await services.reminders.send_due(any_time=True)
            return await services.albums.send_due(every_link_now=True, last_week=last_week)
    finally:
        await asyncio.to_thread(storage.database.close)


def _start_engine(settings: Settings, style: StyleSpec) -> EngineWorker:
    """Resolve the profile (telling the user when auto fell back to tiny) and start the engine worker."""
    _quiet_libraries()
    profile: ResolvedProfile = resolve_profile(settings)
    if profile.notice:
        print(f"crayon: {profile.notice}", file=sys.stderr)
    logger.info("profile %s on %s (%s), memory plan %s", profile.name, profile.device, profile.dtype, profile.memory)

    def load() -> DiaryPipeline:
        pipeline = DiaryPipeline.from_settings(settings, profile)
        # The style checked before loading, with --trigger applied (the labels are the pipeline's own).
        pipeline.style = style
        return pipeline

    return EngineWorker(load)


def _save_png(result: DrawingResult, out: Path) -> None:
    from PIL.PngImagePlugin import PngInfo

    out.parent.mkdir(parents=True, exist_ok=True)
    info = PngInfo()
    info.add_text(
        "crayon",
        json.dumps(
            {
                "prompt": result.prompt,
                "emotion": result.emotion,
                "seed": result.seed,
                "profile": result.profile,
                "preview": result.preview,
            }
        ),
    )
    result.image.save(out, format="PNG", pnginfo=info)


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(TokenRedactor())
    keep_private_data_out_of_logs()
    if verbose:
        # Our own progress at INFO; the libraries' chatter stays at WARNING.
        for name in ("engine", "bot", "storage", "training"):
            logging.getLogger(name).setLevel(logging.INFO)


def _quiet_libraries() -> None:
    """Keep transformers' and diffusers' warnings and loading bars out of the user's terminal."""
    import diffusers
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    diffusers.utils.logging.set_verbosity_error()
    diffusers.utils.logging.disable_progress_bar()


if __name__ == "__main__":
    sys.exit(main())
