"""A job as the engine is asked to draw it, and a drawn job's outcome on disk and in the database, both or
neither."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib

from engine.stages import DrawingRequest, DrawingResult
from storage.images import ImageStore, new_public_id
from storage.jobs import JobQueue
from storage.records import ClaimedJob, Drawing, NewDrawing, format_time

FROM_THE_ENGINE = tuple(
    field.name for field in dataclasses.fields(NewDrawing) if field.name not in ("public_id", "image_path")
)
"""What a drawing's record takes from the engine's result, field by field under the same names."""


def request_for(claimed: ClaimedJob) -> DrawingRequest:
    """The drawing the job asks for, with its key: the job's id, its creation time to the microsecond, its
    seed, style and diary, hashed. A job sent again has the same key; no other job has it, not even one
    that got a deleted job's id (nor another bot's job, unless it is the same diary drawn the same way).
    The key carries nothing of the diary that can be read back."""
    job = claimed.job
    named = "\x00".join([str(job.id), format_time(job.created_at), str(job.seed), job.style or "", claimed.text])
    return DrawingRequest(claimed.text, job.style, job.seed, hashlib.sha256(named.encode()).hexdigest())


async def record_drawing(
    queue: JobQueue, images: ImageStore, claimed: ClaimedJob, result: DrawingResult
) -> Drawing | None:
    """Save the image and record the drawing; None (and no file left) when the job's rows are gone."""
    public_id = new_public_id()
    metadata = {
        "emotion": result.emotion,
        "seed": result.seed,
        "profile": result.profile,
        "preview": result.preview,
    }
    # Named before it is written: a kill before the drawing is recorded leaves a file the next start sweeps.
    await queue.reserve_image(claimed.job.id, images.name_for(public_id))
    image_path = await asyncio.to_thread(images.save, result.image, public_id, metadata)
    try:
        drawing = await queue.complete(
            claimed.job.id,
            NewDrawing(
                public_id=public_id,
                image_path=image_path,
                **{name: getattr(result, name) for name in FROM_THE_ENGINE},
            ),
        )
    except BaseException:
        # Not recorded: the file would belong to nothing (its reservation is struck off at the next start).
        await asyncio.to_thread(images.remove, image_path)
        raise
    if drawing is None:
        await asyncio.to_thread(images.remove, image_path)
        await queue.release_image(image_path)
    return drawing
