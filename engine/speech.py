"""Voice diaries: a recording decoded (OGG/Opus, WAV, FLAC … through libsndfile; MP4 video notes, M4A, MP3
and WebM through PyAV's bundled FFmpeg libraries; no ffmpeg binary), checked, and written down in Korean by
Whisper through transformers' speech-recognition pipeline: `openai/whisper-large-v3-turbo` in the full
profile, a tiny random Whisper built offline in the tiny one.

The recording is only ever in memory: nothing here writes it anywhere."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.errors import AudioError
from engine.settings import EngineSettings

if TYPE_CHECKING:
    from engine.profiles import ResolvedProfile

RATE = 16_000
"""Whisper hears 16 kHz mono."""
MAX_SECONDS = 60.0
MAX_BYTES = 2 * 1024 * 1024
VIDEO_MAX_BYTES = 20 * 1024 * 1024
"""A round video note carries a picture besides its sound (a minute is about 8 MB): it may be larger, up to
what a bot may download from Telegram at all; only its sound is decoded."""
MIN_RATE, MAX_RATE, MAX_CHANNELS = 8_000, 48_000, 2
"""What a phone records a voice at: anything else is refused before it is unpacked (a rate far below a
voice's would make seconds of samples into gigabytes when brought to 16 kHz)."""
MAX_STREAMS = 4
"""A video note has a picture and its sound: a file of more streams is refused as FFmpeg opens it (each one
it opens is probed, a picture decoded)."""
SILENCE_RMS = 0.004
"""Below this loudness (of full scale) a recording is taken for silence: "잘 안 들렸어", never a drawing."""


def decode(data: bytes, *, most_bytes: int = MAX_BYTES) -> np.ndarray:
    """The recording as 16 kHz mono float32 samples; AudioError for one too big (over `most_bytes`), too
    long or unreadable."""
    if len(data) > most_bytes:
        raise AudioError("too_big", f"a recording of {len(data)} bytes is over {most_bytes}")
    container = _container_of(data)
    try:
        mono, rate = _read_container(data, container) if container else _read_sound_file(data)
    except AudioError:
        raise
    except Exception as error:  # whatever a hostile file makes a decoder raise: it cannot be heard
        raise AudioError("unreadable", f"a recording that cannot be read: {type(error).__name__}") from error
    # A float file may hold NaN, infinities or values far past full scale: they are no sound.
    mono = np.clip(np.nan_to_num(mono, nan=0.0, posinf=0.0, neginf=0.0), -1.0, 1.0).astype(np.float32)
    return mono if rate == RATE else _resampled(mono, rate)


def _resampled(mono: np.ndarray, rate: int) -> np.ndarray:
    """`mono` at 16 kHz through libswresample (in PyAV), which filters out what lies above 8 kHz first: taking
    every third sample of a 48 kHz voice would fold its hiss and its ㅅ into the band Whisper hears."""
    import av

    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(mono[None, :]), format="flt", layout="mono")
    frame.rate = rate
    resampler = _resampler()
    return np.concatenate([*_at_16k(resampler, frame), *_at_16k(resampler, None)]).astype(np.float32)


def _resampler() -> Any:
    """libswresample (in PyAV) bringing sound to 16 kHz mono float32, filtered first."""
    import av

    return av.AudioResampler(format="flt", layout="mono", rate=RATE)


def _at_16k(resampler: Any, frame: Any) -> list[np.ndarray]:
    """What `resampler` gives back for `frame` (None: what it still holds), as flat arrays of samples."""
    return [out.to_ndarray().reshape(-1) for out in resampler.resample(frame)]


def _container_of(data: bytes) -> str | None:
    """The FFmpeg demuxer of a recording libsndfile does not read, named by its first bytes: only these few
    are ever opened (a demuxer guessed from the data could follow playlists to other files)."""
    if data[4:8] == b"ftyp":
        return "mp4"  # Telegram's video notes, and M4A
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "matroska"  # WebM
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and data[1] & 0x06):
        return "mp3"
    return None


def _read_sound_file(data: bytes) -> tuple[np.ndarray, int]:
    import soundfile

    # What the header says comes first: a small file must not unpack into gigabytes of samples. (Whatever a
    # hostile file makes libsndfile raise, `decode` turns into "unreadable".)
    info = soundfile.info(io.BytesIO(data))
    _check_format(info.samplerate, info.channels)
    frames = int(MAX_SECONDS * info.samplerate) + 1
    samples, rate = soundfile.read(io.BytesIO(data), frames=frames, dtype="float32", always_2d=True)
    if rate <= 0 or samples.size == 0:
        raise AudioError("unreadable", "an empty recording")
    if samples.shape[0] >= frames:
        raise AudioError("too_long", f"a recording over {MAX_SECONDS:.0f} s")
    return samples.mean(axis=1), rate


def _read_container(data: bytes, container: str) -> tuple[np.ndarray, int]:
    """The sound of an MP4, WebM or MP3 file, already 16 kHz mono: the picture of a video is decoded only as
    far as FFmpeg's probe of it, and each frame of sound is checked before it is brought to 16 kHz."""
    import av

    limit = int(MAX_SECONDS * RATE) + 1
    chunks: list[np.ndarray] = []
    said = 0.0
    options = {"max_streams": str(MAX_STREAMS)}
    with av.open(io.BytesIO(data), mode="r", format=container, options=options) as opened:
        if not opened.streams.audio:
            raise AudioError("unreadable", "a file without sound")
        stream = opened.streams.audio[0]
        _check_format(stream.rate or 0, stream.channels or 0)
        resampler = _resampler()
        for frame in opened.decode(stream):
            _check_format(frame.rate or 0, len(frame.layout.channels))
            said += frame.samples / frame.rate
            if said > MAX_SECONDS:
                raise AudioError("too_long", f"a recording over {MAX_SECONDS:.0f} s")
            chunks.extend(_at_16k(resampler, frame))
        chunks.extend(_at_16k(resampler, None))
    mono = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    if mono.size == 0:
        raise AudioError("unreadable", "an empty recording")
    if mono.shape[0] >= limit:
        raise AudioError("too_long", f"a recording over {MAX_SECONDS:.0f} s")
    return mono, RATE


def _check_format(rate: int, channels: int) -> None:
    if not MIN_RATE <= rate <= MAX_RATE or not 0 < channels <= MAX_CHANNELS:
        raise AudioError("unreadable", f"{rate} Hz in {channels} channels is no voice recording")


_FRAME = 512
"""A moment of a recording: 32 ms."""
LOUDEST = 0.2
"""The share of a recording's moments that tell what it holds: its loudest fifth (a child who thinks between
sentences, or holds the button long after speaking, leaves mostly pauses)."""


def _loudest(samples: np.ndarray) -> np.ndarray:
    """The loudest fifth of the recording's moments (at least one), as rows of samples."""
    if samples.shape[0] < _FRAME:
        return samples.astype(np.float64)[None, :]
    moments = samples[: samples.shape[0] // _FRAME * _FRAME].astype(np.float64).reshape(-1, _FRAME)
    loudness = np.mean(np.square(moments), axis=1)
    keep = max(1, int(np.ceil(LOUDEST * moments.shape[0])))
    return moments[np.argsort(loudness)[-keep:]]


def silent(samples: np.ndarray) -> bool:
    """Nothing said: even the recording's loudest moments are quieter than `SILENCE_RMS`."""
    return samples.size == 0 or _quiet(_loudest(samples))


NOISE_FLATNESS = 0.4
"""A voice's spectrum has peaks (its pitch, its vowels: flatness near 0.0–0.1, whispering about 0.05, a hiss of
a consonant up to about 0.4); static is flat (white noise: 0.56). Above this, at the median of the loudest
moments, a recording is noise."""


def noise(samples: np.ndarray) -> bool:
    """Only noise: the spectra of the recording's loudest moments (32 ms each) are flat at the median."""
    return samples.shape[0] >= _FRAME and _flat(_loudest(samples))


def inaudible(samples: np.ndarray) -> bool:
    """Nothing to write down: silence, or only noise ("잘 안 들렸어", never a drawing of nothing). The loudest
    moments are found once for both."""
    if samples.size == 0:
        return True
    loud = _loudest(samples)
    return _quiet(loud) or (samples.shape[0] >= _FRAME and _flat(loud))


def _quiet(loud: np.ndarray) -> bool:
    return float(np.sqrt(np.mean(np.square(loud)))) < SILENCE_RMS


def _flat(loud: np.ndarray) -> bool:
    """The spectra of the loudest moments that are not silent are flat at the median (silence is no noise)."""
    loud = loud[np.sqrt(np.mean(np.square(loud), axis=1)) >= SILENCE_RMS]
    if loud.shape[0] == 0:
        return False
    power = np.square(np.abs(np.fft.rfft(loud * np.hanning(_FRAME), axis=1))) + 1e-12
    flatness = np.exp(np.mean(np.log(power), axis=1)) / np.mean(power, axis=1)
    return float(np.median(flatness)) > NOISE_FLATNESS


HEARD_IN_NOTHING = re.compile(
    r"(?:시청해주셔서감사합니다|구독과좋아요(?:부탁(?:드립니다|드려요|해요))?|좋아요와구독(?:부탁드립니다)?"
    r"|mbc뉴스\w*|kbs뉴스\w*|자막(?:제공|by)\w*|감사합니다|고맙습니다)+"
)
"""What Whisper is known to write in Korean for silence or noise (the endings of the broadcasts it learnt
from), letters and digits only: a piece of a recording heard as only this was heard as nothing."""


def heard_nothing(said: str) -> bool:
    """The words are only what Whisper writes for nothing (`HEARD_IN_NOTHING`), however spaced or stopped."""
    return HEARD_IN_NOTHING.fullmatch("".join(char for char in said.lower() if char.isalnum())) is not None


def speech_source(settings: EngineSettings, profile: str) -> str:
    """Where the speech model comes from: the tiny random Whisper (built once) or `CRAYON_SPEECH_MODEL`."""
    if profile == "tiny":
        from engine.tiny_speech import ensure_tiny_speech

        return str(ensure_tiny_speech(settings.tiny_models_dir))
    return settings.speech_model


def load_transcriber(settings: EngineSettings, profile: ResolvedProfile) -> Transcriber:
    """The profile's speech model on its device."""
    return Transcriber.load(speech_source(settings, profile.name), profile.device, profile.dtype)


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
        """What was said; "" for silence. A recording over 30 s is heard in pieces cut where it is quietest."""
        words = []
        for piece in pieces(samples):
            if inaudible(piece):
                continue
            heard = self.recognizer(
                {"raw": piece, "sampling_rate": RATE},
                generate_kwargs={"language": "ko", "task": "transcribe", "max_new_tokens": self.max_new_tokens},
            )
            # A byte-level token cut inside a letter decodes to U+FFFD: left out, as a letter never said.
            said = str(heard.get("text", "")).replace("\ufffd", "")
            if not heard_nothing(said):
                words.extend(said.split())
        return " ".join(words)


PIECE_SECONDS = 30.0
"""What Whisper hears at once: a longer recording is cut, each piece heard on its own (never long-form
decoding, which needs timestamps)."""
CUT_WITHIN_SECONDS = 5.0
"""A cut is made at the quietest tenth of a second among the last seconds of a piece, not inside a word."""


def pieces(samples: np.ndarray) -> list[np.ndarray]:
    """The recording in pieces of at most 30 s, each cut at the quietest moment of its last 5 s."""
    most, window = int(PIECE_SECONDS * RATE), RATE // 10
    found = []
    while samples.shape[0] > most:
        start = most - int(CUT_WITHIN_SECONDS * RATE)
        tail = samples[start : start + (most - start) // window * window].astype(np.float64)
        loudness = np.square(tail).reshape(-1, window).mean(axis=1)
        cut = start + int(np.argmin(loudness)) * window + window // 2
        found.append(samples[:cut])
        samples = samples[cut:]
    return [*found, samples]
