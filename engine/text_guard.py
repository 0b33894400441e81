"""An optional guard model for the diary text (full profile): Qwen3Guard-Gen reads it before the prompt writer.

Off by default: the Korean + English patterns in `engine/diary_check.py` already run on every diary. An
operator who wants a second, model-based opinion sets `CRAYON_TEXT_GUARD=Qwen/Qwen3Guard-Gen-0.6B` (or
the 4B / 8B); it runs on the engine's thread, once per diary, with greedy decoding of a few tokens.

Qwen3Guard-Gen answers a moderated user turn with lines like::

    Safety: Unsafe
    Categories: Violent

`Unsafe` in a category a children's picture must avoid makes the diary `unsafe`; self-harm (unsafe or
controversial) makes it `distress`, so the child hears care rather than a refusal. Anything else, and
any answer that cannot be read, is `ok` (the pattern checks and the prompt's deny-list still apply).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from engine.diary_check import Verdict

_SAFETY = re.compile(r"Safety:\s*(Safe|Unsafe|Controversial)\b")
_CATEGORY = re.compile(
    r"Violent|Non-violent Illegal Acts|Sexual Content or Sexual Acts|PII|Suicide & Self-Harm|Unethical Acts"
    r"|Politically Sensitive Topics|Copyright Violation|Jailbreak"
)
SELF_HARM = "Suicide & Self-Harm"
# What a children's picture must never show. PII (a friend's name), politics, copyright and jailbreak
# attempts are let through: a child's diary is full of names and cartoon characters, the diary reaches the
# LLM only as data, and the written scene is checked again (engine/safety.py) and the drawing too.
BLOCKED_CATEGORIES = frozenset({"Violent", "Sexual Content or Sexual Acts", "Non-violent Illegal Acts"})
MAX_NEW_TOKENS = 24


@dataclass(frozen=True)
class GuardAnswer:
    level: str | None
    """Safe, Unsafe or Controversial; None when the answer could not be read."""
    categories: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> GuardAnswer:
        level = _SAFETY.search(text)
        return cls(level.group(1) if level else None, tuple(dict.fromkeys(_CATEGORY.findall(text))))

    @property
    def verdict(self) -> Verdict:
        if SELF_HARM in self.categories and self.level in ("Unsafe", "Controversial"):
            return "distress"
        if self.level == "Unsafe" and BLOCKED_CATEGORIES.intersection(self.categories):
            return "unsafe"
        return "ok"


class DiaryGuard(Protocol):
    """Reads a cleaned diary before the prompt writer does; its answer's verdict is obeyed."""

    def check(self, diary: str) -> GuardAnswer: ...


class TextGuard:
    """A Qwen3Guard-Gen model (any causal LM with a chat template loads; its answer is parsed as above)."""

    def __init__(self, model: Any, tokenizer: Any) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer

    @classmethod
    def from_pretrained(cls, source: str, *, device: str, dtype: Any = None) -> TextGuard:
        from transformers import AutoModelForCausalLM, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(source)
        kwargs: dict[str, Any] = {} if dtype is None else {"dtype": dtype}
        model = AutoModelForCausalLM.from_pretrained(source, **kwargs).to(device)
        return cls(model, tokenizer)

    def answer(self, diary: str) -> str:
        """The guard's raw answer for `diary` as a user turn (the diary is already cleaned of template tokens)."""
        import torch

        text = self.tokenizer.apply_chat_template(
            [{"role": "user", "content": diary}], tokenize=False, add_generation_prompt=True
        )
        inputs = self.tokenizer(text, return_tensors="pt").to(self.model.device)
        with torch.inference_mode():
            output = self.model.generate(
                **inputs,
                max_new_tokens=MAX_NEW_TOKENS,
                do_sample=False,
                pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id,
            )
        return str(self.tokenizer.decode(output[0][inputs["input_ids"].shape[-1] :], skip_special_tokens=True))

    def check(self, diary: str) -> GuardAnswer:
        return GuardAnswer.parse(self.answer(diary))


class ReadersInTurn:
    """Several guards read each diary; a crisis any of them finds wins over an unsafe request another finds
    (a child telling of harm needs help, not a refusal)."""

    def __init__(self, guards: list[DiaryGuard]) -> None:
        self.guards = guards

    def check(self, diary: str) -> GuardAnswer:
        answers = [guard.check(diary) for guard in self.guards]
        for verdict in ("distress", "unsafe"):
            found = next((answer for answer in answers if answer.verdict == verdict), None)
            if found is not None:
                return found
        return answers[-1] if answers else GuardAnswer("Safe")
