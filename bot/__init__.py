"""The bot: transports (Telegram, Kakao, the console), use-cases, jobs, web pages, the wiring and the command line."""
