"""The optional text guard: Qwen3Guard-Gen's answers read right, and the model loads and runs offline."""

from pathlib import Path

import pytest

from engine.text_guard import GuardAnswer, TextGuard
from engine.tiny import ensure_tiny_models


@pytest.mark.parametrize(
    ("answer", "level", "verdict"),
    [
        ("Safety: Safe\nCategories: None", "Safe", "ok"),
        ("Safety: Unsafe\nCategories: Violent", "Unsafe", "unsafe"),
        ("Safety: Unsafe\nCategories: Sexual Content or Sexual Acts", "Unsafe", "unsafe"),
        ("Safety: Controversial\nCategories: Violent", "Controversial", "ok"),
        ("Safety: Unsafe\nCategories: Suicide & Self-Harm", "Unsafe", "distress"),
        ("Safety: Controversial\nCategories: Suicide & Self-Harm", "Controversial", "distress"),
        ("Safety: Unsafe\nCategories: PII", "Unsafe", "ok"),
        ("Safety: Unsafe\nCategories: Jailbreak", "Unsafe", "ok"),
        ("Safety: Unsafe\nCategories: Violent, Suicide & Self-Harm", "Unsafe", "distress"),
        ("I think this is fine.", None, "ok"),
        ("", None, "ok"),
    ],
)
def test_answers_are_read_as_verdicts(answer: str, level: str | None, verdict: str) -> None:
    parsed = GuardAnswer.parse(answer)
    assert parsed.level == level
    assert parsed.verdict == verdict


def test_a_guard_of_the_qwen3_class_loads_and_answers_offline(models_dir: Path) -> None:
    # The tiny Qwen3 of the tiny profile stands in for Qwen3Guard-Gen: same class, same loading code.
    guard = TextGuard.from_pretrained(str(ensure_tiny_models(models_dir) / "llm"), device="cpu")
    raw = guard.answer("오늘 공원에서 놀았다")
    assert isinstance(raw, str)
    assert guard.check("오늘 공원에서 놀았다") == GuardAnswer.parse(raw), "greedy: the same answer twice"
    assert guard.check("오늘 공원에서 놀았다").verdict == "ok"
