"""Errors the engine raises for its callers to tell apart by type: the diary's own, and those worth another
try."""

from __future__ import annotations


class DiaryError(ValueError):
    """The diary cannot be drawn as it is."""


class TransientEngineError(RuntimeError):
    """The drawing failed for a reason that may pass: worth another try after freeing memory."""


class EngineOutOfMemoryError(TransientEngineError):
    """The GPU (or the CPU) ran out of memory while drawing."""


class EngineCrashError(TransientEngineError):
    """The engine stopped in the middle of a drawing."""


def is_out_of_memory(error: BaseException) -> bool:
    """True for the ways PyTorch and Python say memory ran out (CUDA's OutOfMemoryError, a CPU allocator)."""
    if isinstance(error, MemoryError | EngineOutOfMemoryError):
        return True
    import torch

    if isinstance(error, torch.cuda.OutOfMemoryError):
        return True
    message = str(error).lower()
    return isinstance(error, RuntimeError) and ("out of memory" in message or "can't allocate memory" in message)


class EngineUnavailableError(TransientEngineError):
    """The engine cannot be reached (a Ray cluster that is down or not deployed): the drawing did not start,
    so the try does not count."""
