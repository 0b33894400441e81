"""The conversation's rules, as plain values: a command in, a Reply out, on a real SQLite file, no HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot import messages
from bot.app import open_storage
from bot.domain import CommandName
from bot.messages import talk
from bot.usecases.commands import SLASH_HELP, Command, parse_command
from bot.usecases.conversation import ActionKind, Conversation
from bot.usecases.services import Services
from bot.usecases.understanding import reading_of
from engine.message_scorer import Reading
from storage.records import Contact, Platform
from storage.store import Storage
from tests.support.drawings import recorded
from tests.support.fakes import FixedClock

KID = Contact(Platform.TELEGRAM, "1", "1")
MOM = Contact(Platform.TELEGRAM, "2", "2")


@pytest.fixture
def storage(make_settings) -> Iterator[Storage]:
    opened = open_storage(make_settings())
    yield opened
    opened.database.close()


@pytest.fixture
def conversation(make_settings, storage: Storage) -> Conversation:
    services = Services.build(make_settings(), storage, FixedClock(datetime(2026, 12, 2, 12, tzinfo=UTC)))
    return Conversation(services)


async def drawn(conversation: Conversation, storage: Storage, text: str) -> int:
    """The kid writes `text` and it is drawn (without the engine: the drawing's row is written directly)."""
    receipt = await conversation.service.submit_diary(KID, text)
    assert receipt.job_id is not None
    claimed = await storage.queue.claim_next()
    assert claimed is not None
    drawing = await storage.queue.complete(claimed.job.id, recorded(claimed.job.id))
    assert drawing is not None
    return drawing.id


async def test_again_while_the_newest_diary_is_still_drawing_waits_for_it(
    conversation: Conversation, storage: Storage
) -> None:
    queued = await conversation.service.submit_diary(KID, "수영장에 갔다")
    assert queued.status == "queued"
    for command in (CommandName.AGAIN, CommandName.OTHER, CommandName.MYDRAWINGS):
        assert (await conversation.handle(KID, Command(command))).text == messages.STILL_DRAWING
    await drawn_first(storage)
    assert (await conversation.handle(KID, Command(CommandName.AGAIN))).receipt is not None
    # An older drawing and a newer diary still drawing: "again" is about the newer one.
    await conversation.handle(KID, Command(CommandName.MYDRAWINGS))
    newer = await conversation.service.submit_diary(KID, "할머니 댁에 갔다")
    assert newer.status == "queued"
    assert (await conversation.handle(KID, Command(CommandName.AGAIN))).text == messages.STILL_DRAWING
    assert (await conversation.handle(KID, Command(CommandName.MYDRAWINGS))).drawings, "the ones there are shown"


async def drawn_first(storage: Storage) -> None:
    claimed = await storage.queue.claim_next()
    assert claimed is not None
    await storage.queue.complete(claimed.job.id, recorded(claimed.job.id))


async def test_my_drawings_and_redraws(conversation: Conversation, storage: Storage) -> None:
    assert (await conversation.handle(KID, Command(CommandName.MYDRAWINGS))).text == messages.NO_DRAWINGS
    assert (await conversation.handle(KID, Command(CommandName.AGAIN))).text == messages.NO_DRAWINGS
    first = await drawn(conversation, storage, "강아지랑 놀았다")
    latest = await drawn(conversation, storage, "공원에 갔다")
    shown = await conversation.handle(KID, Command(CommandName.MYDRAWINGS))
    assert [drawing.id for drawing in shown.drawings] == [latest, first]
    assert shown.timezone == "Asia/Seoul"  # the child's: the days shown are theirs
    # Without a drawing id the latest is drawn again; with one, that one; the same request key queues once.
    again = await conversation.handle(KID, Command(CommandName.AGAIN), request_key="k1")
    assert again.receipt is not None
    assert again.receipt.status == "queued"
    assert again.text == messages.redraw_started("happiness", 0, other_mood=False)
    repeat = await conversation.handle(KID, Command(CommandName.AGAIN), request_key="k1")
    assert repeat.receipt is not None
    assert repeat.receipt.status == "duplicate"
    other = await conversation.handle(KID, Command(CommandName.OTHER, str(first)), request_key="k2")
    assert other.text == messages.redraw_started("sadness", 1, other_mood=True)
    stranger = await conversation.handle(MOM, Command(CommandName.AGAIN, str(first)), request_key="k3")
    assert stranger.text == messages.DRAWING_NOT_FOUND


async def test_forget_asks_with_a_confirm_action_then_deletes(conversation: Conversation, storage: Storage) -> None:
    await drawn(conversation, storage, "비밀 일기")
    asked = await conversation.handle(KID, parse_command("/forget") or Command(CommandName.UNKNOWN))
    assert asked.text == messages.FORGET_ASK
    [action] = asked.actions
    assert action.command == Command(CommandName.FORGET, "confirm")
    done = await conversation.handle(KID, action.command)
    assert (done.text, done.actions) == (messages.FORGET_DONE, [])
    assert await storage.database.run(lambda db: db["entries"].count) == 0


async def test_albums_are_for_linked_parents_only(conversation: Conversation) -> None:
    assert (await conversation.handle(MOM, Command(CommandName.ALBUM))).text == messages.ALBUM_NONE_LINKED
    code = await conversation.family.parent_code(KID)
    assert (await conversation.handle(MOM, Command(CommandName.LINK, f"{code} 민지"))).text is not None
    reply = await conversation.handle(MOM, Command(CommandName.ALBUM, "지난주"))
    assert reply.parent is not None
    assert reply.parent.platform_user_id == MOM.platform_user_id
    assert [album.album.nickname for album in reply.albums] == ["민지"]
    # A child (here: with a parent linked) is answered in a child's words, never in a parent's 해요체.
    assert (await conversation.handle(KID, Command(CommandName.ALBUM))).text == messages.PARENTS_ONLY
    assert (await conversation.handle(KID, Command(CommandName.CHILDREN))).text == messages.PARENTS_ONLY


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("/help", SLASH_HELP),
        ("/dance", messages.UNKNOWN_COMMAND),
        ("/style 슬픔", messages.style_set("sadness")),
        ("/remind 끄기", messages.remind_off("/remind 저녁 7시")),
        ("/unlink", messages.NOT_LINKED),
    ],
)
async def test_text_commands(conversation: Conversation, text: str, reply: str) -> None:
    command = parse_command(text)
    assert command is not None
    assert (await conversation.handle(KID, command)).text == reply


ASKED_ABOUT = "방학 시작"
"""A message the reading cannot tell (a diary, or a word said in passing): the child is asked."""


async def entry_states(storage: Storage) -> list[tuple[str, str]]:
    return await storage.database.run(lambda db: [(row["text"], row["status"]) for row in db["entries"].rows])


@pytest.mark.parametrize(
    ("text", "kind"),
    [("안녕!", talk.TalkKind.GREETING), ("고마워 ㅎㅎ", talk.TalkKind.THANKS), ("너 누구야?", talk.TalkKind.QUESTION)],
)
async def test_talk_is_answered_warmly_and_never_stored(
    conversation: Conversation, storage: Storage, text: str, kind: talk.TalkKind
) -> None:
    reply = await conversation.diary(KID, text)
    assert reply.text == talk.talk_answer(kind, "/help")
    assert reply.receipt is None
    assert await entry_states(storage) == []


async def test_a_message_it_cannot_tell_is_kept_and_drawn_when_the_child_says_yes(
    conversation: Conversation, storage: Storage
) -> None:
    assert reading_of(ASKED_ABOUT) is Reading.ASK
    asked = await conversation.diary(KID, ASKED_ABOUT)
    assert asked.text == talk.ASK_DRAW
    assert asked.receipt is not None
    assert [(action.command, action.kind) for action in asked.actions] == [
        (Command.answer(asked.receipt.entry_id, draw=True), ActionKind.DRAW_ASKED),
        (Command.answer(asked.receipt.entry_id, draw=False), ActionKind.SKIP_ASKED),
    ]
    assert await entry_states(storage) == [(ASKED_ABOUT, "asked")]
    assert await storage.queue.claim_next() is None, "nothing is drawn before the answer"
    # Yes, said in words (no id: the latest message asked about).
    yes = await conversation.handle(KID, parse_command("응 그려 줘") or Command(CommandName.UNKNOWN), said="응 그려 줘")
    assert yes.receipt is not None
    assert yes.receipt.status == "queued"
    assert yes.text == messages.acknowledgement(0)
    assert await entry_states(storage) == [(ASKED_ABOUT, "queued")]
    # The same button pressed again draws nothing more.
    again = await conversation.handle(KID, Command.answer(asked.receipt.entry_id, draw=True))
    assert again.receipt is not None
    assert again.receipt.status == "duplicate"
    assert await storage.queue.counts() == {"queued": 1, "running": 0, "done": 0, "failed": 0}


async def test_no_deletes_the_message_and_a_stranger_cannot_answer_for_the_child(
    conversation: Conversation, storage: Storage
) -> None:
    asked = await conversation.diary(KID, ASKED_ABOUT)
    assert asked.receipt is not None
    stranger = await conversation.handle(MOM, Command.answer(asked.receipt.entry_id, draw=True))
    assert stranger.text == talk.NOTHING_ASKED
    assert await entry_states(storage) == [(ASKED_ABOUT, "asked")]
    no = await conversation.handle(KID, Command.answer(asked.receipt.entry_id, draw=False))
    assert no.text == talk.SKIPPED
    assert await entry_states(storage) == []
    # With nothing asked, yes in words is a request for a drawing, and a bare "응" is talk.
    assert (await conversation.handle(KID, Command(CommandName.DRAW), said="그려 줘")).text == talk.NOTHING_ASKED
    assert (await conversation.handle(KID, Command(CommandName.DRAW), said="응")).text == talk.talk_answer(
        talk.TalkKind.TALK, "/help"
    )


async def test_a_message_asked_about_and_left_unanswered_goes_after_a_day(
    conversation: Conversation, storage: Storage
) -> None:
    asked = await conversation.diary(KID, ASKED_ABOUT, source_key="telegram:1:7")
    assert asked.receipt is not None
    # Stored, but not yet safe to call received: its question may not have reached the child.
    assert not await storage.diaries.entry_exists("telegram:1:7")
    await storage.database.run(lambda db: db.execute("UPDATE entries SET created_at = '2020-01-01T00:00:00.000000Z'"))
    assert (await conversation.handle(KID, Command(CommandName.DRAW), said="그려 줘")).text == talk.NOTHING_ASKED
    # Its button, pressed after a day, neither draws it nor says it was received.
    late = await conversation.handle(KID, Command.answer(asked.receipt.entry_id, draw=True))
    assert late.text == talk.NOTHING_ASKED
    await conversation.privacy.expire_old()
    assert await entry_states(storage) == []


async def test_without_buttons_the_question_names_the_words_to_send(make_settings, storage: Storage) -> None:
    services = Services.build(make_settings(), storage, FixedClock(datetime(2026, 12, 2, 12, tzinfo=UTC)))
    reply = await Conversation(services, buttons=False).diary(KID, ASKED_ABOUT)
    assert reply.text == "이 이야기를 그림으로 그려 줄까? 🖍️ 그리려면 '그려 줘', 아니면 '아니'라고 보내 줘."
    assert reply.actions == []
