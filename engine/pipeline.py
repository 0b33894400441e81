"""The engine's one call: a diary in, a drawing out (emotion, prompt, image, timings)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.faults import FaultPlan
from engine.faulty import FaultyGuard, FaultyPainter, FaultySafety
from engine.image_safety import DrawingCheck, ImageSafety
from engine.moods import mood_of
from engine.painter import Painter, Painting, PaintOptions
from engine.prompt_writer import PromptWriter, WriteRequest, WriterOptions, WrittenPrompt
from engine.style import StyleSpec
from engine.text import clean_diary
from engine.text_guard import DiaryGuard, TextGuard

if TYPE_CHECKING:
    from PIL.Image import Image

    from engine.profiles import ResolvedProfile
    from engine.settings import EngineSettings

MAX_SEED = 2**31 - 1


class DiaryError(ValueError):
    """The diary cannot be drawn as it is."""


class EmptyDiaryError(DiaryError):
    """The diary is empty once invisible characters and control tokens are removed."""


class DiaryTooLongError(DiaryError):
    """The diary is longer than the limit."""


class SeedError(ValueError):
    """The seed is outside 0..2**31-1."""


class UnsafeImageError(DiaryError):
    """The drawing was flagged by the image safety check twice, so it is not shown."""


class UnsafeDiaryError(DiaryError):
    """The text guard found a request for a picture no child should see (kept, never drawn)."""


class DistressDiaryError(DiaryError):
    """The text guard found a child in distress: they hear care, not a drawing."""


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
    """One diary to draw: `style` a label overriding the detected emotion, `seed` fixing the result."""

    diary: str
    style: str | None = None
    seed: int | None = None


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


class DiaryPipeline:
    """Prompt writer + style + painter, called once per diary."""

    def __init__(
        self,
        writer: PromptWriter,
        painter: Painter,
        style: StyleSpec,
        *,
        profile: str = "tiny",
        max_diary_chars: int = 2000,
        safety: DrawingCheck | None = None,
        guard: DiaryGuard | None = None,
    ) -> None:
        if tuple(writer.labels) != style.labels:
            raise ValueError(f"the writer's labels {writer.labels} differ from the style's {style.labels}")
        self.writer = writer
        self.painter = painter
        self.style = style
        self.profile = profile
        self.max_diary_chars = max_diary_chars
        self.safety = safety
        self.guard = guard

    @classmethod
    def from_settings(cls, settings: EngineSettings, profile: ResolvedProfile) -> DiaryPipeline:
        """Load both models as `profile` says (slow: call it on the engine worker's thread)."""
        style = StyleSpec.load(settings.lora, trigger_template=settings.trigger_template, labels=settings.labels)
        writer = PromptWriter.from_pretrained(
            profile.llm_source,
            labels=style.labels,
            device=profile.device,
            dtype=profile.dtype,
            quantization=profile.memory.llm_quantization,
            # bitsandbytes' quantised layers and CUDA graphs do not go together: a quantised LLM runs eager.
            options=WriterOptions.from_settings(
                settings, compile=profile.compile and profile.memory.llm_quantization == "none"
            ),
        )
        painter = Painter.from_pretrained(
            profile.diffusion_source,
            device=profile.device,
            dtype=profile.dtype,
            t5=profile.memory.t5,
            cpu_offload=profile.memory.cpu_offload,
            lora=settings.lora,
            lora_scale=settings.lora_scale,
            options=PaintOptions.from_settings(settings),
        )
        safety: DrawingCheck | None = None
        if settings.image_safety:
            source = profile.image_safety_source or settings.image_safety_model
            safety = ImageSafety.from_pretrained(
                source,
                device=profile.device,
                unsafe_labels=tuple(settings.image_safety_labels),
                threshold=settings.image_safety_threshold,
            )
        guard: DiaryGuard | None = None
        if settings.text_guard:
            guard = TextGuard.from_pretrained(settings.text_guard, device=profile.device, dtype=profile.dtype)
        if settings.faults:
            plan = FaultPlan(settings.faults)
            painter = FaultyPainter(painter, plan)
            safety = FaultySafety(safety, plan)
            guard = None if guard is None else FaultyGuard(guard, plan)
        if profile.compile and profile.memory.cpu_offload == "none":
            painter.compile()
        pipeline = cls(
            writer,
            painter,
            style,
            profile=profile.name,
            max_diary_chars=settings.max_diary_chars,
            safety=safety,
            guard=guard,
        )
        if profile.compile:
            pipeline.warm_up(settings.batch_size)
        return pipeline

    def warm_up(self, batch_size: int) -> None:
        """Compile now, at load, for a batch of one and of `batch_size`: no child waits for a compile."""
        for size in sorted({1, batch_size}):
            requests = [WriteRequest("오늘 친구랑 놀이터에서 그네를 탔다.", seed) for seed in range(size)]
            written = self.writer.write_many(requests)
            self.painter.paint_many([self.style.final_prompt(w.emotion, w.prompt) for w in written], list(range(size)))

    def check_inputs(self, diary: str, style: str | None, seed: int | None) -> str:
        """Validate everything before any model runs; return the cleaned diary."""
        if style is not None and style not in self.style.labels:
            raise ValueError(f"style {style!r} is not one of the labels {list(self.style.labels)}")
        if seed is not None and not 0 <= seed <= MAX_SEED:
            raise SeedError(f"seed {seed} is outside 0..{MAX_SEED}")
        return check_diary(diary, self.max_diary_chars, self.writer.control_tokens)

    def __call__(self, diary: str, *, style: str | None = None, seed: int | None = None) -> DrawingResult:
        """Draw `diary`; `style` is a label that overrides the detected emotion; `seed` fixes the result."""
        outcome = self.draw_many([DrawingRequest(diary, style, seed)])[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def draw_many(self, requests: list[DrawingRequest]) -> list[DrawingResult | Exception]:
        """Draw several diaries together: their prompts in one batch through the LLM, then one diffusion
        call for them all. Each diary's seed alone decides its scene and its noise, so a drawing does not
        depend on the others in its batch.

        A request that fails its checks gets its error in its place; the others are still drawn.
        An error while painting (out of memory) is raised for the whole batch.
        """
        started = time.perf_counter()
        outcomes: list[DrawingResult | Exception | None] = [None] * len(requests)
        accepted: list[tuple[int, WriteRequest]] = []
        for index, request in enumerate(requests):
            # 1. check inputs
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
        if not accepted:
            return [outcome for outcome in outcomes if outcome is not None]

        # 2. write the prompts, all together: emotion by likelihood, then a scene for the mood to be drawn
        written = self.writer.write_many([request for _, request in accepted])

        # 3. apply the trigger, with the child's override when there is one
        prepared = []
        for (index, asked), scene in zip(accepted, written, strict=True):
            emotion = asked.mood or scene.emotion
            prepared.append((index, asked.seed, emotion, self.style.final_prompt(emotion, scene.prompt), scene))

        # 4. paint them all in one batch
        paintings = self.painter.paint_many([item[3] for item in prepared], [item[1] for item in prepared])

        # 5. check every drawing (all at once); a flagged one is redrawn once with a calm generic scene
        flags = self.safety.flagged([painting.image for painting in paintings]) if self.safety else []
        for position, ((index, seed, emotion, final, scene), painting) in enumerate(
            zip(prepared, paintings, strict=True)
        ):
            unsafe = bool(flags) and flags[position]
            outcomes[index] = self._checked(seed, emotion, final, scene, painting, started, flagged=unsafe)
        return [outcome for outcome in outcomes if outcome is not None]

    def _checked(
        self,
        seed: int,
        emotion: str,
        prompt: str,
        written: WrittenPrompt,
        painting: Painting,
        started: float,
        *,
        flagged: bool,
    ) -> DrawingResult | Exception:
        if not flagged:
            return self._result(seed, emotion, prompt, written, painting, time.perf_counter() - started)
        calm = self.style.final_prompt(emotion, mood_of(emotion).fallback_scene)
        again = self.painter.paint_many([calm], [(seed + 1) % (MAX_SEED + 1)])[0]
        if self._unsafe(again):
            return UnsafeImageError("the drawing was flagged twice by the image safety check")
        return self._result(seed, emotion, calm, written, again, time.perf_counter() - started, redrawn=True)

    def _unsafe(self, painting: Painting) -> bool:
        return self.safety is not None and self.safety.flagged([painting.image])[0]

    def _result(
        self,
        seed: int,
        emotion: str,
        prompt: str,
        written: WrittenPrompt,
        painting: Painting,
        seconds: float,
        *,
        redrawn: bool = False,
    ) -> DrawingResult:
        return DrawingResult(
            redrawn_for_safety=redrawn,
            emotion=emotion,
            detected_emotion=written.emotion,
            probabilities=written.probabilities,
            prompt=prompt,
            scene=written.prompt,
            image=painting.image,
            seed=seed,
            profile=self.profile,
            preview=self.profile == "tiny",
            fell_back=written.fell_back,
            models={
                "llm": self.writer.source,
                "diffusion": self.painter.source,
                "lora": str(self.painter.lora) if self.painter.lora else None,
                "t5": "on" if self.painter.uses_t5 else "off",
            },
            timings={**written.timings, **painting.timings, "engine": seconds},
        )
