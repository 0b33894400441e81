"""The bot's errors, under one root, `BotError`: the errors the bot's layers pass to each other (each sender
translates its platform's errors into these, so callers catch types, never compare class names or messages)
and the command line's."""

from __future__ import annotations


class BotError(Exception):
    """The root of the bot's errors."""


class RecipientUnreachable(BotError):
    """The user cannot be reached this way (they blocked the bot, the chat is gone, the platform refuses the
    user): trying again will not help."""


class UsageError(BotError):
    """A `crayon` command was given something it cannot use; the message says what to do instead."""


class KakaoEventError(BotError, RuntimeError):
    """Kakao's Event API did not take a call this time (a server error, an unreadable answer)."""


class BodyTooLargeError(BotError):
    """A request's body is over the size a route takes."""
