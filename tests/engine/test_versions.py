"""The pinned libraries work together where we rely on them: transformers' PEFT integration on a Qwen3 model."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import torch
from packaging.requirements import Requirement
from packaging.version import Version

from engine.tiny import ensure_tiny_models


def test_the_installed_peft_is_one_transformers_accepts() -> None:
    import peft
    from transformers.integrations import peft as integration

    assert Version(peft.__version__) >= Version(integration.MIN_PEFT_VERSION), (
        f"transformers needs peft >= {integration.MIN_PEFT_VERSION}, constraints.txt installs {peft.__version__}"
    )


def test_a_lora_adapter_on_the_tiny_qwen_trains_saves_and_loads_back(models_dir: Path, tmp_path: Path) -> None:
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM

    source = ensure_tiny_models(models_dir) / "llm"
    model = AutoModelForCausalLM.from_pretrained(source)
    ids = torch.tensor([[1, 2, 3, 4, 5]])
    with torch.inference_mode():
        plain = model(input_ids=ids).logits
    model.add_adapter(LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], init_lora_weights=False))
    assert model.active_adapters() == ["default"]
    with torch.inference_mode():
        adapted = model(input_ids=ids).logits
    assert not torch.allclose(plain, adapted), "the adapter takes part in the forward pass"
    model.save_pretrained(tmp_path / "adapter")
    assert (tmp_path / "adapter" / "adapter_config.json").is_file()

    again = AutoModelForCausalLM.from_pretrained(source)
    again.load_adapter(str(tmp_path / "adapter"))
    with torch.inference_mode():
        reloaded = again(input_ids=ids).logits
    torch.testing.assert_close(reloaded, adapted)
    again.disable_adapters()
    with torch.inference_mode():
        torch.testing.assert_close(again(input_ids=ids).logits, plain)


@pytest.mark.parametrize("name", ["transformers", "peft", "diffusers", "tokenizers"])
def test_constraints_pin_what_is_installed(name: str) -> None:
    from importlib.metadata import version

    pins = dict(
        line.split("==", 1)
        for line in (Path(__file__).resolve().parents[2] / "constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert pins[name.replace("_", "-")] == version(name)


def _project() -> dict[str, Any]:
    with (Path(__file__).resolve().parents[2] / "pyproject.toml").open("rb") as file:
        return dict(tomllib.load(file)["project"])


def test_pyprojects_peft_range_starts_where_transformers_and_diffusers_accept_it() -> None:
    from diffusers.utils import constants
    from transformers.integrations import peft as integration

    ranges = {Requirement(line).name: Requirement(line).specifier for line in _project()["dependencies"]}
    lowest = min(Version(spec.version) for spec in ranges["peft"] if spec.operator == ">=")
    assert lowest >= Version(integration.MIN_PEFT_VERSION), f"transformers needs peft >= {integration.MIN_PEFT_VERSION}"
    assert lowest >= Version(constants.MIN_PEFT_VERSION), f"diffusers needs peft >= {constants.MIN_PEFT_VERSION}"


def test_every_pin_lies_in_pyprojects_range() -> None:
    pins = dict(
        line.split("==", 1)
        for line in (Path(__file__).resolve().parents[2] / "constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    outside = [
        f"{requirement.name}=={pins[requirement.name]} is outside {requirement.specifier}"
        for requirement in map(Requirement, _project()["dependencies"])
        if requirement.name in pins and not requirement.specifier.contains(pins[requirement.name])
    ]
    assert outside == []
