"""Every error the engine raises, under one root, `EngineError`, for its callers to tell apart by type: the
diary's own, those worth another try, and those of its tools (the cluster, the downloads, the worker).

An error keeps the builtin base its callers catch it by (a `DiaryError` is a `ValueError`, a
`DeployTimeoutError` a `TimeoutError`). One marked `travels` (and every subclass of it defined here) crosses
the wire between the bot and the engine's Serve application by its name (see `engine.wire`)."""

from __future__ import annotations

from typing import ClassVar


class EngineError(Exception):
    """The root of the engine's errors."""

    travels: ClassVar[bool] = False
    """The engine can raise it for one diary and the bot tells it apart: it travels over the wire by name."""


# The diary's own: drawing it again will not help.


class DiaryError(EngineError, ValueError):
    """The diary cannot be drawn as it is."""

    travels = True


class EmptyDiaryError(DiaryError):
    """The diary is empty once invisible characters and control tokens are removed."""


class DiaryTooLongError(DiaryError):
    """The diary is longer than the limit."""


class UnsafeImageError(DiaryError):
    """The drawing was flagged by the image safety check twice, so it is not shown."""


class UnsafeDiaryError(DiaryError):
    """The text guard found a request for a picture no child should see (kept, never drawn)."""


class DistressDiaryError(DiaryError):
    """The text guard found a child in distress: they hear care, not a drawing."""


class SeedError(EngineError, ValueError):
    """The seed is outside 0..2**31-1 (the request's, not the diary's)."""

    travels = True


# Worth another try.


class TransientEngineError(EngineError, RuntimeError):
    """The drawing failed for a reason that may pass: worth another try after freeing memory."""


class EngineOutOfMemoryError(TransientEngineError):
    """The GPU (or the CPU) ran out of memory while drawing."""

    travels = True


class EngineCrashError(TransientEngineError):
    """The engine stopped in the middle of a drawing."""

    travels = True


class EngineUnavailableError(TransientEngineError):
    """The engine cannot be reached (a Ray cluster that is down or not deployed): the drawing did not start,
    so the try does not count."""


class EngineTimeoutError(EngineUnavailableError):
    """The cluster sent no answer in time: slow, not down. The try does not count (sent again with its key,
    the job gets the drawing made meanwhile), but a job that times out on each of its tries fails."""


def is_out_of_memory(error: BaseException) -> bool:
    """True for the ways PyTorch and Python say memory ran out (CUDA's OutOfMemoryError, a CPU allocator)."""
    if isinstance(error, MemoryError | EngineOutOfMemoryError):
        return True
    import torch

    if isinstance(error, torch.cuda.OutOfMemoryError):
        return True
    message = str(error).lower()
    return isinstance(error, RuntimeError) and ("out of memory" in message or "can't allocate memory" in message)


# The engine's settings, parts and tools.


class StyleError(EngineError, ValueError):
    """The style choice or style.json is not valid."""


class LoraError(EngineError, ValueError):
    """The LoRA folder does not hold pytorch_lora_weights.safetensors."""


class BitsandbytesMissingError(EngineError, RuntimeError):
    """A setting needs bitsandbytes, and it is not installed."""


class WireFormatError(EngineError, ValueError):
    """A message between the bot and the engine is not what the other side sends."""


class WorkerClosedError(EngineError, RuntimeError):
    """The engine worker is closed and takes no more work."""


class ClusterUnavailableError(EngineError, ConnectionError):
    """No Ray cluster answers at the address."""


class DeployTimeoutError(EngineError, TimeoutError):
    """The application did not run within CRAYON_RAY_DEPLOY_TIMEOUT_SECONDS: what it asked for and what the
    cluster has, in one line."""


class DownloadError(EngineError):
    """The models cannot be downloaded; the message is one line that says what to do."""


class HubOfflineError(DownloadError):
    """HF_HUB_OFFLINE is set, so the Hub is not asked for anything."""


class NotEnoughSpaceError(DownloadError):
    """The disk under the Hugging Face cache has less free space than the models need."""


class HubAccessError(DownloadError):
    """The Hub refused a repository (gated, private or missing)."""


class AudioError(EngineError, ValueError):
    """A voice diary that cannot be heard: `kind` is `too_long`, `too_big`, `unreadable` or `silent`."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
