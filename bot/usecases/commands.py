"""Commands typed as text (the console, Kakao utterances and quick replies): `/style 행복`, `내 그림`, …"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain import CommandName
from bot.messages import commands as command_texts
from bot.usecases.times import OFF_WORDS, ON_WORDS, parse_time, switch_word
from engine.diary_check import check_diary_text
from engine.style import STYLE_ALIASES
from engine.text import compatibility_plain, visible_text
from storage.records import Platform


@dataclass(frozen=True)
class CommandSpec:
    """One command, as every platform spells it: its slash forms, the Korean words a button or a child sends
    for it, whether it takes an argument after the slash form, and whether the Telegram menu lists it (its
    line there is `messages.COMMAND_MENU`)."""

    name: CommandName
    slashes: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    takes_argument: bool = False
    in_menu: bool = True
    word: str | None = None
    """The Korean word an argument follows where children send words (`기분 행복`, `알림 20:30`)."""
    phrases: tuple[str, ...] = ()
    """What children say for it in their own words, without spaces (`다시그려줘` is also `다시 그려 줘!`)."""


# Every command, in the Telegram menu's order. Korean words are what quick-reply buttons send.
COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(CommandName.START, ("/start",), ("시작",), phrases=("처음으로", "시작할래")),
    CommandSpec(
        CommandName.HELP,
        ("/help",),
        ("도움말",),
        phrases=("사용법", "어떻게써", "어떻게쓰는거야", "어떻게하는거야", "뭐할수있어"),
    ),
    CommandSpec(CommandName.STYLE, ("/style",), takes_argument=True, word="기분"),
    CommandSpec(
        CommandName.MYDRAWINGS,
        ("/mydrawings",),
        ("내 그림",),
        phrases=("내그림보여줘", "내그림보기", "내그림들", "그림보여줘", "내그림어디있어", "내가받은그림"),
    ),
    CommandSpec(
        CommandName.AGAIN,
        ("/again",),
        ("다시 그리기",),
        in_menu=False,
        phrases=(
            "다시",
            "다시그려",
            "다시그려줘",
            "다시그려주세요",
            "다시그려줄래",
            "그림다시",
            "그림다시그려줘",
            "다시해줘",
            "한번더",
            "한번더그려줘",
            "또그려줘",
        ),
    ),
    CommandSpec(
        CommandName.OTHER,
        ("/other",),
        ("다른 기분으로 그리기",),
        in_menu=False,
        phrases=(
            "다른그림",
            "다른그림그려줘",
            "다른그림으로",
            "다른기분으로",
            "다른기분으로그려줘",
            "딴그림",
            "다른걸로그려줘",
        ),
    ),
    CommandSpec(CommandName.REMIND, ("/remind",), ("알림",), takes_argument=True, word="알림"),
    CommandSpec(CommandName.CITY, ("/city",), ("사는 곳",), takes_argument=True, word="사는 곳"),
    CommandSpec(
        CommandName.PARENT,
        ("/parent",),
        ("부모 연결",),
        phrases=("부모님연결", "부모님이랑연결", "부모님이랑연결할래", "엄마랑연결", "아빠랑연결", "부모님연결해줘"),
    ),
    CommandSpec(CommandName.LINK, ("/link",), takes_argument=True, word="연결"),
    CommandSpec(CommandName.CHILDREN, ("/children",), ("내 아이",), phrases=("우리아이",)),
    CommandSpec(CommandName.ALBUM, ("/album",), ("앨범",), takes_argument=True, phrases=("앨범보여줘", "앨범보기")),
    CommandSpec(
        CommandName.BOOK,
        ("/book",),
        ("그림책",),
        takes_argument=True,
        phrases=("그림책보여줘", "그림책줘", "그림책만들어줘", "이번달그림책"),
    ),
    CommandSpec(CommandName.UNLINK, ("/unlink",), ("연결 끊기",), takes_argument=True, word="연결 끊기"),
    CommandSpec(
        CommandName.FORGET,
        ("/forget",),
        ("기록 삭제",),
        takes_argument=True,
        word="기록 삭제",
        phrases=("지워줘", "다지워줘", "기록지워줘", "내기록지워줘", "일기지워줘", "내일기지워줘"),
    ),
    CommandSpec(
        CommandName.EXPORT,
        ("/export",),
        ("내 기록 받기",),
        phrases=("기록받기", "내기록받을래", "일기받기", "내일기받기", "내일기다운로드", "기록다운로드", "다운로드"),
    ),
    CommandSpec(CommandName.PRIVACY, ("/privacy",), ("개인정보",)),
    CommandSpec(CommandName.QUIT, ("/quit", "/exit"), in_menu=False),
    CommandSpec(
        CommandName.DRAW,
        (),
        ("그려 줘",),
        in_menu=False,
        phrases=(
            "그려",
            "그려줘",
            "응그려줘",
            "어그려줘",
            "네그려주세요",
            "그림그려줘",
            "응",
            "웅",
            "어",
            "네",
            "예",
            "그래",
            "ㅇㅇ",
            "좋아",
        ),
    ),
    CommandSpec(
        CommandName.SKIP,
        (),
        ("아니",),
        in_menu=False,
        phrases=("아니야", "아니괜찮아", "괜찮아", "안그려도돼", "안그려줘도돼", "ㄴㄴ", "됐어", "아니요"),
    ),
)
MENU = tuple(spec.name for spec in COMMANDS if spec.in_menu)
"""The commands the Telegram menu lists, in order."""
# Whole utterances that are commands, and the slash commands that take an argument.
EXACT: dict[str, CommandName] = {form: spec.name for spec in COMMANDS for form in (*spec.slashes, *spec.words)}
WITH_ARGUMENT: dict[str, CommandName] = {
    slash: spec.name for spec in COMMANDS if spec.takes_argument for slash in spec.slashes
}
PHRASES: dict[str, CommandName] = {phrase: spec.name for spec in COMMANDS for phrase in (*spec.phrases, *spec.words)}
"""Every command a child may say in words, spaces and marks removed (`다시 그려 줘!` is `다시그려줘`)."""
MOOD_WORDS = frozenset(
    (
        "화남",
        "화",
        "무서움",
        "신남",
        "놀람",
        "짜증",
        "우울",
        "평범",
        "보통",
        "즐거움",
        "기쁨",
        "설렘",
        "걱정",
        "외로움",
        "심심함",
    )
)
"""Feelings a child may ask to draw with (`기분 화남`) that are no style: answered with the moods there are."""
# Full-width ASCII (U+FF01…U+FF5E) as ASCII.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
UNKNOWN_COMMAND = re.compile(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
CODE = re.compile(r"^[A-Za-z0-9]{6,12}$")
CODE_DIGITS = 10
_CODE_GROUP = re.compile(r"\d[\d\-–.]*")
_CODE_END = re.compile(r"(?:이라고|라고|[.,!]+)$")

AGAIN_LABEL = "다시 그리기"
OTHER_MOOD_LABEL = "다른 기분으로 그리기"
MY_DRAWINGS_LABEL = "내 그림"
HELP_LABEL = "도움말"
ALBUM_LABEL = "앨범"
CHILDREN_LABEL = "내 아이"


CONFIRM_WORDS = frozenset({"confirm", "확인", "yes", "네"})
LAST_WEEK_WORDS = frozenset({"last", "지난", "지난주"})


class Week(StrEnum):
    """Which week /album shows."""

    THIS = "this"
    LAST = "last"


@dataclass(frozen=True)
class ForgetTarget:
    """Whose data /forget deletes and whether the sender has confirmed it: their own (`child` None) or a
    linked child's, by the child's number in the parent's /children list."""

    child: int | None = None
    confirmed: bool = False


@dataclass(frozen=True)
class Command:
    """A command and its argument as sent; the commands whose argument has a shape read it typed
    (`forget_target`, `drawing_id`, `week`) and are written from typed values (`forget`, `redraw`, `album`)."""

    name: CommandName
    argument: str = ""

    @classmethod
    def forget(cls, target: ForgetTarget) -> Command:
        words = [] if target.child is None else [str(target.child)]
        return cls(CommandName.FORGET, " ".join([*words, "confirm"] if target.confirmed else words))

    @classmethod
    def redraw(cls, drawing_id: int | None, *, other_mood: bool = False) -> Command:
        name = CommandName.OTHER if other_mood else CommandName.AGAIN
        return cls(name, "" if drawing_id is None else str(drawing_id))

    @classmethod
    def answer(cls, entry_id: int | None, *, draw: bool) -> Command:
        """Yes or no to "shall I draw it?" about the message `entry_id` (None: the latest asked)."""
        return cls(CommandName.DRAW if draw else CommandName.SKIP, "" if entry_id is None else str(entry_id))

    @classmethod
    def album(cls, week: Week) -> Command:
        return cls(CommandName.ALBUM, "last" if week is Week.LAST else "")

    def forget_target(self) -> ForgetTarget:
        """/forget's argument: a child's number (a parent's) and a confirming word (`2 confirm`, `확인`)."""
        words = self.argument.lower().split()
        number = next((int(word) for word in words if word.isdigit()), None)
        return ForgetTarget(number, any(word in CONFIRM_WORDS for word in words))

    def drawing_id(self) -> int | None:
        """A redraw's drawing id (or an answer's message id), or None for the latest."""
        argument = self.argument.strip()
        return int(argument) if argument.isdigit() else None

    def week(self) -> Week:
        return Week.LAST if self.argument.strip().lower() in LAST_WEEK_WORDS else Week.THIS


def command_form(text: str) -> str:
    """`text` as commands are read, one-spaced: what renders as nothing removed, Hangul composed, the
    command word made plain (NFKC: `／ｆｏｒｇｅｔ` is `/forget`) and the arguments' full-width letters and
    digits too (`ｃｏｎｆｉｒｍ`); anything else in an argument (a nickname's emoji, ㈜) stays as typed."""
    words = visible_text(text, keep_emoji_joiners=True).split()
    if not words:
        return ""
    head = compatibility_plain(words[0])
    return " ".join([head, *(word.translate(_FULL_WIDTH) for word in words[1:])])


def slash_command(text: str) -> Command | None:
    """The command when `text` is a known slash command however it was typed (`／forget confirm`, a
    zero-width space before `/help`), else None: for platforms that mark commands themselves and only see
    plain ones."""
    command = parse_command(text)
    if command is None or command.name is CommandName.UNKNOWN or not command_form(text).startswith("/"):
        return None
    return command


def parse_command(text: str) -> Command | None:
    """The command in `text` (read in `command_form`), or None when the text is a diary."""
    stripped = command_form(text)
    if stripped in EXACT:
        return Command(EXACT[stripped])
    if stripped == "지난 앨범":
        return Command.album(Week.LAST)
    if stripped in ("지난 그림책", "지난달 그림책"):
        return Command(CommandName.BOOK, "last")
    head, _, rest = stripped.partition(" ")
    # `/style@crayon_bot happy` (Telegram adds the bot's name in menus) is `/style happy`.
    slash = head.lower().partition("@")[0] if head.startswith("/") else head
    if slash in WITH_ARGUMENT:
        return Command(WITH_ARGUMENT[slash], rest)
    if slash.startswith("/") and slash in EXACT:
        return Command(EXACT[slash])  # `/help me` is /help: words after a command that takes none are ignored
    # The Korean forms count only with an argument of the right shape: "기분 좋은 날" stays a diary.
    if head == "기분" and (rest.lower() in STYLE_ALIASES or (rest in MOOD_WORDS and _untroubled(stripped))):
        return Command(CommandName.STYLE, rest)
    if head == "연결" and CODE.match(re.sub(r"[\s\-–.]", "", split_code(rest)[0])):
        return Command(CommandName.LINK, rest)
    if stripped.startswith("연결 끊기 ") and rest.removeprefix("끊기 ").isdigit():
        return Command(CommandName.UNLINK, rest.removeprefix("끊기 "))
    if head == "알림" and (parse_time(rest) is not None or switch_word(rest) in OFF_WORDS | ON_WORDS):
        return Command(CommandName.REMIND, rest)
    if stripped.startswith("사는 곳 "):
        return Command(CommandName.CITY, stripped.removeprefix("사는 곳 "))
    if stripped.startswith("기록 삭제 ") and all(word.isdigit() or word == "확인" for word in rest.split()[1:]):
        return Command(CommandName.FORGET, stripped.removeprefix("기록 삭제 "))
    # Only a slash and a command word (letters, digits) is a command we do not know: "/오늘은 좋았다" is a diary.
    if UNKNOWN_COMMAND.fullmatch(head):
        return Command(CommandName.UNKNOWN, rest)
    said = phrase_form(stripped)
    if said in PHRASES and _untroubled(stripped):
        return Command(PHRASES[said])
    return None


def _untroubled(text: str) -> bool:
    """No sign of worry or of a crisis in `text`: a command said in words is read as one only then ("싫어",
    "기분 우울" from a child who is not well is a diary, and its checks answer it)."""
    return check_diary_text(text).verdict not in ("distress", "worry")


def phrase_form(text: str) -> str:
    """`text` as commands said in words are matched: letters and digits only, lower case, a polite ending
    dropped (`다시 그려 주세요!` → `다시그려주세요`, `도와줘요` → `도와줘`)."""
    said = "".join(char for char in text.lower() if char.isalnum())
    return said.removesuffix("요") if said.endswith(("줘요", "해요")) else said


def spelled(command: Command, *, words: bool) -> str:
    """`command` as a child would send it: its slash form, or on a platform of words (Kakao's quick replies)
    its Korean words where it has them (`기분 행복`, `지난 앨범`, `기록 삭제 2 확인`)."""
    spec = next(spec for spec in COMMANDS if spec.name is command.name)
    argument = command.argument
    if words and command.name is CommandName.ALBUM and command.week() is Week.LAST:
        return "지난 앨범"
    if words and command.name is CommandName.BOOK and command.week() is Week.LAST:
        return "지난 그림책"
    if words and command.name is CommandName.FORGET:
        target = command.forget_target()
        argument = " ".join([*([] if target.child is None else [str(target.child)]), *(["확인"] * target.confirmed)])
    if words and argument and spec.word is not None:
        return f"{spec.word} {argument}"
    if not spec.slashes:  # said only in words, its argument (a message's id) is the platform's to carry
        return spec.words[0]
    if words and not argument and spec.words:
        return spec.words[0]
    return f"{spec.slashes[0]} {argument}".strip()


def said_on(command: Command, platform: Platform) -> str:
    """`command` as it is sent on `platform`, to be set in a text: a slash command on Telegram where it is
    tappable, elsewhere its words in quotes (`'기분 행복'`)."""
    if platform is Platform.TELEGRAM:
        return spelled(command, words=False)
    return f"'{spelled(command, words=True)}'"


def help_text(*, words: bool) -> str:
    """The help, each command spelled as this platform's children send it (quoted when it is words)."""

    def spell(name: CommandName, argument: str) -> str:
        written = spelled(Command(name, argument), words=words)
        return f"'{written}'" if words else written

    return command_texts.help_text(spell)


SLASH_HELP = help_text(words=False)
WORDS_HELP = help_text(words=True)


def split_code(argument: str) -> tuple[str, str]:
    """The link code and the nickname after it: the first word, or the leading groups of digits up to the
    code's ten (`428 913 5072 1004` → `428 913 5072`, `1004`; `428.913.5072라고` → `428.913.5072`)."""
    words = argument.split()
    groups: list[str] = []
    digits = 0
    for word in words:
        group = _CODE_END.sub("", word)
        count = sum(char.isdigit() for char in group)
        if not group or not _CODE_GROUP.fullmatch(group) or digits + count > CODE_DIGITS:
            break
        groups.append(group)
        digits += count
        if digits == CODE_DIGITS:
            break
    if not groups:
        return (words[0], " ".join(words[1:])) if words else ("", "")
    return " ".join(groups), " ".join(words[len(groups) :])
