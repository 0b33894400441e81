"""What a child reads when they send their diary as a voice message: what was heard, asked to be confirmed,
or why it could not be heard."""

from __future__ import annotations

_HEARD = "이렇게 들었어: “{text}” 맞으면 '응', 아니면 다시 말해 줘 🎤"
RETRY_BUTTON = "아니, 다시 말할게"
TOO_LONG = "목소리가 1분보다 길어서 다 듣지 못했어 😅 1분 안으로 짧게 다시 말해 줄래?"
TOO_BIG = "목소리 메시지가 너무 커서 듣지 못했어 😅 조금 더 짧게 다시 말해 줄래?"
UNREADABLE = "목소리를 열어 보지 못했어 😢 한 번 더 보내 주거나 글로 적어 줄래?"
SILENT = "잘 안 들렸어 🙉 조용한 곳에서 조금 더 크게 다시 말해 줄래?"
KEPT = "앗, 잠깐 문제가 생겼어 😵 그래도 목소리는 잘 받아 뒀으니 조금 뒤에 다시 들어 볼게!"
ANSWER_FIRST = "대답을 기다리는 이야기가 많아서 더 들을 수가 없어 😅 먼저 보낸 이야기에 '응'이나 '아니'로 대답해 줄래?"
FORWARDED = "다른 사람이 보낸 목소리는 듣지 않아 🙊 네 이야기를 네 목소리로 직접 들려줄래?"
DEAF = "지금은 목소리를 들을 수 없어 😢 오늘 있었던 일을 글로 적어 줄래?"
NOT_WORDS = "나는 글이나 목소리로 들려준 일기만 알아들을 수 있어 ✏️ 오늘 있었던 일을 적거나 말로 보내 줄래?"
"""A sticker, a photo without words, a file: where voice messages are heard too."""
NOT_HEARD = {"too_long": TOO_LONG, "too_big": TOO_BIG, "unreadable": UNREADABLE, "silent": SILENT, "deaf": DEAF}
"""Why a recording was not heard, in a child's words, by `Heard.status`."""


def heard(text: str) -> str:
    """What the bot heard, to be confirmed before it is drawn."""
    return _HEARD.format(text=text)
