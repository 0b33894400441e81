"""`crayon bench` with CRAYON_ENGINE=ray: the queue and runner drawing through a Serve application of the
bench's own (`crayon-bench`, beside `crayon`, removed afterwards), deployed with the bench's settings."""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bot.bench import drive_queue
from bot.settings import Settings
from engine.style import StyleSpec

BENCH_APP = "crayon-bench"
STOP_SECONDS = 2.0
"""How long the bench's replicas may take to stop: nothing waits on them once the bench is done, and one the
cluster had no room for would hold its removal for Serve's default 20 s."""


def bench_url(serve_url: str) -> str:
    """The bench application's address: the same proxy, its own route."""
    parts = urlsplit(serve_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_APP}", "", ""))


def bench_on_cluster(settings: Settings, *, n: int, concurrency: int) -> dict[str, Any]:
    from engine.cluster import deploy, shutdown
    from engine.remote import RayEngine

    settings = settings.model_copy(update={"ray_serve_url": bench_url(settings.ray_serve_url)})
    started = time.perf_counter()
    try:
        state = deploy(settings, name=BENCH_APP, stop_seconds=STOP_SECONDS)
        deployed = time.perf_counter() - started
        engine = RayEngine(
            settings.ray_serve_url,
            timeout_seconds=settings.ray_request_timeout_seconds,
            jobs_in_flight=settings.jobs_in_flight,
        )
        style = StyleSpec.load(settings.lora, trigger_template=settings.trigger_template, labels=settings.labels)
        queue = asyncio.run(
            drive_queue(
                engine, style, settings, n, concurrency, batch_size=1, jobs_in_flight=settings.engine_concurrency
            )
        )
    finally:
        shutdown(settings, name=BENCH_APP)
    return {
        "engine": "ray",
        "profile": settings.profile,
        "size": [settings.width, settings.height],
        "steps": settings.num_inference_steps,
        "n": n,
        "torch_threads": settings.torch_threads,
        "replicas": {
            "PromptWriter": settings.ray_writer_replicas,
            "Painter": settings.ray_painter_replicas,
        },
        "deployments": state["deployments"],
        "deploy_seconds": round(deployed, 1),
        "queue": queue,
    }
