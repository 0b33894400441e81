"""bitsandbytes: the optional CUDA package behind 8-bit and 4-bit weights and the 8-bit optimizer."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from engine.errors import BitsandbytesMissingError


def import_bitsandbytes(needed_by: str) -> ModuleType:
    """The bitsandbytes module; if it is missing, an error naming the setting `needed_by` and the install."""
    try:
        import bitsandbytes
    except ImportError as error:
        raise BitsandbytesMissingError(f"{needed_by} needs bitsandbytes: pip install 'crayon-diary[gpu]'") from error
    return bitsandbytes


def bitsandbytes_config(quantization: str, dtype: str, *, needed_by: str) -> Any:
    """transformers' BitsAndBytesConfig: 4-bit NF4 (double-quantized, computing in `dtype`) or 8-bit weights."""
    import_bitsandbytes(needed_by)
    import torch
    from transformers import BitsAndBytesConfig

    if quantization == "4bit":
        return BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_compute_dtype=getattr(torch, dtype),
            bnb_4bit_use_double_quant=True,
        )
    return BitsAndBytesConfig(load_in_8bit=True)
