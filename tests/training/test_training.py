"""`crayon train` on the tiny models: data checks, captions, the loss, the saved LoRA, resuming."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from safetensors.torch import load_file

from bot.cli import EXIT_OK, EXIT_USAGE, main
from engine.style import LORA_WEIGHTS_FILE, STYLE_FILE, StyleSpec
from training.data import Example, caption, load_examples
from training.errors import DataError, TrainingError
from training.trainer import train

LABELS = ("happiness", "sadness")


def example(emotion: str = "sadness", text: str = "being alone always makes me feel sad") -> Example:
    return Example("x.png", emotion, text, lambda: b"")


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        ("trigger", "kido style"),
        ("emotion", "kido sadness style"),
        ("emotion-text", "kido sadness style, being alone always makes me feel sad"),
    ],
)
def test_captions_are_the_papers(strategy, expected) -> None:
    assert caption(example(), strategy) == expected


def test_emotion_text_without_text_is_the_emotion_caption() -> None:
    assert caption(example(text="  "), "emotion-text") == "kido sadness style"


def write_metadata(folder: Path, rows: list[dict] | str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = rows if isinstance(rows, str) else "\n".join(json.dumps(row) for row in rows)
    (folder / "metadata.jsonl").write_text(text)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("no-folder", "no such folder"),
        ("no-metadata", "metadata.jsonl: missing"),
        ("empty", "no examples"),
        ("bad-json", "metadata.jsonl:1: not JSON"),
        ("missing-image", "gone.png: the image file is missing"),
        ("unknown-label", "a.png: unknown emotion 'anger'"),
        ("unreadable", "broken.png: not a readable image"),
        ("outside", "outside the data folder"),
    ],
)
def test_bad_data_is_named_before_any_model_loads(tmp_path: Path, setup: str, message: str) -> None:
    folder = tmp_path / "data"
    if setup != "no-folder":
        folder.mkdir()
    Image.new("RGB", (8, 8)).save(tmp_path / "outside.png") if setup == "outside" else None
    if setup == "empty":
        write_metadata(folder, "")
    elif setup == "bad-json":
        write_metadata(folder, "{oops")
    elif setup == "missing-image":
        write_metadata(folder, [{"file_name": "gone.png", "emotion": "happiness", "text": ""}])
    elif setup == "unknown-label":
        Image.new("RGB", (8, 8)).save(folder / "a.png")
        write_metadata(folder, [{"file_name": "a.png", "emotion": "anger", "text": ""}])
    elif setup == "unreadable":
        (folder / "broken.png").write_bytes(b"not a png at all")
        write_metadata(folder, [{"file_name": "broken.png", "emotion": "happiness", "text": ""}])
    elif setup == "outside":
        write_metadata(folder, [{"file_name": "../outside.png", "emotion": "happiness", "text": ""}])
    with pytest.raises(DataError, match=message):
        load_examples(str(folder), LABELS)


def test_bad_data_through_the_command_line(tmp_path: Path, capsys, make_settings, monkeypatch) -> None:
    monkeypatch.setenv("CRAYON_PROFILE", "tiny")
    folder = tmp_path / "data"
    write_metadata(folder, [{"file_name": "gone.png", "emotion": "happiness", "text": ""}])
    code = main(["train", "--data", str(folder), "--strategy", "emotion", "--out", str(tmp_path / "out")])
    assert code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "gone.png: the image file is missing" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_loss_is_finite_and_falls_on_a_repeated_batch(quick, tiny_profile) -> None:
    result = train(
        quick(steps=30, lr=3e-3, repeat_batch=True, checkpoint_every=100), tiny_profile, LABELS, progress=False
    )
    assert all(math.isfinite(loss) for loss in result.losses)
    first, last = np.mean(result.losses[:3]), np.mean(result.losses[-3:])
    assert last < 0.9 * first, (first, last)


def test_the_lora_is_saved_for_diffusers_with_attn2_and_changes_the_drawing(quick, tiny_profile, tiny_sd3) -> None:
    config = quick(steps=6, lr=2e-2, strategy="emotion-text")
    train(config, tiny_profile, LABELS, progress=False)
    weights = load_file(str(config.out / LORA_WEIGHTS_FILE))
    assert all(key.startswith("transformer.") for key in weights)
    assert any(".attn2." in key for key in weights)
    assert any(".attn." in key and "add_q_proj" in key for key in weights)
    assert any(bool(value.abs().sum() > 0) for key, value in weights.items() if "lora_B" in key)

    style = json.loads((config.out / STYLE_FILE).read_text())
    assert style["trigger_template"] == "hand drawing {emotion} style"
    assert style["strategy"] == "emotion-text"
    assert (style["steps"], style["lr"], style["rank"], style["labels"]) == (6, 2e-2, 4, list(LABELS))
    assert len(style["dataset_fingerprint"]) == 16
    assert StyleSpec.load(config.out, trigger_template="x", labels=["a", "b"]).labels == LABELS

    pipe = tiny_sd3()
    kwargs = {"prompt": "hand drawing happiness style, a sun", "height": 64, "width": 64, "num_inference_steps": 2}
    before = np.asarray(pipe(**kwargs, generator=torch.Generator().manual_seed(0)).images[0], dtype=np.int16)
    pipe.load_lora_weights(str(config.out))
    after = np.asarray(pipe(**kwargs, generator=torch.Generator().manual_seed(0)).images[0], dtype=np.int16)
    assert np.abs(before - after).mean() > 0.5
    assert sorted(path.name for path in (config.out / "validation" / "step-000006").iterdir()) == [
        "0-happiness.png",
        "1-sadness.png",
    ]


def test_trigger_only_strategy_draws_with_hand_drawing_style(quick, tiny_profile) -> None:
    config = quick(steps=2, strategy="trigger")
    train(config, tiny_profile, LABELS, progress=False)
    assert json.loads((config.out / STYLE_FILE).read_text())["trigger_template"] == "hand drawing style"


def test_resume_continues_the_step_count_exactly(quick, tiny_profile, tmp_path: Path) -> None:
    straight = quick(out=tmp_path / "straight", steps=6, checkpoint_every=3)
    train(straight, tiny_profile, LABELS, progress=False)
    halves = quick(out=tmp_path / "halves", steps=3, checkpoint_every=3)
    train(halves, tiny_profile, LABELS, progress=False)
    resumed = train(
        quick(out=tmp_path / "halves", steps=6, checkpoint_every=3, resume=True), tiny_profile, LABELS, progress=False
    )
    assert resumed.first_step == 3
    assert len(resumed.losses) == 3
    log = (tmp_path / "halves" / "train_log.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in log[1:]] == ["1", "2", "3", "4", "5", "6"]
    one = load_file(str(tmp_path / "straight" / LORA_WEIGHTS_FILE))
    two = load_file(str(tmp_path / "halves" / LORA_WEIGHTS_FILE))
    assert one.keys() == two.keys()
    for key in one:
        assert torch.allclose(one[key], two[key], atol=1e-5), key


def test_resume_errors_say_what_to_do(quick, tiny_profile, tmp_path: Path, drawings: Path) -> None:
    with pytest.raises(TrainingError, match="no checkpoint"):
        train(quick(resume=True), tiny_profile, LABELS, progress=False)
    train(quick(steps=2, checkpoint_every=2), tiny_profile, LABELS, progress=False)
    with pytest.raises(TrainingError, match="add --resume"):
        train(quick(steps=2), tiny_profile, LABELS, progress=False)
    with pytest.raises(TrainingError, match="another strategy"):
        train(quick(steps=4, strategy="trigger", resume=True), tiny_profile, LABELS, progress=False)
    with pytest.raises(TrainingError, match="trained with --rank 4, --batch-size 4; resume with the same"):
        train(quick(steps=4, rank=16, batch_size=1, resume=True), tiny_profile, LABELS, progress=False)


def test_train_through_the_command_line(drawings: Path, tmp_path: Path, capsys, models_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("CRAYON_PROFILE", "tiny")
    monkeypatch.setenv("CRAYON_MODELS_DIR", str(models_dir))
    monkeypatch.setenv("CRAYON_NUM_INFERENCE_STEPS", "2")
    out = tmp_path / "cli-lora"
    args = [
        "train",
        "--data",
        str(drawings),
        "--strategy",
        "emotion",
        "--out",
        str(out),
        "--steps",
        "2",
        "--resolution",
        "64",
        "--rank",
        "4",
    ]
    assert main(args) == EXIT_OK
    assert "LoRA saved to" in capsys.readouterr().out
    assert (out / LORA_WEIGHTS_FILE).is_file()
