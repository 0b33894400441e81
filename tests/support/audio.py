"""Recordings made in the tests: real audio files, as a phone or Telegram would send them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import soundfile


def recording(seconds: float, *, rate: int = 48_000, loud: float = 0.3, kind: str = "OGG") -> bytes:
    """A voice-like sound (a tone that rises and falls) as a file of `kind`."""
    sound = _voice_like(seconds, rate, loud)
    out = io.BytesIO()
    subtype = {"OGG": "OPUS", "WAV": "PCM_16", "FLAC": "PCM_16"}[kind]
    soundfile.write(out, sound, rate, format=kind, subtype=subtype)
    return out.getvalue()


def hiss(seconds: float, *, rate: int = 48_000) -> bytes:
    """Loud static (white noise, the same every time) as OGG/Opus: a recording of nothing said."""
    sound = np.random.default_rng(11).normal(0, 0.25, int(seconds * rate)).clip(-1, 1).astype(np.float32)
    out = io.BytesIO()
    soundfile.write(out, sound, rate, format="OGG", subtype="OPUS")
    return out.getvalue()


def video_note(seconds: float, *, loud: float = 0.3, rate: int = 48_000) -> bytes:
    """A round video note as Telegram sends it: an MP4 with a picture and AAC sound, made with PyAV."""
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        sound = container.add_stream("aac", rate=rate, layout="mono")  # every stream before the first packet
        picture = container.add_stream("mpeg4", rate=10)
        picture.width = picture.height = 32
        picture.pix_fmt = "yuv420p"
        for _ in range(int(seconds * 10)):
            frame = av.VideoFrame.from_ndarray(np.full((32, 32, 3), 200, np.uint8), format="rgb24")
            for packet in picture.encode(frame):
                container.mux(packet)
        for packet in picture.encode():
            container.mux(packet)
        _encode_sound(container, sound, _voice_like(seconds, rate, loud), rate)
    return out.getvalue()


def mp3(seconds: float, *, loud: float = 0.3, rate: int = 44_100) -> bytes:
    """An MP3 song or memo, as a Telegram audio file may be."""
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="mp3") as container:
        _encode_sound(
            container, container.add_stream("mp3", rate=rate, layout="mono"), _voice_like(seconds, rate, loud), rate
        )
    return out.getvalue()


def _voice_like(seconds: float, rate: int, loud: float) -> np.ndarray:
    moment = np.arange(int(seconds * rate)) / rate
    sound = loud * np.sin(2 * np.pi * 220 * moment) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * moment))
    return sound.astype(np.float32)


def _encode_sound(container: Any, stream: Any, sound: np.ndarray, rate: int) -> None:
    import av

    size = stream.codec_context.frame_size or 1024
    for start in range(0, sound.shape[0], size):
        frame = av.AudioFrame.from_ndarray(sound[None, start : start + size], format="fltp", layout="mono")
        frame.rate = rate
        frame.pts = start
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)


def deaf_models(models_dir: Path, into: Path) -> Path:
    """A models folder like `models_dir` (its tiny drawing models linked) whose tiny Whisper is built but
    broken: loading it fails, as a speech model whose files were lost would."""
    from engine.tiny import build_once
    from engine.tiny_speech import SPEECH_VERSION

    def broken(folder: Path) -> None:
        (folder / "config.json").write_text("{", encoding="utf-8")

    _link_drawing_models(models_dir, into)
    build_once(into, "tiny-speech", SPEECH_VERSION, broken)
    return into


def _link_drawing_models(models_dir: Path, into: Path) -> None:
    into.mkdir(parents=True, exist_ok=True)
    for entry in models_dir.iterdir():
        if not entry.name.startswith(("tiny-speech", ".")):
            (into / entry.name).symlink_to(entry)


def speaking_models(models_dir: Path, into: Path, sentence: str) -> Path:
    """A models folder like `models_dir` (its tiny drawing models linked) whose tiny Whisper hears `sentence`
    in any recording: its generation settings bias each next word of the sentence far above the random rest,
    so a test can say what a child said through the same speech-recognition pipeline."""
    from transformers import WhisperTokenizer

    from engine.tiny_speech import ensure_tiny_speech

    _link_drawing_models(models_dir, into)
    folder = ensure_tiny_speech(into)
    words = WhisperTokenizer.from_pretrained(folder).encode(sentence, add_special_tokens=False)
    path = folder / "generation_config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    chain = [config["task_to_id"]["transcribe"], config["no_timestamps_token_id"], *words, config["eos_token_id"]]
    config["sequence_bias"] = [[chain[at - 2 : at + 1], 100.0] for at in range(2, len(chain))]
    path.write_text(json.dumps(config), encoding="utf-8")
    return into
