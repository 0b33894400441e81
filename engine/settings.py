"""The one settings class: read once at start from the environment and `.env`, then passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Profile = Literal["auto", "full", "tiny"]
DType = Literal["auto", "bfloat16", "float16", "float32"]
Quantization = Literal["auto", "none", "8bit", "4bit"]
Offload = Literal["auto", "none", "model", "sequential"]
T5Mode = Literal["auto", "on", "off", "8bit"]
Preset = Literal["auto", "resident", "24gb", "low-memory"]


class Settings(BaseSettings):
    """Everything configurable in crayon-diary; `.env.example` lists every field."""

    model_config = SettingsConfigDict(
        env_prefix="CRAYON_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
        env_ignore_empty=True,
        populate_by_name=True,
    )

    # -- where and what -------------------------------------------------------------------------
    profile: Profile = Field(
        "auto",
        description=(
            "full: the real models (Qwen3-8B, SD3.5 Medium); tiny: tiny random models built offline; "
            "auto: full when a CUDA GPU and the weights are present, else tiny with a notice."
        ),
    )
    data_dir: Path = Field(Path("data"), description="Folder for the database, drawings and tiny models.")
    models_dir: Path | None = Field(
        None, description="Folder where the tiny offline models are built (default: CRAYON_DATA_DIR/models)."
    )
    device: str = Field("auto", description="Torch device for the models: auto (cuda when present), cuda, cpu.")
    dtype: DType = Field("auto", description="Model dtype: auto is bfloat16 on CUDA and float32 on the CPU.")

    torch_threads: int = Field(
        0,
        ge=0,
        le=256,
        description=(
            "CPU threads for torch; 0: all cores for crayon draw, all but one for the bot on the CPU "
            "(the event loop keeps a core, so children are answered quickly)."
        ),
    )

    # -- prompt writer (Qwen3) ------------------------------------------------------------------
    llm_model: str = Field("Qwen/Qwen3-8B", description="Hub id or local folder of the prompt-writing LLM.")
    llm_quantization: Quantization = Field(
        "auto",
        description="none, 8bit or 4bit (bitsandbytes, CUDA only); auto follows the preset.",
    )
    llm_max_new_tokens: int = Field(160, ge=16, le=1024, description="Most tokens the LLM may write per prompt.")
    llm_temperature: float = Field(0.7, gt=0, le=2, description="Sampling temperature (Qwen3 non-thinking: 0.7).")
    llm_top_p: float = Field(0.8, gt=0, le=1, description="Nucleus sampling (Qwen3 non-thinking: 0.8).")
    llm_top_k: int = Field(20, ge=0, description="Top-k sampling (Qwen3 non-thinking: 20).")
    llm_min_p: float = Field(0.0, ge=0, le=1, description="Min-p sampling (Qwen3 non-thinking: 0).")
    llm_repetition_penalty: float = Field(1.0, ge=1, le=2, description="Repetition penalty for the LLM.")

    # -- painter (SD3.5 Medium) ------------------------------------------------------------------
    diffusion_model: str = Field(
        "stabilityai/stable-diffusion-3.5-medium", description="Hub id or local folder of the diffusion model."
    )
    lora: Path | None = Field(
        None, description="Folder holding pytorch_lora_weights.safetensors (and style.json); unset: base model."
    )
    lora_scale: float = Field(1.0, ge=0, le=2, description="Strength of the style LoRA.")
    batch_size: int = Field(
        1, ge=1, le=32, description="Diaries drawn together in one diffusion call by the bot (throughput on big GPUs)."
    )
    height: int = Field(512, ge=64, le=2048, multiple_of=16, description="Drawing height in pixels (paper: 512).")
    width: int = Field(512, ge=64, le=2048, multiple_of=16, description="Drawing width in pixels (paper: 512).")
    num_inference_steps: int = Field(28, ge=1, le=200, description="Denoising steps (paper: 28).")
    guidance_scale: float = Field(7.0, ge=0, le=30, description="Classifier-free guidance scale (paper: 7.0).")
    preset: Preset = Field(
        "auto",
        description=(
            "Memory plan: resident (all bf16, fastest, ~32 GiB), 24gb (4-bit LLM, 8-bit T5, under 20 GB), "
            "low-memory (4-bit LLM, no T5, model CPU offload); auto picks by the card's memory."
        ),
    )
    t5: T5Mode = Field(
        "auto", description="The T5 text encoder: on (bf16), 8bit, off (CLIP-only prompts); auto follows the preset."
    )
    cpu_offload: Offload = Field(
        "auto", description="none, model (diffusers model CPU offload) or sequential; auto follows the preset."
    )

    # -- safety ---------------------------------------------------------------------------------
    negative_prompt: str = Field(
        "violence, blood, gore, weapon, nudity, sexual, horror, scary, creepy, monster, text, letters, watermark",
        description="What the painter steers away from in every drawing ('' turns it off, as crayon eval can).",
    )
    image_safety: bool = Field(True, description="Check every drawing with the image safety classifier first.")
    image_safety_model: str = Field(
        "Falconsai/nsfw_image_detection", description="Hub id or folder of the image safety classifier (full profile)."
    )
    image_safety_labels: Annotated[list[str], NoDecode] = Field(
        ["nsfw"], description="The classifier's labels that mean unsafe, comma-separated."
    )
    image_safety_threshold: float = Field(
        0.5, gt=0, lt=1, description="Unsafe probability at which a drawing is redrawn, then withheld."
    )
    text_guard: str = Field(
        "",
        description="Hub id or folder of a guard model for the diary text, e.g. Qwen/Qwen3Guard-Gen-0.6B "
        "(full profile; '' is off: the built-in Korean and English checks always run).",
    )
    tell_parents_about_distress: bool = Field(
        True, description="The weekly album tells linked parents, with care, on which days a child wrote of distress."
    )

    # -- style and emotion -----------------------------------------------------------------------
    labels: Annotated[list[str], NoDecode] = Field(
        ["happiness", "sadness"], description="Emotion labels, comma-separated (a LoRA's style.json wins)."
    )
    trigger_template: str = Field(
        "hand drawing {emotion} style", description="Trigger put before the prompt (a LoRA's style.json wins)."
    )

    eval_clip_model: str = Field(
        "zer0int/LongCLIP-L-Diffusers",
        description="CLIP model that scores drawings in crayon eval: the paper's LongCLIP-L in transformers' format "
        "(another model's scores are not comparable with the paper's).",
    )
    eval_clip_max_tokens: int = Field(248, ge=77, le=512, description="Text length the evaluation CLIP reads.")

    # -- input limits ---------------------------------------------------------------------------
    max_diary_chars: int = Field(2000, ge=10, le=20000, description="Longest diary accepted, after cleaning.")
    max_prompt_words: int = Field(
        150, ge=10, le=400, description="Longest English prompt kept (T5 reads about 256 tokens)."
    )

    # -- the bot ---------------------------------------------------------------------------------
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
    http_host: str = Field("127.0.0.1", description="Address the HTTP server listens on.")
    http_port: int = Field(8080, ge=0, le=65535, description="Port of the HTTP server.")
    public_base_url: str | None = Field(
        None, description="Public https address of the HTTP server (Telegram webhook, Kakao image URLs)."
    )
    timezone: str = Field("Asia/Seoul", description="Time zone of new users.")
    max_waiting_per_child: int = Field(
        3, ge=1, le=100, description="Drawings one child may have waiting; more diaries are kept but not drawn."
    )
    max_attempts: int = Field(3, ge=1, le=10, description="Tries per drawing before it fails (transient errors).")
    retry_delay_seconds: float = Field(5.0, ge=0, le=3600, description="Wait before retrying a transient failure.")
    recent_drawings: int = Field(5, ge=1, le=10, description="Drawings /mydrawings shows.")
    redelivery_seconds: float = Field(
        30.0, gt=0, le=3600, description="How often drawings that did not reach a child (network, 429) are resent."
    )
    shutdown_grace_seconds: float = Field(
        60.0, ge=0, le=3600, description="At shutdown, how long the running drawing may finish before it is re-queued."
    )
    health_stall_seconds: float = Field(
        300.0,
        gt=0,
        le=86400,
        description=(
            "/healthz answers 503 when drawings are waiting and nothing was drawn for this long, or when the "
            "runner has been unable to write to the database for this long."
        ),
    )

    reminder_grace_minutes: int = Field(
        120, ge=1, le=720, description="A reminder missed (the bot was down) is still sent this many minutes late."
    )
    album_weekday: int = Field(6, ge=0, le=6, description="Weekday of the weekly album: 0 Monday … 6 Sunday.")
    album_time: str = Field("19:00", description="Time of the weekly album, in the parent's time zone (HH:MM).")
    album_page_days: int = Field(14, ge=1, le=90, description="Days a web album address stays valid.")
    link_code_minutes: int = Field(30, ge=5, le=1440, description="Minutes a parent-link code stays valid.")
    link_max_failures: int = Field(
        5, ge=1, le=100, description="Wrong link codes allowed per 15 minutes before /link is paused."
    )
    link_max_failures_per_platform: int = Field(
        50,
        ge=1,
        le=10000,
        description=(
            "Wrong link codes allowed per 15 minutes from all users of one platform together, so that "
            "fresh user ids cannot try codes without end."
        ),
    )
    max_new_users_per_minute: int = Field(
        60,
        ge=1,
        le=100000,
        description="New users one platform may add per minute; more are asked kindly to write again a minute later.",
    )
    retention_days: int = Field(
        365, ge=0, le=3650, description="Diaries and drawings older than this are deleted for good (0 keeps them)."
    )
    privacy_contact: str = Field("", description="Who parents contact about their data (shown in /privacy).")
    faults: str = Field(
        "", description="For tests and failure drills only: faults to inject, e.g. paint_oom:2. Leave empty."
    )

    @field_validator("faults")
    @classmethod
    def _check_faults(cls, value: str) -> str:
        from engine.faults import FaultPlan

        FaultPlan(value)
        return value

    @field_validator("album_time")
    @classmethod
    def _check_album_time(cls, value: str) -> str:
        hour, _, minute = value.partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60 and len(minute) == 2):
            raise ValueError(f"{value!r} is not a time; e.g. 19:00")
        return f"{int(hour):02d}:{minute}"

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}; e.g. Asia/Seoul") from error
        return value

    @field_validator("labels", "image_safety_labels", mode="before")
    @classmethod
    def _split_labels(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("labels")
    @classmethod
    def _check_labels(cls, value: list[str]) -> list[str]:
        if len(value) < 2:
            raise ValueError(f"CRAYON_LABELS needs at least two labels, got {value!r}; e.g. happiness,sadness")
        if len(set(value)) != len(value):
            raise ValueError(f"CRAYON_LABELS has a label twice: {value!r}")
        for label in value:
            if not label.isascii() or not label.replace("-", "").isalpha():
                raise ValueError(f"CRAYON_LABELS: {label!r} must be one English word such as 'happiness'")
        return value

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

    @field_validator("public_base_url")
    @classmethod
    def _check_public_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not an address; e.g. https://diary.example.org")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _check_combinations(self) -> Settings:
        if not self.trigger_template.strip():
            raise ValueError("CRAYON_TRIGGER_TEMPLATE is empty; e.g. 'hand drawing {emotion} style'")
        if self.telegram_mode == "webhook" and self.public_base_url is None:
            raise ValueError("CRAYON_TELEGRAM_MODE=webhook needs CRAYON_PUBLIC_BASE_URL (the https address)")
        return self

    @property
    def tiny_models_dir(self) -> Path:
        """Where the tiny offline models are built."""
        return self.models_dir or self.data_dir / "models"

    @property
    def drawings_dir(self) -> Path:
        """Where drawings are written as PNG files."""
        return self.data_dir / "drawings"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "crayon.sqlite3"

    @property
    def use_webhook(self) -> bool:
        """True when Telegram updates come to our HTTP server rather than by long polling."""
        if self.telegram_mode == "auto":
            return self.public_base_url is not None
        return self.telegram_mode == "webhook"

    @classmethod
    def env_name(cls, field: str) -> str:
        """The environment variable that sets `field`."""
        alias = cls.model_fields[field].validation_alias
        if isinstance(alias, AliasChoices):
            return str(alias.choices[0])
        return f"CRAYON_{field.upper()}"
