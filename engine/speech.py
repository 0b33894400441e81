"""Voice diaries: a recording decoded (OGG/Opus, WAV, FLAC … through libsndfile, no ffmpeg), checked, and
written down in Korean by Whisper through transformers' speech-recognition pipeline:
`openai/whisper-large-v3-turbo` in the full profile, a tiny random Whisper built offline in the tiny one.

The recording is only ever in memory: nothing here writes it anywhere."""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from engine.errors import AudioError
from engine.settings import EngineSettings

RATE = 16_000
"""Whisper hears 16 kHz mono."""
MAX_SECONDS = 60.0
MAX_BYTES = 2 * 1024 * 1024
MAX_RATE, MAX_CHANNELS = 48_000, 2
"""What a phone records a voice at, at most: anything beyond is refused before it is unpacked."""
SILENCE_RMS = 0.004
"""Below this loudness (of full scale) a recording is taken for silence: "잘 안 들렸어", never a drawing."""


def decode(data: bytes) -> np.ndarray:
    """The recording as 16 kHz mono float32 samples; AudioError for one too big, too long or unreadable."""
    import soundfile

    if len(data) > MAX_BYTES:
        raise AudioError("too_big", f"a recording of {len(data)} bytes is over {MAX_BYTES}")
    try:
        # What the header says comes first: a small file must not unpack into gigabytes of samples.
        info = soundfile.info(io.BytesIO(data))
        if not 0 < info.samplerate <= MAX_RATE or not 0 < info.channels <= MAX_CHANNELS:
            raise AudioError("unreadable", f"{info.samplerate} Hz in {info.channels} channels is no voice recording")
        frames = int(MAX_SECONDS * info.samplerate) + 1
        samples, rate = soundfile.read(io.BytesIO(data), frames=frames, dtype="float32", always_2d=True)
    except AudioError:
        raise
    except (RuntimeError, ValueError, TypeError, MemoryError, soundfile.LibsndfileError) as error:
        raise AudioError("unreadable", f"not a recording libsndfile can read: {type(error).__name__}") from error
    if rate <= 0 or samples.size == 0:
        raise AudioError("unreadable", "an empty recording")
    if samples.shape[0] >= frames:
        raise AudioError("too_long", f"a recording over {MAX_SECONDS:.0f} s")
    mono = samples.mean(axis=1)
    if rate != RATE:
        positions = np.arange(0, mono.shape[0], rate / RATE)
        mono = np.interp(positions, np.arange(mono.shape[0]), mono).astype(np.float32)
    return mono


def silent(samples: np.ndarray) -> bool:
    """Nothing said: the recording's loudness is below `SILENCE_RMS`."""
    return samples.size == 0 or float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) < SILENCE_RMS


def speech_source(settings: EngineSettings, profile: str) -> str:
    """Where the speech model comes from: the tiny random Whisper (built once) or `CRAYON_SPEECH_MODEL`."""
    if profile == "tiny":
        from engine.tiny_speech import ensure_tiny_speech

        return str(ensure_tiny_speech(settings.tiny_models_dir))
    return settings.speech_model


class Transcriber:
    """Writes down a recording in Korean."""

    def __init__(self, recognizer: Any, *, max_new_tokens: int = 120) -> None:
        self.recognizer = recognizer
        self.max_new_tokens = max_new_tokens

    @classmethod
    def load(cls, source: str, device: str = "cpu", dtype: str = "float32") -> Transcriber:
        """The transformers speech-recognition pipeline of `source` (a hub id or a folder)."""
        import torch
        from transformers import pipeline

        recognizer = pipeline("automatic-speech-recognition", model=source, device=device, dtype=getattr(torch, dtype))
        return cls(recognizer)

    def transcribe(self, samples: np.ndarray) -> str:
        """What was said; "" for silence."""
        if silent(samples):
            return ""
        heard = self.recognizer(
            {"raw": samples, "sampling_rate": RATE},
            generate_kwargs={"language": "ko", "task": "transcribe", "max_new_tokens": self.max_new_tokens},
        )
        # A byte-level token cut inside a letter decodes to U+FFFD: left out, as a letter never said.
        return " ".join(str(heard.get("text", "")).replace("\ufffd", "").split())
