"""`crayon draw`: one diary into one PNG, through the same engine the bot uses."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_OK, quiet_libraries
from bot.errors import UsageError
from bot.settings import Settings
from bot.usecases.diary_page import Page, render_page
from engine.errors import DiaryError, StyleError
from engine.pipeline import DiaryPipeline
from engine.profiles import ResolvedProfile, resolve_profile
from engine.stages import MAX_SEED, DrawingResult, check_diary
from engine.style import StyleSpec
from engine.worker import EngineWorker
from storage.images import write_png

logger = logging.getLogger(__name__)


def add_parsers(commands: Any) -> None:
    draw = commands.add_parser("draw", help="draw one diary entry into a PNG")
    draw.add_argument(
        "text", metavar="TEXT", nargs="?", help="the diary entry (Korean); '-' reads it from standard input"
    )
    draw.add_argument(
        "--audio",
        type=Path,
        help="a recording of the diary instead of TEXT (OGG/Opus, WAV, FLAC …; at most 60 s and 2 MB), written "
        "down in Korean by the speech model (CRAYON_SPEECH_MODEL; the tiny profile's is random)",
    )
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
    draw.add_argument(
        "--page",
        action="store_true",
        help="also write the 그림일기 page (the drawing, the date, the weather, a title and the words in a "
        "원고지 grid) beside the drawing, as NAME-page.png",
    )
    draw.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    draw.set_defaults(handler=draw_command)


def draw_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon draw`: one diary → one PNG."""
    started = time.perf_counter()
    if args.lora is not None:
        settings = settings.model_copy(update={"lora": args.lora})
    transcript = None
    if args.audio is not None:
        if args.text is not None:
            raise UsageError("give the diary as TEXT or as --audio FILE, not both")
        transcript = _transcribe(args.audio, settings)
        text = transcript
    elif args.text is None:
        raise UsageError("give the diary as TEXT, '-' (standard input) or --audio FILE")
    else:
        text = sys.stdin.read() if args.text == "-" else args.text
    style, override = _check_inputs(args, settings, text)

    setup_started = time.perf_counter()
    worker = _start_engine(settings, style)
    setup = time.perf_counter() - setup_started
    try:
        result = worker.draw_blocking(text, style=override, seed=args.seed)
    finally:
        worker.close()

    saving = time.perf_counter()
    out = args.out or settings.drawings_dir / f"{datetime.now():%Y%m%d-%H%M%S}-{result.seed}.png"
    _save_png(result, out)
    page = _save_page(out, text) if args.page else None
    timings = {
        # setup: importing torch/transformers/diffusers and resolving the profile (building tiny models once)
        "setup": round(setup, 3),
        "load": round(worker.load_seconds or 0.0, 3),
        **{stage: round(seconds, 3) for stage, seconds in result.timings.items()},
        "save": round(time.perf_counter() - saving, 3),
        "total": round(time.perf_counter() - started, 3),
    }
    drawn = Drawn(result, out, style, _trigger_source(style, settings), override, timings, page, transcript)
    if args.json:
        print(json.dumps(drawn.report(), ensure_ascii=False))
    else:
        print(drawn.text(settings.lora_scale))
    return EXIT_OK


def _check_inputs(args: argparse.Namespace, settings: Settings, text: str) -> tuple[StyleSpec, str | None]:
    """Everything cheap, before any model loads: the LoRA folder, the trigger, the style, the diary, the seed."""
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
    return style, override


@dataclass(frozen=True)
class Drawn:
    """What `crayon draw` made, told as one JSON object or as a few lines for people."""

    result: DrawingResult
    out: Path
    style: StyleSpec
    trigger_source: str
    override: str | None
    timings: dict[str, float]
    page: Path | None = None
    transcript: str | None = None

    def report(self) -> dict[str, object]:
        result = self.result
        return {
            **({"transcript": self.transcript} if self.transcript is not None else {}),
            **({"page_file": str(self.page)} if self.page else {}),
            "emotion": result.emotion,
            "probabilities": {label: round(p, 4) for label, p in result.probabilities.items()},
            "prompt": result.prompt,
            "file": str(self.out),
            "seed": result.seed,
            "profile": result.profile,
            "preview": result.preview,
            # On the tiny profile the mood comes from random weights too: it says nothing about the diary.
            "emotion_preview": result.preview and not self.override,
            "detected_emotion": result.detected_emotion,
            "fell_back": result.fell_back,
            "trigger": self.style.trigger(result.emotion),
            "trigger_source": self.trigger_source,
            "models": result.models,
            "timings": self.timings,
        }

    def text(self, lora_scale: float) -> str:
        result, timings = self.result, self.timings
        chances = ", ".join(f"{label} {p:.2f}" for label, p in result.probabilities.items())
        if self.override:
            mood_note = f" (chosen with --style; the diary reads {result.detected_emotion})"
        elif result.preview:
            mood_note = " (PREVIEW: picked by tiny random models, not read from the diary)"
        else:
            mood_note = ""
        lines = [
            *([f"Heard: {self.transcript}"] if self.transcript is not None else []),
            f"Drawing saved to {self.out}",
            *([f"Page saved to {self.page}"] if self.page else []),
            f"Mood: {result.emotion}{mood_note} [{chances}]",
            f"Trigger: {self.style.trigger(result.emotion)} (from {self.trigger_source})",
            f"Prompt: {result.prompt}",
            f"Seed: {result.seed}   Time: {timings['total']:.1f} s "
            f"(start-up {timings['setup'] + timings['load']:.1f} s, drawing {timings['engine']:.1f} s)",
        ]
        lora = result.models["lora"]
        if lora:
            lines.append(f"Style LoRA: {lora} (scale {lora_scale})")
        else:
            lines.append("Style LoRA: none, so the base model draws without the children's-drawing style (see --lora).")
        if result.fell_back:
            lines.append("Note: the prompt writer gave nothing usable, so a gentle generic scene was drawn.")
        if result.preview:
            lines.append(
                "Note: PREVIEW from the tiny profile: random weights paint noise and pick the mood, so neither the "
                "drawing nor the mood reflects the diary. Use CRAYON_PROFILE=full with a GPU and the real weights "
                "(crayon models download)."
            )
        return "\n".join(lines)


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


def _start_engine(settings: Settings, style: StyleSpec) -> EngineWorker:
    """Resolve the profile (telling the user when auto fell back to tiny) and start the engine worker."""
    quiet_libraries()
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


def _transcribe(path: Path, settings: Settings) -> str:
    """The recording at `path` written down; UsageError for one that cannot be read or heard."""
    from engine.errors import AudioError
    from engine.speech import MAX_BYTES, decode, load_transcriber

    try:
        if not path.is_file():
            raise UsageError(f"cannot read {path}: not a file; give the path of a recording")
        if path.stat().st_size > MAX_BYTES:
            raise AudioError("too_big", "over 2 MB")
        samples = decode(path.read_bytes())
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from error
    except AudioError as error:
        raise UsageError(f"{path}: {AUDIO_REFUSED.get(error.kind, AUDIO_REFUSED['unreadable'])}") from error
    quiet_libraries()
    heard = load_transcriber(settings, resolve_profile(settings)).transcribe(samples)
    if not heard:
        raise UsageError(f"nothing could be heard in {path}: silence or noise; record the diary again, closer")
    return heard


AUDIO_REFUSED = {
    "too_big": "larger than 2 MB: record a minute at most (a phone's voice memo or an OGG/Opus file is small)",
    "too_long": "longer than a minute: record the diary in a minute at most",
    "unreadable": "not a recording that can be read: give an OGG/Opus, WAV, FLAC, MP3, M4A, MP4 or WebM file",
}
"""What to do about a recording the decoder refused, by its kind."""


def _save_page(drawing: Path, text: str) -> Path:
    """The 그림일기 page of the drawing just saved, dated today, beside it as NAME-page.png."""
    page = drawing.with_name(f"{drawing.stem}-page.png")
    page.write_bytes(render_page(drawing.read_bytes(), Page(date.today(), text)))
    return page


def _save_png(result: DrawingResult, out: Path) -> None:
    metadata = {
        "prompt": result.prompt,
        "emotion": result.emotion,
        "seed": result.seed,
        "profile": result.profile,
        "preview": result.preview,
    }
    write_png(result.image, out, metadata)
