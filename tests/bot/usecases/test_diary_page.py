"""The 그림일기 page, rendered and read back as pixels: the drawing on top, the date, the weather and the title
under it, the words in the 원고지 grid; whatever the words are."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import numpy as np
import pytest
from PIL import Image

from bot.usecases.diary_page import (
    GRID,
    HEIGHT,
    LINE,
    MARGIN,
    PAPER,
    PICTURE,
    WIDTH,
    Page,
    grid_letters,
    grid_shape,
    plain,
    render_page,
    title_of,
    weather_of,
)

BLUE = (70, 130, 230)
GRID_TOP = MARGIN + PICTURE + 24 + 2 * LINE + 12


def drawing(colour: tuple[int, int, int] = BLUE) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (512, 512), colour).save(out, format="PNG")
    return out.getvalue()


def rendered(text: str, day: date = date(2026, 12, 4), **page: str | None) -> np.ndarray:
    png = render_page(drawing(), Page(day, text, **page))
    with Image.open(io.BytesIO(png)) as opened:
        assert opened.format == "PNG"
        assert opened.size == (WIDTH, HEIGHT)
        return np.asarray(opened.convert("RGB")).astype(int)


def ink(area: np.ndarray) -> int:
    """Dark pixels: letters."""
    return int((area.sum(axis=2) < 300).sum())


def test_the_drawing_sits_on_top_and_the_words_fill_the_grid_square_by_square() -> None:
    text = "오늘 놀이터에서 친구랑 그네를 탔다"
    page = rendered(text)
    left = (WIDTH - PICTURE) // 2
    assert tuple(page[MARGIN + PICTURE // 2, left + PICTURE // 2]) == BLUE
    assert tuple(page[MARGIN + PICTURE + 40, WIDTH // 2 - 300]) != BLUE, "nothing of the drawing below its square"
    cell, columns, _ = grid_shape(len(plain(text)), HEIGHT - MARGIN - GRID_TOP)
    grid_left = (WIDTH - columns * cell) // 2
    assert tuple(page[GRID_TOP + cell // 2, grid_left]) == GRID, "a square's red edge"
    letters = grid_letters(plain(text), columns, 99)
    for index, letter in enumerate(letters[: columns * 2]):
        row, column = divmod(index, columns)
        square = page[GRID_TOP + row * cell + 4 : GRID_TOP + (row + 1) * cell - 4]
        square = square[:, grid_left + column * cell + 4 : grid_left + (column + 1) * cell - 4]
        assert (ink(square) > 20) == (letter != " "), (index, letter)


def test_the_date_weather_and_title_lines_are_written() -> None:
    page = rendered("비가 와서 우산 쓰고 학교에 갔다")
    date_line = page[MARGIN + PICTURE + 24 : MARGIN + PICTURE + 24 + LINE]
    assert ink(date_line[:, MARGIN : MARGIN + 400]) > 300, "2026년 12월 4일 금요일"
    assert ink(date_line[:, WIDTH - MARGIN - 170 : WIDTH - MARGIN]) > 50, "the weather the diary says"
    blank = rendered("친구랑 블록 놀이를 했다")
    no_weather = blank[MARGIN + PICTURE + 24 : MARGIN + PICTURE + 24 + LINE, WIDTH - MARGIN - 170 : WIDTH - MARGIN]
    assert ink(no_weather) == 0, "left blank for the child"


@pytest.mark.parametrize(
    ("text", "weather"),
    [
        ("오늘 비가 와서 밖에서 못 놀았다", "비"),
        ("비 와서 우산 쓰고 갔어", "비"),
        ("소나기 맞았당 ㅋㅋ", "비"),
        ("우산을 쓰고 학교 감", "비"),
        ("첫눈 왔다!!", "눈"),
        ("눈이 펑펑 왔어 눈사람 만들었다", "눈"),
        ("눈싸움 했는데 재밌었다", "눈"),
        ("날씨가 좋아서 공원에 갔다", "맑음"),
        ("하늘이 맑았다", "맑음"),
        ("햇볕이 따뜻했다", "맑음"),
        ("하루 종일 흐렸다", "흐림"),
        ("구름이 많고 추웠다", "흐림"),
        ("바람이 엄청 불었다", "바람"),
        ("비도 왔다", "비"),
        ("비가 오고 천둥도 쳤다", "비"),
        ("눈도 왔다", "눈"),
        ("눈 오는 날 썰매 탔다", "눈"),
        ("바람도 불었다", "바람"),
        ("나비가 왔다 꽃에 앉았다", None),
        ("눈물이 났다", None),
        ("눈을 감고 잤다", None),
        ("눈이 아파서 안과 갔다", None),
        ("비행기 타고 제주도 갔다", None),
        ("우산을 잃어버렸다", None),
        ("아빠가 비빔밥 해줬다", None),
        ("친구랑 블록 놀이를 했다", None),
        ("바람개비 만들었다", None),
    ],
)
def test_the_weather_is_what_the_diary_says_and_nothing_else(text: str, weather: str | None) -> None:
    assert weather_of(text) == weather


def test_a_short_title_from_the_first_sentence() -> None:
    assert title_of("오늘은 수영장에 갔다. 물이 차가웠다") == "수영장에 갔다"
    assert title_of("동물원") == "동물원"
    long = title_of("놀이터에서 친구들이랑 숨바꼭질하고 술래잡기도 하고 그네도 탔다")
    assert long.endswith("…")
    assert len(long) <= 15


@pytest.mark.parametrize(
    "text",
    [
        "오늘\x00은\x07 학\x1b[31m교\u202e에 갔다\u200f",
        "가" * 2000,
        "😀🎉🐶🍕" * 50,
        "שלום עולם مرحبا بالعالم",
        "   \n\t  ",
        "a" * 300 + " " + "b" * 300,
        "오̸̢̛͔늘̷̨͓은̶̡̛ 놀̵̛̣았다",
        "오늘은 학교에 갔다" + "\u0301" * 40,
        "漢字 쓰기 연습",
    ],
    ids=[
        "control characters",
        "2000 letters",
        "emoji only",
        "right to left",
        "blank",
        "long words",
        "zalgo",
        "stray accents",
        "hanja",
    ],
)
def test_hostile_words_never_break_the_page(text: str) -> None:
    page = rendered(text)
    assert tuple(page[MARGIN + PICTURE // 2, WIDTH // 2]) == BLUE
    assert tuple(page[HEIGHT - 10, WIDTH // 2]) == PAPER, "nothing runs past the page"
    shown = plain(text)
    assert all(ord(char) >= 32 and char not in "\u202e\u200f" for char in shown)
    assert not any(unicodedata.category(char).startswith("M") for char in shown), "no mark in a square of its own"
    assert not any("\u4e00" <= char <= "\u9fff" for char in shown), "no letter the pen has only as a blank"
    assert ink(page[GRID_TOP:, WIDTH - MARGIN + 4 :]) == 0, "nothing drawn past the grid's right edge"


def test_a_long_diary_shrinks_the_squares_then_ends_in_an_ellipsis() -> None:
    height = HEIGHT - MARGIN - GRID_TOP
    short, long = grid_shape(20, height), grid_shape(400, height)
    assert short[0] > long[0], "smaller squares for more words"
    _, columns, rows = grid_shape(5000, height)
    letters = grid_letters("가나다 " * 1000, columns, rows)
    assert len(letters) == columns * rows
    assert letters[-1] == "…"
    assert all(letters[row * columns] != " " for row in range(rows)), "no row begins with an empty square"


def test_emoji_are_drawn_in_outline_in_their_own_squares() -> None:
    assert plain("눈사람 만들었다 ⛄️ 👍🏽😀") == "눈사람 만들었다 ⛄ 👍😀", "colour marks and skin tones go"
    assert plain("\U000f0000 \u0590") == "", "a letter neither font has goes"

    def first_square(text: str) -> np.ndarray:
        cell, columns, _ = grid_shape(len(plain(text)), HEIGHT - MARGIN - GRID_TOP)
        left = (WIDTH - columns * cell) // 2
        return rendered(text)[GRID_TOP + 4 : GRID_TOP + cell - 4, left + 4 : left + cell - 4]

    dog, pizza, letter = first_square("🐶"), first_square("🍕"), first_square("가")
    assert ink(dog) > 100
    assert ink(pizza) > 100
    assert not np.array_equal(dog, pizza), "each emoji its own drawing, not one missing-letter box"
    assert not np.array_equal(dog, letter)


def test_the_page_says_its_size_in_dots_an_inch() -> None:
    png = render_page(drawing(), Page(date(2026, 12, 4), "그네를 탔다"))
    with Image.open(io.BytesIO(png)) as opened:
        assert tuple(round(value) for value in opened.info["dpi"]) == (150, 150)
