"""What a child reads when a message is not a diary: a greeting, thanks, a question, a reaction, a bare
request; and the question asked when the bot cannot tell ("그림으로 그려 줄까?")."""

from __future__ import annotations

from enum import StrEnum

from bot.wording import quote_particle


class TalkKind(StrEnum):
    """What a message that is no diary says, as far as the answer needs to know."""

    GREETING = "greeting"
    THANKS = "thanks"
    QUESTION = "question"
    REQUEST = "request"
    TALK = "talk"
    HELP_ME = "help_me"
    """"도와줘", "살려줘" alone: help with the bot, or help: the answer offers both."""


ASK_DRAW = "이 이야기를 그림으로 그려 줄까? 🖍️"
ASK_DRAW_WORDS = "이 이야기를 그림으로 그려 줄까? 🖍️ 그리려면 {yes}, 아니면 {no}{quote} 보내 줘."
DRAW_BUTTON = "응, 그려 줘"
SKIP_BUTTON = "아니, 괜찮아"
SKIPPED = "알았어! 그리고 싶은 일이 생기면 언제든 들려줘 😊"
NOTHING_ASKED = "어떤 그림을 그려 줄까? 오늘 있었던 일을 한 문장으로 적어 주면 그 이야기를 그려 줄게 ✏️"

_ANSWERS = {
    TalkKind.GREETING: "안녕, 반가워 😊 오늘 있었던 일을 한두 문장으로 들려주면 그림으로 그려 줄게!",
    TalkKind.THANKS: "나도 고마워 💛 또 이야기하고 싶은 일이 생기면 언제든 적어 줘!",
    TalkKind.QUESTION: ("나는 일기를 그림으로 그려 주는 친구 크레용이야 🖍️ 더 궁금하면 {help}{quote} 보내 봐."),
    TalkKind.REQUEST: NOTHING_ASKED,
    TalkKind.TALK: "그렇구나! 오늘 있었던 일을 한두 문장으로 적어 주면 그림으로 그려 줄게 🖍️",
    TalkKind.HELP_ME: (
        "무슨 일이야? 힘든 일이 있으면 나한테 이야기해 줘 💛 많이 위험하면 112나 119에 바로 전화해. "
        "그림일기 쓰는 법이 궁금하면 {help}{quote} 보내 봐."
    ),
}


def talk_answer(kind: TalkKind, help_command: str) -> str:
    """The answer to a message that is no diary; `help_command` is how this platform asks for the help."""
    return _ANSWERS[kind].format(help=help_command, quote=quote_particle(help_command))


def ask_draw(yes: str | None = None, no: str | None = None) -> str:
    """The question for a message that may not be a diary: with buttons, or saying the words to send."""
    return ASK_DRAW if yes is None or no is None else ASK_DRAW_WORDS.format(yes=yes, no=no, quote=quote_particle(no))
