"""What the logs may never hold: the bot token (it is in every Bot API address) and what children write."""

from __future__ import annotations

import logging
import re

# Their DEBUG and INFO records carry Bot API addresses (the token) and getUpdates bodies (diaries).
CHATTY_LOGGERS = ("telegram", "httpx", "httpcore", "aiohttp.client", "hpack")
_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


def keep_private_data_out_of_logs() -> None:
    """Hold the chatty libraries' loggers at WARNING or above, whatever level the root logger has."""
    for name in CHATTY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


class TokenRedactor(logging.Filter):
    """Replaces anything shaped like a Telegram bot token in a record (message and traceback) by `<token>`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg, record.args = _TOKEN.sub("<token>", message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and _TOKEN.search(record.exc_text):
            record.exc_text = _TOKEN.sub("<token>", record.exc_text)
        return True
