"""Voice diaries: real recordings made here (OGG/Opus as Telegram sends them, WAV, FLAC), decoded without
ffmpeg, checked for length, size and silence, and written down by the tiny random Whisper through the same
transformers pipeline the full profile uses."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import soundfile

from engine.errors import AudioError
from engine.settings import EngineSettings
from engine.speech import MAX_BYTES, RATE, Transcriber, decode, silent, speech_source
from engine.tiny_speech import ensure_tiny_speech
from tests.support.audio import recording


@pytest.mark.parametrize("kind", ["OGG", "WAV", "FLAC"])
def test_a_recording_is_decoded_to_16_khz_mono(kind: str) -> None:
    samples = decode(recording(2.0, kind=kind))
    assert samples.dtype == np.float32
    assert abs(samples.shape[0] - 2 * RATE) <= RATE // 50
    assert not silent(samples)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"OggS" + b"\x00" * 200, "unreadable"),
        (b"not a recording at all", "unreadable"),
        (b"", "unreadable"),
        (b"\x00" * (MAX_BYTES + 1), "too_big"),
    ],
    ids=["broken ogg", "text", "empty", "over 2 MB"],
)
def test_bad_recordings_are_refused_by_kind(data: bytes, kind: str) -> None:
    with pytest.raises(AudioError) as refused:
        decode(data)
    assert refused.value.kind == kind


@pytest.mark.parametrize(("rate", "channels"), [(655_350, 1), (16_000, 8)], ids=["655 kHz", "8 channels"])
def test_a_recording_no_phone_makes_is_refused_before_it_is_unpacked(rate: int, channels: int) -> None:
    out = io.BytesIO()
    soundfile.write(out, np.zeros((rate // 10, channels), dtype=np.float32), rate, format="FLAC")
    with pytest.raises(AudioError) as refused:
        decode(out.getvalue())
    assert refused.value.kind == "unreadable"


def test_over_a_minute_is_refused() -> None:
    with pytest.raises(AudioError) as refused:
        decode(recording(61.0, rate=8_000, kind="OGG"))
    assert refused.value.kind == "too_long"


def test_silence_and_a_whisper_of_noise_are_silent() -> None:
    assert silent(decode(recording(2.0, loud=0.0, kind="WAV")))
    assert silent(np.random.default_rng(0).normal(0, 0.001, RATE).astype(np.float32))
    assert not silent(decode(recording(1.0, kind="WAV")))


@pytest.fixture(scope="module")
def transcriber(models_dir: Path) -> Transcriber:
    return Transcriber.load(str(ensure_tiny_speech(models_dir)))


def test_the_tiny_whisper_writes_something_down_and_silence_nothing(transcriber: Transcriber) -> None:
    heard = transcriber.transcribe(decode(recording(3.0)))
    assert heard
    assert "\ufffd" not in heard
    assert transcriber.transcribe(np.zeros(RATE, dtype=np.float32)) == ""


def test_the_full_profile_names_the_real_model(models_dir: Path) -> None:
    settings = EngineSettings(_env_file=None, models_dir=models_dir)
    assert speech_source(settings, "full") == "openai/whisper-large-v3-turbo"
    assert Path(speech_source(settings, "tiny")).is_dir()
