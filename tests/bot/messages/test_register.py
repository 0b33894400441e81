"""Every text the bot sends, rendered and read as its reader would: a child gets short 반말 (at most two
sentences, no English, no technical words), a parent gets 해요체 — never the other way round. A text is a
child's unless it is named below as a parent's (or rendered with `parent=True`)."""

from __future__ import annotations

import inspect
import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date
from types import ModuleType
from typing import Any

import pytest

import bot.messages as catalogue
from bot.messages import albums, commands, exports, links, places, talk, voice

MODULES: tuple[ModuleType, ...] = (catalogue, albums, commands, exports, links, places, talk, voice)
"""`reviewer` is left out: the designated reviewer is a grown-up at work, and its texts are its own."""

FOR_PARENTS = {
    *(f"bot.messages.albums.{name}" for name in dir(albums) if not name.startswith("_")),
    *(f"bot.messages.links.{name}" for name in ("link_usage", "link_invalid", "no_children", "link_expired")),
    *(f"bot.messages.links.{name}" for name in ("album_anytime", "unlink_how", "unlink_choose_head")),
    *(
        f"bot.messages.{name}"
        for name in (
            "ALBUM_PREVIEW",
            "BOOK_LINK_LABEL",
            "album_caption",
            "album_empty",
            "album_expired",
            "album_link",
            "distress_note",
            "LINK_USAGE",
            "LINK_INVALID",
            "LINK_TOO_MANY",
            "LINK_OWN",
            "NO_CHILDREN",
            "ALBUM_NONE_LINKED",
            "NOT_LINKED",
            "FORGET_NOT_FOUND",
            "forget_not_found",
            "CHILD_FORGOT",
            "forget_child_ask",
            "forget_child_done",
            "privacy_notice",
            "link_expired",
            "linked_parent",
            "already_linked",
            "children_list",
            "unlink_choose",
            "unlinked",
            "unlinked_other_side",
        )
    ),
    "bot.messages.exports.export_readme",
    "bot.messages.exports.export_entry",
    "bot.messages.exports.export_expired",
}
"""Texts read by parents (and the web pages and files a parent opens)."""
NOT_SENTENCES = {
    "bot.messages.commands.COMMAND_MENU",
    "bot.messages.exports.EXPORT_OWN_FOLDER",
    "bot.messages.exports.EXPORT_DIARY_FILE",
    "bot.messages.exports.EXPORT_README_FILE",
    "bot.messages.REMIND_EXAMPLE",
    "bot.messages.mood_name",
    "bot.messages.fit",
    "bot.messages.image_alt",
    "bot.messages.help_calls",
    "bot.messages.talk.ASK_DRAW_WORDS",
}
"""Labels, names and helpers: no sentence to read for its register."""
LONGER = {
    "bot.messages.welcome",
    "bot.messages.WELCOME",
    "bot.messages.DISTRESS",
    "bot.messages.HURT_HELP",
    "bot.messages.crisis_help",
    "bot.messages.commands.help_text",
    "bot.messages.commands.HELP_HEAD",
    "talk_answer(help_me)",
}
"""A child's texts allowed more than two sentences: the first hello, the help, and the help in a crisis."""
TECHNICAL = (
    *("모델", "서버", "데이터", "에러", "오류", "시스템", "프롬프트", "토큰", "로그", "설정", "명령", "파일"),
    "24시간",
)
COMMAND_OR_ADDRESS = re.compile(r"https?://\S+|(?:/[\w.-]+){2,}|/[a-z]+(?: (?:confirm|last))?")
POLITE = re.compile(r"(?:세요|어요|아요|해요|에요|예요|이죠|니다|까요|거든요|네요|래요|게요|데요)(?=[\s:.,!?)~]|$)")
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F])\s+")
PLAIN_END = re.compile(r"([가-힣])[.!?]+$")
PLAIN_LAST = set("야어아줘게래자지해봐돼워와걸네니까냐")
"""The last syllables of 반말 sentences (했어, 줘, 할게, 볼래, 하자 …); a parent's end in 요, 다 or 죠."""


def _sample(parameter: inspect.Parameter) -> list[Any]:
    """Values to render a text with: each bool both ways, names with and without a final consonant."""
    annotation, name = str(parameter.annotation), parameter.name
    if "bool" in annotation:
        return [False, True]
    if annotation == "int":
        return [3]
    if "Callable" in annotation:
        return [lambda *_: "'도움말'"]
    if "date" in annotation:
        return [[date(2026, 12, 4), date(2026, 12, 5)]] if "tuple" in annotation else [date(2026, 12, 4)]
    if "tuple[str, str]" in annotation:
        return [[("민지", "12/04"), ("서준", "12/05")]]
    if "tuple" in annotation or "list" in annotation:
        return [("뉴욕", "시카고")]
    named = {
        "url": "https://example.org/albums/abc",
        "time": "19:30",
        "now": "07:05",
        "mood": "happiness",
        "current": "sadness",
        "emotion": "happiness",
        "text": "오늘 놀이터에서 놀았다",
        "path": "/home/minji/crayon-diary.zip",
        "code": "428 913 5072",
        "when": "12/04",
        "heading": "2026년 12월 4일 (금) · 행복",
        "picture": "2026-12-04-1.png",
        "span": "2026년 11월 23일 – 11월 29일",
        "summary": "행복 4일, 슬픔 2일",
        "today": date(2026, 12, 4),
    }
    if name in named:
        return [named[name]]
    if name in ("nickname", "name", "child"):
        return ["민지", "서준"]
    return ["'알림 끄기'", "/remind"]


SKIPPED = {
    "bot.messages.receipt_text": "made only of the texts above, chosen by the receipt",
    "bot.messages.talk.talk_answer": "rendered for each kind below",
    "bot.messages.talk.ask_draw": "rendered below",
}


def rendered() -> Iterator[tuple[str, bool, str]]:
    """(name, for a parent, text) for every text in the catalogue."""
    for module in MODULES:
        for key, value in vars(module).items():
            name = f"{module.__name__}.{key}"
            if key.startswith("_") or name in SKIPPED or name in NOT_SENTENCES:
                continue
            parent = name in FOR_PARENTS
            if isinstance(value, str):
                yield name, parent, value
            elif inspect.isfunction(value) and value.__module__ == module.__name__:
                yield from _calls(name, value, parent)
    for kind in talk.TalkKind:
        for help_command in ("/help", "'도움말'"):
            yield f"talk_answer({kind})", False, talk.talk_answer(kind, help_command)
    yield "ask_draw", False, talk.ask_draw("'그려 줘'", "'아니'")


def _calls(name: str, function: Callable[..., Any], parent: bool) -> Iterator[tuple[str, bool, str]]:
    parameters = list(inspect.signature(function).parameters.values())
    for values in itertools.product(*(_sample(parameter) for parameter in parameters)):
        arguments = dict(zip((parameter.name for parameter in parameters), values, strict=True))
        result = function(**arguments)
        text = "\n".join(result) if isinstance(result, tuple) else result
        flag = arguments.get("parent")
        yield name, flag if isinstance(flag, bool) else parent, text


TEXTS = list(rendered())


def sentences(text: str) -> list[str]:
    """The sentences of `text`; a note in brackets on a line of its own ("(알림을 그만 받으려면 …)") is none."""
    parts = [part.strip() for part in SENTENCE.split(text)]
    return [part for part in parts if re.search(r"[가-힣]", part) and not re.fullmatch(r"\(.*\)", part)]


def child_problems(name: str, text: str) -> list[str]:
    found = []
    plain = COMMAND_OR_ADDRESS.sub("", text)
    if match := POLITE.search(text):
        found.append(f"해요체 '{match.group(0)}'")
    if re.search(r"[A-Za-z]", plain):
        found.append("English")
    found += [f"technical word '{word}'" for word in TECHNICAL if word in plain]
    if name not in LONGER and len(sentences(text)) > 2:
        found.append(f"{len(sentences(text))} sentences")
    return found


def parent_problems(text: str) -> list[str]:
    found = []
    for sentence in sentences(text):
        end = PLAIN_END.search(sentence.rstrip(" )🙂🎉💛"))
        if end and end.group(1) in PLAIN_LAST:
            found.append(f"반말 ending in {sentence!r}")
    return found


def test_every_text_reads_as_its_reader_needs() -> None:
    wrong = []
    for name, parent, text in TEXTS:
        if name == "bot.messages.commands.help_text":
            # The help is a child's; its last line asks a parent who reads it, politely.
            head, _, parents = text.rpartition("\n\n")
            problems = child_problems(name, head) + parent_problems(parents)
        else:
            problems = parent_problems(text) if parent else child_problems(name, text)
        wrong += [f"{name}: {problem}: {text!r}" for problem in problems]
    assert wrong == []


def test_every_text_is_rendered() -> None:
    names = {name for name, _, _ in TEXTS}
    assert len(TEXTS) > 150
    assert "bot.messages.places.place_set" in names
    assert {name for name, parent, _ in TEXTS if parent} >= {"bot.messages.privacy_notice"}


@pytest.mark.parametrize(
    ("text", "parent", "problem"),
    [
        ("연결된 아이가 없어요.", False, "해요체"),
        ("이렇게 보내 주세요: /link", False, "해요체"),
        ("모델이 준비되지 않았어.", False, "technical word"),
        ("preview 그림이야.", False, "English"),
        ("하나야. 둘이야. 셋이야.", False, "3 sentences"),
        ("연결했어.", True, "반말"),
        ("다시 보내 줘!", True, "반말"),
    ],
)
def test_the_lint_finds_what_it_is_for(text: str, parent: bool, problem: str) -> None:
    problems = parent_problems(text) if parent else child_problems("test", text)
    assert any(problem in found for found in problems), problems


@pytest.mark.parametrize(
    "text",
    ["/help를 보내면 알려 줄게.", "이렇게 보내 줘: /forget confirm", "오늘 놀았어 🖍️ 또 보내 줘!"],
)
def test_the_lint_passes_what_children_should_read(text: str) -> None:
    assert child_problems("test", text) == []


@pytest.mark.parametrize("text", [catalogue.DISTRESS, catalogue.HURT_HELP])
def test_the_help_in_a_crisis_is_three_short_sentences_at_most_and_says_it_is_not_their_fault(text: str) -> None:
    sentences = [sentence for sentence in SENTENCE.split(text) if sentence.strip()]
    assert 2 <= len(sentences) <= 3, sentences
    assert "네 잘못이 아니" in text
    assert all(number in text for number in ("1388", "119"))
    assert ("112" in text) == (text == catalogue.HURT_HELP)
