"""The one table of commands, without a server: every command spelled the ways the table says parses back
to it, the Telegram menu is the table's, and words that only look like commands stay diaries."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import CommandName
from bot.messages import commands as command_texts
from bot.transports.telegram import COMMANDS as TELEGRAM_MENU
from bot.transports.telegram_send import button_command, button_data
from bot.usecases.commands import (
    COMMANDS,
    MENU,
    Command,
    CommandSpec,
    ForgetTarget,
    Week,
    help_text,
    parse_command,
    slash_command,
    spelled,
    split_code,
)


def test_every_command_but_unknown_is_in_the_table_once() -> None:
    names = [spec.name for spec in COMMANDS]
    assert len(names) == len(set(names))
    assert set(names) == set(CommandName) - {CommandName.UNKNOWN}


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.name)
def test_each_spelling_of_a_command_parses_back_to_it(spec: CommandSpec) -> None:
    for form in (*spec.slashes, *spec.words):
        assert parse_command(form) == Command(spec.name), form
        assert parse_command(f"  {form}  ") == Command(spec.name), form
    for slash in spec.slashes:
        assert slash_command(slash) == Command(spec.name)
        assert parse_command(f"{slash}@crayon_bot") == Command(spec.name)
        if spec.takes_argument:
            assert parse_command(f"{slash} 2") == Command(spec.name, "2")
        else:
            assert parse_command(f"{slash} 2") == Command(spec.name)  # words after it are ignored


def test_the_telegram_menu_is_the_tables_in_order_within_telegrams_limits() -> None:
    assert [command.command for command in TELEGRAM_MENU] == [str(name) for name in MENU]
    assert tuple(spec.name for spec in COMMANDS if spec.in_menu) == MENU
    for command in TELEGRAM_MENU:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command.command)
        assert 3 <= len(command.description) <= 256
    assert set(command_texts.COMMAND_MENU) == set(MENU)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("기분 좋은 날", None),  # a diary that starts with a command's word
        ("기분 행복", Command(CommandName.STYLE, "행복")),
        ("알림 와서 깼다", None),
        ("알림 20:30", Command(CommandName.REMIND, "20:30")),
        ("/오늘은 좋았다", None),
        ("/fly", Command(CommandName.UNKNOWN)),
        ("지난 앨범", Command(CommandName.ALBUM, "last")),
        ("연결 끊기 2", Command(CommandName.UNLINK, "2")),
        ("기록 삭제 1 확인", Command(CommandName.FORGET, "1 확인")),
        ("오늘 학교에서 /help 를 배웠다", None),
    ],
)
def test_words_that_look_like_commands(text: str, expected: Command | None) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("command", "slash", "words"),
    [
        (Command(CommandName.FORGET, "confirm"), "/forget confirm", "기록 삭제 확인"),
        (Command(CommandName.FORGET, "2 confirm"), "/forget 2 confirm", "기록 삭제 2 확인"),
        (Command(CommandName.HELP), "/help", "도움말"),
        (Command(CommandName.STYLE, "행복"), "/style 행복", "기분 행복"),
        (Command(CommandName.ALBUM, "last"), "/album last", "지난 앨범"),
        (Command(CommandName.REMIND, "20:30"), "/remind 20:30", "알림 20:30"),
    ],
)
def test_a_command_is_spelled_as_each_platform_sends_it(command: Command, slash: str, words: str) -> None:
    assert spelled(command, words=False) == slash
    assert spelled(command, words=True) == words
    # and read back as the same command ("확인" is how the words say "confirm")
    assert parse_command(slash) == command
    back = parse_command(words)
    assert back is not None
    assert back.name is command.name
    assert (back.forget_target(), back.drawing_id(), back.week()) == (
        command.forget_target(),
        command.drawing_id(),
        command.week(),
    )


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("/forget", ForgetTarget()),
        ("/forget confirm", ForgetTarget(confirmed=True)),
        ("/forget 확인", ForgetTarget(confirmed=True)),
        ("/forget 2", ForgetTarget(2)),
        ("/forget 2 CONFIRM", ForgetTarget(2, confirmed=True)),
        ("／ｆｏｒｇｅｔ　３　ｃｏｎｆｉｒｍ", ForgetTarget(3, confirmed=True)),
        ("기록 삭제 1 확인", ForgetTarget(1, confirmed=True)),
        ("기록 삭제", ForgetTarget()),
        ("/forget please", ForgetTarget()),  # no confirming word: it asks first
    ],
)
def test_forget_reads_whose_data_and_whether_it_is_confirmed(text: str, target: ForgetTarget) -> None:
    command = parse_command(text)
    assert command is not None
    assert command.name is CommandName.FORGET
    assert command.forget_target() == target


@pytest.mark.parametrize(
    ("text", "drawing_id", "week"),
    [
        ("/again", None, Week.THIS),
        ("/again 12", None, Week.THIS),  # a drawing's id comes only with its button: typed, the latest
        ("/other", None, Week.THIS),
        ("/album", None, Week.THIS),
        ("/album last", None, Week.LAST),
        ("/album 지난주", None, Week.LAST),
        ("지난 앨범", None, Week.LAST),
        ("앨범", None, Week.THIS),
    ],
)
def test_redraws_and_albums_read_their_argument_typed(text: str, drawing_id: int | None, week: Week) -> None:
    command = parse_command(text)
    assert command is not None
    assert (command.drawing_id(), command.week()) == (drawing_id, week)


@given(child=st.none() | st.integers(1, 999), confirmed=st.booleans(), words=st.booleans())
def test_a_forget_written_from_its_target_reads_back_the_same_on_every_platform(
    child: int | None, confirmed: bool, words: bool
) -> None:
    command = Command.forget(ForgetTarget(child, confirmed))
    back = parse_command(spelled(command, words=words))
    assert back is not None
    assert back.name is CommandName.FORGET
    assert back.forget_target() == ForgetTarget(child, confirmed)


@given(drawing_id=st.integers(1, 10**12 - 1), other=st.booleans(), child=st.none() | st.integers(1, 999))
def test_telegram_button_data_reads_back_as_the_command_it_sends(
    drawing_id: int, other: bool, child: int | None
) -> None:
    redraw = Command.redraw(drawing_id, other_mood=other)
    forget = Command.forget(ForgetTarget(child, confirmed=True))
    for command in (redraw, forget):
        data = button_data(command)
        assert len(data.encode()) <= 64
        assert button_command(data) == command


@pytest.mark.parametrize("data", ["", "forget", "forget:", "forget:1234", "again:x", "again:", "other:-1", "nope:3"])
def test_button_data_that_is_not_ours_asks_for_nothing(data: str) -> None:
    assert button_command(data) is None


@pytest.mark.parametrize("words", [False, True])
def test_the_help_names_each_command_as_the_platform_reads_it(words: bool) -> None:
    text = help_text(words=words)
    for name, argument, what in [*command_texts.HELP_LINES, *command_texts.HELP_PARENT_LINES]:
        written = spelled(Command(name, argument), words=words)
        assert (f"'{written}'" if words else written) in text
        assert what in text
        assert parse_command(written) == Command(name, argument)
    # A platform of words shows no slash command; a slash platform quotes nothing.
    if words:
        assert "/" not in text
    else:
        assert "'" not in text


@pytest.mark.parametrize(
    ("argument", "code", "nickname"),
    [
        ("428 913 5072 민지", "428 913 5072", "민지"),
        ("428-913-5072", "428-913-5072", ""),
        ("4289135072 하늘 별", "4289135072", "하늘 별"),
        ("AB12CD34 민지", "AB12CD34", "민지"),
        ("325 902 0885 1004", "325 902 0885", "1004"),  # a nickname of digits is no part of the code
        ("325 902 0885 2", "325 902 0885", "2"),
        ("878 106 9824라고", "878 106 9824", ""),  # copied with the child's particle
        ("428.913.5072 민지", "428.913.5072", "민지"),
        ("428 913 5072.", "428 913 5072", ""),
        ("", "", ""),
    ],
)
def test_a_link_code_read_aloud_in_groups_is_one_code(argument: str, code: str, nickname: str) -> None:
    assert split_code(argument) == (code, nickname)


def test_a_link_code_in_words_is_a_link_command() -> None:
    assert parse_command("연결 428 913 5072 민지") == Command(CommandName.LINK, "428 913 5072 민지")
    assert parse_command("연결 고리를 만들었다") is None
