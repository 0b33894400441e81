"""The weekly collage and page, rendered from real PNG files."""

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot import messages
from bot.domain import Album, AlbumItem
from bot.usecases.album_render import (
    CELL,
    FOOTER,
    HEADER,
    LABEL,
    PAD,
    PREVIEW_LINE,
    WIDTH,
    _font,
    _one_line,
    drawable,
    render_collage,
)
from bot.web.album_page import render_page as page
from engine.moods import MOODS
from storage.records import Drawing

COLOURS = [(250, 60, 60), (60, 200, 90), (60, 90, 250), (240, 200, 40), (160, 60, 200)]


def drawing(index: int, emotion: str, path: Path, *, preview: bool = False) -> Drawing:
    return Drawing(
        id=index,
        public_id=f"public-id-{index:04d}-abcdefgh",
        job_id=index,
        entry_id=index,
        user_id=1,
        emotion=emotion,
        detected_emotion=emotion,
        probabilities={emotion: 1.0},
        prompt="",
        seed=index,
        profile="tiny",
        preview=preview,
        fell_back=False,
        models={},
        image_path=str(path),
        timings={},
        created_at=datetime(2026, 11, 23, tzinfo=UTC),
    )


@pytest.fixture
def album(tmp_path: Path) -> Album:
    items = []
    moods = ["happiness", "sadness", "happiness", "happiness", "sadness"]
    days = [23, 24, 26, 26, 29]
    for index, (mood, day) in enumerate(zip(moods, days, strict=True)):
        path = tmp_path / f"{index}.png"
        Image.new("RGB", (512, 512), COLOURS[index]).save(path)
        items.append(AlbumItem(date(2026, 11, day), drawing(index, mood, path), f"일기 {index} <script>"))
    return Album("민지", date(2026, 11, 23), items, ("happiness", "sadness"))


def test_summary_and_chart_count_days(album: Album) -> None:
    # Thursday has two happy drawings: one day. Days: Mon happy, Tue sad, Thu happy, Sun sad.
    assert album.summary() == "행복 2일, 슬픔 2일"
    assert album.chart() == "월 😊 화 😢 수 · 목 😊 금 · 토 · 일 😢"
    assert album.span == "2026년 11월 23일 – 11월 29일"
    assert Album("민지", date(2025, 12, 29), [], ()).span == "2025년 12월 29일 – 2026년 1월 4일"


def test_collage_is_phone_sized_with_every_drawing_and_badge(album: Album) -> None:
    png = render_collage(album, lambda path: Path(path).read_bytes())
    with Image.open(io.BytesIO(png)) as opened:
        image = opened.convert("RGB")
    rows = 3
    assert image.size == (WIDTH, HEADER + rows * (CELL + LABEL + PAD) + FOOTER)
    # Each drawing is in its cell (two columns; the fifth, alone, is centred).
    for index, colour in enumerate(COLOURS):
        row, column = divmod(index, 2)
        left = (WIDTH - CELL) // 2 if index == 4 else PAD + column * (CELL + PAD)
        top = HEADER + row * (CELL + LABEL + PAD)
        assert image.getpixel((left + CELL // 2, top + CELL // 2)) == colour
    array = np.asarray(image)
    pixels = {tuple(int(value) for value in pixel) for pixel in array.reshape(-1, 3)[::7]}
    assert MOODS["happiness"].colour in pixels
    assert MOODS["sadness"].colour in pixels
    # The title is drawn in dark ink (Korean glyphs from the bundled font, not empty boxes).
    title = array[PAD : PAD + 80, PAD : PAD + 420].astype(int)
    dark = int((title.sum(axis=2) < 300).sum())
    assert dark > 1500


def test_page_escapes_diary_text_and_links_album_images(album: Album) -> None:
    html = page(album, lambda drawing: f"/albums/token/{drawing.public_id}.png", "2026-12-10")
    assert "<script>" not in html
    assert "일기 0 &lt;script&gt;" in html
    assert html.count('<img src="/albums/token/public-id-') == 5
    assert 'name="viewport"' in html
    assert "http" not in html


def test_the_childs_own_words_are_under_each_drawing_on_one_line() -> None:
    font = _font(28)
    long = "오늘은 할머니 댁에 가서 옥수수를 먹고 강아지랑 마당에서 한참 뛰어놀았다 정말 재밌었다"
    line = _one_line(long, font, CELL - 8)
    assert line.endswith("…")
    assert font.getlength(line) <= CELL - 8
    assert long.startswith(line.removesuffix("…").rstrip())
    assert _one_line("바다에 갔다", font, CELL - 8) == "바다에 갔다"


def test_the_words_are_drawn_in_the_label_under_a_drawing(album: Album) -> None:
    png = render_collage(album, lambda path: Path(path).read_bytes())
    with Image.open(io.BytesIO(png)) as opened:
        array = np.asarray(opened.convert("RGB")).astype(int)
    # The line of words under the first drawing holds ink; the same band with no words would be paper.
    band = array[HEADER + CELL + 70 : HEADER + CELL + 110, PAD : PAD + CELL]
    assert int((band.sum(axis=2) < 600).sum()) > 200


def test_a_practice_album_says_so_under_its_title(album: Album, tmp_path: Path) -> None:
    practice = Album(
        "민지",
        album.week_start,
        [AlbumItem(item.day, replace(item.drawing, preview=True), item.text) for item in album.items],
        album.labels,
    )
    assert practice.preview
    assert not album.preview
    shots = []
    for week in (album, practice):
        with Image.open(io.BytesIO(render_collage(week, lambda path: Path(path).read_bytes()))) as opened:
            shots.append(np.asarray(opened.convert("RGB")).astype(int))
    plain, marked = shots
    assert marked.shape[0] == plain.shape[0] + PREVIEW_LINE
    # The preview line is ink where the plain collage's first drawing begins; the drawings move down under it.
    line = marked[HEADER : HEADER + 40, PAD : WIDTH - PAD]
    assert int((line.sum(axis=2) < 300).sum()) > 1000
    assert tuple(marked[HEADER + PREVIEW_LINE + CELL // 2, PAD + CELL // 2]) == COLOURS[0]
    html = page(practice, lambda drawing: f"/albums/token/{drawing.public_id}.png", "2026-12-10")
    assert messages.ALBUM_PREVIEW in html
    assert messages.ALBUM_PREVIEW not in page(album, lambda drawing: "/x.png", "2026-12-10")
    assert messages.ALBUM_PREVIEW in messages.album_caption("민지", practice.span, practice.summary(), practice.preview)


def test_letters_the_font_lacks_are_left_out_never_drawn_as_boxes() -> None:
    assert drawable("오늘 바다 🌊 갔다 😀👍🏽 ♡ ~!") == "오늘 바다  갔다  ♡ ~!"
    assert drawable("민지🐰") == "민지"
    assert _one_line("놀이터 🛝 재밌었다 🎉", _font(28), CELL - 8) == "놀이터 재밌었다"
