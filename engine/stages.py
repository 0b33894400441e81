"""The drawing in two halves, so each can run where its model lives: writing (checks, text guard, emotion
and scene, trigger) and painting (diffusion, image safety, the calm redraw). `DiaryPipeline` runs both in
one process; the Ray Serve application runs each in its own deployment."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.decoding import rows_bucket
from engine.errors import (
    DiaryTooLongError,
    DistressDiaryError,
    EmptyDiaryError,
    SeedError,
    UnsafeDiaryError,
    UnsafeImageError,
)
from engine.moods import mood_of
from engine.prompt_writer import WriteRequest
from engine.text import clean_diary

if TYPE_CHECKING:
    from PIL.Image import Image

    from engine.image_safety import DrawingCheck
    from engine.painter import Painter, Painting
    from engine.prompt_writer import PromptWriter, WrittenPrompt
    from engine.style import StyleSpec
    from engine.text_guard import DiaryGuard

MAX_SEED = 2**31 - 1
WARM_UP_DIARY = "오늘 친구랑 놀이터에서 그네를 탔다."


def check_diary(diary: str, max_chars: int, extra_tokens: list[str] | tuple[str, ...] = ()) -> str:
    """Return the cleaned diary, or raise EmptyDiaryError / DiaryTooLongError."""
    cleaned = clean_diary(diary, extra_tokens)
    if not cleaned:
        raise EmptyDiaryError("the diary is empty: write a sentence or two about your day")
    if len(cleaned) > max_chars:
        raise DiaryTooLongError(
            f"the diary has {len(cleaned)} characters; the limit is {max_chars}: shorten it to the main moment"
        )
    return cleaned


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED + 1)


@dataclass(frozen=True)
class DrawingRequest:
    """One diary to draw: `style` a label overriding the detected emotion, `seed` fixing the result; `key`
    names the job it is drawn for (see `engine.answers`), so a cluster draws a job sent twice once."""

    diary: str
    style: str | None = None
    seed: int | None = None
    key: str | None = None


@dataclass(frozen=True)
class DrawingResult:
    """Everything a diary became."""

    emotion: str
    """The mood drawn: the child's override, else the detected emotion."""
    detected_emotion: str
    probabilities: dict[str, float]
    prompt: str
    """The final prompt, trigger included."""
    scene: str
    """The prompt writer's English scene, without trigger."""
    image: Image
    seed: int
    profile: str
    preview: bool
    """True on the tiny profile: the image is noise from random weights."""
    fell_back: bool
    models: dict[str, str | None]
    timings: dict[str, float]
    redrawn_for_safety: bool = False
    """True when the first drawing was flagged and this is the calm redraw."""


@dataclass(frozen=True)
class PreparedDrawing:
    """A diary written and ready to paint: what the writing half hands the painting half."""

    seed: int
    emotion: str
    """The mood to draw: the child's override, else the detected emotion."""
    prompt: str
    """The final prompt, trigger included."""
    written: WrittenPrompt
    llm: str
    """The prompt writer's model."""
    seconds: float
    """Time spent on the diary so far (checks, guard, its share of the writing batch)."""


class WritingStage:
    """Checks, text guard, emotion and scene for a batch of diaries, then the style's trigger."""

    def __init__(
        self,
        writer: PromptWriter,
        style: StyleSpec,
        *,
        max_diary_chars: int = 2000,
        guard: DiaryGuard | None = None,
    ) -> None:
        if tuple(writer.labels) != style.labels:
            raise ValueError(f"the writer's labels {writer.labels} differ from the style's {style.labels}")
        self.writer = writer
        self.style = style
        self.max_diary_chars = max_diary_chars
        self.guard = guard

    def check_inputs(self, diary: str, style: str | None, seed: int | None) -> str:
        """Validate everything before any model runs; return the cleaned diary."""
        if style is not None and style not in self.style.labels:
            raise ValueError(f"style {style!r} is not one of the labels {list(self.style.labels)}")
        if seed is not None and not 0 <= seed <= MAX_SEED:
            raise SeedError(f"seed {seed} is outside 0..{MAX_SEED}")
        return check_diary(diary, self.max_diary_chars, self.writer.control_tokens)

    def warm_up(self, batch_size: int) -> None:
        """Compile now, for every padded batch size up to `batch_size` (1, 2, 4, 8…): no child waits for a
        compile."""
        for size in sorted({rows_bucket(rows) for rows in range(1, batch_size + 1)}):
            self.writer.write_many([WriteRequest(WARM_UP_DIARY, seed) for seed in range(size)])

    def prepare_many(self, requests: list[DrawingRequest]) -> list[PreparedDrawing | Exception]:
        """Each request checked, then the accepted ones written in one batch through the LLM.

        A request that fails its checks, or that the text guard keeps, gets its error in its place.
        """
        started = time.perf_counter()
        outcomes: list[PreparedDrawing | Exception | None] = [None] * len(requests)
        accepted: list[tuple[int, WriteRequest]] = []
        for index, request in enumerate(requests):
            try:
                cleaned = self.check_inputs(request.diary, request.style, request.seed)
            except ValueError as error:
                outcomes[index] = error
                continue
            if self.guard is not None:
                verdict = self.guard.check(cleaned).verdict
                if verdict != "ok":
                    refusal = DistressDiaryError if verdict == "distress" else UnsafeDiaryError
                    outcomes[index] = refusal(f"the text guard found the diary {verdict}")
                    continue
            seed = new_seed() if request.seed is None else request.seed
            accepted.append((index, WriteRequest(cleaned, seed, request.style)))
        if accepted:
            # Emotion by likelihood, then a scene for the mood to be drawn, all diaries together.
            written = self.writer.write_many([asked for _, asked in accepted])
            seconds = time.perf_counter() - started
            for (index, asked), scene in zip(accepted, written, strict=True):
                emotion = asked.mood or scene.emotion
                final = self.style.final_prompt(emotion, scene.prompt)
                outcomes[index] = PreparedDrawing(asked.seed, emotion, final, scene, self.writer.source, seconds)
        return [outcome for outcome in outcomes if outcome is not None]


class PaintingStage:
    """Paints prepared diaries in one diffusion batch and checks every drawing; a flagged one is redrawn once
    with a calm generic scene."""

    def __init__(
        self,
        painter: Painter,
        style: StyleSpec,
        *,
        profile: str = "tiny",
        safety: DrawingCheck | None = None,
    ) -> None:
        self.painter = painter
        self.style = style
        self.profile = profile
        self.safety = safety

    def warm_up(self, batch_size: int) -> None:
        """Compile now, for a batch of one and of `batch_size`."""
        for size in sorted({1, batch_size}):
            scene = self.style.final_prompt(self.style.labels[0], mood_of(self.style.labels[0]).fallback_scene)
            self.painter.paint_many([scene] * size, list(range(size)))

    def paint_many(self, prepared: list[PreparedDrawing]) -> list[DrawingResult | Exception]:
        """Each diary's seed alone decides its noise, so a drawing does not depend on its batch-mates.
        An error while painting (out of memory) is raised for the whole batch."""
        if not prepared:
            return []
        started = time.perf_counter()
        paintings = self.painter.paint_many([item.prompt for item in prepared], [item.seed for item in prepared])
        flags = self.safety.flagged([painting.image for painting in paintings]) if self.safety else []
        return [
            self._checked(item, painting, started, flagged=bool(flags) and flags[position])
            for position, (item, painting) in enumerate(zip(prepared, paintings, strict=True))
        ]

    def _checked(
        self, item: PreparedDrawing, painting: Painting, started: float, *, flagged: bool
    ) -> DrawingResult | Exception:
        if not flagged:
            return self._result(item, item.prompt, painting, started)
        calm = self.style.final_prompt(item.emotion, mood_of(item.emotion).fallback_scene)
        again = self.painter.paint_many([calm], [(item.seed + 1) % (MAX_SEED + 1)])[0]
        if self.safety is not None and self.safety.flagged([again.image])[0]:
            return UnsafeImageError("the drawing was flagged twice by the image safety check")
        return self._result(item, calm, again, started, redrawn=True)

    def _result(
        self, item: PreparedDrawing, prompt: str, painting: Painting, started: float, *, redrawn: bool = False
    ) -> DrawingResult:
        written = item.written
        return DrawingResult(
            redrawn_for_safety=redrawn,
            emotion=item.emotion,
            detected_emotion=written.emotion,
            probabilities=written.probabilities,
            prompt=prompt,
            scene=written.prompt,
            image=painting.image,
            seed=item.seed,
            profile=self.profile,
            preview=self.profile == "tiny",
            fell_back=written.fell_back,
            models={
                "llm": item.llm,
                "diffusion": self.painter.source,
                "lora": str(self.painter.lora) if self.painter.lora else None,
                "t5": "on" if self.painter.uses_t5 else "off",
            },
            timings={**written.timings, **painting.timings, "engine": item.seconds + time.perf_counter() - started},
        )
