"""Voice diaries: real recordings made here (OGG/Opus as Telegram sends them, WAV, FLAC; MP4 video notes and
MP3 through PyAV), decoded without an ffmpeg binary, checked for length, size and silence, and written down
by the tiny random Whisper through the same transformers pipeline the full profile uses."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soundfile

from engine.errors import AudioError
from engine.settings import EngineSettings
from engine.speech import (
    MAX_BYTES,
    MAX_STREAMS,
    RATE,
    Transcriber,
    decode,
    heard_nothing,
    inaudible,
    noise,
    pieces,
    silent,
    speech_source,
)
from engine.tiny_speech import ensure_tiny_speech
from tests.support.audio import mp3, recording, speaking_models, video_note


@pytest.mark.parametrize("kind", ["OGG", "WAV", "FLAC"])
def test_a_recording_is_decoded_to_16_khz_mono(kind: str) -> None:
    samples = decode(recording(2.0, kind=kind))
    assert samples.dtype == np.float32
    assert abs(samples.shape[0] - 2 * RATE) <= RATE // 50
    assert not silent(samples)


@pytest.mark.parametrize("make", [video_note, mp3], ids=["video note", "mp3"])
def test_a_video_note_or_an_mp3_is_decoded_to_its_sound(make: Callable[..., bytes]) -> None:
    samples = decode(make(2.0))
    assert samples.dtype == np.float32
    # AAC and MP3 pad a frame or two at either end.
    assert abs(samples.shape[0] - 2 * RATE) <= RATE // 10
    assert not silent(samples)
    assert silent(decode(make(1.0, loud=0.0)))


def test_an_mp3_over_a_minute_is_refused_while_it_is_decoded() -> None:
    with pytest.raises(AudioError) as refused:
        decode(mp3(61.0, rate=8_000))
    assert refused.value.kind == "too_long"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"OggS" + b"\x00" * 200, "unreadable"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200, "unreadable"),
        (b"ID3" + b"\x00" * 200, "unreadable"),
        (b"#EXTM3U\n#EXT-X-TARGETDURATION:1\nfile:///etc/passwd\n", "unreadable"),
        (b"not a recording at all", "unreadable"),
        (b"", "unreadable"),
        (b"\x00" * (MAX_BYTES + 1), "too_big"),
    ],
    ids=["broken ogg", "broken mp4", "broken mp3", "a playlist", "text", "empty", "over 2 MB"],
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


def test_a_recording_over_30_seconds_is_cut_where_it_is_quiet_and_heard_whole(transcriber: Transcriber) -> None:
    sound = decode(recording(45.0, rate=16_000))
    sound[int(27.0 * RATE) : int(27.3 * RATE)] = 0.0  # a pause between two sentences
    cut = pieces(sound)
    assert cut[0].shape[0] == pytest.approx(27.15 * RATE, abs=RATE // 10)
    assert sum(piece.shape[0] for piece in cut) == sound.shape[0]
    assert all(piece.shape[0] <= 30 * RATE for piece in cut)
    assert pieces(sound[: 10 * RATE])[0].shape[0] == 10 * RATE
    heard = transcriber.transcribe(sound)
    assert len(heard.split()) > len(transcriber.transcribe(sound[: 10 * RATE]).split())


def test_a_file_of_many_streams_is_refused_as_it_is_opened() -> None:
    """Each stream FFmpeg opens is probed (a picture decoded): 200 of them once took 7.9 GB."""
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        streams = [container.add_stream("aac", rate=16_000, layout="mono") for _ in range(MAX_STREAMS + 1)]
        sound = np.zeros((1, 1024), np.float32)
        for stream in streams:
            frame = av.AudioFrame.from_ndarray(sound, format="fltp", layout="mono")
            frame.rate = 16_000
            for packet in [*stream.encode(frame), *stream.encode()]:
                container.mux(packet)
    with pytest.raises(AudioError) as refused:
        decode(out.getvalue())
    assert refused.value.kind == "unreadable"


def test_a_rate_far_below_a_voice_is_refused_before_it_is_brought_to_16_khz() -> None:
    """30 samples a second brought to 16 kHz: a megabyte became gigabytes."""
    out = io.BytesIO()
    soundfile.write(out, np.zeros(4_000, np.float32), 4_000, format="WAV")
    with pytest.raises(AudioError) as refused:
        decode(out.getvalue())
    assert refused.value.kind == "unreadable"


@pytest.mark.parametrize("value", [np.nan, np.inf, 1e30], ids=["NaN", "infinity", "past full scale"])
def test_samples_that_are_no_sound_are_silence_or_full_scale_at_most(value: float) -> None:
    out = io.BytesIO()
    soundfile.write(out, np.full(RATE, value, np.float32), RATE, format="WAV", subtype="FLOAT")
    samples = decode(out.getvalue())
    assert np.isfinite(samples).all()
    assert np.abs(samples).max() <= 1.0
    assert silent(samples) is (value != 1e30)


def test_loud_hiss_is_noise_and_a_voice_like_sound_is_not() -> None:
    hiss = np.random.default_rng(7).normal(0, 0.3, 3 * RATE).astype(np.float32)
    assert noise(hiss)
    assert inaudible(hiss)
    assert not noise(decode(recording(3.0)))
    assert not inaudible(decode(recording(3.0)))
    assert not noise(np.zeros(RATE, np.float32)), "silence is silence, not noise"


def test_what_whisper_writes_for_nothing_is_heard_as_nothing(models_dir: Path, tmp_path: Path) -> None:
    folder = speaking_models(models_dir, tmp_path / "speaking", "시청해 주셔서 감사합니다.")
    assert Transcriber.load(str(ensure_tiny_speech(folder))).transcribe(decode(recording(2.0))) == ""


def bursts_over_hiss(hiss_rms: float) -> np.ndarray:
    """A child who thinks between sentences by a fan: 1 s of voice, 2 s of pause, four times, over a hiss."""
    moment = np.arange(10 * RATE) / RATE
    voice = 0.1 * np.sin(2 * np.pi * 220 * moment) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * moment))
    voice[(moment % 3) >= 1] = 0.0
    hiss = np.random.default_rng(3).normal(0, hiss_rms, moment.shape[0])
    return (voice + hiss).astype(np.float32)


def test_a_voice_with_long_pauses_over_a_fans_hiss_is_no_noise() -> None:
    assert not noise(bursts_over_hiss(0.005))
    assert not inaudible(bursts_over_hiss(0.005))
    assert noise(np.random.default_rng(3).normal(0, 0.005, 10 * RATE).astype(np.float32)), "the hiss alone is"


def test_a_quiet_voice_then_a_long_wait_on_the_button_is_not_silence() -> None:
    moment = np.arange(3 * RATE) / RATE
    quiet = (0.013 * np.sin(2 * np.pi * 220 * moment)).astype(np.float32)  # about -41 dBFS
    assert not silent(np.concatenate([quiet, np.zeros(57 * RATE, np.float32)]))
    assert silent(np.concatenate([quiet * 0.1, np.zeros(57 * RATE, np.float32)]))


@pytest.mark.parametrize("kind", ["WAV", "OGG"])
def test_what_lies_above_8_khz_is_filtered_out_not_folded_into_the_voice(kind: str) -> None:
    moment = np.arange(2 * 48_000) / 48_000
    out = io.BytesIO()
    whistle = (0.3 * np.sin(2 * np.pi * 12_000 * moment)).astype(np.float32)
    soundfile.write(out, whistle, 48_000, format=kind, subtype="PCM_16" if kind == "WAV" else "OPUS")
    assert float(np.sqrt(np.mean(np.square(decode(out.getvalue()))))) < 0.01


@pytest.mark.parametrize(
    ("said", "nothing"),
    [
        ("시청해 주셔서 감사합니다.", True),
        ("자막 by 한효정", True),
        ("MBC 뉴스 이덕영입니다.", True),
        ("구독과 좋아요 부탁드려요 시청해주셔서 감사합니다", True),
        ("오늘 그네를 탔다. 시청해주셔서 감사합니다.", False),
        ("선생님 감사합니다 오늘 재밌었어요", False),
    ],
)
def test_only_what_whisper_writes_for_nothing_is_nothing(said: str, nothing: bool) -> None:
    assert heard_nothing(said) is nothing
