"""What must never be drawn, and a child who needs care: the diary check and the image check."""

from pathlib import Path

import pytest
import torch
from PIL import Image
from transformers import AutoModelForImageClassification

from engine.diary_check import check_diary_text
from engine.errors import UnsafeImageError
from engine.image_safety import ImageSafety
from engine.moods import MOODS
from engine.pipeline import DiaryPipeline
from engine.profiles import resolve_profile


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("오늘 놀이터에서 그네를 탔다", "ok"),
        ("배고파 죽겠다 빨리 밥 먹고 싶다", "ok"),
        ("주사를 맞았는데 하나도 안 아팠다", "ok"),
        ("비가 와서 슬펐다", "worry"),
        ("친구랑 싸워서 속상했다", "worry"),
        ("아빠가 야구에서 홈런을 때렸다", "ok"),
        ("왕따 당하는 친구를 도와줬다", "ok"),
        ("코피가 철철 났다", "ok"),
        ("너무 힘들어서 죽고 싶다", "distress"),
        ("그냥 사라지고 싶어", "distress"),
        ("아빠가 나를 때렸다. 아팠다", "distress"),
        ("엄마가 또 때려서 멍이 들었다", "distress"),
        ("오늘 자해를 했다", "distress"),
        ("삼촌이 내 몸을 만졌어", "distress"),
        ("죽고파", "distress"),
        ("I want to die", "distress"),
        ("무서운 귀신 그려줘", "unsafe"),
        ("피가 철철 나는 그림 그려줘", "unsafe"),
        ("야한 그림 그려줘", "unsafe"),
        ("칼로 찌르는 장면", "unsafe"),
        ("draw a naked person", "unsafe"),
        ("a gory zombie scene", "unsafe"),
        ("무서운 그림 그려 줘 그리고 죽고 싶어", "distress"),
    ],
)
def test_diary_check(text: str, verdict: str) -> None:
    assert check_diary_text(text).verdict == verdict


def test_the_tiny_image_check_passes_ordinary_drawings(make_settings) -> None:
    profile = resolve_profile(make_settings())
    assert profile.image_safety_source is not None
    check = ImageSafety.from_pretrained(
        profile.image_safety_source, device="cpu", unsafe_labels=("nsfw",), threshold=0.5
    )
    images = [Image.new("RGB", (64, 64), colour) for colour in ((255, 0, 0), (10, 200, 30), (250, 250, 250))]
    scores = check.scores(images)
    assert all(0.0 <= score < 0.1 for score in scores)
    assert check.flagged(images) == [False, False, False]


def test_an_image_check_that_flags_is_obeyed(make_settings, tmp_path: Path) -> None:
    source = resolve_profile(make_settings()).image_safety_source
    model = AutoModelForImageClassification.from_pretrained(source)
    with torch.no_grad():
        model.classifier.bias.copy_(torch.tensor([-4.0, 4.0]))  # everything looks unsafe to this one
    model.save_pretrained(tmp_path / "strict")
    (tmp_path / "strict" / "preprocessor_config.json").write_text(
        (Path(str(source)) / "preprocessor_config.json").read_text()
    )
    check = ImageSafety.from_pretrained(str(tmp_path / "strict"), device="cpu", unsafe_labels=("nsfw",), threshold=0.5)
    assert check.flagged([Image.new("RGB", (64, 64))]) == [True]
    with pytest.raises(ValueError, match="no label"):
        ImageSafety(model, None, unsafe_labels=("violence",), threshold=0.5)


def test_a_flagged_drawing_is_redrawn_calmly_once(make_settings) -> None:
    settings = make_settings(faults="unsafe_image:1")
    pipeline = DiaryPipeline.from_settings(settings, resolve_profile(settings))
    result = pipeline("오늘 친구랑 놀았다", style="happiness", seed=4)
    assert result.redrawn_for_safety
    assert result.prompt == f"hand drawing happiness style, {MOODS['happiness'].fallback_scene}"


def test_a_drawing_flagged_twice_is_withheld(make_settings) -> None:
    settings = make_settings(faults="unsafe_image:2")
    pipeline = DiaryPipeline.from_settings(settings, resolve_profile(settings))
    with pytest.raises(UnsafeImageError):
        pipeline("오늘 친구랑 놀았다", seed=4)


def test_the_safe_negative_prompt_reaches_the_painter(make_settings) -> None:
    settings = make_settings()
    pipeline = DiaryPipeline.from_settings(settings, resolve_profile(settings))
    assert "violence" in pipeline.painter.options.negative_prompt
    off = make_settings(negative_prompt="", image_safety=False)
    bare = DiaryPipeline.from_settings(off, resolve_profile(off))
    assert bare.painter.options.negative_prompt == ""
    assert bare.safety is None
