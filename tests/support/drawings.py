"""A finished drawing as a value, for stand-ins that answer in the engine's place (no model runs)."""

from __future__ import annotations

from PIL import Image

from engine.stages import DrawingResult
from storage.records import NewDrawing


def picture(width: int = 12, height: int = 9) -> Image.Image:
    """A small RGB image whose every pixel differs from its neighbours."""
    image = Image.new("RGB", (width, height))
    image.putdata(
        [((x * 37) % 256, (y * 59) % 256, (x * y * 23 + 7) % 256) for y in range(height) for x in range(width)]
    )
    return image


def drawing(seed: int = 1234, image: Image.Image | None = None) -> DrawingResult:
    return DrawingResult(
        emotion="joy",
        detected_emotion="sadness",
        probabilities={"joy": 0.25, "sadness": 0.75},
        prompt="crayon drawing, a child at the market",
        scene="a child at the market",
        image=picture() if image is None else image,
        seed=seed,
        profile="tiny",
        preview=True,
        fell_back=False,
        models={"llm": "tiny-llm", "painter": None},
        timings={"write": 0.5, "paint": 1.25},
        redrawn_for_safety=True,
    )


def recorded(job_id: int, image_path: str = "none.png") -> NewDrawing:
    """The drawing a finished job records, as the runner would write it (`JobQueue.complete`)."""
    return NewDrawing(
        public_id=f"drawing-{job_id:016d}",
        emotion="happiness",
        detected_emotion="happiness",
        probabilities={"happiness": 0.6, "sadness": 0.4},
        prompt="a child",
        seed=1,
        profile="tiny",
        preview=True,
        fell_back=False,
        models={},
        image_path=image_path,
        timings={},
    )
