"""Every text encoder runs where `crayon train` sends its tokens: checked at each forward of the real `train()`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import torch

from training import trainer
from training.trainer import train

LABELS = ("happiness", "sadness")
TEXT_ENCODERS = ("text_encoder", "text_encoder_2", "text_encoder_3")


def same_device(one: torch.device, other: torch.device) -> bool:
    """`cuda` and `cuda:0` are the same place; `cpu` and `cuda` are not."""
    return one.type == other.type and (one.index is None or other.index is None or one.index == other.index)


class PlacementSpy:
    """Checks each forward of each text-encoder module against the device of the encode step running it.

    `from_pretrained` loads on the CPU, so on a CPU-only machine "loaded there" looks like "put there";
    the spy counts a text encoder as placed only once `.to(...)` has named a device, so code that
    forgets to move the encoders fails here as it would on a GPU.
    """

    def __init__(self) -> None:
        self.step_device: torch.device | None = None
        self.placed: dict[str, torch.device | None] = {}
        self.encode_calls = 0
        self.forwards = 0
        self.problems: list[str] = []

    def watch(self, pipe: Any) -> Any:
        encode = pipe.encode_prompt

        def encode_prompt(*args: Any, **kwargs: Any) -> Any:
            self.encode_calls += 1
            self.step_device = torch.device(kwargs["device"])
            try:
                return encode(*args, **kwargs)
            finally:
                self.step_device = None

        pipe.encode_prompt = encode_prompt
        for name in TEXT_ENCODERS:
            module = getattr(pipe, name, None)
            if module is None:
                continue
            self.placed[name] = None
            module.to = partial(self._to, name, module.to)
            for submodule in module.modules():
                submodule.register_forward_pre_hook(partial(self._check, name), with_kwargs=True)
        return pipe

    def _to(self, name: str, to: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        target = kwargs.get("device", args[0] if args else None)
        if isinstance(target, str | torch.device):
            self.placed[name] = torch.device(target)
        return to(*args, **kwargs)

    def _check(self, name: str, module: torch.nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.forwards += 1
        where = f"{name}.{type(module).__name__}"
        step = self.step_device
        if step is None:
            self.problems.append(f"{where} ran outside an encode step")
            return
        placed = self.placed[name]
        if placed is None or not same_device(placed, step):
            self.problems.append(f"{where} was put on {placed}, not on the step's {step}")
        for parameter in module.parameters(recurse=False):
            if not same_device(parameter.device, step):
                self.problems.append(f"{where} has a parameter on {parameter.device}, not on {step}")
        for value in (*args, *kwargs.values()):
            if isinstance(value, torch.Tensor) and not same_device(value.device, step):
                self.problems.append(f"{where} was given a tensor on {value.device}, not on {step}")


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> PlacementSpy:
    watcher = PlacementSpy()
    load = trainer._load_pipeline
    monkeypatch.setattr(trainer, "_load_pipeline", lambda *args: watcher.watch(load(*args)))
    return watcher


def test_text_encoders_run_on_the_training_device(spy: PlacementSpy, quick, tiny_profile, tmp_path: Path) -> None:
    out = tmp_path / "lora"
    # Fresh: validation prompts and captions are encoded; resumed: the cache is read, the prompts encoded again.
    # Each run: the empty negative and one scene per label, then the validation drawings (whose embeddings
    # pass through `encode_prompt` unchanged); the first run also encodes the two emotion captions.
    train(quick(out=out, steps=2, checkpoint_every=2), tiny_profile, LABELS, progress=False)
    assert spy.encode_calls == 3 + 2 + 2
    train(quick(out=out, steps=4, checkpoint_every=2, resume=True), tiny_profile, LABELS, progress=False)
    assert spy.encode_calls == 7 + 3 + 2
    assert spy.forwards > 0
    assert spy.problems == []
