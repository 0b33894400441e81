"""The layout's rules, read off the code: no import circle, layers that point one way, modules and functions
small enough to hold in your head."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "engine", "storage", "training")
# Inside bot/, from the bottom up: a module may import its own rank or lower, never higher.
BOT_RANKS = {
    "bot.domain": 0,
    "bot.clock": 0,
    "bot.logs": 0,
    "bot.errors": 0,
    "bot.settings": 0,
    "bot.wording": 0,
    "bot.messages": 1,
    "bot.jobs": 2,
    "bot.usecases": 3,
    "bot.transports": 4,
    "bot.web": 4,
    "bot.health": 4,
    "bot.app": 5,
    "bot.bench": 5,
    "bot.bench_cluster": 5,
    "bot.cli": 6,
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# The training loop reads as one piece on purpose (the order of its steps is the recipe).
LONG_FUNCTIONS_ALLOWED = {("training/trainer.py", "train")}


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            name = ".".join(path.relative_to(REPO).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Our modules that `path` imports, anywhere in it (TYPE_CHECKING blocks and functions included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name in known}


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(path, known) - {name} for name, path in found.items()}


def rank(module: str) -> int:
    best = max((prefix for prefix in BOT_RANKS if module == prefix or module.startswith(prefix + ".")), key=len)
    return BOT_RANKS[best]


def test_no_import_circle() -> None:
    edges = graph()
    seen: dict[str, str] = {}
    circles = []

    def visit(module: str, path: list[str]) -> None:
        seen[module] = "open"
        for target in sorted(edges[module]):
            if seen.get(target) == "open":
                circles.append([*path[path.index(target) :], target])
            elif target not in seen:
                visit(target, [*path, target])
        seen[module] = "done"

    for module in sorted(edges):
        if module not in seen:
            visit(module, [module])
    assert circles == [], circles


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("storage", ("bot", "engine", "training")),
        ("engine", ("bot", "storage", "training")),
        ("training", ("bot", "storage")),
    ],
)
def test_lower_packages_import_nothing_above_them(lower: str, higher: tuple[str, ...]) -> None:
    wrong = {
        (module, target)
        for module, targets in graph().items()
        if module.split(".")[0] == lower
        for target in targets
        if target.split(".")[0] in higher
    }
    assert wrong == set()


def test_bot_layers_point_one_way() -> None:
    wrong = {
        (module, target)
        for module, targets in graph().items()
        if module.startswith("bot.")
        for target in targets
        if target.startswith("bot.") and target != "bot" and rank(target) > rank(module)
    }
    assert wrong == set()


def test_modules_and_functions_stay_small() -> None:
    too_long = []
    for path in modules().values():
        relative = str(path.relative_to(REPO))
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{relative}: {lines} lines")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES and (relative, node.name) not in LONG_FUNCTIONS_ALLOWED:
                    too_long.append(f"{relative}:{node.lineno} {node.name}(): {length} lines")
    assert too_long == []
