"""Recordings made in the tests: real audio files, as a phone or Telegram would send them."""

from __future__ import annotations

import io

import numpy as np
import soundfile


def recording(seconds: float, *, rate: int = 48_000, loud: float = 0.3, kind: str = "OGG") -> bytes:
    """A voice-like sound (a tone that rises and falls) as a file of `kind`."""
    moment = np.arange(int(seconds * rate)) / rate
    sound = loud * np.sin(2 * np.pi * 220 * moment) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * moment))
    out = io.BytesIO()
    subtype = {"OGG": "OPUS", "WAV": "PCM_16", "FLAC": "PCM_16"}[kind]
    soundfile.write(out, sound.astype(np.float32), rate, format=kind, subtype=subtype)
    return out.getvalue()
