"""No bot token and no diary in the logs, whatever level the root logger is at."""

from __future__ import annotations

import logging

import pytest

from bot.logs import CHATTY_LOGGERS, TokenRedactor, keep_private_data_out_of_logs

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.mark.parametrize("name", CHATTY_LOGGERS)
def test_chatty_libraries_stay_at_warning_under_a_debug_root(name: str, caplog: pytest.LogCaptureFixture) -> None:
    logging.getLogger(name).setLevel(logging.NOTSET)
    keep_private_data_out_of_logs()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger(f"{name}.child").debug("POST https://api.telegram.org/bot%s/getUpdates", TOKEN)
        logging.getLogger(f"{name}.child").info("update: 오늘 비밀 일기")
        logging.getLogger(f"{name}.child").warning("a network error")
    assert [record.getMessage() for record in caplog.records] == ["a network error"]


def test_a_token_is_redacted_in_messages_and_tracebacks() -> None:
    logger = logging.getLogger("tests.redaction")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(TokenRedactor())
    logger.addHandler(handler)
    try:
        logger.warning("calling %s", f"https://api.telegram.org/bot{TOKEN}/sendMessage")
        try:
            raise RuntimeError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getMe")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    formatted = [logging.Formatter().format(record) for record in records]
    assert all(TOKEN not in text and TOKEN.split(":")[1] not in text for text in formatted), formatted
    assert "bot<token>/sendMessage" in formatted[0]
    assert "bot<token>/getMe" in formatted[1]
