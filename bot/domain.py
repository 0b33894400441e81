"""Words every layer of the bot shares: the platforms a child writes from."""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    """Where a user writes from; stored with every user, so a value never changes."""

    TELEGRAM = "telegram"
    KAKAO = "kakao"
    CONSOLE = "console"
    BENCH = "bench"
