"""The dtype `auto` picks per card, and the T5 layers that must not run in float16."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from engine.profiles import auto_dtype

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("capability", "dtype"),
    [
        (None, "float32"),  # the CPU
        ((6, 1), "float16"),  # Pascal: GTX 1080
        ((7, 0), "float16"),  # Volta: V100
        ((7, 5), "float16"),  # Turing: T4, RTX 2080
        ((8, 0), "bfloat16"),  # Ampere: A100
        ((8, 6), "bfloat16"),  # RTX 3090
        ((8, 9), "bfloat16"),  # Ada: RTX 4090, L40S
        ((9, 0), "bfloat16"),  # Hopper: H100, H200
        ((12, 0), "bfloat16"),  # Blackwell: RTX 5090
    ],
)
def test_auto_dtype_is_bfloat16_only_where_cards_compute_in_it(capability: tuple[int, int] | None, dtype: str) -> None:
    assert auto_dtype(capability) == dtype


def test_t5_loaded_in_float16_keeps_its_wo_projections_in_float32(tmp_path: Path) -> None:
    from transformers import T5Config, T5EncoderModel

    # SD3.5 Medium's T5 config, shrunk: the same class and layer names, small enough for a test.
    config = json.loads((REPO / "engine" / "configs" / "sd3.5-medium" / "text_encoder_3.json").read_text())
    config.update(d_model=32, d_ff=64, d_kv=8, num_heads=4, num_layers=2, num_decoder_layers=2, vocab_size=128)
    torch.manual_seed(0)
    T5EncoderModel(T5Config(**config)).save_pretrained(tmp_path / "t5")
    model = T5EncoderModel.from_pretrained(tmp_path / "t5", dtype=torch.float16)
    dtypes = {name: parameter.dtype for name, parameter in model.named_parameters()}
    wo = [name for name in dtypes if name.endswith("DenseReluDense.wo.weight")]
    assert len(wo) == 2
    assert {dtypes[name] for name in wo} == {torch.float32}
    assert dtypes["encoder.block.0.layer.0.SelfAttention.q.weight"] == torch.float16
