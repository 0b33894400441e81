"""A weekly album: the child's week as plain values, and the collage PNG that phones show."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot import messages
from bot.domain import WEEKDAYS, Album, day_label
from engine.moods import mood_of

FONT = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "NotoSansKR-Regular-subset.otf"
PAPER = (255, 248, 236)
INK = (60, 50, 40)
SOFT_INK = (130, 115, 100)

WIDTH = 1080
PAD = 40
CELL = (WIDTH - 3 * PAD) // 2
LABEL = 130
"""Under each drawing: its day and mood, then the child's own words, shortened to one line."""
HEADER = 190
PREVIEW_LINE = 60
"""Under the title of a practice album: the line that says its drawings are a preview."""
FOOTER = 260
MAX_ITEMS = 12
# What the font holds (assets/fonts/README.md): a letter outside it (an emoji) would be drawn as an empty box.
FONT_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x2190, 0x2193),
    (0x25A0, 0x25CF),
    (0x2605, 0x2606),
    (0x2661, 0x2665),
    (0x3000, 0x303F),
    (0x3131, 0x318E),
    (0xAC00, 0xD7A3),
    (0xFF01, 0xFF5E),
)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _colour(mood: str) -> tuple[int, int, int]:
    return mood_of(mood).colour


def drawable(text: str) -> str:
    """`text` without the letters the font lacks (emoji): the child's words, never empty boxes."""
    return "".join(char for char in text if any(low <= ord(char) <= high for low, high in FONT_RANGES))


def _one_line(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`text` on one line of at most `width` pixels, cut at a word where it can be, with an ellipsis; letters
    the font lacks left out."""
    line = " ".join(drawable(text).split())
    if font.getlength(line) <= width:
        return line
    low, high = 0, len(line)  # the longest prefix that fits with the ellipsis, found in log(n) measures
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if font.getlength(line[:middle] + "…") <= width else (low, middle - 1)
    cut = line.rfind(" ", 0, low + 1)
    return (line[:cut] if cut > low // 2 else line[:low]).rstrip() + "…"


def render_collage(album: Album, read_image: Callable[[str], bytes]) -> bytes:
    """The week as one PNG: title, the drawings two by two with day and mood badge, summary and chart."""
    items = album.items[-MAX_ITEMS:]
    rows = (len(items) + 1) // 2
    header = HEADER + (PREVIEW_LINE if album.preview else 0)
    height = header + rows * (CELL + LABEL + PAD) + FOOTER
    canvas = Image.new("RGB", (WIDTH, height), PAPER)
    draw = ImageDraw.Draw(canvas)

    # 1. header
    draw.text((PAD, PAD), f"{drawable(album.nickname)}의 그림일기", font=_font(60), fill=INK)
    draw.text((PAD, PAD + 88), album.span, font=_font(38), fill=SOFT_INK)
    if album.preview:
        note = _one_line(messages.ALBUM_PREVIEW, _font(30), WIDTH - 2 * PAD)
        draw.text((PAD, HEADER), note, font=_font(30), fill=INK)

    # 2. the drawings, two by two (a last one alone is centred)
    for index, item in enumerate(items):
        row, column = divmod(index, 2)
        alone = index == len(items) - 1 and column == 0
        left = (WIDTH - CELL) // 2 if alone else PAD + column * (CELL + PAD)
        top = header + row * (CELL + LABEL + PAD)
        try:
            with Image.open(io.BytesIO(read_image(item.drawing.image_path))) as picture:
                tile = picture.convert("RGB").resize((CELL, CELL), Image.Resampling.LANCZOS)
        except OSError:  # a lost or damaged file: an empty tile keeps the week's order
            tile = Image.new("RGB", (CELL, CELL), (236, 228, 216))
        canvas.paste(tile, (left, top))
        draw.rectangle((left, top, left + CELL - 1, top + CELL - 1), outline=(230, 220, 205), width=2)
        draw.text((left + 4, top + CELL + 14), day_label(item.day), font=_font(36), fill=INK)
        _badge(draw, item.mood, right=left + CELL, top=top + CELL + 12)
        words = _one_line(item.text, _font(28), CELL - 8)
        draw.text((left + 4, top + CELL + 70), words, font=_font(28), fill=SOFT_INK)

    # 3. summary and the mood-by-day chart
    top = height - FOOTER + 10
    draw.text((PAD, top), album.summary() or "아직 그림이 없어요", font=_font(42), fill=INK)
    moods = album.day_moods()
    step = (WIDTH - 2 * PAD) // 7
    for offset, day in enumerate(album.days):
        centre_x = PAD + offset * step + step // 2
        centre_y = top + 120
        mood = moods.get(day)
        box = (centre_x - 30, centre_y - 30, centre_x + 30, centre_y + 30)
        if mood:
            draw.ellipse(box, fill=_colour(mood))
        else:
            draw.ellipse(box, outline=(210, 200, 185), width=4)
        draw.text((centre_x, centre_y + 62), WEEKDAYS[day.weekday()], font=_font(32), fill=SOFT_INK, anchor="mm")

    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _badge(draw: ImageDraw.ImageDraw, mood: str, *, right: int, top: int) -> None:
    text = messages.mood_name(mood)
    font = _font(32)
    width = int(draw.textlength(text, font=font)) + 40
    box = (right - width, top, right, top + 52)
    draw.rounded_rectangle(box, radius=26, fill=_colour(mood))
    draw.text(((box[0] + box[2]) // 2, top + 26), text, font=font, fill=(255, 255, 255), anchor="mm")


# The phone's own fonts (every phone sold in Korea has Hangul fonts): nothing to download.
