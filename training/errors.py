"""Every error training and evaluation raise, under one root, `TrainingError`; the data's and the
evaluation's own errors keep `ValueError` as a base, as callers caught them by."""

from __future__ import annotations


class TrainingError(Exception):
    """Training cannot go on; the message says why. The root of training's errors."""


class DataError(TrainingError, ValueError):
    """The training data cannot be used as it is; the message names the file and what is wrong."""


class EvalError(TrainingError, ValueError):
    """The evaluation cannot run as asked; the message says what to fix."""
