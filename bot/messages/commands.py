"""What children and parents read about the commands: the Telegram menu's lines and the help, built for
each platform's spelling of commands."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain import CommandName

# The Telegram menu's line for each command it lists (`bot.usecases.commands.MENU`).
COMMAND_MENU = {
    CommandName.START: "처음 인사와 사용법",
    CommandName.HELP: "도움말",
    CommandName.STYLE: "그림 기분 고르기: 행복, 슬픔, 자동",
    CommandName.MYDRAWINGS: "최근 그림 다시 보기",
    CommandName.REMIND: "저녁 알림 시간: /remind 저녁 7시, /remind 끄기",
    CommandName.CITY: "한국 밖에 살면 사는 도시: /city 뉴욕",
    CommandName.PARENT: "부모님 연결 코드 받기",
    CommandName.LINK: "(부모님) 아이와 연결: /link 코드 이름",
    CommandName.CHILDREN: "(부모님) 연결된 아이 보기",
    CommandName.ALBUM: "(부모님) 이번 주 앨범: /album, 지난주: /album last",
    CommandName.BOOK: "(부모님) 이번 달 그림책 PDF: /book, 지난달: /book last",
    CommandName.UNLINK: "연결 끊기",
    CommandName.FORGET: "내 일기와 그림 모두 지우기",
    CommandName.EXPORT: "내 그림과 일기를 한꺼번에 받기",
    CommandName.PRIVACY: "개인정보 안내",
}

# The help, built for each platform's spelling of commands (`bot.usecases.commands.help_text`): a line for
# each (command, example argument, what it does), then the buttons, then what parents can send.
HELP_HEAD = (
    "이렇게 쓰면 돼 ✏️\n• 오늘 있었던 일을 글로 적어 보내면 그림을 그려 줄게. 예) 오늘 강아지랑 공원에서 뛰어놀았다."
)
HELP_LINES = (
    (CommandName.STYLE, "행복", "언제나 행복한 기분으로 그리기"),
    (CommandName.STYLE, "슬픔", "슬픈 기분으로 그리기"),
    (CommandName.STYLE, "자동", "일기를 읽고 기분을 골라서 그리기 (처음엔 이렇게 그려)"),
    (CommandName.MYDRAWINGS, "", "최근 그림 다시 보기"),
    (CommandName.REMIND, "저녁 7시", "일기를 안 쓴 날 알림 시간"),
    (CommandName.REMIND, "끄기", "저녁 알림 끄기"),
    (CommandName.CITY, "뉴욕", "한국 밖에 살면 사는 도시 알려 주기"),
    (CommandName.PARENT, "", "부모님과 연결하는 코드 받기"),
    (CommandName.EXPORT, "", "내 그림과 일기를 한꺼번에 받기"),
    (CommandName.FORGET, "", "내 일기와 그림 모두 지우기"),
    (CommandName.PRIVACY, "", "내 이야기를 어떻게 지키는지 보기"),
)
HELP_BUTTONS = "그림 아래 단추로 다시 그리거나 다른 기분으로 그릴 수도 있어."
HELP_PARENT_LINES = (
    (CommandName.CHILDREN, "", "연결된 아이"),
    (CommandName.ALBUM, "", "이번 주 앨범"),
    (CommandName.ALBUM, "last", "지난주 앨범"),
    (CommandName.BOOK, "", "이번 달 그림책"),
    (CommandName.UNLINK, "", "연결 끊기"),
)
CONSOLE_HELP_MORE = "• /again — 마지막 그림 다시 그리기 · /other — 마지막 그림을 다른 기분으로\n• /quit — 끝내기"


def help_text(spell: Callable[[CommandName, str], str]) -> str:
    """The help with every command as `spell` writes it (`/style 행복`, or `'기분 행복'` where children send words)."""
    lines = [HELP_HEAD]
    lines += [f"• {spell(name, argument)} — {what}" for name, argument, what in HELP_LINES]
    parents = ", ".join(f"{spell(name, argument)} {what}" for name, argument, what in HELP_PARENT_LINES)
    code = spell(CommandName.LINK, "코드 이름")
    parent = spell(CommandName.PARENT, "")
    lines += [
        HELP_BUTTONS,
        "",
        f"부모님이신가요? 아이가 {parent}{_ro(parent)} 받은 코드를 {code}{_ro(code)} 보내 주세요. {parents}",
    ]
    return "\n".join(lines)


def _ro(word: str) -> str:
    """으로 or 로 after `word` (quotes aside): 로 after a vowel or ㄹ (`'부모 연결'로`), else 으로 (`'연결 코드
    이름'으로`)."""
    last = word.strip("'")[-1:]
    if "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 not in (0, 8):
        return "으로"
    return "로"
