"""How long a voice diary takes to be heard: a recording of `--seconds` of speech-like sound as an OGG/Opus
file (what Telegram sends), decoded with `engine.speech.decode` and written down by Whisper.

`--arch tiny` runs the tiny random Whisper through `Transcriber` (the bot's own path, on the CPU here);
`--arch real` builds whisper-large-v3-turbo's architecture (32 encoder layers, 4 decoder layers, 128 mel
bins) with random weights on the GPU when there is one and times the same work: the log-mel features of
each 30-second piece, the encoder and `--tokens` decoded tokens per piece (random weights would stop at
any moment; a 20-second Korean diary is about 60 tokens).

    python -m benchmarks.speech [--arch tiny|real] [--seconds 20] [--runs 3] [--tokens 64]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from engine.speech import RATE, Transcriber, decode, pieces
from tests.support.audio import recording

TURBO = {
    "d_model": 1280,
    "encoder_layers": 32,
    "decoder_layers": 4,
    "encoder_attention_heads": 20,
    "decoder_attention_heads": 20,
    "encoder_ffn_dim": 5120,
    "decoder_ffn_dim": 5120,
    "num_mel_bins": 128,
    "vocab_size": 51866,
    "max_source_positions": 1500,
    "max_target_positions": 448,
    "decoder_start_token_id": 50258,
    "eos_token_id": 50257,
    "pad_token_id": 50257,
    "bos_token_id": 50257,
}
"""openai/whisper-large-v3-turbo's config.json, the fields that size it."""
PROMPT = [50258, 50264, 50360, 50364]
"""<|startoftranscript|> <|ko|> <|transcribe|> <|notimestamps|> in its vocabulary."""


def tiny_hearing(runs: int, data: bytes) -> dict[str, Any]:
    from engine.tiny_speech import ensure_tiny_speech

    with tempfile.TemporaryDirectory() as folder:
        transcriber = Transcriber.load(str(ensure_tiny_speech(Path(folder))))
        transcriber.transcribe(decode(data))  # the first call pays for lazy setup
        decoding, hearing = [], []
        for _ in range(runs):
            started = time.perf_counter()
            samples = decode(data)
            decoded = time.perf_counter()
            transcriber.transcribe(samples)
            decoding.append(decoded - started)
            hearing.append(time.perf_counter() - decoded)
    return {"device": "cpu", "decode_seconds": _median(decoding), "transcribe_seconds": _median(hearing)}


def real_hearing(runs: int, data: bytes, tokens: int) -> dict[str, Any]:
    import torch
    from transformers import GenerationMixin, WhisperConfig, WhisperFeatureExtractor, WhisperForConditionalGeneration

    device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = torch.float16 if device == "cuda" else torch.float32
    torch.manual_seed(0)
    with torch.device(device):
        model = WhisperForConditionalGeneration(WhisperConfig(**TURBO)).to(dtype).eval()
    features = WhisperFeatureExtractor(feature_size=128)

    def hear(samples: np.ndarray) -> None:
        for piece in pieces(samples):
            mel = features(piece, sampling_rate=RATE, return_tensors="pt").input_features.to(device, dtype)
            prompt = torch.tensor([PROMPT], device=device)
            with torch.inference_mode():
                GenerationMixin.generate(
                    model,
                    input_features=mel,
                    decoder_input_ids=prompt,
                    max_new_tokens=tokens,
                    min_new_tokens=tokens,
                    do_sample=False,
                )
        if device == "cuda":
            torch.cuda.synchronize()

    hear(decode(data))  # warm-up: kernels chosen, memory pooled
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    decoding, hearing = [], []
    for _ in range(runs):
        started = time.perf_counter()
        samples = decode(data)
        decoded = time.perf_counter()
        hear(samples)
        decoding.append(decoded - started)
        hearing.append(time.perf_counter() - decoded)
    figures: dict[str, Any] = {"device": device, "dtype": str(dtype).removeprefix("torch.")}
    if device == "cuda":
        figures["gpu"] = torch.cuda.get_device_name()
        figures["peak_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 2)
    return {**figures, "decode_seconds": _median(decoding), "transcribe_seconds": _median(hearing)}


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", choices=("tiny", "real"), default="tiny")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=64)
    args = parser.parse_args()
    data = recording(args.seconds)
    tiny = args.arch == "tiny"
    figures = tiny_hearing(args.runs, data) if tiny else real_hearing(args.runs, data, args.tokens)
    print(
        json.dumps(
            {
                "arch": args.arch,
                "recording_seconds": args.seconds,
                "ogg_bytes": len(data),
                "tokens_per_piece": args.tokens if args.arch == "real" else None,
                **figures,
                "cpus": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
