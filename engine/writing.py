"""What the prompt writer is asked and what it answers: its options, one diary's request, its written scene."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine.decoding import Sampling

if TYPE_CHECKING:
    from engine.settings import EngineSettings


@dataclass(frozen=True)
class WriterOptions:
    """Generation settings of the prompt writer (Qwen3's advice for non-thinking mode by default).

    A scene ends at the end of its paragraph; `max_new_tokens` only stops one that runs on. `static_cache`
    keeps the keys and values in a cache of fixed shape, and `compile` compiles the decode step on it
    (CUDA graphs on a GPU: the step at memory speed).
    """

    max_new_tokens: int = 128
    temperature: float = 0.7
    top_p: float = 0.8
    top_k: int = 20
    min_p: float = 0.0
    repetition_penalty: float = 1.0
    max_prompt_words: int = 150
    static_cache: bool = False
    compile: bool = False
    compile_backend: str = "inductor"
    """torch.compile's backend; the tests run the compiled path with `eager` (no C++ build)."""

    @classmethod
    def from_settings(cls, settings: EngineSettings, *, compile: bool = False) -> WriterOptions:
        return cls(
            max_new_tokens=settings.llm_max_new_tokens,
            temperature=settings.llm_temperature,
            top_p=settings.llm_top_p,
            top_k=settings.llm_top_k,
            min_p=settings.llm_min_p,
            repetition_penalty=settings.llm_repetition_penalty,
            max_prompt_words=settings.max_prompt_words,
            static_cache=compile,
            compile=compile,
        )

    @property
    def sampling(self) -> Sampling:
        return Sampling(self.temperature, self.top_p, self.top_k, self.min_p, self.repetition_penalty)


@dataclass(frozen=True)
class WriteRequest:
    """One diary to write a scene for: its seed, and the mood to write it in (None: the detected one)."""

    diary: str
    seed: int
    mood: str | None = None


@dataclass(frozen=True)
class WrittenPrompt:
    """What the prompt writer made of a diary."""

    emotion: str
    """The label the diary scored highest."""
    probabilities: dict[str, float]
    """Each label's probability; they sum to 1."""
    prompt: str
    """The English scene description, printable ASCII, without trigger."""
    mood: str
    """The mood the scene was written for: `emotion`, or the child's override."""
    fell_back: bool = False
    """True when the model gave nothing usable twice: the scene is then a stopped scene's own safe sentences,
    or the mood's calm scene."""
    attempts: int = 1
    new_tokens: int = 0
    """Tokens the LLM generated, over every attempt."""
    timings: dict[str, float] = field(default_factory=dict)
