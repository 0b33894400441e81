import re

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from tests.support.settings import REPO


def test_defaults_follow_the_paper_and_design() -> None:
    settings = Settings(_env_file=None)
    assert (settings.height, settings.width) == (512, 512)
    assert settings.num_inference_steps == 28
    assert settings.guidance_scale == 7.0
    assert settings.labels == ["happiness", "sadness"]
    assert settings.trigger_template == "hand drawing {emotion} style"
    assert settings.profile == "auto"
    assert settings.llm_model == "Qwen/Qwen3-8B"
    assert settings.diffusion_model == "stabilityai/stable-diffusion-3.5-medium"
    assert (settings.llm_temperature, settings.llm_top_p, settings.llm_top_k) == (0.7, 0.8, 20)


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRAYON_PROFILE", "tiny")
    monkeypatch.setenv("CRAYON_LABELS", "joy, gloom ,calm")
    monkeypatch.setenv("CRAYON_NUM_INFERENCE_STEPS", "12")
    settings = Settings(_env_file=None)
    assert settings.profile == "tiny"
    assert settings.labels == ["joy", "gloom", "calm"]
    assert settings.num_inference_steps == 12


def test_dotenv_file_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("CRAYON_GUIDANCE_SCALE=4.5\n")
    monkeypatch.chdir(tmp_path)
    assert Settings().guidance_scale == 4.5


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CRAYON_PROFILE", "huge"),
        ("CRAYON_LABELS", "happiness"),
        ("CRAYON_LABELS", "happy,happy"),
        ("CRAYON_LABELS", "행복,슬픔"),
        ("CRAYON_HEIGHT", "500"),
        ("CRAYON_NUM_INFERENCE_STEPS", "0"),
        ("CRAYON_TRIGGER_TEMPLATE", " "),
    ],
)
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_design_names_of_the_bot_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:9/bot")
    monkeypatch.setenv("CRAYON_HTTP_PORT", "9090")
    monkeypatch.setenv("CRAYON_PUBLIC_BASE_URL", "https://diary.example.org/")
    settings = Settings(_env_file=None)
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:secret"
    assert "123:secret" not in repr(settings)
    assert settings.telegram_base_url == "http://127.0.0.1:9/bot"
    assert settings.http_port == 9090
    assert settings.public_base_url == "https://diary.example.org"
    assert settings.use_webhook
    assert settings.timezone == "Asia/Seoul"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CRAYON_TIMEZONE", "Mars/Olympus"),
        ("CRAYON_PUBLIC_BASE_URL", "diary.example.org"),
        ("CRAYON_TELEGRAM_MODE", "webhook"),
    ],
)
def test_bad_bot_settings_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_env_example_lists_every_setting() -> None:
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (REPO / ".env.example").read_text(), re.MULTILINE))
    expected = {Settings.env_name(name) for name in Settings.model_fields}
    assert expected <= listed, f"missing from .env.example: {sorted(expected - listed)}"
    assert listed <= expected, f".env.example lists unknown settings: {sorted(listed - expected)}"
