"""The engine's settings: the models, how they run and paint, and their safety checks; read from the
environment and `.env` (CRAYON_*), once at start. The bot adds its own settings to these (bot/settings.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Profile = Literal["auto", "full", "tiny"]
DType = Literal["auto", "bfloat16", "float16", "float32"]
Quantization = Literal["auto", "none", "8bit", "4bit"]
Offload = Literal["auto", "none", "model", "sequential"]
T5Mode = Literal["auto", "on", "off", "8bit"]
Preset = Literal["auto", "resident", "24gb", "low-memory"]


class EngineSettings(BaseSettings):
    """What `crayon draw`, `crayon train` and `crayon eval` read, and the engine of the bot."""

    model_config = SettingsConfigDict(
        env_prefix="CRAYON_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
        env_ignore_empty=True,
        populate_by_name=True,
    )

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
    llm_model: str = Field("Qwen/Qwen3-8B", description="Hub id or local folder of the prompt-writing LLM.")
    llm_quantization: Quantization = Field(
        "auto",
        description="none, 8bit or 4bit (bitsandbytes, CUDA only); auto follows the preset.",
    )
    llm_max_new_tokens: int = Field(
        128,
        ge=16,
        le=1024,
        description=(
            "Most tokens the LLM may write per scene; a scene ends at the end of its paragraph, so this only "
            "stops one that runs on (a 40-80 word scene is about 55-110 tokens; T5 reads 256)."
        ),
    )
    llm_temperature: float = Field(0.7, gt=0, le=2, description="Sampling temperature (Qwen3 non-thinking: 0.7).")
    llm_top_p: float = Field(0.8, gt=0, le=1, description="Nucleus sampling (Qwen3 non-thinking: 0.8).")
    llm_top_k: int = Field(20, ge=0, description="Top-k sampling (Qwen3 non-thinking: 20).")
    llm_min_p: float = Field(0.0, ge=0, le=1, description="Min-p sampling (Qwen3 non-thinking: 0).")
    llm_repetition_penalty: float = Field(1.0, ge=1, le=2, description="Repetition penalty for the LLM.")
    diffusion_model: str = Field(
        "stabilityai/stable-diffusion-3.5-medium", description="Hub id or local folder of the diffusion model."
    )
    lora: Path | None = Field(
        None, description="Folder holding pytorch_lora_weights.safetensors (and style.json); unset: base model."
    )
    lora_scale: float = Field(1.0, ge=0, le=2, description="Strength of the style LoRA.")
    compile: Literal["auto", "on", "off"] = Field(
        "auto",
        description=(
            "Compile for speed: a static KV cache and a compiled decode step for the LLM, a compiled SD3 "
            "transformer with the LoRA fused into it, the VAE in channels-last; warmed up when the models load. "
            "auto: off (the eager path, the one measured on a GPU); on: compiled on any device."
        ),
    )
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
    negative_prompt: str = Field(
        "violence, blood, gore, weapon, nudity, sexual, horror, scary, creepy, monster, text, letters, watermark",
        description="What the painter steers away from in every drawing ('' turns it off, as crayon eval can).",
    )
    image_safety: bool = Field(True, description="Check every drawing with the image safety classifier first.")
    speech_model: str = Field(
        "openai/whisper-large-v3-turbo", description="Hub id or folder of the speech model for voice diaries."
    )
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
    crisis_reader: Literal["auto", "on", "off"] = Field(
        "auto",
        description=(
            "The prompt writer's model also reads every diary for a child in crisis (auto: in the full profile only; "
            "the tiny profile's random weights would answer by chance)."
        ),
    )
    crisis_reader_threshold: float = Field(
        0.5, ge=0, le=1, description="The model's probability of a crisis at which a diary is kept as one."
    )
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
    max_diary_chars: int = Field(2000, ge=10, le=20000, description="Longest diary accepted, after cleaning.")
    max_prompt_words: int = Field(
        150, ge=10, le=400, description="Longest English prompt kept (T5 reads about 256 tokens)."
    )
    faults: str = Field(
        "", description="For tests and failure drills only: faults to inject, e.g. paint_oom:2. Leave empty."
    )

    @field_validator("faults")
    @classmethod
    def _check_faults(cls, value: str) -> str:
        from engine.faults import FaultPlan

        FaultPlan(value)
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

    @property
    def tiny_models_dir(self) -> Path:
        """Where the tiny offline models are built."""
        return self.models_dir or self.data_dir / "models"

    @classmethod
    def env_name(cls, field: str) -> str:
        """The environment variable that sets `field`."""
        alias = cls.model_fields[field].validation_alias
        if isinstance(alias, AliasChoices):
            return str(alias.choices[0])
        return f"CRAYON_{field.upper()}"

    @model_validator(mode="after")
    def _check_trigger(self) -> EngineSettings:
        if not self.trigger_template.strip():
            raise ValueError("CRAYON_TRIGGER_TEMPLATE is empty; e.g. 'hand drawing {emotion} style'")
        return self


class RaySettings(BaseModel):
    """How the engine runs as the Ray Serve application `crayon` (CRAYON_ENGINE=ray)."""

    engine: Literal["local", "ray"] = Field(
        "local",
        description=(
            "local: the models in the bot's own process (needs nothing); "
            "ray: the Ray Serve application `crayon` on a cluster (`crayon engine deploy`)."
        ),
    )
    ray_address: str = Field(
        "auto",
        description=(
            "The Ray cluster `crayon engine` talks to: auto (the one `ray start` runs on this machine), "
            "the head's host:port, or ray://host:10001."
        ),
    )
    ray_serve_url: str = Field(
        "http://127.0.0.1:8000/crayon",
        description=(
            "Where the bot sends drawings with CRAYON_ENGINE=ray: the Serve HTTP proxy and the route of `crayon`."
        ),
    )
    ray_writer_replicas: int = Field(1, ge=1, le=1000, description="PromptWriter replicas (Qwen3: emotion and scene).")
    ray_painter_replicas: int = Field(
        1, ge=1, le=1000, description="Painter replicas (SD3.5 Medium, LoRA, image safety)."
    )
    ray_writer_max_replicas: int = Field(
        0, ge=0, le=1000, description="Above CRAYON_RAY_WRITER_REPLICAS: autoscale the writers up to this many."
    )
    ray_painter_max_replicas: int = Field(
        0, ge=0, le=1000, description="Above CRAYON_RAY_PAINTER_REPLICAS: autoscale the painters up to this many."
    )
    ray_writer_gpus: float | None = Field(
        None,
        ge=0,
        le=8,
        description=(
            "GPUs per PromptWriter replica; unset: 0.45 when the cluster has GPUs (a writer, a painter and the "
            "listener share one card; give 1 each to writers and painters on cards under 40 GB), else 0."
        ),
    )
    ray_painter_gpus: float | None = Field(
        None, ge=0, le=8, description="GPUs per Painter replica; unset: 0.45 when the cluster has GPUs, else 0."
    )
    ray_listener_gpus: float | None = Field(
        None,
        ge=0,
        le=8,
        description="GPUs of the Listener (Whisper, voice diaries); unset: 0.1 when the cluster has GPUs, else 0.",
    )
    ray_replica_cpus: float = Field(0.5, gt=0, le=64, description="CPUs Ray reserves for each replica.")
    ray_deploy_timeout_seconds: float = Field(
        120.0,
        gt=0,
        le=3600,
        description="`crayon engine deploy` and the bench give up after this long when the replicas do not start.",
    )
    ray_request_timeout_seconds: float = Field(
        300.0, gt=0, le=3600, description="A drawing not back from the cluster by then is tried again."
    )
    engine_concurrency: int | None = Field(
        None,
        ge=1,
        le=10000,
        description=(
            "Jobs in flight on the cluster; unset: what the application says it takes at once (its painter "
            "replicas, their maximum when autoscaling, × 2 batches of its CRAYON_BATCH_SIZE), this bot's own "
            "settings until it has answered."
        ),
    )

    @model_validator(mode="after")
    def _check_replicas(self) -> RaySettings:
        for role in ("writer", "painter"):
            most = getattr(self, f"ray_{role}_max_replicas")
            if most and most < getattr(self, f"ray_{role}_replicas"):
                raise ValueError(
                    f"CRAYON_RAY_{role.upper()}_MAX_REPLICAS ({most}) is below CRAYON_RAY_{role.upper()}_REPLICAS"
                )
        return self

    @property
    def most_painters(self) -> int:
        return max(self.ray_painter_replicas, self.ray_painter_max_replicas)


class ServingSettings(RaySettings, EngineSettings):
    """The engine's settings and how it is served: what a replica of the Ray Serve application reads."""

    @property
    def jobs_in_flight(self) -> int:
        """Jobs the bot keeps in flight with CRAYON_ENGINE=ray."""
        # Two batches a painter, as the replicas are sized: one painting while the next is written.
        return self.engine_concurrency or 2 * self.most_painters * self.batch_size
