"""`crayon chat` as a real process: the same use-cases in a terminal, drawings written as files."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bot import messages


def chat(lines: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`crayon chat` as a real process, fed `lines`."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )


@pytest.mark.slow
def test_console_chat_draws_and_answers_every_command(models_dir: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CRAYON_PROFILE": "tiny",
        "CRAYON_DATA_DIR": str(tmp_path / "data"),
        "CRAYON_MODELS_DIR": str(models_dir),
        "CRAYON_HEIGHT": "128",
        "CRAYON_WIDTH": "128",
        "CRAYON_NUM_INFERENCE_STEPS": "3",
        "CRAYON_LLM_MAX_NEW_TOKENS": "24",
    }
    lines = [
        "/other",
        "/style 슬픔",
        "비가 와서 밖에 못 나갔다",
        "/style",
        "/style 보라색",
        "\u200b",
        "/dance",
        "/help",
        "/other",
        "/again",
        "/mydrawings",
        "/quit",
        "this line is never read",
    ]
    done = chat(lines, env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    out = done.stdout
    assert out.startswith(messages.WELCOME)
    assert out.count(messages.NO_DRAWINGS) == 1, "/other before any drawing"
    assert messages.style_set("sadness") in out
    assert messages.acknowledgement(0) in out
    assert messages.style_usage("sadness", ["/style 행복", "/style 슬픔", "/style 자동"]) in out
    assert messages.EMPTY_DIARY in out
    assert messages.UNKNOWN_COMMAND in out
    assert "/again" in out
    assert messages.redraw_started("happiness", 0, other_mood=True) in out
    assert messages.redraw_started("happiness", 0, other_mood=False) in out
    # Drawn: the diary (sad), the other mood (happy), again in the mood the child chose (sad); then
    # /mydrawings lists all three.
    drawn = re.findall(r"(행복|슬픔) 기분으로 그렸어![^\n]*\n[^\n]*\n그림: (\S+\.png)", out)
    assert [mood for mood, _ in drawn[:3]] == ["슬픔", "행복", "슬픔"]
    assert len(drawn) == 6
    assert out.count(messages.PREVIEW_NOTE) == 6, "every tiny-profile drawing says picture and mood are previews"
    for _, path in drawn:
        with Image.open(path) as image:
            assert image.size == (128, 128)
        assert Path(path).parent == (tmp_path / "data" / "drawings").resolve()
    assert "this line is never read" not in out


@pytest.mark.slow
def test_console_forget_asks_then_leaves_no_trace(models_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {
        **os.environ,
        "CRAYON_PROFILE": "tiny",
        "CRAYON_DATA_DIR": str(data),
        "CRAYON_MODELS_DIR": str(models_dir),
        "CRAYON_HEIGHT": "64",
        "CRAYON_WIDTH": "64",
        "CRAYON_NUM_INFERENCE_STEPS": "2",
        "CRAYON_LLM_MAX_NEW_TOKENS": "16",
    }
    secret = "콘솔비밀일기 오늘 다락방에서 보물을 찾았다"
    lines = [secret, "/privacy", "/forget", "/forget confirm", "/mydrawings", "/quit"]
    done = chat(lines, env)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "개인정보 안내" in out
    assert out.index("그림: ") < out.index(CONSOLE_FORGET_ASK), "drawn before it was forgotten"
    assert out.index(CONSOLE_FORGET_ASK) < out.index(messages.FORGET_DONE)
    assert out.rstrip().endswith(messages.NO_DRAWINGS)
    files = [path for path in data.rglob("*") if path.is_file()]
    assert files, "the database is still there"
    assert not list((data / "drawings").glob("*.png"))
    needle = "콘솔비밀일기".encode()
    assert not [path for path in files if needle in path.read_bytes()]


CONSOLE_FORGET_ASK = messages.forget_ask("/forget confirm", button=False)  # no button in a terminal


def test_the_preview_note_covers_the_mood_too() -> None:
    caption = messages.drawing_caption("sadness", preview=True, when="2025-05-05")
    head, note = caption.split("\n")
    assert head == "2025-05-05 · 슬픔 기분으로 그렸어! 🖍️"
    assert note == messages.PREVIEW_NOTE
    # The tiny models pick the mood as randomly as they paint: the note says both.
    assert "그림도 기분도" in note
    assert messages.drawing_caption("sadness", preview=False) == "슬픔 기분으로 그렸어! 🖍️"
