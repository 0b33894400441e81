"""Everything the bot says to a child, in one place: short, warm Korean (friendly 반말, as to a young friend).

Plain text only: no Markdown or HTML, so nothing a child types can break the formatting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.service import Receipt
    from engine.settings import Settings

MOOD_NAMES = {"happiness": "행복", "sadness": "슬픔"}

WELCOME = (
    "안녕! 나는 크레용 일기야 🖍️\n"
    "오늘 있었던 일을 한두 줄로 적어서 보내 줘. 일기를 읽고 그 기분에 맞는 그림을 그려 줄게!\n\n"
    "/style 행복 · 슬픔 · 자동 — 그림 기분 고르기\n"
    "/mydrawings — 내가 받은 그림 다시 보기\n"
    "/help — 도움말"
)

HELP = (
    "이렇게 쓰면 돼 ✏️\n"
    "• 오늘 있었던 일을 글로 적어 보내면 그림을 그려 줄게. 예) 오늘 강아지랑 공원에서 뛰어놀았다.\n"
    "• /style 행복 — 언제나 행복한 기분으로 그리기\n"
    "• /style 슬픔 — 슬픈 기분으로 그리기\n"
    "• /style 자동 — 일기를 읽고 기분을 골라서 그리기 (처음 설정)\n"
    "• /mydrawings — 최근 그림 다시 보기\n"
    "그림 아래 단추로 다시 그리거나 다른 기분으로 그릴 수도 있어."
)

EMPTY_DIARY = "앗, 글자가 안 보여 🙈 오늘 있었던 일을 한두 문장으로 적어 줄래?"
NOT_TEXT = "나는 글로 쓴 일기만 읽을 수 있어 ✏️ 오늘 있었던 일을 글자로 적어 보내 줄래?"
UNKNOWN_COMMAND = "그 명령은 잘 모르겠어 😅 /help 를 보내면 쓸 수 있는 걸 알려 줄게."
ALREADY_RECEIVED = "이 일기는 벌써 받았어! 그림이 곧 갈 거야 🖍️"
NO_DRAWINGS = "아직 그린 그림이 없어. 오늘 있었던 일을 적어 보내 줘!"
DRAWING_NOT_FOUND = "그 그림은 찾을 수 없어. 새 일기를 보내 주면 새로 그려 줄게!"
DRAWING_FAILED = "미안해, 이번에는 그림을 못 그렸어 😢 일기는 잘 저장해 뒀어. 조금 뒤에 다시 보내 줄래?"
ERROR_DIARY_SAFE = "앗, 잠깐 문제가 생겼어 😵 그래도 일기는 안전하게 저장돼 있어. 그림은 곧 보내 줄게!"
ERROR_TRY_AGAIN = "앗, 잠깐 문제가 생겼어 😵 미안하지만 방금 보낸 걸 한 번만 다시 보내 줄래?"
STYLE_AUTO = "좋아! 이제부터 일기를 읽고 기분을 골라서 그릴게 🎨"
BUTTON_AGAIN = "🔄 다시 그리기"
BUTTON_OTHER_MOOD = "🎭 다른 기분으로"
KAKAO_HELP = (
    "이렇게 쓰면 돼 ✏️\n"
    "• 오늘 있었던 일을 글로 적어 보내면 그림을 그려 줄게.\n"
    "• '기분 행복', '기분 슬픔', '기분 자동' 으로 그림 기분을 고를 수 있어.\n"
    "• '내 그림' 을 보내면 최근 그림을 다시 보여 줄게.\n"
    "• 그림 아래 '다시 그리기', '다른 기분으로 그리기' 를 눌러 봐."
)
KAKAO_NEXT_MESSAGE = "그림이 다 되면 다음에 말을 걸 때 보여 줄게!"
KAKAO_LATE = "그림 그리는 데 시간이 조금 더 걸리고 있어 🐢 다 그리면 다음에 말을 걸 때 꼭 보여 줄게!"
PREVIEW_NOTE = "(미리보기: 연습용 작은 모델이 그려서 아직은 알록달록한 무늬만 나와)"


def mood_name(label: str) -> str:
    """The Korean word for a mood label (the label itself for labels without one)."""
    return MOOD_NAMES.get(label, label)


def acknowledgement(ahead: int) -> str:
    if ahead <= 0:
        return "일기 고마워! 🖍️ 지금 바로 그림을 그리고 있어. 조금만 기다려 줘."
    return f"일기 고마워! 🖍️ 앞에 그림 {ahead}개가 먼저 기다리고 있어. 순서가 되면 바로 그려 줄게."


def too_long(limit: int) -> str:
    return f"일기가 너무 길어서 다 읽기 어려워 😅 제일 기억에 남는 일을 {limit}자 안으로 적어 줄래?"


def waiting_limit(limit: int) -> str:
    return (
        f"지금 네 그림을 {limit}개나 그리고 있어서 더 기다릴 수가 없어 🐢 "
        "이 일기는 잘 저장해 뒀어. 그림이 도착하면 새 일기를 또 보내 줘!"
    )


def redraw_started(mood: str, ahead: int, other_mood: bool) -> str:
    head = f"이번엔 {mood_name(mood)} 기분으로 그려 볼게! 🎭" if other_mood else "다시 그려 볼게! 🔄"
    if ahead > 0:
        return f"{head} 앞에 그림 {ahead}개가 먼저 기다리고 있어."
    return head


def style_set(mood: str) -> str:
    return f"좋아! 이제부터 {mood_name(mood)} 기분으로 그릴게 🎨 (/style 자동 으로 되돌릴 수 있어)"


def style_usage(current: str | None, labels: tuple[str, ...]) -> str:
    now = "자동" if current is None else mood_name(current)
    options = ", ".join(f"/style {choice}" for choice in [*(mood_name(label) for label in labels), "자동"])
    return f"지금은 '{now}' 기분으로 그리고 있어. 바꾸려면 이렇게 보내 줘: {options} (happy, sad, auto 도 돼)"


def drawing_caption(mood: str, preview: bool, when: str | None = None) -> str:
    head = f"{when} · " if when else ""
    caption = f"{head}{mood_name(mood)} 기분으로 그렸어! 🖍️"
    if preview:
        caption += "\n" + PREVIEW_NOTE
    return caption


def image_alt(mood: str) -> str:
    return f"{mood_name(mood)} 기분으로 그린 일기 그림"


def receipt_text(receipt: Receipt, settings: Settings) -> str:
    """The answer to a diary or a redraw request, on any platform."""
    if receipt.status == "queued":
        return acknowledgement(receipt.ahead)
    if receipt.status == "duplicate":
        return ALREADY_RECEIVED
    if receipt.status == "held":
        return waiting_limit(settings.max_waiting_per_child)
    if receipt.status == "too_long":
        return too_long(settings.max_diary_chars)
    if receipt.status == "not_found":
        return DRAWING_NOT_FOUND
    return EMPTY_DIARY


def fit(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters with an ellipsis (Telegram: 4096 per message, 1024 per caption)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
