"""The weekly album as one self-contained web page (no external assets), readable on a phone."""

from __future__ import annotations

import html
from collections.abc import Callable

from bot import messages
from bot.domain import WEEKDAYS, Album, day_label
from engine.moods import MOODS
from storage.records import Drawing

PAGE_STYLE = """
body{margin:0;background:#fff8ec;color:#3c3228;font-family:system-ui,-apple-system,"Apple SD Gothic Neo",
"Noto Sans KR","Malgun Gothic",sans-serif;line-height:1.6;word-break:keep-all;overflow-wrap:anywhere}
main{max-width:640px;margin:0 auto;padding:20px 16px 48px}
h1{font-size:1.6rem;margin:8px 0 0}
.span{color:#82735f;margin:0 0 12px}
.summary{font-size:1.15rem;margin:12px 0}
.chart{display:grid;grid-template-columns:repeat(7,1fr);gap:6px;margin:8px 0 24px;text-align:center}
.dot{width:34px;height:34px;border-radius:50%;margin:0 auto 4px;border:3px solid #d2c8b9;box-sizing:border-box}
.dot.happiness{background:#ffb020;border-color:#ffb020}.dot.sadness{background:#5484e6;border-color:#5484e6}
.dot.other{background:#969696;border-color:#969696}
article{background:#fff;border-radius:16px;box-shadow:0 2px 8px rgba(60,50,40,.1);margin:0 0 20px;overflow:hidden}
article img{display:block;width:100%;height:auto;aspect-ratio:1/1;background:#eee}
.meta{display:flex;justify-content:space-between;align-items:center;padding:12px 16px 0}
.badge{color:#fff;border-radius:999px;padding:2px 12px;font-size:.95rem}
.badge.happiness{background:#ffb020}.badge.sadness{background:#5484e6}.badge.other{background:#969696}
.text{padding:8px 16px 16px;margin:0;white-space:pre-wrap;word-break:keep-all;overflow-wrap:anywhere}
.empty{background:#fff;border-radius:16px;padding:24px;text-align:center}
.care{background:#fff3e0;border-left:6px solid #ffb020;border-radius:12px;padding:14px 16px;margin:0 0 20px}
.book{text-align:center;font-size:1.1rem}.book a{color:#3c3228}
footer{color:#82735f;font-size:.85rem;text-align:center;margin-top:32px}
"""


def render_expired(title: str, body: str) -> str:
    """The page an old or unknown address opens, in the album's look: what happened and how to get a new one."""
    return _document(title, f'<h1>{html.escape(title)}</h1><p class="empty">{html.escape(body, quote=False)}</p>')


def _document(title: str, main: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex, nofollow">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{html.escape(title)}</title><style>{PAGE_STYLE}</style></head><body><main>{main}</main></body></html>"
    )


def _mood_class(mood: str) -> str:
    return mood if mood in MOODS else "other"


def render_page(album: Album, image_url: Callable[[Drawing], str], expires: str, *, book_url: str | None = None) -> str:
    """The week as one HTML page, readable on a phone, with no external assets; `book_url` is the address of
    the month's 그림책 (PDF), linked under the drawings."""
    escape = html.escape
    moods = album.day_moods()
    chart = "".join(
        f'<div><div class="dot {_mood_class(moods[day]) if day in moods else ""}"></div>{WEEKDAYS[day.weekday()]}</div>'
        for day in album.days
    )
    note = ""
    if album.distress_days:
        note = f'<p class="care">{escape(messages.distress_note(album.nickname, album.distress_days))}</p>'
    if album.items:
        cards = "".join(
            "<article>"
            f'<img src="{escape(image_url(item.drawing))}" alt="{escape(messages.image_alt(item.mood))}" '
            'loading="lazy" width="512" height="512">'
            f'<div class="meta"><span>{escape(day_label(item.day))}</span>'
            f'<span class="badge {_mood_class(item.mood)}">{escape(messages.mood_name(item.mood))}</span></div>'
            f'<p class="text">{escape(item.text)}</p>'
            "</article>"
            for item in album.items
        )
        summary = f'<p class="summary">{escape(album.summary())}</p>'
    else:
        cards = f'<p class="empty">{escape(messages.album_empty(album.nickname, album.span))}</p>'
        summary = ""
    if album.preview:
        note += f'<p class="care">{escape(messages.ALBUM_PREVIEW)}</p>'
    title = f"{album.nickname}의 그림일기"
    return _document(
        title,
        f'<h1>{escape(title)}</h1><p class="span">{escape(album.span)}</p>'
        f'{summary}<div class="chart">{chart}</div>{note}{cards}'
        + (
            f'<p class="book"><a href="{escape(book_url)}">{escape(messages.BOOK_LINK_LABEL)}</a></p>'
            if book_url
            else ""
        )
        + f"<footer>이 페이지는 {escape(expires)}까지 열려요 · 크레용 일기</footer>",
    )
