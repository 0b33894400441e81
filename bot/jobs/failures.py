"""What went wrong with a drawing, as its job records it, and whether it is worth another try."""

from __future__ import annotations

import sqlite3

from engine.errors import (
    DiaryError,
    DistressDiaryError,
    EngineCrashError,
    EngineOutOfMemoryError,
    EngineTimeoutError,
    TransientEngineError,
    UnsafeDiaryError,
    UnsafeImageError,
)
from storage.records import FailureKind


def failure_kind(error: BaseException) -> FailureKind:
    """What went wrong, as the job records it."""
    if isinstance(error, UnsafeImageError):
        return FailureKind.UNSAFE_IMAGE
    if isinstance(error, UnsafeDiaryError):
        return FailureKind.UNSAFE_DIARY
    if isinstance(error, DistressDiaryError):
        return FailureKind.DISTRESS
    if isinstance(error, DiaryError):
        return FailureKind.BAD_DIARY
    if isinstance(error, EngineOutOfMemoryError | MemoryError):
        return FailureKind.OUT_OF_MEMORY
    if isinstance(error, EngineCrashError | EngineTimeoutError):
        return FailureKind.ENGINE_CRASH
    if isinstance(error, OSError | sqlite3.Error):
        return FailureKind.DISK
    return FailureKind.OTHER


def is_transient(error: BaseException) -> bool:
    """Errors worth another try after freeing memory: out of memory (GPU or CPU), a crashed engine, a full
    or failing disk or database."""
    return isinstance(error, TransientEngineError | MemoryError | OSError | sqlite3.Error)
