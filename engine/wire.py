"""Drawings and their errors as JSON, between the bot and the engine's Serve application: the image as PNG
(lossless, so the bot stores the same pixels either way) and the error by the name of its nearest class that
travels (see `travelling_errors`)."""

from __future__ import annotations

import base64
import dataclasses
import functools
import io
import typing
from typing import Any

from pydantic import TypeAdapter

from engine.answers import is_key
from engine.errors import EngineCrashError, EngineError, WireFormatError
from engine.stages import DrawingRequest, DrawingResult


def travelling_errors() -> dict[str, type[Exception]]:
    """The errors that travel, by name: every class in `engine.errors` marked `travels` (with its subclasses
    there), and ValueError (a request the application cannot read, a style it does not know).
    A new error class there travels once marked, with no list to keep; one defined elsewhere (a subclass
    in a test, a library's) travels as its nearest base that does, and one with none as an EngineCrashError
    without its message."""
    found: dict[str, type[Exception]] = {ValueError.__name__: ValueError}
    pending: list[type[EngineError]] = [EngineError]
    while pending:
        kind = pending.pop()
        pending.extend(kind.__subclasses__())
        if kind.travels and kind.__module__ == EngineError.__module__:
            found[kind.__name__] = kind
    return found


TRAVELLING = travelling_errors()


MAX_DIARY_CHARS = 20_000
"""The longest diary a request may carry (the bot keeps at most CRAYON_MAX_DIARY_CHARS, a crisis 10,000)."""
MAX_ANSWER_BYTES = 32 * 2**20
"""The largest answer the bot reads: a 2048² PNG in base64 is well under it."""
SPEECH_PATH = "/speech"
"""Where the application hears a voice diary, under its route: the recording as 16 kHz mono little-endian float32
samples in the body, `{"text": …}` back."""


def request_to_wire(request: DrawingRequest) -> dict[str, Any]:
    sent: dict[str, Any] = {"diary": request.diary, "style": request.style, "seed": request.seed}
    if request.key is not None:
        sent["key"] = request.key
    return sent


def request_from_wire(body: object) -> DrawingRequest:
    if not isinstance(body, dict) or not isinstance(body.get("diary"), str):
        raise WireFormatError("a drawing request is a JSON object with the diary as a string")
    if len(body["diary"]) > MAX_DIARY_CHARS:
        raise WireFormatError(f"a diary of at most {MAX_DIARY_CHARS} characters")
    style, seed = body.get("style"), body.get("seed")
    if style is not None and not isinstance(style, str):
        raise WireFormatError("style is a label or null")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise WireFormatError("seed is an integer or null")
    key = body.get("key")
    if key is not None and not is_key(key):
        raise WireFormatError("key is a SHA-256 in lowercase hexadecimal, or absent")
    return DrawingRequest(body["diary"], style, seed, key)


def result_to_wire(result: DrawingResult) -> dict[str, Any]:
    """Every field of the drawing by its name, the image as a PNG in base64."""
    buffer = io.BytesIO()
    result.image.save(buffer, format="PNG")
    sent = {
        field.name: getattr(result, field.name) for field in dataclasses.fields(DrawingResult) if field.name != "image"
    }
    return {**sent, "png": base64.b64encode(buffer.getvalue()).decode("ascii")}


def result_from_wire(data: dict[str, Any]) -> DrawingResult:
    """The drawing back, each field read as DrawingResult declares it (a missing field with a default gets it)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(base64.b64decode(data["png"], validate=True))) as decoded:
            # A plain image, as the painter made it: the pixels alone, not the file's own details.
            image = Image.frombytes(decoded.mode, decoded.size, decoded.tobytes())
        values = {name: reader.validate_python(data[name]) for name, reader in _fields().items() if name in data}
        return DrawingResult(image=image, **values)
    except (KeyError, TypeError, ValueError, AttributeError, OSError) as error:
        raise WireFormatError(f"the engine sent a drawing that cannot be read: {type(error).__name__}") from error


@functools.cache
def _fields() -> dict[str, TypeAdapter[Any]]:
    """How each field of DrawingResult but the image is read, from its declared type."""
    from PIL.Image import Image

    hints = typing.get_type_hints(DrawingResult, localns={"Image": Image})
    return {
        field.name: TypeAdapter(hints[field.name])
        for field in dataclasses.fields(DrawingResult)
        if field.name != "image"
    }


def error_to_wire(error: BaseException) -> dict[str, str]:
    """The error by the name of the nearest type that travels (a library's own error: EngineCrashError)."""
    for kind in type(error).__mro__:
        if TRAVELLING.get(kind.__name__) is kind:
            return {"type": kind.__name__, "message": str(error)}
    return {"type": EngineCrashError.__name__, "message": f"{type(error).__name__} in the engine"}


def error_from_wire(data: object) -> Exception:
    if not isinstance(data, dict):
        return EngineCrashError("the engine sent an error that cannot be read")
    kind = TRAVELLING.get(str(data.get("type")), EngineCrashError)
    return kind(str(data.get("message", "")))
