"""`crayon bench`: the engine's speed and memory, stage by stage, and the queue's throughput under load.

Stages: prompt writing (emotion scoring + scene decoding), denoising, VAE decode, saving (PNG), end to
end; with p50/p95 seconds, LLM tokens per second, seconds per denoising step, and peak CPU (RSS) and
GPU memory per stage. With `--concurrency C`, C children submit diaries at once through the real
queue and runner (with `CRAYON_BATCH_SIZE`), and the report adds drawings per second and queue waits.
`--arch real` builds Qwen3-8B and SD3.5 Medium from their real configurations with random weights.
Each figure comes with the arithmetic it implies (FLOPs per drawing, bytes read per generated token).
"""

from __future__ import annotations

import asyncio
import io
import json
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.settings import Settings
from engine.engines import DrawingEngine
from engine.pipeline import DiaryPipeline
from engine.profiles import ResolvedProfile
from engine.style import StyleSpec
from storage.records import Platform

DIARIES = [
    "오늘 학교 끝나고 친구랑 놀이터에서 그네를 탔다. 하늘까지 날아가는 것 같았다.",
    "엄마가 생일이라고 딸기 케이크를 만들어 주셨다. 촛불을 후 불었다.",
    "비가 와서 밖에 못 나가고 창문만 바라봤다. 심심하고 슬펐다.",
    "가게가 문을 닫아서 아이스크림을 못 샀다.",
    "강아지 콩이가 나를 보자마자 꼬리를 막 흔들었다.",
]
STAGES = ("prompt", "denoise", "decode", "save", "end_to_end")


@dataclass
class StageMeter:
    """Peak RSS (sampled every 5 ms) and peak GPU memory while a stage runs."""

    device: str
    peaks: dict[str, list[float]] = field(default_factory=dict)
    gpu_peaks: dict[str, list[float]] = field(default_factory=dict)

    def run(self, stage: str, work: Any) -> Any:
        import psutil
        import torch

        process = psutil.Process()
        peak = [process.memory_info().rss]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.005):
                peak[0] = max(peak[0], process.memory_info().rss)

        sampler = threading.Thread(target=sample, daemon=True)
        on_cuda = self.device.startswith("cuda")
        if on_cuda:
            torch.cuda.reset_peak_memory_stats()
        sampler.start()
        try:
            return work()
        finally:
            done.set()
            sampler.join()
            self.peaks.setdefault(stage, []).append(peak[0] / 1024**3)
            if on_cuda:
                self.gpu_peaks.setdefault(stage, []).append(torch.cuda.max_memory_allocated() / 1024**3)


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 6), "p95": round(p95, 6)}


def measure_stages(pipeline: DiaryPipeline, device: str, n: int) -> dict[str, Any]:
    """Draw `n` diaries one at a time (after one warm-up) and time each stage."""
    meter = StageMeter(device)
    seconds: dict[str, list[float]] = {stage: [] for stage in STAGES}
    tokens_per_second: list[float] = []
    steps = pipeline.painter.options.num_inference_steps
    for run in range(n + 1):
        diary = DIARIES[run % len(DIARIES)]
        started = time.perf_counter()
        written = meter.run("prompt", lambda diary=diary, run=run: pipeline.writer.write(diary, seed=run))
        prompt = pipeline.style.final_prompt(written.emotion, written.prompt)
        painting = meter.run("paint", lambda prompt=prompt, run=run: pipeline.painter.paint(prompt, seed=run))
        buffer = io.BytesIO()
        saving = time.perf_counter()
        meter.run("save", lambda image=painting.image, buffer=buffer: image.save(buffer, format="PNG"))
        finished = time.perf_counter()
        if run == 0:
            meter.peaks.clear()
            meter.gpu_peaks.clear()
            continue  # warm-up: first calls pay one-off costs
        seconds["prompt"].append(sum(written.timings.values()))
        seconds["denoise"].append(painting.timings["denoise"])
        seconds["decode"].append(painting.timings["decode"])
        seconds["save"].append(finished - saving)
        seconds["end_to_end"].append(finished - started)
        if written.timings.get("prompt"):
            tokens_per_second.append(written.new_tokens / written.timings["prompt"])
    report: dict[str, Any] = {stage: percentiles(values) for stage, values in seconds.items()}
    report["llm_tokens_per_second"] = round(statistics.median(tokens_per_second), 1) if tokens_per_second else None
    report["seconds_per_denoising_step"] = round(statistics.median(seconds["denoise"]) / steps, 6)
    report["peak_cpu_gib"] = {stage: round(max(values), 2) for stage, values in meter.peaks.items()}
    if meter.gpu_peaks:
        report["peak_gpu_gib"] = {stage: round(max(values), 2) for stage, values in meter.gpu_peaks.items()}
    return report


def measure_batch(pipeline: DiaryPipeline, batch_size: int) -> dict[str, Any]:
    """One batch of `batch_size` diaries through the batched pipeline (after one warm-up batch): each stage
    per batch and per diary, and the LLM's tokens per second for the whole batch."""
    from engine.prompt_writer import WriteRequest

    requests = [WriteRequest(DIARIES[index % len(DIARIES)], index) for index in range(batch_size)]
    timings: dict[str, float] = {}
    tokens = 0
    for run in range(2):
        started = time.perf_counter()
        written = pipeline.writer.write_many(requests)
        wrote = time.perf_counter()
        prompts = [pipeline.style.final_prompt(item.emotion, item.prompt) for item in written]
        paintings = pipeline.painter.paint_many(prompts, [request.seed for request in requests])
        finished = time.perf_counter()
        if run:
            tokens = sum(item.new_tokens for item in written)
            timings = {
                "prompt": wrote - started,
                "denoise": paintings[0].timings["denoise"],
                "decode": paintings[0].timings["decode"],
                "end_to_end": finished - started,
            }
    return {
        "batch_size": batch_size,
        "per_batch_seconds": {stage: round(value, 4) for stage, value in timings.items()},
        "per_diary_seconds": {stage: round(value / batch_size, 4) for stage, value in timings.items()},
        "llm_tokens": tokens,
        "llm_tokens_per_second": round(tokens / timings["prompt"], 1) if timings["prompt"] else None,
        "drawings_per_second": round(batch_size / timings["end_to_end"], 3),
    }


def arithmetic(pipeline: DiaryPipeline) -> dict[str, float]:
    """The work a drawing implies: transformer FLOPs for the guided steps, bytes read per LLM token."""
    options = pipeline.painter.options
    transformer = pipeline.painter.pipe.transformer
    patch = transformer.config.patch_size
    vae_factor = pipeline.painter.pipe.vae_scale_factor
    image_tokens = (options.height // vae_factor // patch) * (options.width // vae_factor // patch)
    text_tokens = 77 + 256  # CLIP's window, then T5's (zeros when T5 is off)
    tokens = image_tokens + text_tokens
    parameters = sum(parameter.numel() for parameter in transformer.parameters())
    guided = 2 if options.guidance_scale > 1 else 1
    # 2 FLOPs per weight per token, plus attention (QK^T and AV) over the joint sequence per layer.
    layers = transformer.config.num_layers + len(transformer.config.dual_attention_layers)
    width = transformer.config.num_attention_heads * transformer.config.attention_head_dim
    per_step = 2 * parameters * tokens + 4 * layers * tokens * tokens * width
    llm = pipeline.writer.model
    llm_bytes = sum(parameter.numel() * parameter.element_size() for parameter in llm.parameters())
    return {
        "image_tokens": image_tokens,
        "transformer_parameters": parameters,
        "denoise_tflop_per_drawing": round(per_step * guided * options.num_inference_steps / 1e12, 6),
        "llm_gb_read_per_token": round(llm_bytes / 1e9, 3),
    }


async def measure_queue(
    pipeline: DiaryPipeline, settings: Settings, profile: ResolvedProfile, n: int, concurrency: int
) -> dict[str, Any]:
    """`n` diaries from `concurrency` children at once, through the real queue and runner, with torch's
    threads as `crayon serve` sets them (on the CPU one core stays with the event loop)."""
    import torch

    from engine.profiles import configure_threads

    before = torch.get_num_threads()
    configure_threads(settings, profile, serving=True)
    try:
        return await _measure_queue(pipeline, settings, n, concurrency)
    finally:
        torch.set_num_threads(before)


async def _measure_queue(pipeline: DiaryPipeline, settings: Settings, n: int, concurrency: int) -> dict[str, Any]:
    from engine.worker import EngineWorker

    engine = EngineWorker(lambda: pipeline)
    return await drive_queue(engine, pipeline.style, settings, n, concurrency, batch_size=settings.batch_size)


async def drive_queue(
    engine: DrawingEngine,
    style: StyleSpec,
    settings: Settings,
    n: int,
    concurrency: int,
    *,
    batch_size: int,
    jobs_in_flight: int | None = None,
) -> dict[str, Any]:
    """`n` diaries from `concurrency` children submitted at once, then drawn by the real runner on `engine`."""
    from bot.jobs.runner import DrawingRunner
    from bot.usecases.diaries import DiaryService
    from storage.database import Database
    from storage.diaries import Diaries
    from storage.images import ImageStore
    from storage.jobs import JobQueue
    from storage.records import Contact, parse_time

    folder = Path(tempfile.mkdtemp(prefix="crayon-bench-"))
    database = Database(folder / "bench.sqlite3")
    await asyncio.to_thread(database.open)
    queue = JobQueue(database)
    runner = DrawingRunner(
        queue, engine, ImageStore(folder / "drawings"), batch_size=batch_size, concurrency=jobs_in_flight
    )
    diaries = Diaries(database, max_new_users_per_minute=max(60, concurrency))
    service = DiaryService(diaries, style, max_waiting=n)
    try:
        await engine.warm_up()
        for index in range(n):
            child = f"child-{index % concurrency}"
            await service.submit_diary(Contact(Platform.BENCH, child, child), DIARIES[index % len(DIARIES)])
        started = time.perf_counter()
        drawn = await runner.run_until_idle()
        elapsed = time.perf_counter() - started
        rows = await database.run(lambda db: list(db.query("SELECT created_at, started_at, state FROM jobs")))
    finally:
        await engine.aclose()
        await asyncio.to_thread(database.close)
        shutil.rmtree(folder, ignore_errors=True)
    waits = [(parse_time(row["started_at"]) - parse_time(row["created_at"])).total_seconds() for row in rows]
    done = sum(row["state"] == "done" for row in rows)
    return {
        "diaries": n,
        "children": concurrency,
        "batch_size": settings.batch_size,
        "jobs_in_flight": runner.concurrency,
        "drawn": drawn,
        "done": done,
        "drawings_per_second": round(done / elapsed, 3),
        "queue_wait_seconds": percentiles(waits),
    }


def bench(
    pipeline: DiaryPipeline, profile: ResolvedProfile, settings: Settings, *, n: int, concurrency: int, arch: str
) -> dict[str, Any]:
    import torch

    report: dict[str, Any] = {
        "profile": profile.name,
        "arch": arch,
        "device": torch.cuda.get_device_name() if profile.device.startswith("cuda") else "cpu",
        "dtype": profile.dtype,
        "size": [pipeline.painter.options.width, pipeline.painter.options.height],
        "steps": pipeline.painter.options.num_inference_steps,
        "guidance_scale": pipeline.painter.options.guidance_scale,
        "t5": "on" if pipeline.painter.uses_t5 else "off",
        "n": n,
    }
    report["stages"] = measure_stages(pipeline, profile.device, n)
    report["arithmetic"] = arithmetic(pipeline)
    denoise = report["stages"]["denoise"]["p50"]
    report["arithmetic"]["achieved_tflops"] = round(report["arithmetic"]["denoise_tflop_per_drawing"] / denoise, 4)
    tokens = report["stages"]["llm_tokens_per_second"]
    if tokens:
        report["arithmetic"]["achieved_gb_per_second"] = round(
            report["arithmetic"]["llm_gb_read_per_token"] * tokens, 1
        )
    if concurrency:
        report["batch"] = measure_batch(pipeline, settings.batch_size)
        report["queue"] = asyncio.run(measure_queue(pipeline, settings, profile, n, concurrency))
    return report


def as_text(report: dict[str, Any]) -> str:
    stages = report["stages"]
    lines = [
        f"{report['profile']} profile, {report['arch']} architecture on {report['device']} ({report['dtype']}), "
        f"{report['size'][0]}×{report['size'][1]}, {report['steps']} steps, T5 {report['t5']}, n={report['n']}",
        "",
        f"{'stage':<12} {'p50 s':>9} {'p95 s':>9} {'peak CPU GiB':>13} {'peak GPU GiB':>13}",
    ]
    for stage in STAGES:
        memory_key = "paint" if stage in ("denoise", "decode") else stage
        cpu = stages["peak_cpu_gib"].get(memory_key, "")
        gpu = stages.get("peak_gpu_gib", {}).get(memory_key, "")
        lines.append(f"{stage:<12} {stages[stage]['p50']:>9.3f} {stages[stage]['p95']:>9.3f} {cpu!s:>13} {gpu!s:>13}")
    lines += [
        "",
        f"LLM tokens/s: {stages['llm_tokens_per_second']}   s/denoising step: {stages['seconds_per_denoising_step']}",
        f"arithmetic: {json.dumps(report['arithmetic'])}",
    ]
    if "batch" in report:
        lines.append(f"batch: {json.dumps(report['batch'])}")
    if "queue" in report:
        lines.append(f"queue: {json.dumps(report['queue'])}")
    return "\n".join(lines)
