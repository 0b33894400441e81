"""`crayon eval` on the tiny models (a tiny CLIP judge built offline): tables, grid, measures."""

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.cli import EXIT_OK, EXIT_USAGE, main
from engine.pipeline import DiaryPipeline
from engine.profiles import resolve_profile
from engine.style import StyleSpec
from tests.support.lora import make_lora
from training.evaluate import configurations, evaluate, read_diaries
from training.measures import PAPER_JUDGE, Judge, describe_judge

DIARIES = [
    {"id": "d01", "text": "오늘 친구랑 놀이터에서 그네를 탔다.", "emotion": "happiness"},
    {"id": "d02", "text": "가게가 문을 닫아서 아이스크림을 못 샀다.", "emotion": "sadness"},
    {"id": "d03", "text": "오늘은 그냥 평범한 하루였다.", "emotion": "neutral"},
]


@pytest.fixture
def diaries_file(tmp_path: Path) -> Path:
    path = tmp_path / "diaries.jsonl"
    path.write_text("\n".join(json.dumps(diary, ensure_ascii=False) for diary in DIARIES) + "\n")
    return path


@pytest.fixture
def lora(tmp_path: Path, make_settings) -> Path:
    folder = make_lora(Path(resolve_profile(make_settings()).diffusion_source), tmp_path / "lora-emotion")
    (folder / "style.json").write_text(
        json.dumps(
            {
                "trigger_template": "hand drawing {emotion} style",
                "labels": ["happiness", "sadness"],
                "strategy": "emotion",
            }
        )
    )
    return folder


def test_every_diary_and_configuration_is_drawn_measured_and_reported(
    diaries_file: Path, lora: Path, make_settings, tmp_path: Path
) -> None:
    settings = make_settings()
    profile = resolve_profile(settings)
    style = StyleSpec.load(None, trigger_template=settings.trigger_template, labels=settings.labels)
    pipeline = DiaryPipeline.from_settings(settings, profile)
    judge = Judge.from_pretrained(
        str(Path(profile.diffusion_source).parent / "clip"), labels=style.labels, device="cpu"
    )
    diaries = read_diaries(diaries_file, style.labels, None)
    configs = configurations([lora], style)
    out = tmp_path / "report"
    report = evaluate(pipeline, judge, diaries, configs, seeds=2, out=out, progress=False)

    assert [config.name for config in configs] == ["base", "emotion"]
    assert len(report.rows) == 3 * 2 * 2
    assert all(0.0 <= row.clip_score <= 100.0 for row in report.rows)
    assert all(0.0 <= row.style_probability <= 1.0 for row in report.rows)
    assert all(row.image_mood in style.labels for row in report.rows)
    assert report.writer_labelled == 2, "the neutral diary has no label to compare with"
    # Configurations are compared on the same noise: only the LoRA differs.
    base = np.asarray(Image.open(out / "images" / "d01" / "base-0.png"), dtype=np.int16)
    styled = np.asarray(Image.open(out / "images" / "d01" / "emotion-0.png"), dtype=np.int16)
    assert np.abs(base - styled).mean() > 1.0
    same_seed_again = next(row for row in report.rows if row.diary == "d01" and row.configuration == "base")
    assert same_seed_again.prompt.startswith("hand drawing ")

    with (out / "results.csv").open() as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 12
    with (out / "summary.csv").open() as file:
        summary = list(csv.DictReader(file))
    assert [row["configuration"] for row in summary] == ["base", "emotion"]
    assert all(row["images"] == "6" for row in summary)
    markdown = (out / "summary.md").read_text()
    assert "| Configuration | CLIP | Std | Style Rate | Style prob. | Emotion alignment |" in markdown
    assert "| base |" in markdown
    assert "| emotion |" in markdown
    judge_line = next(line for line in markdown.splitlines() if line.startswith("Judge: "))
    assert str(Path(profile.diffusion_source).parent / "clip") in judge_line
    assert "tiny random CLIP" in judge_line
    assert "not comparable with the paper's" in judge_line
    assert all(row["judge"] == judge.source and row["clip_comparable_to_paper"] == "no" for row in summary)
    assert re.search(r"emotion accuracy against the diaries' labels: \d+\.\d% \(\d/2 labelled diaries\)", markdown)
    with Image.open(out / "grid.png") as grid:
        assert grid.size == (220 + 256 * 2, 60 + 256 * 3)


def test_eval_through_the_command_line(
    diaries_file: Path, lora: Path, tmp_path: Path, capsys, monkeypatch, models_dir: Path
) -> None:
    for name, value in {
        "CRAYON_PROFILE": "tiny",
        "CRAYON_MODELS_DIR": str(models_dir),
        "CRAYON_HEIGHT": "64",
        "CRAYON_WIDTH": "64",
        "CRAYON_NUM_INFERENCE_STEPS": "2",
        "CRAYON_LLM_MAX_NEW_TOKENS": "16",
    }.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "cli-report"
    args = ["eval", "--diaries", str(diaries_file), "--lora", str(lora), "--limit", "2", "--raw-diary"]
    code = main([*args, "--out", str(out)])
    assert code == EXIT_OK
    printed = capsys.readouterr().out
    assert "| emotion |" in printed
    assert "| emotion raw diary |" in printed, "the paper's Fig. 4 has its own row"
    assert "the paper's Fig. 4" in printed
    assert "Judge: " in printed
    assert (out / "grid.png").is_file()
    assert "Negative prompt: none (as the paper)." in (out / "summary.md").read_text()
    main(["eval", "--diaries", str(diaries_file), "--limit", "1", "--out", str(out), "--safe-negative"])
    assert "Negative prompt: 'violence, blood" in (out / "summary.md").read_text()


def test_the_raw_diary_configuration_paints_the_korean_diary_itself(
    diaries_file: Path, lora: Path, make_settings, tmp_path: Path
) -> None:
    settings = make_settings()
    profile = resolve_profile(settings)
    style = StyleSpec.load(None, trigger_template=settings.trigger_template, labels=settings.labels)
    pipeline = DiaryPipeline.from_settings(settings, profile)
    judge = Judge.from_pretrained(
        str(Path(profile.diffusion_source).parent / "clip"), labels=style.labels, device="cpu"
    )
    diaries = read_diaries(diaries_file, style.labels, 2)
    configs = configurations([lora], style, raw_diary=True)
    assert [(config.name, config.lora, config.raw_diary) for config in configs] == [
        ("base", None, False),
        ("emotion", lora, False),
        ("emotion raw diary", lora, True),
    ]
    out = tmp_path / "report"
    report = evaluate(pipeline, judge, diaries, configs, seeds=1, out=out, progress=False)

    for diary in diaries:
        rows = {row.configuration: row for row in report.rows if row.diary == diary.id}
        raw, translated = rows["emotion raw diary"], rows["emotion"]
        assert raw.prompt == f"hand drawing {raw.emotion} style, {diary.text}"
        assert raw.emotion == translated.emotion, "the same trigger: only the scene's language differs"
        assert raw.clip_prompt == translated.prompt, "CLIP compares both with the English prompt"
        assert translated.clip_prompt == translated.prompt
    with (out / "summary.csv").open() as file:
        assert [row["configuration"] for row in csv.DictReader(file)] == ["base", "emotion", "emotion raw diary"]
    with Image.open(out / "grid.png") as grid:
        assert grid.size == (220 + 256 * 3, 60 + 256 * 2)


def test_without_a_lora_the_raw_diary_is_painted_by_the_base_model() -> None:
    style = StyleSpec(trigger_template="hand drawing {emotion} style", labels=("happiness", "sadness"))
    assert [config.name for config in configurations([], style, raw_diary=True)] == ["base", "base raw diary"]


@pytest.mark.parametrize(
    ("source", "tiny", "comparable", "about"),
    [
        (PAPER_JUDGE, False, True, "the paper's judge"),
        ("zer0int/LongCLIP-GmP-ViT-L-14", False, False, "fine-tune"),
        ("openai/clip-vit-large-patch14", False, False, "not the paper's LongCLIP-L"),
        ("/models/tiny/clip", True, False, "tiny random CLIP"),
    ],
)
def test_the_report_says_which_judge_scored_it(source: str, tiny: bool, comparable: bool, about: str) -> None:
    info = describe_judge(source, tiny=tiny)
    assert info.comparable is comparable
    assert about in info.about
    sentence = info.sentence()
    assert sentence.startswith(f"Judge: {source} — ")
    assert ("not comparable" in sentence) is not comparable


def test_the_default_judge_is_the_papers_longclip(make_settings) -> None:
    assert make_settings().eval_clip_model == PAPER_JUDGE
    assert describe_judge(make_settings().eval_clip_model).comparable


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--diaries", "/nonexistent.jsonl"], "no such file"),
        (["--lora", "/nonexistent-lora"], "no such folder"),
        (["--seeds", "0"], "at least 1"),
    ],
)
def test_eval_bad_arguments(diaries_file: Path, tmp_path: Path, capsys, args: list[str], message: str) -> None:
    base = ["eval", "--diaries", str(diaries_file), "--out", str(tmp_path / "x")]
    code = main(base + args)
    assert code == EXIT_USAGE
    assert message in capsys.readouterr().err
