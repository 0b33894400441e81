"""The errors the bot's layers pass to each other: each sender translates its platform's errors into these,
so callers catch types, never compare class names or messages."""

from __future__ import annotations


class RecipientUnreachable(Exception):
    """The user cannot be reached this way (they blocked the bot, the chat is gone, the platform refuses the
    user): trying again will not help."""
