"""docs/ARCHITECTURE.md stays the map of the code: every module is named in its package's row."""

from __future__ import annotations

import re

from tests.support.settings import REPO

PACKAGES = (
    "bot/cli",
    "bot/transports",
    "bot/web",
    "bot/usecases",
    "bot/jobs",
    "bot/messages",
    "bot",
    "engine",
    "storage",
    "training",
)


def rows() -> dict[str, str]:
    """The map's table: each package's row, by the package's folder."""
    found = {}
    for line in (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].strip("`").rstrip("/") in PACKAGES:
            found[cells[0].strip("`").rstrip("/")] = cells[1]
    return found


def test_every_module_is_in_its_packages_row_of_the_map() -> None:
    table = rows()
    assert set(table) == set(PACKAGES)
    missing = []
    for package in PACKAGES:
        named = set(re.findall(r"`(\w+)`", table[package]))
        for path in sorted((REPO / package).glob("*.py")):
            # A package's `__init__` is named only where it holds the package's content (bot/messages).
            skipped = path.stem == "__main__" or (path.stem == "__init__" and package != "bot/messages")
            if not skipped and path.stem not in named:
                missing.append(f"{package}/{path.name}")
    assert missing == []


def test_the_map_names_no_module_that_is_gone() -> None:
    gone = []
    for package, row in rows().items():
        for name in re.findall(r"`(\w+)`", row):
            if (REPO / package / f"{name}.py").exists() or (REPO / package / name).is_dir() or not name.islower():
                continue
            gone.append(f"{package}/{name}")
    assert gone == []
