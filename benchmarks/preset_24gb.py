"""The 24 GB preset on the real architectures: Qwen3-8B in 4-bit NF4, SD3.5 Medium with T5 in 8-bit.

    python -m benchmarks.preset_24gb --out preset.json      (a CUDA GPU with bitsandbytes)

Random weights are built in bf16 on the GPU, then the linear layers are quantized in place the way
`from_pretrained(quantization_config=...)` does (bitsandbytes `Linear4bit` NF4 with double
quantization for the LLM, `Linear8bitLt` for T5), so the memory and speed are the preset's. Like
transformers, it leaves T5's `wo` projections unquantized in bf16 (`T5EncoderModel._keep_in_fp32_modules`
are skipped by the int8 conversion) and the LLM's `lm_head`.
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

from engine import real_arch
from engine.painter import PaintOptions
from engine.pipeline import DiaryPipeline
from engine.prompt_writer import WriterOptions
from engine.style import StyleSpec
from engine.tiny import ensure_tiny_models

GIB = 1024**3


def quantize(module: torch.nn.Module, kind: str, skip: tuple[str, ...] = ()) -> int:
    """Replace every nn.Linear below `module` by its bitsandbytes 4-bit or 8-bit twin; return how many."""
    import bitsandbytes as bnb

    replaced = 0
    for name, child in list(module.named_children()):
        if name in skip:
            continue
        if isinstance(child, torch.nn.Linear):
            weight = child.weight.data.to("cpu")
            if kind == "4bit":
                layer: Any = bnb.nn.Linear4bit(
                    child.in_features,
                    child.out_features,
                    bias=child.bias is not None,
                    compute_dtype=torch.bfloat16,
                    quant_type="nf4",
                    compress_statistics=True,
                    device="cpu",
                )
                layer.weight = bnb.nn.Params4bit(
                    weight, requires_grad=False, quant_type="nf4", compress_statistics=True
                )
            else:
                layer = bnb.nn.Linear8bitLt(
                    child.in_features,
                    child.out_features,
                    bias=child.bias is not None,
                    has_fp16_weights=False,
                    threshold=6.0,
                    device="cpu",
                )
                layer.weight = bnb.nn.Int8Params(weight, requires_grad=False, has_fp16_weights=False)
            if child.bias is not None:
                layer.bias = torch.nn.Parameter(child.bias.data.to("cpu"), requires_grad=False)
            setattr(module, name, layer.to("cuda"))  # quantized on the way to the GPU
            replaced += 1
            del child
        else:
            replaced += quantize(child, kind, skip)
    return replaced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--tokens", type=int, default=110)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    tiny = ensure_tiny_models(Path(tempfile.gettempdir()) / "crayon-bench-models")
    labels = ("happiness", "sadness")
    report: dict[str, Any] = {"device": torch.cuda.get_device_name(), "preset": "24gb"}

    started = time.perf_counter()
    writer = real_arch.build_writer(
        tiny, device="cuda", dtype="bfloat16", labels=labels, options=WriterOptions(max_new_tokens=args.tokens)
    )
    report["llm_linear_layers_4bit"] = quantize(writer.model.model, "4bit")  # lm_head stays bf16, as transformers does
    gc.collect()
    torch.cuda.empty_cache()
    report["llm_resident_gib"] = round(torch.cuda.memory_allocated() / GIB, 2)

    painter = real_arch.build_painter(
        tiny, device="cuda", dtype="bfloat16", use_t5=True, options=PaintOptions(height=512, width=512)
    )
    t5 = painter.pipe.text_encoder_3
    skipped = tuple(t5._keep_in_fp32_modules or ())
    report["t5_linear_layers_8bit"] = quantize(t5, "8bit", skip=skipped)
    report["t5_layers_left_in_bf16"] = list(skipped)
    gc.collect()
    torch.cuda.empty_cache()
    report["build_and_quantize_s"] = round(time.perf_counter() - started, 1)
    report["resident_gib"] = round(torch.cuda.memory_allocated() / GIB, 2)
    report["sd35_resident_gib"] = round(report["resident_gib"] - report["llm_resident_gib"], 2)

    style = StyleSpec(trigger_template="hand drawing {emotion} style", labels=labels)
    pipeline = DiaryPipeline(writer, painter, style, profile="real-arch-24gb")
    torch.cuda.reset_peak_memory_stats()
    runs = []
    for run in range(args.runs + 1):
        torch.cuda.synchronize()
        begin = time.perf_counter()
        result = pipeline("오늘 친구랑 놀이터에서 그네를 탔다.", seed=run)
        torch.cuda.synchronize()
        if run:
            runs.append(
                {
                    "seconds": round(time.perf_counter() - begin, 3),
                    **{k: round(v, 3) for k, v in result.timings.items()},
                }
            )
    prefix = writer.encode_diary("오늘 친구랑 놀이터에서 그네를 탔다.")
    torch.cuda.synchronize()
    begin = time.perf_counter()
    _, tokens = writer.generate(prefix, seed=0)
    torch.cuda.synchronize()
    report["llm_4bit_tokens_per_s"] = round(tokens / (time.perf_counter() - begin), 1)
    report["peak_gib"] = round(torch.cuda.max_memory_allocated() / GIB, 2)
    report["drawings"] = runs
    report["fits_20gb"] = report["peak_gib"] * GIB < 20e9
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
