"""The layout's rules, read off the code: no import circle, layers that point one way, modules and functions
small enough to hold in your head; tests laid out like the code, sharing helpers only through tests/support."""

from __future__ import annotations

import ast
import builtins
import importlib
import tomllib
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
    "bot.platform_settings": 0,
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
# Each package's exceptions live in its errors.py, under one root that every one of them derives from.
ERROR_ROOTS = {"bot": "BotError", "engine": "EngineError", "storage": "StorageError", "training": "TrainingError"}
# Exceptions still defined outside their package's errors.py (file, class): each goes once its class moves.
ERRORS_ELSEWHERE_ALLOWED: set[tuple[str, str]] = set()
BUILTIN_EXCEPTIONS = {
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# The training loop reads as one piece on purpose (the order of its steps is the recipe).
LONG_FUNCTIONS_ALLOWED = {("training/trainer.py", "train")}
TESTS = REPO / "tests"
SUPPORT = TESTS / "support"
# Imports of a test module or a conftest not yet moved to tests.support (file, module imported): each one goes
# once that file imports what it needs from tests.support (tests.conftest still re-exports SAMPLE_DIARIES for it).
TEST_IMPORTS_ALLOWED: set[tuple[str, str]] = set()
# Calls that start another process: a test module that makes one marks its tests `slow`.
STARTS_PROCESSES = {
    "subprocess.run",
    "subprocess.Popen",
    "subprocess.check_call",
    "subprocess.check_output",
    "asyncio.create_subprocess_exec",
    "asyncio.create_subprocess_shell",
    "ray.init",
    "serve.run",
    "start_serve",
    "Browser",
}


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


# What transports and web pages may take from storage: its values and its errors, never a repository, the
# database or the files (those they reach through use-cases: `Handover`, `UpdateInbox`, `AlbumService`).
STORAGE_FOR_TRANSPORTS = {"storage.records", "storage.errors"}


def test_transports_and_web_pages_reach_storage_only_through_use_cases() -> None:
    wrong = {
        (module, target)
        for module, targets in graph().items()
        if module.startswith(("bot.transports", "bot.web"))
        for target in targets
        if target.split(".")[0] == "storage" and target not in STORAGE_FOR_TRANSPORTS
    }
    assert wrong == set()


def test_only_the_wiring_takes_the_whole_settings() -> None:
    """Transports, web pages, use-cases and jobs take their own group of settings (or options), never the
    whole `Settings`: only `Services.build` (the use-cases' wiring) unpacks it."""
    wrong = []
    for name, path in modules().items():
        if not name.startswith(("bot.transports", "bot.web", "bot.usecases", "bot.jobs")) or name.endswith(".services"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "bot.settings":
                wrong += [f"{name}: {alias.name}" for alias in node.names if alias.name == "Settings"]
    assert wrong == []


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


def modules_under_tests() -> dict[str, Path]:
    """Every Python file under tests/ by its module name (conftests, helpers and tests alike)."""
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imported_names(path: Path, module: str) -> set[str]:
    """Every module name `path` imports, relative imports resolved; `from a import b` counts as a and a.b."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            source = ".".join([*base, *([node.module] if node.module else [])])
            names.add(source)
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def is_test_module_or_conftest(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "tests" and (parts[-1].startswith("test_") or parts[-1] == "conftest")


def test_tests_import_no_test_module_and_no_conftest() -> None:
    """Helpers shared between tests live in tests.support; a test module or a conftest is imported by nobody."""
    wrong = {
        (str(path.relative_to(REPO)), name)
        for module, path in modules_under_tests().items()
        for name in imported_names(path, module)
        if is_test_module_or_conftest(name)
    }
    assert wrong - TEST_IMPORTS_ALLOWED == set()


def test_the_allowed_test_imports_are_still_needed() -> None:
    """An entry of TEST_IMPORTS_ALLOWED goes as soon as its file stops importing that module."""
    modules = {str(path.relative_to(REPO)): (module, path) for module, path in modules_under_tests().items()}
    stale = {
        (file, name)
        for file, name in TEST_IMPORTS_ALLOWED
        if file not in modules or name not in imported_names(modules[file][1], modules[file][0])
    }
    assert stale == set()


def test_helpers_live_in_tests_support() -> None:
    """Under tests/ a Python file is a test module, a conftest, a package's __init__.py, or in tests/support."""
    strays = [
        str(path.relative_to(REPO))
        for path in sorted(TESTS.rglob("*.py"))
        if not path.name.startswith("test_")
        and path.name not in ("conftest.py", "__init__.py")
        and SUPPORT not in path.parents
    ]
    assert strays == []


def test_test_folders_mirror_the_packages() -> None:
    """tests/<package>/<sub>/ exists only for a package <package>/<sub>/, and is a package itself."""
    folders = {path.parent for path in TESTS.rglob("*.py")} - {TESTS, SUPPORT}
    wrong = [
        str(folder.relative_to(REPO))
        for folder in sorted(folders)
        if not (REPO / folder.relative_to(TESTS) / "__init__.py").is_file() or not (folder / "__init__.py").is_file()
    ]
    assert wrong == []


def test_flat_bot_tests_test_top_level_bot_modules() -> None:
    """tests/bot/test_<name>.py tests bot/<name>.py; a test of bot/<sub>/ lives in tests/bot/<sub>/."""
    strays = [
        path.name
        for path in sorted((TESTS / "bot").glob("test_*.py"))
        if not (REPO / "bot" / path.name.removeprefix("test_")).is_file()
    ]
    assert strays == []


def test_slow_marker_is_registered() -> None:
    with (REPO / "pyproject.toml").open("rb") as file:
        markers = tomllib.load(file)["tool"]["pytest"]["ini_options"]["markers"]
    assert any(marker.startswith("slow:") for marker in markers)


def called_names(tree: ast.AST) -> set[str]:
    """The names called in `tree`, dotted as written: `subprocess.run`, `start_serve`, `Browser`."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            parts = []
            target = node.func
            while isinstance(target, ast.Attribute):
                parts.append(target.attr)
                target = target.value
            if isinstance(target, ast.Name):
                names.add(".".join([target.id, *reversed(parts)]))
    return names


def marks_slow(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Attribute)
        and node.attr == "slow"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "mark"
        for node in ast.walk(tree)
    )


def test_tests_that_start_processes_are_marked_slow() -> None:
    """A test module that starts a process (a subprocess, `crayon serve`, a browser, Ray) marks those tests slow."""
    unmarked = []
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if called_names(tree) & STARTS_PROCESSES and not marks_slow(tree):
            unmarked.append(str(path.relative_to(REPO)))
    assert unmarked == []


def base_name(base: ast.expr) -> str:
    """A base class as written, its last part: `ValueError`, `DiaryError`, `aiohttp.ClientError` → ClientError."""
    return base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""


def exception_classes() -> set[tuple[str, str]]:
    """(file, class) of every exception class under the packages: a class named …Error or …Exception, or one
    whose bases include a builtin exception, a class so named, or another exception class found here."""
    classes = [
        (str(path.relative_to(REPO)), node)
        for path in modules().values()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    ]
    found: set[tuple[str, str]] = set()
    while True:
        names = BUILTIN_EXCEPTIONS | {name for _, name in found}
        more = {
            (file, node.name)
            for file, node in classes
            if node.name.endswith(("Error", "Exception"))
            or any(base in names or base.endswith(("Error", "Exception")) for base in map(base_name, node.bases))
        }
        if more <= found:
            return found
        found |= more


def test_the_exception_classes_are_found() -> None:
    found = exception_classes()
    assert {("engine/errors.py", "DiaryError"), ("bot/errors.py", "RecipientUnreachable")} <= found
    assert ("storage/records.py", "FailureKind") not in found


def test_every_exception_lives_in_its_packages_errors_module() -> None:
    """No exception class outside bot/, engine/, storage/ and training/'s errors.py (but the allowed ones)."""
    elsewhere = {(file, name) for file, name in exception_classes() if file != f"{file.split('/')[0]}/errors.py"}
    assert elsewhere - ERRORS_ELSEWHERE_ALLOWED == set()


def test_the_allowed_exceptions_elsewhere_are_still_there() -> None:
    """An entry of ERRORS_ELSEWHERE_ALLOWED goes as soon as its class moves to its package's errors.py."""
    assert ERRORS_ELSEWHERE_ALLOWED - exception_classes() == set()


@pytest.mark.parametrize("package", PACKAGES)
def test_one_root_per_package(package: str) -> None:
    """Each package's errors derive from its root, an Exception; so `except EngineError` catches them all."""
    errors = importlib.import_module(f"{package}.errors")
    root = getattr(errors, ERROR_ROOTS[package])
    assert root.__bases__ == (Exception,)
    defined = {name for file, name in exception_classes() if file == f"{package}/errors.py"}
    assert ERROR_ROOTS[package] in defined
    outside = [name for name in sorted(defined) if not issubclass(getattr(errors, name), root)]
    assert outside == [], f"{package}/errors.py: not under {root.__name__}"
