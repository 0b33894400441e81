"""A drawn job's outcome on disk and in the database, both or neither."""

from __future__ import annotations

import asyncio

from engine.stages import DrawingResult
from storage.images import ImageStore, new_public_id
from storage.jobs import JobQueue
from storage.records import ClaimedJob, Drawing, NewDrawing


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
                emotion=result.emotion,
                detected_emotion=result.detected_emotion,
                probabilities=result.probabilities,
                prompt=result.prompt,
                seed=result.seed,
                profile=result.profile,
                preview=result.preview,
                fell_back=result.fell_back,
                models=result.models,
                image_path=image_path,
                timings=result.timings,
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
