"""Is the bot serving children? The report `/healthz` gives operators and load balancers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.jobs.runner import DrawingRunner
from engine.engines import DrawingEngine
from storage.jobs import JobQueue

# Failing when this many drawings failed for good in a row, or when Telegram's updates could not be stored
# for this long (children get no answer at all then).
FAILED_IN_ROW = 3
KEEPING_FAILS_SECONDS = 30.0


@dataclass
class HealthParts:
    """What the report looks at; the wiring fills it."""

    queue: JobQueue
    runner: DrawingRunner
    engine: DrawingEngine
    profile: str
    stall_seconds: float
    telegram: Callable[[], tuple[str, float | None]] = lambda: ("off", None)
    """Telegram's mode (off, polling, webhook) and how long its updates have failed to be stored."""
    scheduler_running: Callable[[], bool] = lambda: False
    safeguarding_waiting: Callable[[], Awaitable[float | None]] | None = None
    """Seconds the oldest crisis alert has waited for the reviewer; None when no reviewer is configured."""
    safeguarding_stall_seconds: float = 600.0


async def health_report(parts: HealthParts) -> dict[str, Any]:
    """The report; `problems` is empty when children are served. The job ids are under
    `worker.current_job_ids`, for callers on this machine only."""
    stall = parts.stall_seconds
    problems = []
    counts: dict[str, int] | None
    try:
        counts = await parts.queue.counts()
    except Exception as error:
        counts = None
        problems.append(f"the database does not answer: {type(error).__name__}")
    runner = parts.runner.health()
    if not runner.running:
        problems.append("the drawing runner is not running")
    waiting = counts is None or counts["queued"] + counts["running"] > 0
    if waiting and runner.seconds_since_progress > stall:
        problems.append(f"drawings are waiting and none was finished for {runner.seconds_since_progress:.0f} s")
    if runner.storage_failing_for is not None and runner.storage_failing_for > stall:
        problems.append(f"the runner cannot write to the database for {runner.storage_failing_for:.0f} s")
    if runner.failed_in_row >= FAILED_IN_ROW:
        problems.append(f"the last {runner.failed_in_row} drawings all failed")
    unreachable = parts.engine.unavailable_for
    if waiting and unreachable is not None and unreachable > stall:
        problems.append(f"the drawing engine does not answer for {unreachable:.0f} s")
    alert_waiting = await _alert_waiting(parts, problems)
    telegram, keeping_fails_for = parts.telegram()
    if keeping_fails_for is not None and keeping_fails_for > min(stall, KEEPING_FAILS_SECONDS):
        problems.append(f"telegram updates cannot be stored for {keeping_fails_for:.0f} s: children get no answer")
    return {
        "status": "failing" if problems else "ok",
        "problems": problems,
        "profile": parts.profile,
        "queue": counts,
        "worker": {
            "loaded": parts.engine.loaded,
            "busy": parts.engine.busy,
            "unavailable_seconds": None if unreachable is None else round(unreachable, 1),
            "current_jobs": len(parts.runner.current_jobs),
            "current_job_ids": parts.runner.current_jobs,
        },
        "runner": {
            "running": runner.running,
            "seconds_since_progress": round(runner.seconds_since_progress, 1),
            "storage_failing_seconds": None
            if runner.storage_failing_for is None
            else round(runner.storage_failing_for, 1),
            "failed_in_row": runner.failed_in_row,
        },
        "telegram": telegram,
        "safeguarding": {
            "reviewer": parts.safeguarding_waiting is not None,
            "alert_waiting_seconds": None if alert_waiting is None else round(alert_waiting, 1),
        },
        "scheduler": {"running": parts.scheduler_running()},
    }


async def _alert_waiting(parts: HealthParts, problems: list[str]) -> float | None:
    """Seconds the oldest crisis alert has waited for the reviewer; a problem past the stall threshold."""
    if parts.safeguarding_waiting is None:
        return None
    try:
        waiting = await parts.safeguarding_waiting()
    except Exception as error:
        problems.append(f"crisis alerts cannot be read: {type(error).__name__}")
        return None
    if waiting is not None and waiting > parts.safeguarding_stall_seconds:
        problems.append(f"a crisis alert has not reached the reviewer for {waiting:.0f} s")
    return waiting
