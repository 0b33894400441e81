"""Downloading one's records (`내 기록 받기`): to a child in 반말, to a parent in 해요체, and the files inside."""

from __future__ import annotations

from datetime import date

from bot.wording import full_date

EXPORT_OWN_FOLDER = "내 그림일기"
EXPORT_DIARY_FILE = "일기.txt"
EXPORT_README_FILE = "읽어 주세요.txt"


def export_ready(url: str, *, parent: bool) -> str:
    if parent:
        return f"아이의 그림과 일기를 압축 파일 하나로 받을 수 있어요. 이 주소는 하루 동안 열려요:\n{url}"
    return f"네 그림이랑 일기를 한꺼번에 받을 수 있어. 이 주소는 하루 동안 열려:\n{url}"


def export_saved(path: str) -> str:
    return f"네 그림이랑 일기를 한곳에 모아 뒀어:\n{path}"


def export_empty(*, parent: bool) -> str:
    return "아직 받을 그림일기가 없어요." if parent else "아직 받을 그림이 없어. 오늘 있었던 일을 적어 줘!"


def export_expired(command: str | None) -> tuple[str, str]:
    """The page an old download address opens: a title, and how to get a new address (`'내 기록 받기'`,
    `/export`; None when the address is unknown and the platform with it)."""
    how = command or "카카오톡은 '내 기록 받기', 텔레그램은 /export"
    return (
        "이 받기 주소는 이제 열리지 않아요",
        f"일기를 지키려고 받기 주소는 하루 동안만 열려요. 새 주소를 받으려면 크레용 일기에 보내 주세요: {how}",
    )


def export_entry(heading: str, text: str, picture: str) -> str:
    """One diary in the download's text: its day and mood, the words, and its picture's file."""
    return f"{heading}\n{text}\n그림: {picture or '(그림 파일을 찾지 못했어요)'}"


def export_readme(today: date) -> str:
    return (
        f"크레용 일기에서 {full_date(today)}에 받은 그림일기예요.\n"
        f"폴더마다 그림과 일기({EXPORT_DIARY_FILE})가 들어 있어요.\n"
        "아이의 소중한 이야기가 담겨 있으니 다른 사람과 나누지 말고 잘 보관해 주세요.\n"
    )
