"""Where the checkout is, and the settings that keep the tiny profile quick."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

# Small and quick for the tests; the defaults (512 px, 28 steps) run in the CLI tests.
FAST: dict[str, Any] = {"height": 128, "width": 128, "num_inference_steps": 3, "llm_max_new_tokens": 24}
