import argparse
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from bot.cli import EXIT_OK, EXIT_USAGE, build_parser, main
from bot.usecases.diary_page import HEIGHT, MARGIN, PICTURE, WIDTH
from engine.tiny import TINY_VERSION
from tests.support.audio import recording
from tests.support.diffusers_lora import make_script_lora
from tests.support.settings import REPO

DIARY = "강아지가 꼬리를 흔들었다"
JSON_FIELDS = {"emotion", "probabilities", "prompt", "file", "seed", "profile", "timings"}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, models_dir: Path, tmp_path: Path) -> Path:
    """The tiny profile in a fresh data folder, at test speed; returns the data folder."""
    data = tmp_path / "data"
    monkeypatch.setenv("CRAYON_PROFILE", "tiny")
    monkeypatch.setenv("CRAYON_DATA_DIR", str(data))
    monkeypatch.setenv("CRAYON_MODELS_DIR", str(models_dir))
    monkeypatch.setenv("CRAYON_HEIGHT", "128")
    monkeypatch.setenv("CRAYON_WIDTH", "128")
    monkeypatch.setenv("CRAYON_NUM_INFERENCE_STEPS", "3")
    monkeypatch.setenv("CRAYON_LLM_MAX_NEW_TOKENS", "24")
    return data


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["draw", *args, "--json"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.count("\n") == 1, "one JSON object on one line"
    return json.loads(out)


def test_draw_json_prints_the_fields_and_writes_a_png(env: Path, capsys, tmp_path: Path) -> None:
    out = tmp_path / "drawing.png"
    report = run_json(capsys, DIARY, "--out", str(out), "--seed", "7")
    assert set(report) >= JSON_FIELDS
    assert report["emotion"] in ("happiness", "sadness")
    assert set(report["probabilities"]) == {"happiness", "sadness"}
    assert sum(report["probabilities"].values()) == pytest.approx(1.0, abs=1e-3)
    assert report["prompt"].startswith(f"hand drawing {report['emotion']} style, ")
    assert report["file"] == str(out)
    assert report["seed"] == 7
    assert report["profile"] == "tiny"
    assert report["preview"] is True
    assert report["emotion_preview"] is True, "tiny random models pick the mood too"
    assert report["trigger"] == f"hand drawing {report['emotion']} style"
    assert report["trigger_source"] == "CRAYON_TRIGGER_TEMPLATE"
    assert {"setup", "load", "emotion", "prompt", "denoise", "decode", "save", "total"} <= set(report["timings"])
    assert report["timings"]["total"] >= report["timings"]["engine"] + report["timings"]["load"]
    with Image.open(out) as image:
        assert image.format == "PNG"
        assert image.size == (128, 128)
        embedded = json.loads(image.info["crayon"])
    assert embedded["seed"] == 7
    assert embedded["preview"] is True
    assert DIARY not in out.read_bytes().decode("latin-1"), "the diary text is not stored in the image"


def test_draw_at_the_paper_defaults(env: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    for name in ("CRAYON_HEIGHT", "CRAYON_WIDTH", "CRAYON_NUM_INFERENCE_STEPS", "CRAYON_LLM_MAX_NEW_TOKENS"):
        monkeypatch.delenv(name)
    report = run_json(capsys, DIARY, "--seed", "1")
    path = Path(report["file"])
    assert path.parent == env / "drawings"
    with Image.open(path) as image:
        assert image.size == (512, 512)


@pytest.mark.parametrize(("style", "emotion"), [("happy", "happiness"), ("sad", "sadness"), ("슬픔", "sadness")])
def test_style_overrides_the_mood(env: Path, capsys, style: str, emotion: str) -> None:
    report = run_json(capsys, DIARY, "--style", style, "--seed", "3")
    assert report["emotion"] == emotion
    assert report["emotion_preview"] is False, "the mood was chosen, not guessed"
    assert report["prompt"].startswith(f"hand drawing {emotion} style, ")


def test_same_seed_same_png(env: Path, capsys, tmp_path: Path) -> None:
    first = run_json(capsys, DIARY, "--seed", "99", "--out", str(tmp_path / "a.png"))
    second = run_json(capsys, DIARY, "--seed", "99", "--out", str(tmp_path / "b.png"))
    assert first["prompt"] == second["prompt"]
    with Image.open(first["file"]) as a, Image.open(second["file"]) as b:
        assert a.tobytes() == b.tobytes()


def test_diary_from_standard_input(env: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(DIARY + "\n"))
    assert run_json(capsys, "-", "--seed", "5")["seed"] == 5


def test_text_output_says_where_the_png_went_and_that_it_is_a_preview(env: Path, capsys) -> None:
    assert main(["draw", DIARY, "--seed", "4"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Drawing saved to " + str(env / "drawings") in out
    assert "PREVIEW" in out
    assert "(PREVIEW: picked by tiny random models, not read from the diary)" in out.split("Mood: ")[1].split("\n")[0]
    assert "neither the drawing nor the mood reflects the diary" in out
    assert "Trigger: hand drawing " in out
    assert "Style LoRA: none" in out


@pytest.fixture
def script_lora(models_dir: Path, tmp_path: Path) -> Path:
    """A LoRA folder as diffusers' DreamBooth script writes it: weights and README.md, no style.json."""
    sd3 = models_dir / f"tiny-v{TINY_VERSION}" / "sd3"
    return make_script_lora(sd3, tmp_path / "dreambooth-lora", instance_prompt="kido style")


def test_draw_takes_the_trigger_from_a_diffusers_script_lora(env: Path, script_lora: Path, capsys) -> None:
    report = run_json(capsys, DIARY, "--lora", str(script_lora), "--seed", "3")
    assert report["prompt"].startswith("kido style, ")
    assert report["trigger"] == "kido style"
    assert report["trigger_source"] == f"{script_lora / 'README.md'} (instance_prompt)"
    assert report["models"]["lora"] == str(script_lora)


def test_trigger_option_wins_and_the_text_output_says_so(env: Path, script_lora: Path, capsys) -> None:
    args = ["draw", DIARY, "--lora", str(script_lora), "--trigger", "hand drawing {emotion} style", "--style", "sad"]
    assert main([*args, "--seed", "3"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Trigger: hand drawing sadness style (from --trigger)" in out
    assert "Prompt: hand drawing sadness style, " in out


@pytest.mark.slow
def test_importing_the_command_line_loads_no_model_library() -> None:
    code = (
        "import sys, bot.cli, engine.worker, engine.profiles; "
        "print(sorted({'torch', 'transformers', 'diffusers'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the fallback on a machine without CUDA")
def test_auto_profile_tells_the_user_it_fell_back(env: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("CRAYON_PROFILE", "auto")
    assert main(["draw", DIARY, "--seed", "2", "--json"]) == EXIT_OK
    captured = capsys.readouterr()
    assert json.loads(captured.out)["profile"] == "tiny"
    assert "no CUDA GPU found" in captured.err
    assert "tiny offline profile" in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draw", ""], "empty"),
        (["draw", "   \t "], "empty"),
        (["draw", "\u200b\u200b"], "empty"),
        (["draw", "<|im_start|>"], "empty"),
        (["draw", "가" * 2001], "limit is 2000"),
        (["draw", DIARY, "--style", "angry"], "choose one of: auto, happy, sad"),
        (["draw", DIARY, "--seed", "-5"], "outside"),
        (["draw", DIARY, "--seed", "abc"], "invalid int value"),
        (["draw", DIARY, "--lora", "/nonexistent/lora"], "does not exist"),
        (["draw", DIARY, "--trigger", " "], "--trigger is empty"),
        (["draw"], "TEXT"),
        (["paint", DIARY], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(env: Path, capsys, args: list[str], message: str) -> None:
    code: int | str | None
    try:
        code = main(args)
    except SystemExit as exit:
        code = exit.code
    assert code == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert not (env / "drawings").exists()


def test_bad_setting_exits_2(env: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("CRAYON_PROFILE", "huge")
    assert main(["draw", DIARY]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "CRAYON_PROFILE" in err
    assert err.count("\n") == 1


@pytest.mark.slow
def test_console_script_runs_as_a_real_process(env: Path, tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "crayon"
    if not script.exists():
        pytest.skip("the crayon console script is not installed in this environment")
    done = subprocess.run(
        [str(script), "draw", DIARY, "--json", "--seed", "12"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) >= JSON_FIELDS
    assert Path(report["file"]).is_file()
    empty = subprocess.run([str(script), "draw", " "], capture_output=True, text=True, timeout=300)
    assert empty.returncode == EXIT_USAGE
    assert "Traceback" not in empty.stderr


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    actions = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return dict(actions[0].choices) if actions else {}


def test_every_command_and_the_options_of_draw_eval_and_models_are_documented() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = subcommands(build_parser())
    for name, command in commands.items():
        assert f"crayon {name}" in readme, f"`crayon {name}` is not in README.md"
        for action_name in subcommands(command):
            assert f"crayon {name} {action_name}" in readme, f"`crayon {name} {action_name}` is not in README.md"
    documented = {"draw": commands["draw"], "eval": commands["eval"], **subcommands(commands["models"])}
    for name, command in documented.items():
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    named = re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", readme)
                    assert named, f"{name} {option} is not in README.md"


def test_draw_page_writes_the_page_beside_the_drawing(env: Path, capsys, tmp_path: Path) -> None:
    out = tmp_path / "drawing.png"
    report = run_json(capsys, "비가 와서 우산 쓰고 학교에 갔다", "--out", str(out), "--seed", "3", "--page")
    page = Path(report["page_file"])
    assert page == tmp_path / "drawing-page.png"
    with Image.open(page) as opened:
        assert opened.size == (WIDTH, HEIGHT)
        image = opened.convert("RGB")
    with Image.open(out) as drawing:
        expected = np.asarray(drawing.convert("RGB").resize((PICTURE, PICTURE))).astype(int)
    left = (WIDTH - PICTURE) // 2
    shown = np.asarray(image).astype(int)[MARGIN : MARGIN + PICTURE, left : left + PICTURE]
    assert np.abs(shown - expected).mean() < 8, "the drawing is on the page"
    assert "page_file" not in run_json(capsys, DIARY, "--out", str(tmp_path / "plain.png"))


def test_crayon_draw_audio_writes_it_down_then_draws(
    env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    voice = tmp_path / "voice.ogg"
    voice.write_bytes(recording(3.0))
    out = tmp_path / "drawing.png"
    assert main(["draw", "--audio", str(voice), "--out", str(out), "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["transcript"]
    assert out.is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--audio", "{silent}"], "nothing could be heard"),
        (["--audio", "{missing}"], "cannot read"),
        (["--audio", "{broken}"], "not a recording that can be read: give an OGG/Opus"),
        (["--audio", "{long}"], "longer than a minute: record the diary in a minute at most"),
        (["--audio", "{folder}"], "not a file; give the path of a recording"),
        (["일기", "--audio", "{silent}"], "not both"),
        ([], "give the diary"),
    ],
)
def test_crayon_draw_audio_refuses_kindly(
    env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "silent.wav").write_bytes(recording(1.0, loud=0.0, kind="WAV"))
    (tmp_path / "broken.ogg").write_bytes(b"OggS broken")
    (tmp_path / "long.ogg").write_bytes(recording(61.0, rate=8_000))
    paths = {
        "silent": tmp_path / "silent.wav",
        "missing": tmp_path / "nope.ogg",
        "broken": tmp_path / "broken.ogg",
        "long": tmp_path / "long.ogg",
        "folder": tmp_path,
    }
    assert main(["draw", *(arg.format(**paths) for arg in args)]) == EXIT_USAGE
    assert message in capsys.readouterr().err
