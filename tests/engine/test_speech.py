"""Voice diaries: real recordings made here (OGG/Opus as Telegram sends them, WAV, FLAC), decoded without
ffmpeg, checked for length, size and silence, and written down by the tiny random Whisper through the same
transformers pipeline the full profile uses."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import soundfile

from bot.cli import main
from bot.cli.common import EXIT_OK, EXIT_USAGE
from engine.errors import AudioError
from engine.settings import EngineSettings
from engine.speech import MAX_BYTES, RATE, Transcriber, decode, silent, speech_source
from engine.tiny_speech import ensure_tiny_speech


def recording(seconds: float, *, rate: int = 48_000, loud: float = 0.3, kind: str = "OGG") -> bytes:
    """A voice-like sound (a tone that rises and falls) as a file of `kind`."""
    moment = np.arange(int(seconds * rate)) / rate
    sound = loud * np.sin(2 * np.pi * 220 * moment) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * moment))
    out = io.BytesIO()
    subtype = {"OGG": "OPUS", "WAV": "PCM_16", "FLAC": "PCM_16"}[kind]
    soundfile.write(out, sound.astype(np.float32), rate, format=kind, subtype=subtype)
    return out.getvalue()


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


@pytest.fixture
def cli_env(models_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CRAYON_PROFILE", "tiny")
    monkeypatch.setenv("CRAYON_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CRAYON_MODELS_DIR", str(models_dir))
    monkeypatch.setenv("CRAYON_HEIGHT", "64")
    monkeypatch.setenv("CRAYON_WIDTH", "64")
    monkeypatch.setenv("CRAYON_NUM_INFERENCE_STEPS", "2")
    monkeypatch.setenv("CRAYON_LLM_MAX_NEW_TOKENS", "16")
    return tmp_path


def test_crayon_draw_audio_writes_it_down_then_draws(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    voice = cli_env / "voice.ogg"
    voice.write_bytes(recording(3.0))
    out = cli_env / "drawing.png"
    assert main(["draw", "--audio", str(voice), "--out", str(out), "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["transcript"]
    assert out.is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--audio", "{silent}"], "nothing could be heard"),
        (["--audio", "{missing}"], "cannot read"),
        (["--audio", "{broken}"], "not a recording"),
        (["일기", "--audio", "{silent}"], "not both"),
        ([], "give the diary"),
    ],
)
def test_crayon_draw_audio_refuses_kindly(
    cli_env: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (cli_env / "silent.wav").write_bytes(recording(1.0, loud=0.0, kind="WAV"))
    (cli_env / "broken.ogg").write_bytes(b"OggS broken")
    paths = {"silent": cli_env / "silent.wav", "missing": cli_env / "nope.ogg", "broken": cli_env / "broken.ogg"}
    assert main(["draw", *(arg.format(**paths) for arg in args)]) == EXIT_USAGE
    assert message in capsys.readouterr().err
