"""Every text the bot sends lives in bot/messages/, and reads as Korean should: no "와(과)"-style particle
pairs, and a particle attached to its word ("/help를", never "/help 를"; after a filled-in word, chosen by
its last syllable with `bot.wording.particle`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

CATALOGUE = sorted((Path(__file__).parents[3] / "bot" / "messages").glob("*.py"))
PAIRS = re.compile(r"[가-힣]\((?:과|와|가|이|을|를|은|는|으|이라)\)|\(으\)로")
PARTICLES = "을|를|이|가|은|는|으로|로|와|과|이라고|라고|이랑|랑"
DETACHED = re.compile(rf"(?:/[a-z]+|['’])\s+(?:{PARTICLES})(?=[\s.,!?]|$)")
AFTER_FIELD = re.compile(rf"^\s+(?:{PARTICLES})(?=[\s.,!?]|$)")
# A particle standing alone as a word is always one cut off its word ("번호 로"); 이, 가, 와, 과 can be words.
ALONE = re.compile(r"(?:^|\s)(?:을|를|으로|로|은|는|이라고|라고|이랑|랑)(?=[\s.,!?]|$)")


def literals(path: Path) -> list[tuple[int, str, bool]]:
    """Each string in the file: its line, its text, and whether it follows a filled-in value."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # Docstrings speak of the code: they are no text the bot sends.
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, ast.JoinedStr):
            after_value = False
            for part in node.values:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    found.append((node.lineno, part.value, after_value))
                after_value = isinstance(part, ast.FormattedValue)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value, False))
    return found


@pytest.mark.parametrize("path", CATALOGUE, ids=lambda path: path.name)
def test_no_particle_pairs_and_no_detached_particles(path: Path) -> None:
    wrong = []
    for line, text, after_value in literals(path):
        if (
            PAIRS.search(text)
            or DETACHED.search(text)
            or (ALONE.search(text) and not re.fullmatch(PARTICLES, text))  # not one handed to `particle()`
            or (after_value and AFTER_FIELD.search(text))
        ):
            wrong.append(f"{path.name}:{line}: {text!r}")
    assert wrong == []


def test_the_lint_finds_what_it_is_for() -> None:
    assert PAIRS.search("민지와(과) 연결했어요")
    assert DETACHED.search("/help 를 보내면")
    assert DETACHED.search("'기분 행복' 으로 보내 줘")
    assert AFTER_FIELD.search(" 을 보내 줘")
    assert not DETACHED.search("/help를 보내면")
    assert not AFTER_FIELD.search(" 보내 줘")
    assert ALONE.search("/unlink 번호 로 보내 주세요")
    assert not ALONE.search("번호로 보내 주세요")
