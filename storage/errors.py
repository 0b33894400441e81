"""Every error storage raises, under one root, `StorageError`; each keeps the builtin base its callers catch
it by (a `BrokenImageError` is an `OSError`)."""

from __future__ import annotations


class StorageError(Exception):
    """The root of storage's errors."""


class BrokenImageError(StorageError, OSError):
    """The drawing's file is missing or is not a PNG any more."""


class DatabaseFileError(StorageError, RuntimeError):
    """The database file cannot be used as it is: the message names it and what to do; nothing was changed."""


class TooManyNewUsersError(StorageError):
    """So many new users arrived in the last minute that this one is asked to write again a minute later."""
