"""Shared fixtures: tiny models built once per session, fresh settings, data folders and databases per test."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.settings import Settings
from engine.pipeline import DiaryPipeline
from engine.profiles import resolve_profile
from engine.tiny import ensure_tiny_models
from storage.database import Database

# Re-exported for the test modules that still import it from here; new code imports tests.support.diaries.
from tests.support.diaries import SHARED_DIARIES
from tests.support.settings import FAST


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests (processes, a cluster) first: with several workers they start at once, and the quick
    ones fill the time around them."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's CRAYON_* variables, .env file or Hugging Face cache."""
    for name in list(os.environ):
        if name.startswith("CRAYON_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated SQLite database in the test's own folder."""
    db = Database(tmp_path / "crayon.sqlite3")
    db.open()
    yield db
    db.close()


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder holding the tiny models, built once for the whole session."""
    folder = tmp_path_factory.mktemp("models")
    ensure_tiny_models(folder)
    return folder


@pytest.fixture
def make_settings(models_dir: Path, tmp_path: Path) -> Callable[..., Settings]:
    """Settings for the tiny profile in this test's data folder; keyword arguments override fields."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"profile": "tiny", "data_dir": tmp_path / "data", "models_dir": models_dir, **FAST}
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return make


@pytest.fixture(scope="session")
def tiny_pipeline(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> DiaryPipeline:
    """One loaded tiny pipeline shared by the tests that only call it."""
    data_dir = tmp_path_factory.mktemp("data")
    settings = Settings(_env_file=None, profile="tiny", data_dir=data_dir, models_dir=models_dir, **FAST)
    return DiaryPipeline.from_settings(settings, resolve_profile(settings))


@pytest.fixture
def shared_diaries() -> Iterator[list[dict[str, str]]]:
    """The 30 labelled diaries of ../shared/data, when that folder is beside the checkout."""
    if not SHARED_DIARIES.is_file():
        pytest.skip(f"{SHARED_DIARIES} is not present")
    with SHARED_DIARIES.open(encoding="utf-8") as lines:
        yield [json.loads(line) for line in lines if line.strip()]
