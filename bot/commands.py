"""Commands typed as text (the console, Kakao utterances and quick replies): `/style 행복`, `내 그림`, …"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.style import STYLE_ALIASES

CommandName = Literal["start", "help", "style", "mydrawings", "again", "other", "quit", "unknown"]

# Whole utterances that are commands; Korean words are what quick-reply buttons send.
EXACT: dict[str, CommandName] = {
    "/start": "start",
    "시작": "start",
    "/help": "help",
    "도움말": "help",
    "/mydrawings": "mydrawings",
    "내 그림": "mydrawings",
    "/again": "again",
    "다시 그리기": "again",
    "/other": "other",
    "다른 기분으로 그리기": "other",
    "/quit": "quit",
    "/exit": "quit",
}

AGAIN_LABEL = "다시 그리기"
OTHER_MOOD_LABEL = "다른 기분으로 그리기"
MY_DRAWINGS_LABEL = "내 그림"
HELP_LABEL = "도움말"


@dataclass(frozen=True)
class Command:
    name: CommandName
    argument: str = ""


def parse_command(text: str) -> Command | None:
    """The command in `text`, or None when the text is a diary."""
    stripped = " ".join(text.split())
    if stripped in EXACT:
        return Command(EXACT[stripped])
    head, _, rest = stripped.partition(" ")
    if head == "/style":
        return Command("style", rest)
    # "기분 행복" is a style command only with a style word: "기분 좋은 날" stays a diary.
    if head == "기분" and rest.lower() in STYLE_ALIASES:
        return Command("style", rest)
    if head.startswith("/"):
        return Command("unknown", rest)
    return None
