"""A weekly album: the child's week as plain values, and the collage PNG that phones show."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot import messages
from storage.records import Drawing

FONT = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "NotoSansKR-Regular-subset.otf"
WEEKDAYS = "월화수목금토일"
MOOD_COLOURS = {"happiness": (255, 176, 32), "sadness": (84, 132, 230)}
OTHER_COLOUR = (150, 150, 150)
PAPER = (255, 248, 236)
INK = (60, 50, 40)
SOFT_INK = (130, 115, 100)

WIDTH = 1080
PAD = 40
CELL = (WIDTH - 3 * PAD) // 2
LABEL = 84
HEADER = 190
FOOTER = 260
MAX_ITEMS = 12


@dataclass(frozen=True)
class AlbumItem:
    day: date
    drawing: Drawing
    text: str

    @property
    def mood(self) -> str:
        return self.drawing.emotion


@dataclass(frozen=True)
class Album:
    """One child's week (Monday to Sunday): each diary's latest drawing, in order."""

    nickname: str
    week_start: date
    items: list[AlbumItem]
    labels: tuple[str, ...]
    distress_days: tuple[date, ...] = ()
    """Days the child wrote of distress (shown to parents with care when the setting allows)."""

    @property
    def days(self) -> list[date]:
        return [self.week_start + timedelta(days=offset) for offset in range(7)]

    @property
    def span(self) -> str:
        end = self.week_start + timedelta(days=6)
        return f"{self.week_start:%m/%d}–{end:%m/%d}"

    def day_moods(self) -> dict[date, str]:
        """Each day's mood: the most common among its drawings (the later one on a tie)."""
        moods: dict[date, str] = {}
        for day in self.days:
            todays = [item.mood for item in self.items if item.day == day]
            if todays:
                counts = Counter(todays)
                top = max(counts.values())
                moods[day] = next(mood for mood in reversed(todays) if counts[mood] == top)
        return moods

    def summary(self) -> str:
        """E.g. "행복 4일, 슬픔 2일" (days per mood, in label order)."""
        counts = Counter(self.day_moods().values())
        order = [*self.labels, *sorted(set(counts) - set(self.labels))]
        return ", ".join(f"{messages.mood_name(mood)} {counts[mood]}일" for mood in order if counts[mood])

    def chart(self) -> str:
        """A one-line mood-by-day chart: 월 😊 화 😢 수 · …"""
        moods = self.day_moods()
        symbols = {"happiness": "😊", "sadness": "😢"}
        parts = []
        for day in self.days:
            mood = moods.get(day)
            parts.append(f"{WEEKDAYS[day.weekday()]} {symbols.get(mood, '🙂') if mood else '·'}")
        return " ".join(parts)


def day_label(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day:%m/%d}"


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _colour(mood: str) -> tuple[int, int, int]:
    return MOOD_COLOURS.get(mood, OTHER_COLOUR)


def render_collage(album: Album, read_image: Callable[[str], bytes]) -> bytes:
    """The week as one PNG: title, the drawings two by two with day and mood badge, summary and chart."""
    items = album.items[-MAX_ITEMS:]
    rows = (len(items) + 1) // 2
    height = HEADER + rows * (CELL + LABEL + PAD) + FOOTER
    canvas = Image.new("RGB", (WIDTH, height), PAPER)
    draw = ImageDraw.Draw(canvas)

    # 1. header
    draw.text((PAD, PAD), f"{album.nickname}의 그림일기", font=_font(60), fill=INK)
    draw.text((PAD, PAD + 88), album.span, font=_font(38), fill=SOFT_INK)

    # 2. the drawings, two by two (a last one alone is centred)
    for index, item in enumerate(items):
        row, column = divmod(index, 2)
        alone = index == len(items) - 1 and column == 0
        left = (WIDTH - CELL) // 2 if alone else PAD + column * (CELL + PAD)
        top = HEADER + row * (CELL + LABEL + PAD)
        try:
            with Image.open(io.BytesIO(read_image(item.drawing.image_path))) as picture:
                tile = picture.convert("RGB").resize((CELL, CELL), Image.Resampling.LANCZOS)
        except OSError:  # a lost or damaged file: an empty tile keeps the week's order
            tile = Image.new("RGB", (CELL, CELL), (236, 228, 216))
        canvas.paste(tile, (left, top))
        draw.rectangle((left, top, left + CELL - 1, top + CELL - 1), outline=(230, 220, 205), width=2)
        draw.text((left + 4, top + CELL + 14), day_label(item.day), font=_font(36), fill=INK)
        _badge(draw, item.mood, right=left + CELL, top=top + CELL + 12)

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
