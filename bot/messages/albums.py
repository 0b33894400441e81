"""The weekly album, to a parent in 해요체: its caption, the empty week, the page's address and the page an old
address opens, and the care note for days a child wrote of a hard moment."""

from __future__ import annotations

from datetime import date

from bot.wording import full_date, particle

ALBUM_PREVIEW = "연습용 미리보기예요: 그림도 기분도 일기와 상관없이 아무렇게나 나와요."
"""On an album whose drawings come from the tiny practice profile (its caption, page and collage)."""


def album_caption(nickname: str, span: str, summary: str, preview: bool = False) -> str:
    return f"{nickname}의 그림일기 · {span}\n{summary}" + (f"\n({ALBUM_PREVIEW})" if preview else "")


def album_empty(nickname: str, span: str) -> str:
    return f"{nickname}의 {span} 주에는 아직 그림일기가 없어요. 오늘 있었던 일을 함께 이야기해 보면 어떨까요? 🙂"


def album_expired(album: str | None) -> tuple[str, str]:
    """The page an old album address opens: a title and how to get a fresh address on the parent's platform
    (`'앨범'`, `/album`; None when the address is unknown and the platform with it)."""
    how = album or "카카오톡은 '앨범', 텔레그램은 /album"
    return (
        "이 앨범 주소는 이제 열리지 않아요",
        f"아이의 일기를 지키려고 앨범 주소는 며칠 동안만 열려요. 새 주소를 받으려면 크레용 일기에 보내 주세요: {how}",
    )


def album_link(url: str, days: int) -> str:
    return f"일기와 함께 웹 앨범으로 볼 수 있어요 ({days}일 동안 열려요):\n{url}"


def distress_note(nickname: str, days: tuple[date, ...] | list[date]) -> str:
    """For parents, with care and without the diary's words: the days a child wrote of a hard moment that names
    nobody at home (storage/safeguarding.py decides which)."""
    when = ", ".join(full_date(day) for day in days)
    return (
        f"{nickname}{particle(nickname, '이', '가')} {when}에 힘든 마음을 일기에 적었어요. 그날은 그림 대신 "
        "청소년상담 1388을 알려 주었어요. 아이의 이야기를 따뜻하게 들어 주세요. "
        "전문가의 도움이 필요하면 청소년상담 1388(24시간, 휴대폰은 지역번호+1388), 급할 때는 112·119에 연락할 수 "
        "있어요."
    )


BOOK_LINK_LABEL = "이 달의 그림책 받기 (PDF)"


def book_caption(nickname: str, month: str, count: int) -> str:
    return f"{nickname}의 {month} 그림책이에요 (그림일기 {count}편). 인쇄해서 책으로 만들 수 있어요."


def book_empty(nickname: str, month: str) -> str:
    return f"{nickname}의 {month} 그림일기가 아직 없어요."


def book_link(nickname: str, month: str, url: str, days: int) -> str:
    return f"{nickname}의 {month} 그림책이에요. 여기서 받을 수 있어요 ({days}일 동안 열려요):\n{url}"
