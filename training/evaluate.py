"""`crayon eval`: every diary × configuration (the base model and each LoRA), on the same seeds, measured.

The report has the shape of the paper's Tables I/II (CLIP score mean and std, style rate) plus the
measures the paper lacked (style probability and emotion alignment by zero-shot CLIP, and the prompt
writer's emotion accuracy), as Markdown and CSV, and a grid of drawings like its Fig. 3. It names the
judge and whether its CLIP scores sit on the paper's scale. A raw-diary configuration repeats the
paper's Fig. 4: the Korean diary painted as it is, without the prompt writer's English scene.
"""

from __future__ import annotations

import csv
import json
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.pipeline import DiaryPipeline
from engine.prompt_writer import WrittenPrompt
from engine.style import StyleSpec
from training.errors import EvalError
from training.measures import STYLE_THRESHOLD, Judge, JudgeInfo, describe_judge

BASE = "base"
RAW_DIARY = "raw diary"


@dataclass(frozen=True)
class Diary:
    id: str
    text: str
    emotion: str | None


@dataclass(frozen=True)
class Configuration:
    name: str
    lora: Path | None
    style: StyleSpec
    raw_diary: bool = False
    """Paint the trigger and the Korean diary itself, not the prompt writer's English scene (Fig. 4)."""


@dataclass(frozen=True)
class Row:
    diary: str
    configuration: str
    seed: int
    emotion: str
    prompt: str
    """What was painted."""
    clip_prompt: str
    """What CLIP compared the drawing with: the English prompt, for the raw-diary configuration too."""
    clip_score: float
    style_probability: float
    styled: bool
    image_mood: str
    aligned: bool
    file: str


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    writer_correct: int = 0
    writer_labelled: int = 0

    def summary(self, configuration: str) -> dict[str, float]:
        rows = [row for row in self.rows if row.configuration == configuration]
        scores = [row.clip_score for row in rows]
        return {
            "images": len(rows),
            "clip": statistics.fmean(scores),
            "clip_std": statistics.pstdev(scores) if len(scores) > 1 else 0.0,
            "style_rate": 100.0 * sum(row.styled for row in rows) / len(rows),
            "style_probability": statistics.fmean(row.style_probability for row in rows),
            "emotion_alignment": 100.0 * sum(row.aligned for row in rows) / len(rows),
        }


def read_diaries(path: Path, labels: tuple[str, ...], limit: int | None) -> list[Diary]:
    """JSON lines with `text` (and optionally `id` and `emotion`), like ../shared/data/diaries.jsonl."""
    if not path.is_file():
        raise EvalError(f"{path}: no such file")
    diaries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalError(f"{path}:{number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            raise EvalError(f'{path}:{number}: each line needs a non-empty "text"')
        emotion = record.get("emotion")
        diaries.append(Diary(str(record.get("id", f"line{number}")), record["text"], emotion if emotion else None))
    if not diaries:
        raise EvalError(f"{path}: no diaries")
    return diaries[:limit] if limit else diaries


def configurations(loras: list[Path], settings_style: StyleSpec, *, raw_diary: bool = False) -> list[Configuration]:
    """The base model first, then each LoRA, named by its strategy (and folder when two would clash).

    With `raw_diary`, the last of them once more, painting the Korean diary itself (the paper's Fig. 4).
    """
    found = [Configuration(BASE, None, settings_style)]
    for lora in loras:
        if not lora.is_dir():
            raise EvalError(f"--lora {lora}: no such folder")
        style = StyleSpec.load(
            lora, trigger_template=settings_style.trigger_template, labels=list(settings_style.labels)
        )
        strategy = _strategy(lora) or lora.name
        name = strategy if all(existing.name != strategy for existing in found) else f"{strategy} ({lora.name})"
        found.append(Configuration(name, lora, style))
    if raw_diary:
        last = found[-1]
        found.append(Configuration(f"{last.name} {RAW_DIARY}", last.lora, last.style, raw_diary=True))
    return found


def _strategy(lora: Path) -> str | None:
    try:
        return str(json.loads((lora / "style.json").read_text())["strategy"])
    except (OSError, ValueError, KeyError):
        return None


def evaluate(
    pipeline: DiaryPipeline,
    judge: Judge,
    diaries: list[Diary],
    configs: list[Configuration],
    *,
    seeds: int,
    out: Path,
    progress: bool = True,
) -> Report:
    """Draw every diary with every configuration and seed, measure, and write the report into `out`."""
    painter = pipeline.painter
    adapters = _load_adapters(painter, configs)
    report = Report()
    bar = _progress(progress, len(diaries) * len(configs) * seeds)
    for diary in diaries:
        # One prompt per diary, shared by every configuration: only the drawing differs.
        written = pipeline.writer.write(diary.text, seed=0)
        if diary.emotion in pipeline.style.labels:
            report.writer_labelled += 1
            report.writer_correct += written.emotion == diary.emotion
        for config in configs:
            _activate(painter, config, adapters)
            for row in _draw_and_measure(pipeline, judge, diary, config, written, seeds=seeds, out=out):
                report.rows.append(row)
                if bar is not None:
                    bar.update(1)
    if bar is not None:
        bar.close()
    _activate(painter, configs[0], adapters)
    write_report(
        report,
        configs,
        diaries,
        out,
        negative_prompt=painter.options.negative_prompt,
        judge=describe_judge(judge.source, tiny=pipeline.profile == "tiny"),
    )
    return report


def _load_adapters(painter: Any, configs: list[Configuration]) -> dict[Path, str]:
    """Load each configuration's LoRA once into the painter, under an adapter name of its own."""
    adapters: dict[Path, str] = {}
    for config in configs:
        if config.lora is not None and config.lora not in adapters:
            adapters[config.lora] = f"config{len(adapters) + 1}"
            painter.pipe.load_lora_weights(str(config.lora), adapter_name=adapters[config.lora])
    return adapters


def _draw_and_measure(
    pipeline: DiaryPipeline,
    judge: Judge,
    diary: Diary,
    config: Configuration,
    written: WrittenPrompt,
    *,
    seeds: int,
    out: Path,
) -> Iterator[Row]:
    """Paint the diary's prompt as `config` on every seed, save each drawing and measure it."""
    emotion = written.emotion if written.emotion in config.style.labels else config.style.labels[0]
    english = config.style.final_prompt(emotion, written.prompt)
    prompt = english
    if config.raw_diary:
        # The diary cleaned as the bot cleans it, where the English scene would be; CLIP still
        # reads the English prompt, so the score says how much of the diary the drawing shows.
        prompt = config.style.final_prompt(emotion, pipeline.check_inputs(diary.text, None, None))
    for seed in range(seeds):
        image = pipeline.painter.paint(prompt, seed=seed).image
        file = out / "images" / _safe(diary.id) / f"{_safe(config.name)}-{seed}.png"
        file.parent.mkdir(parents=True, exist_ok=True)
        image.save(file)
        measures = judge.measure(image, english)
        yield Row(
            diary=diary.id,
            configuration=config.name,
            seed=seed,
            emotion=emotion,
            prompt=prompt,
            clip_prompt=english,
            clip_score=measures.clip_score,
            style_probability=measures.style_probability,
            styled=measures.styled,
            image_mood=measures.mood,
            aligned=measures.mood == emotion,
            file=str(file.relative_to(out)),
        )


def _activate(painter: Any, config: Configuration, adapters: dict[Path, str]) -> None:
    if config.lora is None:
        if painter.pipe.get_list_adapters():
            painter.pipe.disable_lora()
        painter.lora = None
    else:
        painter.pipe.enable_lora()
        painter.pipe.set_adapters([adapters[config.lora]])
        painter.lora = config.lora


def _safe(name: str) -> str:
    return "".join(char if char.isalnum() or char in "-_" else "_" for char in name)


def write_report(
    report: Report,
    configs: list[Configuration],
    diaries: list[Diary],
    out: Path,
    *,
    judge: JudgeInfo,
    negative_prompt: str = "",
) -> None:
    """results.csv (per image), summary.csv and summary.md (per configuration, naming the judge), grid.png."""
    out.mkdir(parents=True, exist_ok=True)
    _write_results(report, out / "results.csv")
    summaries = [(config.name, report.summary(config.name)) for config in configs]
    _write_summary_csv(summaries, judge, out / "summary.csv")
    markdown = _summary_markdown(report, configs, diaries, summaries, judge=judge, negative_prompt=negative_prompt)
    (out / "summary.md").write_text(markdown, encoding="utf-8")
    render_grid(report, configs, diaries, out)


def _write_results(report: Report, path: Path) -> None:
    """One line per drawing, one column per field of `Row`."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(list(Row.__dataclass_fields__))
        for row in report.rows:
            writer.writerow([getattr(row, name) for name in Row.__dataclass_fields__])


def _write_summary_csv(summaries: list[tuple[str, dict[str, float]]], judge: JudgeInfo, path: Path) -> None:
    """One line per configuration: its measures, the judge, and whether its CLIP scores compare to the paper's."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            [
                "configuration",
                "images",
                "clip",
                "clip_std",
                "style_rate",
                "style_probability",
                "emotion_alignment",
                "judge",
                "clip_comparable_to_paper",
            ]
        )
        comparable = "yes" if judge.comparable else "no"
        for name, summary in summaries:
            values = [f"{summary[key]:.2f}" for key in list(summary)[1:]]
            writer.writerow([name, summary["images"], *values, judge.source, comparable])


def _summary_markdown(
    report: Report,
    configs: list[Configuration],
    diaries: list[Diary],
    summaries: list[tuple[str, dict[str, float]]],
    *,
    judge: JudgeInfo,
    negative_prompt: str,
) -> str:
    """The table of the paper's Tables I/II, the prompt writer's accuracy, and what each measure means."""
    lines = [
        "# Evaluation",
        "",
        f"{len(diaries)} diaries × {len(configs)} configurations × "
        f"{len(report.rows) // max(1, len(diaries) * len(configs))} seed(s).",
        f"Negative prompt: {negative_prompt!r}." if negative_prompt else "Negative prompt: none (as the paper).",
        judge.sentence(),
        "",
        "| Configuration | CLIP | Std | Style Rate | Style prob. | Emotion alignment |",
        "|---|---|---|---|---|---|",
    ]
    for name, summary in summaries:
        lines.append(
            f"| {name} | {summary['clip']:.2f} | {summary['clip_std']:.2f} | {summary['style_rate']:.0f}% | "
            f"{summary['style_probability']:.2f} | {summary['emotion_alignment']:.0f}% |"
        )
    lines += [
        "",
        f"Prompt writer's emotion accuracy against the diaries' labels: {_writer_accuracy(report)}.",
        "",
        f"CLIP: 100 × cosine(image, prompt), clipped at 0. Style rate: share of drawings whose zero-shot "
        f"child-drawing probability is ≥ {STYLE_THRESHOLD}. Emotion alignment: share whose zero-shot mood "
        "matches the trigger's emotion. See training/measures.py.",
    ]
    for config in configs:
        if config.raw_diary:
            lines += [
                "",
                f"{config.name}: the paper's Fig. 4, the Korean diary painted as it is (the trigger, then the "
                "diary; no English scene). Its CLIP score compares the drawing with the English prompt the "
                "other configurations painted.",
            ]
    return "\n".join(lines) + "\n"


def _writer_accuracy(report: Report) -> str:
    if not report.writer_labelled:
        return "no labelled diaries"
    return (
        f"{100.0 * report.writer_correct / report.writer_labelled:.1f}% "
        f"({report.writer_correct}/{report.writer_labelled} labelled diaries)"
    )


def render_grid(report: Report, configs: list[Configuration], diaries: list[Diary], out: Path, cell: int = 256) -> None:
    """Rows diaries, columns configurations (the first seed), labelled: like the paper's Fig. 3."""
    from PIL import Image, ImageDraw, ImageFont

    def font(size: int) -> Any:
        return ImageFont.load_default(size=size)

    label_width, header = 220, 60
    grid = Image.new("RGB", (label_width + cell * len(configs), header + cell * len(diaries)), (255, 255, 255))
    draw = ImageDraw.Draw(grid)
    for column, config in enumerate(configs):
        size = 26 if len(config.name) <= 14 else 18  # "emotion-text raw diary" fits its column too
        draw.text((label_width + column * cell + 8, 16), config.name, font=font(size), fill=(40, 40, 40))
    first = {(row.diary, row.configuration): row for row in report.rows if row.seed == 0}
    for line, diary in enumerate(diaries):
        top = header + line * cell
        draw.text((10, top + 10), diary.id, font=font(26), fill=(40, 40, 40))
        if diary.emotion:
            draw.text((10, top + 46), diary.emotion, font=font(22), fill=(110, 110, 110))
        for column, config in enumerate(configs):
            row = first.get((diary.id, config.name))
            if row is None:
                continue
            with Image.open(out / row.file) as image:
                grid.paste(image.convert("RGB").resize((cell, cell)), (label_width + column * cell, top))
    grid.save(out / "grid.png")


def _progress(enabled: bool, total: int) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="evaluating", unit="drawing")
