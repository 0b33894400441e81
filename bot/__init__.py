"""Transports and use-cases: the `crayon` command line, and (coming) Telegram, Kakao and the console chat."""
