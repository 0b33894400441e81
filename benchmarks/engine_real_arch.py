"""Times the engine on the real architectures (random weights) and prints the figures as JSON.

    python benchmarks/engine_real_arch.py --device cuda --runs 3 --out report.json

Builds Qwen3-8B and SD3.5 Medium (with and without T5) from `engine/configs/` directly on the
device, then times each stage through the engine's own classes: emotion scoring (one forward pass),
scene decoding (tokens per second), denoising (28 steps at 512x512, guidance 7.0) and VAE decoding,
with peak GPU memory per stage. On the CPU use small `--steps`, `--size` and `--tokens`.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

from engine import real_arch
from engine.decoding import write_batch
from engine.painter import PaintOptions
from engine.pipeline import DiaryPipeline
from engine.prompt_writer import PromptWriter, WriterOptions
from engine.style import StyleSpec
from engine.tiny import ensure_tiny_models

DIARIES = [
    "오늘 학교 끝나고 친구랑 놀이터에서 그네를 탔다. 하늘까지 날아가는 것 같았다.",
    "엄마가 생일이라고 딸기 케이크를 만들어 주셨다. 촛불을 후 불었다.",
    "비가 와서 밖에 못 나가고 창문만 바라봤다. 심심하고 슬펐다.",
    "가게가 문을 닫아서 아이스크림을 못 샀다.",
]
PROMPT = (
    "hand drawing happiness style, A happy child on a swing in a playground after school. The swing flies "
    "high toward a bright blue sky with soft white clouds, warm afternoon sunlight, green trees, a friend "
    "laughing nearby, cheerful crayon colours of yellow, red and sky blue."
)


def gib(n: int) -> float:
    return round(n / 1024**3, 2)


class Stage:
    """Times a block (synchronising CUDA) and records its peak GPU memory."""

    def __init__(self, device: str) -> None:
        self.device = device
        self.seconds = 0.0
        self.peak_gib = 0.0

    def __enter__(self) -> Stage:
        if self.device == "cuda":
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.device == "cuda":
            torch.cuda.synchronize()
            self.peak_gib = gib(torch.cuda.max_memory_allocated())
        self.seconds = time.perf_counter() - self.started


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 4), "p95": round(p95, 4), "n": len(ordered)}


def allocated() -> float:
    return gib(torch.cuda.memory_allocated()) if torch.cuda.is_available() else 0.0


def bench_writer(args: argparse.Namespace, tiny: Path, report: dict[str, Any]) -> Any:
    with Stage(args.device) as load:
        writer = real_arch.build_writer(
            tiny,
            device=args.device,
            dtype=args.dtype,
            labels=("happiness", "sadness"),
            options=WriterOptions(max_new_tokens=args.tokens),
        )
    resident = allocated()
    scoring, decoding, rates, prefill = [], [], [], []
    for run in range(args.runs + 1):
        prefix = writer.encode_diary(DIARIES[run % len(DIARIES)])
        with Stage(args.device) as score:
            writer.score_labels(prefix)
        # Random weights rarely emit an end token: every run decodes exactly `tokens` tokens.
        with Stage(args.device) as generate:
            _, tokens = writer.generate(prefix, seed=run)
        if run == 0:
            continue  # warm-up
        scoring.append(score.seconds)
        decoding.append(generate.seconds)
        rates.append(tokens / generate.seconds)
        prefill.append(len(prefix))
    report["llm"] = {
        "decoding": decoding_rates(args, writer),
        "build_s": round(load.seconds, 1),
        "resident_gib": resident,
        "prefix_tokens": int(statistics.median(prefill)),
        "emotion_scoring_s": summary(scoring),
        "emotion_peak_gib": score.peak_gib,
        f"generate_{args.tokens}_tokens_s": summary(decoding),
        "tokens_per_s": round(statistics.median(rates), 1),
        "generate_peak_gib": generate.peak_gib,
    }
    return writer


def decoding_rates(args: argparse.Namespace, writer: PromptWriter) -> dict[str, Any]:
    """Tokens per second of the batched decode loop, exactly `tokens` new tokens per row (random weights
    never end a paragraph on purpose, so the end-of-scene rules are switched off): eager on a dynamic
    cache, and with `--compile` the compiled step on a static cache (CUDA graphs), its compile time apart."""
    kinds = copy.copy(writer._kinds)
    kinds.stop = torch.zeros_like(kinds.stop)
    kinds.newline = torch.zeros_like(kinds.newline)
    ways: dict[str, tuple[bool, Any]] = {"eager": (False, None)}
    if args.compile:
        ways["compiled"] = (True, torch.compile(writer.model.forward, mode="reduce-overhead"))
    found: dict[str, Any] = {}
    for name, (static, step) in ways.items():
        for rows in args.llm_batches:
            prompts = [writer.encode_diary(DIARIES[row % len(DIARIES)]) for row in range(rows)]

            def write(seed: int, prompts: list[list[int]] = prompts, static: bool = static, step: Any = step) -> int:
                written = write_batch(
                    writer.model,
                    writer.tokenizer,
                    prompts,
                    [seed + row for row in range(len(prompts))],
                    kinds=kinds,
                    sampling=writer.options.sampling,
                    max_new_tokens=args.tokens,
                    pad_id=writer._pad_id(),
                    static_cache=static,
                    step=step,
                )
                return sum(len(row.token_ids) for row in written)

            with Stage(args.device) as first:
                write(0)  # warm-up; with a compiled step, the compile
            seconds = []
            for run in range(args.runs):
                with Stage(args.device) as stage:
                    tokens = write(run + 1)
                seconds.append(stage.seconds)
            median = statistics.median(seconds)
            found[f"{name}_batch_{rows}"] = {
                "first_call_s": round(first.seconds, 1),
                "seconds": summary(seconds),
                "tokens_per_s": round(tokens / median, 1),
                "tokens_per_s_per_row": round(tokens / rows / median, 1),
                "peak_gib": stage.peak_gib,
            }
    return found


def bench_painter(args: argparse.Namespace, tiny: Path, use_t5: bool, report: dict[str, Any]) -> Any:
    options = PaintOptions(height=args.size, width=args.size, num_inference_steps=args.steps)
    before = allocated()
    with Stage(args.device) as load:
        painter = real_arch.build_painter(tiny, device=args.device, dtype=args.dtype, use_t5=use_t5, options=options)
    resident = round(allocated() - before, 2)
    denoise, decode, peaks = [], [], []
    for run in range(args.runs + 1):
        with Stage(args.device) as stage:
            painting = painter.paint(PROMPT, seed=run)
        if run == 0:
            continue
        denoise.append(painting.timings["denoise"])
        decode.append(painting.timings["decode"])
        peaks.append(stage.peak_gib)
    key = "sd35_t5" if use_t5 else "sd35_no_t5"
    report[key] = {
        "build_s": round(load.seconds, 1),
        "resident_gib": resident,
        "denoise_s": summary(denoise),
        "seconds_per_step": round(statistics.median(denoise) / args.steps, 4),
        "decode_s": summary(decode),
        "paint_peak_gib": max(peaks),
        "size": args.size,
        "steps": args.steps,
    }
    return painter


def compiled_painting(args: argparse.Namespace, painter: Any) -> dict[str, Any]:
    """One drawing's denoising with the SD3 transformer compiled (the first call compiles)."""
    painter.compile()
    with Stage(args.device) as first:
        painter.paint(PROMPT, seed=0)
    denoise = []
    for run in range(args.runs):
        with Stage(args.device) as stage:
            painting = painter.paint(PROMPT, seed=run + 1)
        denoise.append(painting.timings["denoise"])
    return {
        "first_call_s": round(first.seconds, 1),
        "denoise_s": summary(denoise),
        "seconds_per_step": round(statistics.median(denoise) / args.steps, 4),
        "paint_peak_gib": stage.peak_gib,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--dtype", default="bfloat16")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=28)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--tokens", type=int, default=120)
    parser.add_argument("--batches", type=int, nargs="*", default=[1, 4, 8], help="diffusion batch sizes to time")
    parser.add_argument("--llm-batches", type=int, nargs="*", default=[1, 8], help="decode batch sizes to time")
    parser.add_argument("--compile", action="store_true", help="also time the compiled decode step")
    parser.add_argument("--compile-painter", action="store_true", help="also time the compiled SD3 transformer")
    parser.add_argument("--skip-llm", action="store_true")
    parser.add_argument("--skip-t5", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    torch.backends.cuda.matmul.allow_tf32 = True
    tiny = ensure_tiny_models(Path(tempfile.gettempdir()) / "crayon-bench-models")
    report: dict[str, Any] = {
        "device": torch.cuda.get_device_name() if args.device == "cuda" else "cpu",
        "torch": torch.__version__,
        "dtype": args.dtype,
    }
    writer = None if args.skip_llm else bench_writer(args, tiny, report)
    painter = bench_painter(args, tiny, use_t5=False, report=report)
    if not args.skip_t5:
        del painter
        gc.collect()
        painter = bench_painter(args, tiny, use_t5=True, report=report)
    batching = {}
    for size in args.batches:
        painter.paint_many([PROMPT] * size, list(range(size)))  # warm-up at this size
        with Stage(args.device) as stage:
            painter.paint_many([PROMPT] * size, list(range(size)))
        batching[str(size)] = {
            "seconds": round(stage.seconds, 3),
            "drawings_per_s": round(size / stage.seconds, 3),
            "peak_gib": stage.peak_gib,
        }
    report["diffusion_batching_t5_" + ("on" if painter.uses_t5 else "off")] = batching
    if writer is not None:
        # The whole engine call once, through DiaryPipeline (random weights: the writer falls back).
        style = StyleSpec(trigger_template="hand drawing {emotion} style", labels=("happiness", "sadness"))
        pipeline = DiaryPipeline(writer, painter, style, profile="real-arch")
        with Stage(args.device) as whole:
            result = pipeline(DIARIES[0], seed=0)
        report["engine_call"] = {
            "seconds": round(whole.seconds, 3),
            "peak_gib": whole.peak_gib,
            "resident_gib": allocated(),
            "timings": {k: round(v, 3) for k, v in result.timings.items()},
            "fell_back": result.fell_back,
            "t5": result.models["t5"],
        }
    if args.compile_painter:
        report["sd35_compiled"] = compiled_painting(args, painter)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
