"""The key a job is drawn with: the same for every try of one job, different for any other job, and
readable by the engine's wire format."""

from __future__ import annotations

import dataclasses

from bot.jobs.recording import FROM_THE_ENGINE, request_for
from engine.answers import is_key
from engine.stages import DrawingResult
from engine.wire import request_from_wire, request_to_wire
from storage.records import ClaimedJob, Job, NewDrawing, Platform, User, parse_time

DIARY = "오늘 바다에서 조개를 주웠다"


def claimed(**changes: object) -> ClaimedJob:
    job = Job(17, 5, 3, "diary", None, 1234, "running", 1, None, None, parse_time("2026-12-05T08:00:00.123456Z"))
    user = User(3, Platform.TELEGRAM, "42", "42", "Asia/Seoul", None)
    text = str(changes.pop("text", DIARY))
    return ClaimedJob(dataclasses.replace(job, **changes), text, user)  # type: ignore[arg-type]


def test_every_try_of_a_job_has_one_key_and_any_other_job_another() -> None:
    first = request_for(claimed())
    assert (first.diary, first.style, first.seed) == (DIARY, None, 1234)
    assert first.key is not None
    assert is_key(first.key)
    assert request_for(claimed(attempts=3, state="queued")).key == first.key
    others = [
        claimed(id=18),
        claimed(created_at=parse_time("2026-12-05T08:00:00.123457Z")),  # a deleted job's id given again a moment later
        claimed(seed=1235),
        claimed(style="sadness"),
        claimed(text=DIARY + "!"),
    ]
    keys = {request_for(other).key for other in others}
    assert len(keys) == len(others)
    assert first.key not in keys
    assert DIARY not in first.key


def test_the_key_crosses_the_wire() -> None:
    request = request_for(claimed())
    assert request_from_wire(request_to_wire(request)) == request


def test_a_drawings_record_takes_each_field_from_the_engine_under_its_own_name_and_type() -> None:
    engine = {field.name: str(field.type) for field in dataclasses.fields(DrawingResult)}
    record = {field.name: str(field.type) for field in dataclasses.fields(NewDrawing)}
    assert set(FROM_THE_ENGINE) == set(record) - {"public_id", "image_path"}
    assert {name: record[name] for name in FROM_THE_ENGINE} == {name: engine[name] for name in FROM_THE_ENGINE}
