"""The platforms' settings: Telegram's and KakaoTalk's groups of `bot.settings.Settings`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator
from pydantic_settings import NoDecode


class TelegramSettings(BaseModel):
    """Telegram: the bot's token, its Bot API server, how updates arrive, how fast it sends."""

    telegram_bot_token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "telegram_bot_token"),
        description="Telegram bot token from @BotFather; unset: no Telegram.",
    )
    telegram_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("TELEGRAM_BASE_URL", "telegram_base_url"),
        description="Bot API server, e.g. http://127.0.0.1:8081/bot (default: Telegram's).",
    )
    telegram_base_file_url: str | None = Field(
        None,
        validation_alias=AliasChoices("TELEGRAM_BASE_FILE_URL", "telegram_base_file_url"),
        description="Bot API file server, e.g. http://127.0.0.1:8081/file/bot (default: Telegram's).",
    )
    telegram_mode: Literal["auto", "polling", "webhook"] = Field(
        "auto", description="How updates arrive: auto is webhook when CRAYON_PUBLIC_BASE_URL is set, else polling."
    )
    telegram_webhook_secret: SecretStr | None = Field(
        None, description="Secret token Telegram sends with webhook calls (default: a new random one at each start)."
    )
    telegram_messages_per_second: float = Field(
        30.0,
        ge=0,
        le=1000,
        description=(
            "Overall send rate to Telegram (its bulk limit is about 30/s); 0 sends at once and relies on "
            "429 retry_after alone."
        ),
    )


class KakaoSettings(BaseModel):
    """KakaoTalk: the skill's secret and bot, where callbacks may go, the Event API."""

    kakao_bot_id: str | None = Field(
        None,
        description=(
            "The Kakao channel bot's id: skill calls from other bots get 403 (its development channel, the id with "
            "a trailing '!', is let in too); the Event API posts as it."
        ),
    )
    kakao_skill_secret: SecretStr | None = Field(
        None,
        description=(
            "Kakao is served only when set, at /kakao/<secret>/skill (or /kakao/skill with the secret in the "
            "X-Crayon-Skill-Secret header); at least 24 random URL-safe characters."
        ),
    )
    kakao_callback_prefixes: Annotated[list[str], NoDecode] = Field(
        ["https://bot-api.kakao.com/"],
        description=(
            "URL prefixes a Kakao callbackUrl may start with, comma-separated; each is scheme://host/ or longer, "
            "ending in '/'."
        ),
    )
    kakao_rest_api_key: SecretStr | None = Field(
        None, description="Kakao REST API key for the Event API (reminders and albums to Kakao users)."
    )
    kakao_event_name: str = Field("crayon_message", description="The Event API event the bot's block listens to.")
    kakao_event_host: str = Field("https://bot-api.kakao.com", description="The Event API host.")
    kakao_callback_seconds: float = Field(
        50.0,
        gt=0,
        le=58,
        description=(
            "How long a callback waits for the drawing before it tells the child it will come with their "
            "next message (Kakao's callback URL lives 60 s)."
        ),
    )

    @field_validator("kakao_skill_secret")
    @classmethod
    def _check_kakao_skill_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        secret = value.get_secret_value()
        make_one = 'make one with: python -c "import secrets; print(secrets.token_urlsafe(32))"'
        if len(secret) < 24:
            raise ValueError(
                f"CRAYON_KAKAO_SKILL_SECRET has {len(secret)} characters; it needs at least 24 random ones: {make_one}"
            )
        if not all(char.isascii() and (char.isalnum() or char in "-_") for char in secret):
            raise ValueError(
                "CRAYON_KAKAO_SKILL_SECRET goes into the skill URL, so it may hold only letters, digits, '-' and '_': "
                + make_one
            )
        return value

    @field_validator("kakao_callback_prefixes", mode="before")
    @classmethod
    def _split_kakao_callback_prefixes(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("kakao_callback_prefixes")
    @classmethod
    def _check_kakao_callback_prefixes(cls, value: list[str]) -> list[str]:
        from urllib.parse import urlsplit

        if not value:
            raise ValueError("CRAYON_KAKAO_CALLBACK_PREFIXES is empty; e.g. https://bot-api.kakao.com/")
        checked = []
        for prefix in value:
            wrong = (
                f"CRAYON_KAKAO_CALLBACK_PREFIXES: {prefix!r} must be scheme://host/ or a longer path that ends in "
                "'/', with no user, query or fragment; e.g. https://bot-api.kakao.com/"
            )
            try:
                parts = urlsplit(prefix)
                port = parts.port  # a port that is not a number raises here
            except ValueError as error:
                raise ValueError(wrong) from error
            segments = parts.path.split("/")
            if (
                parts.scheme not in ("http", "https")
                or not parts.hostname
                or "@" in parts.netloc
                or (port is None and parts.netloc.endswith(":"))
                or "?" in prefix
                or "#" in prefix
                or "\\" in prefix
                or not parts.path.startswith("/")
                or not prefix.endswith("/")
                or "." in segments
                or ".." in segments
            ):
                raise ValueError(wrong)
            # Compared with the callback URL's own parts, lower-cased the same way.
            checked.append(f"{parts.scheme}://{parts.netloc.lower()}{parts.path}")
        return checked
