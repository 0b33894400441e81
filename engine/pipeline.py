"""The engine's one call: a diary in, a drawing out (emotion, prompt, image, timings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.crisis_reader import CrisisReader
from engine.faults import FaultPlan
from engine.faulty import FaultyGuard, FaultyPainter, FaultySafety
from engine.image_safety import DrawingCheck, ImageSafety
from engine.painter import Painter, PaintOptions
from engine.prompt_writer import PromptWriter, WriterOptions
from engine.stages import DrawingRequest, DrawingResult, PaintingStage, PreparedDrawing, WritingStage
from engine.style import StyleSpec
from engine.text_guard import DiaryGuard, ReadersInTurn, TextGuard

if TYPE_CHECKING:
    from engine.profiles import ResolvedProfile
    from engine.settings import EngineSettings


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
        writing = load_writing(settings, profile)
        painting = load_painting(settings, profile)
        pipeline = cls(
            writing.writer,
            painting.painter,
            writing.style,
            profile=profile.name,
            max_diary_chars=settings.max_diary_chars,
            safety=painting.safety,
            guard=writing.guard,
        )
        if profile.compile:
            pipeline.warm_up(settings.batch_size)
        return pipeline

    def warm_up(self, batch_size: int) -> None:
        """Compile now, at load, for a batch of one and of `batch_size`: no child waits for a compile."""
        self.writing.warm_up(batch_size)
        self.painting.warm_up(batch_size)

    @property
    def writing(self) -> WritingStage:
        return WritingStage(self.writer, self.style, max_diary_chars=self.max_diary_chars, guard=self.guard)

    @property
    def painting(self) -> PaintingStage:
        return PaintingStage(self.painter, self.style, profile=self.profile, safety=self.safety)

    def check_inputs(self, diary: str, style: str | None, seed: int | None) -> str:
        """Validate everything before any model runs; return the cleaned diary."""
        return self.writing.check_inputs(diary, style, seed)

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
        outcomes = self.writing.prepare_many(requests)
        prepared = [outcome for outcome in outcomes if isinstance(outcome, PreparedDrawing)]
        painted = iter(self.painting.paint_many(prepared))
        return [next(painted) if isinstance(outcome, PreparedDrawing) else outcome for outcome in outcomes]


def load_writing(settings: EngineSettings, profile: ResolvedProfile, *, warm_up: bool = False) -> WritingStage:
    """The writing half alone: the prompt writer and the text guard (when set), as `profile` says; with
    `warm_up`, run once for a batch of one and of CRAYON_BATCH_SIZE (compiles, when compiling is on)."""
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
    readers: list[DiaryGuard] = []
    if settings.text_guard:
        readers.append(TextGuard.from_pretrained(settings.text_guard, device=profile.device, dtype=profile.dtype))
    if settings.crisis_reader == "on" or (settings.crisis_reader == "auto" and profile.name == "full"):
        readers.append(CrisisReader(writer, threshold=settings.crisis_reader_threshold))
    guard: DiaryGuard | None = ReadersInTurn(readers) if readers else None
    if guard is not None and settings.faults:
        guard = FaultyGuard(guard, FaultPlan(settings.faults))
    stage = WritingStage(writer, style, max_diary_chars=settings.max_diary_chars, guard=guard)
    if warm_up:
        stage.warm_up(settings.batch_size)
    return stage


def load_painting(settings: EngineSettings, profile: ResolvedProfile, *, warm_up: bool = False) -> PaintingStage:
    """The painting half alone: SD3 with the style LoRA and the image safety check (when on); `warm_up` as
    for `load_writing`."""
    style = StyleSpec.load(settings.lora, trigger_template=settings.trigger_template, labels=settings.labels)
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
        safety = ImageSafety.from_pretrained(
            profile.image_safety_source or settings.image_safety_model,
            device=profile.device,
            unsafe_labels=tuple(settings.image_safety_labels),
            threshold=settings.image_safety_threshold,
        )
    if profile.compile and profile.memory.cpu_offload == "none":
        painter.compile()
    if warm_up:
        PaintingStage(painter, style).warm_up(settings.batch_size)
    if settings.faults:
        plan = FaultPlan(settings.faults)
        painter = FaultyPainter(painter, plan, drill_dir=settings.data_dir / "faults")
        safety = FaultySafety(safety, plan)
    return PaintingStage(painter, style, profile=profile.name, safety=safety)
