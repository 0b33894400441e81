"""A 그림일기 page as Korean school notebooks have it: the drawing on top; under it the date, the weather and a
short title; then the child's own words in a 원고지 grid, one letter to a square, in a handwriting font."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
PEN = FONTS / "NanumPen.ttf"
"""Nanum Pen Script (NAVER, SIL Open Font License 1.1): Hangul, Latin letters and digits by hand."""
EMOJI = FONTS / "NotoEmoji-Regular.ttf"
"""Noto Emoji (Google, SIL Open Font License 1.1): a child's emoji, drawn in outline in the pen's ink."""
EMOJI_SCALE = 0.62
"""An emoji's size beside the pen's letters of the same nominal size (the pen's letters are small in theirs)."""
MODIFIERS = frozenset(chr(code) for code in (0xFE0E, 0xFE0F, *range(0x1F3FB, 0x1F400)))
"""Marks that only colour the emoji before them (presentation selectors, skin tones): the outline has none."""

WIDTH, HEIGHT = 1240, 1754
DPI = 150
"""A5 portrait at 150 dots an inch (148 × 210 mm)."""
MARGIN = 60
PICTURE = 820
"""The drawing's square, centred at the top."""
LINE = 76
"""The height of the date line and of the title line."""
CELL_MOST, CELL_LEAST = 84, 44
"""The grid's squares: as large as the words allow, never smaller than a child's letters can be read."""
PAPER = (255, 252, 242)
INK = (52, 48, 60)
GRID = (232, 150, 150)
"""원고지 squares are printed in a soft red."""
WEEKDAYS = ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일")

_ALONE = r"(?<![가-힣])"
"""Not the end of another word (나비가 왔다 is no rain)."""
_UMBRELLA = r"우산\s*(?:을\s*)?(?:쓰|썼|들고|폈)"
_HOW = r"(?:(?:펑펑|많이|조금|계속|종일)\s*)?"
# The weather, when the diary says it, in the order a notebook's weather box would choose: snow and rain are
# what a child remembers of a day.
WEATHER = (
    (
        "눈",
        re.compile(
            r"첫눈|함박눈|눈사람|눈싸움|" + _ALONE + r"눈(?:이|도)?\s*" + _HOW + r"(?:왔|온|와|오고|오는|내렸|내려|쌓)"
        ),
    ),
    (
        "비",
        re.compile(
            _ALONE + r"비(?:가|도)?\s*" + _HOW + r"(?:왔|온|와|오고|오는|내렸|내려|그쳤)|소나기|장마|" + _UMBRELLA
        ),
    ),
    ("흐림", re.compile(r"흐렸|흐린|흐림|구름이?\s*많|우중충")),
    ("바람", re.compile(r"바람(?:이|도)?\s*(?:많이|엄청|세게|쌩쌩)?\s*(?:불었|불어|불고|부는)")),
    ("맑음", re.compile(r"맑았|맑은|맑음|화창|햇볕|햇빛|해가\s*쨍|날씨가\s*(?:좋|따뜻|맑)")),
)
_TITLE_START = re.compile(r"^(?:오늘(?:은|도|의)?|어제(?:는)?)\s+")
TITLE_LETTERS = 14


def weather_of(text: str) -> str | None:
    """맑음, 흐림, 비, 눈 or 바람 when the diary says what the weather was; None leaves the box for the child."""
    return next((name for name, said in WEATHER if said.search(text)), None)


def title_of(text: str) -> str:
    """A short title: the diary's first sentence without its "오늘은", cut at a word near 14 letters."""
    first = re.split(r"(?<=[.!?~])\s|\n", plain(text), maxsplit=1)[0].strip(" .!?~")
    first = _TITLE_START.sub("", first) or first
    if len(first) <= TITLE_LETTERS:
        return first
    cut = first.rfind(" ", 0, TITLE_LETTERS + 1)
    return (first[:cut] if cut > TITLE_LETTERS // 2 else first[:TITLE_LETTERS]).rstrip() + "…"


def plain(text: str) -> str:
    """The words as the page writes them: composed, one-spaced, without control or direction marks, without
    the combining marks composing leaves over (a stray accent, "zalgo"), without what only colours an emoji,
    and without the letters neither font draws (right-to-left script, and 漢字, which the pen has as blanks)."""
    composed = unicodedata.normalize("NFC", text)
    kept = "".join(
        char
        for char in composed
        if char.isspace()
        or (unicodedata.category(char)[0] not in "CM" and char not in MODIFIERS and _font_of(char) is not None)
    )
    return " ".join(kept.split())


@dataclass(frozen=True)
class Page:
    """What a page shows besides the drawing."""

    day: date
    text: str
    weather: str | None = None
    title: str | None = None


def render_page(picture: bytes, page: Page) -> bytes:
    """The page as a PNG."""
    out = io.BytesIO()
    page_image(picture, page).save(out, format="PNG", compress_level=3, dpi=(DPI, DPI))
    return out.getvalue()


def page_image(picture: bytes, page: Page) -> Image.Image:
    """The page: the drawing, the date and weather, the title, and the words in the grid."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(canvas)
    left = (WIDTH - PICTURE) // 2
    try:
        with Image.open(io.BytesIO(picture)) as opened:
            canvas.paste(opened.convert("RGB").resize((PICTURE, PICTURE), Image.Resampling.LANCZOS), (left, MARGIN))
    except OSError:  # a lost or damaged drawing: the page keeps its place for one
        pass
    draw.rectangle((left - 2, MARGIN - 2, left + PICTURE + 1, MARGIN + PICTURE + 1), outline=INK, width=3)

    top = MARGIN + PICTURE + 24
    _line(draw, top, f"{page.day.year}년 {page.day.month}월 {page.day.day}일 {WEEKDAYS[page.day.weekday()]}")
    weather = page.weather if page.weather is not None else weather_of(page.text)
    _weather_box(draw, top, weather)
    top += LINE
    _line(draw, top, f"제목: {page.title if page.title is not None else title_of(page.text)}")
    top += LINE + 12
    _grid(draw, plain(page.text), top, HEIGHT - MARGIN)
    return canvas


def grid_shape(letters: int, height: int) -> tuple[int, int, int]:
    """(cell size, columns, rows) of the largest squares that hold `letters` in the width and `height`, at
    least `CELL_LEAST` (the words are cut short beyond what those hold)."""
    width = WIDTH - 2 * MARGIN
    for cell in range(CELL_MOST, CELL_LEAST - 1, -2):
        columns, rows = width // cell, height // cell
        if columns * rows >= letters:
            return cell, columns, rows
    return CELL_LEAST, width // CELL_LEAST, height // CELL_LEAST


def grid_letters(text: str, columns: int, rows: int) -> list[str]:
    """The squares' letters, row by row: a space is an empty square, none begins a row, and words that do not
    fit end in "…"."""
    squares: list[str] = []
    for char in text:
        if char == " " and len(squares) % columns == 0:
            continue  # no square left empty at the start of a row
        squares.append(char)
    if len(squares) > columns * rows:
        squares = [*squares[: columns * rows - 1], "…"]
    return squares


def _grid(draw: ImageDraw.ImageDraw, text: str, top: int, bottom: int) -> None:
    cell, columns, rows = grid_shape(len(text), bottom - top)
    left = (WIDTH - columns * cell) // 2
    for row in range(rows):
        for column in range(columns):
            x, y = left + column * cell, top + row * cell
            draw.rectangle((x, y, x + cell, y + cell), outline=GRID, width=2)
    for index, char in enumerate(grid_letters(text, columns, rows)):
        row, column = divmod(index, columns)
        centre = (left + column * cell + cell // 2, top + row * cell + cell // 2 + 2)
        draw.text(centre, char, font=_letter_font(char, cell), fill=INK, anchor="mm")


def _line(draw: ImageDraw.ImageDraw, top: int, text: str) -> None:
    """A line of the pen's letters, its emoji drawn in place among them."""
    x = float(MARGIN)
    for run, emoji in _runs(plain(text)):
        font = _emoji(round(54 * EMOJI_SCALE)) if emoji else _pen(54)
        draw.text((x, top + LINE // 2), run, font=font, fill=INK, anchor="lm")
        x += font.getlength(run)
    draw.line((MARGIN, top + LINE - 6, WIDTH - MARGIN, top + LINE - 6), fill=GRID, width=2)


def _runs(text: str) -> list[tuple[str, bool]]:
    """The text in runs of the pen's letters and of emoji, each marked True for emoji."""
    runs: list[tuple[str, bool]] = []
    for char in text:
        emoji = _font_of(char) == "emoji"
        if runs and runs[-1][1] == emoji:
            runs[-1] = (runs[-1][0] + char, emoji)
        else:
            runs.append((char, emoji))
    return runs


def _letter_font(char: str, cell: int) -> ImageFont.FreeTypeFont:
    return _emoji(round(cell * EMOJI_SCALE)) if _font_of(char) == "emoji" else _pen(cell)


def _weather_box(draw: ImageDraw.ImageDraw, top: int, weather: str | None) -> None:
    """날씨: the weather the diary says, or a blank for the child to fill in."""
    right = WIDTH - MARGIN
    draw.text((right - 300, top + LINE // 2), "날씨:", font=_pen(54), fill=INK, anchor="lm")
    if weather:
        draw.text((right - 170, top + LINE // 2), weather, font=_pen(54), fill=INK, anchor="lm")


@cache
def _pen(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(PEN), size)


@cache
def _emoji(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(EMOJI), size)


@cache
def _missing_mask(font: str) -> bytes:
    return bytes(_face(font).getmask("\U000f0000"))


def _face(font: str) -> ImageFont.FreeTypeFont:
    return _pen(40) if font == "pen" else _emoji(40)


@cache
def _font_of(char: str) -> str | None:
    """Which font draws `char`: the pen when it can, else Noto Emoji, else None (a letter a font lacks comes
    out as the same empty box as any other); spaces are the pen's."""
    if char.isspace():
        return "pen"
    for font in ("pen", "emoji"):
        mask = _face(font).getmask(char)
        # A glyph must have ink: the pen maps letters it lacks (漢字) to blanks as well as to its box.
        if bytes(mask) != _missing_mask(font) and mask.getbbox() is not None:
            return font
    return None
