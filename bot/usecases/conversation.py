"""What a child or a parent can ask for, answered the same way on every platform: a command in, a `Reply`
out. Each transport only renders the reply in its own format (a message with buttons, a skill response
with quick replies, lines in a terminal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import assert_never

from bot import messages
from bot.domain import CommandName, Receipt
from bot.jobs.outbound import AlbumMessage
from bot.messages import exports as export_texts
from bot.messages import links as link_texts
from bot.messages import places as place_texts
from bot.messages import talk
from bot.usecases.albums import BookFile
from bot.usecases.commands import SLASH_HELP, Command, ForgetTarget, Week, spelled
from bot.usecases.privacy import ForgetOutcome
from bot.usecases.services import Services
from bot.usecases.understanding import reading_of, talk_kind
from bot.wording import month_day
from engine.message_scorer import Reading
from storage.records import Contact, Drawing, User


class ActionKind(StrEnum):
    """What a button offered with a reply is for (a transport picks its label and its data by it)."""

    CONFIRM_FORGET = "confirm_forget"
    DRAW_ASKED = "draw_asked"
    SKIP_ASKED = "skip_asked"
    SAY_AGAIN = "say_again"
    """No to what was heard in a voice message: the child says it again."""


@dataclass(frozen=True)
class Action:
    """A button or quick reply offered with a reply: what pressing it asks for."""

    command: Command
    kind: ActionKind


@dataclass(frozen=True)
class Reply:
    """A platform-neutral answer: text, drawings to show, a parent's albums, buttons to offer."""

    text: str | None = None
    drawings: list[Drawing] = field(default_factory=list)
    albums: list[AlbumMessage] = field(default_factory=list)
    parent: User | None = None
    """Who the albums are for."""
    actions: list[Action] = field(default_factory=list)
    receipt: Receipt | None = None
    """For a diary or a redraw: what happened to it (the transport may wait for its drawing)."""
    calls: tuple[tuple[str, str], ...] = ()
    """For a child in crisis: the numbers to call, as (label, number), for platforms with call buttons."""
    timezone: str = "UTC"
    """Where the one it answers lives: the dates it shows are theirs."""
    books: list[BookFile] = field(default_factory=list)
    """A parent's monthly books, as files (platforms that send files)."""


class Conversation:
    """Answers every diary and every command. `help_text` is the platform's own help, and `words` says the
    platform's children send commands as Korean words (Kakao's quick replies) rather than slash commands:
    a reply that asks for a command spells it so."""

    def __init__(
        self,
        services: Services,
        *,
        help_text: str = SLASH_HELP,
        words: bool = False,
        buttons: bool = True,
        exports_dir: Path | None = None,
        files: bool = False,
    ) -> None:
        self.services = services
        self.service = services.diaries
        self.family = services.family
        self.reminders = services.reminders
        self.privacy = services.privacy
        self.help_text = help_text
        self.words = words
        self.buttons = buttons
        """The platform shows a reply's actions (buttons, quick replies); without, a question names the words."""
        self.files = files
        """The platform sends files (Telegram's documents): a book comes as its PDF, not as an address."""
        self.exports_dir = exports_dir
        """Where a download is saved as a file, on a platform no server serves (the console); None: an address."""

    async def diary(
        self,
        sender: Contact,
        text: str,
        *,
        source_key: str | None = None,
        reply_to: str | None = None,
        same_text_window_seconds: float = 0,
        question: str | None = None,
    ) -> Reply:
        """A message that is no command, as a reply: a diary stored and queued (or why not) with its receipt,
        the text that tells the child and the numbers to call when the child is in crisis; talk answered and
        not stored; a message that may be either kept and asked about ("그림으로 그려 줄까?"). With `question`
        (words heard in a voice message) it is always kept and asked about so."""
        reading = reading_of(text) if question is None else Reading.ASK
        if reading is Reading.TALK:
            return Reply(talk.talk_answer(talk_kind(text), self._spelled(Command(CommandName.HELP))))
        receipt = await self.service.submit_diary(
            sender,
            text,
            source_key=source_key,
            reply_to=reply_to,
            same_text_window_seconds=same_text_window_seconds,
            ask=reading is Reading.ASK,
        )
        if receipt.status == "asked":
            return self._ask(receipt, question)
        if reading is Reading.ASK and receipt.status == "full":
            # Too many questions left unanswered today: answered as talk, and not kept.
            text = talk.talk_answer(talk.TalkKind.TALK, self._spelled(Command(CommandName.HELP)))
            return Reply(text, receipt=receipt)
        calls = messages.help_calls(receipt.crisis) if receipt.status == "distress" else ()
        return Reply(messages.receipt_text(receipt), receipt=receipt, calls=calls)

    def _ask(self, receipt: Receipt, question: str | None) -> Reply:
        """ "Shall I draw it?" (or `question`) with a yes and a no (named in the text where the platform shows
        no buttons)."""
        yes, no = Command.answer(receipt.entry_id, draw=True), Command.answer(receipt.entry_id, draw=False)
        no_kind = ActionKind.SKIP_ASKED if question is None else ActionKind.SAY_AGAIN
        actions = [Action(yes, ActionKind.DRAW_ASKED), Action(no, no_kind)]
        if question is not None or self.buttons:
            return Reply(question or talk.ask_draw(), receipt=receipt, actions=actions if self.buttons else [])
        words = [f"'{spelled(Command.answer(None, draw=draw), words=True)}'" for draw in (True, False)]
        return Reply(talk.ask_draw(*words), receipt=receipt)

    async def answer_asked(self, sender: Contact, command: Command, said: str) -> Reply:
        """Yes or no to "shall I draw it?". With nothing asked, what the child wrote ("응", "그려 줘") is
        answered as talk, and a button of a question answered before says so."""
        draw = command.name is CommandName.DRAW
        receipt = await self.service.answer_asked(sender, command.drawing_id(), draw=draw)
        if receipt.status != "not_found":
            return Reply(messages.receipt_text(receipt), receipt=receipt)
        if not said:
            return Reply(talk.NOTHING_ASKED if draw else talk.SKIPPED)
        return Reply(talk.talk_answer(talk_kind(said), self._spelled(Command(CommandName.HELP))))

    async def handle(
        self,
        sender: Contact,
        command: Command,
        *,
        request_key: str | None = None,
        retry_window_seconds: float = 0,
        said: str = "",
    ) -> Reply:
        """The reply to `command` (`said` as the child wrote it, when it was written). Redraws take a drawing id
        as the argument (the latest drawing without one) and `request_key` (or, without one, the same request
        within `retry_window_seconds`) queues once."""
        match command.name:
            case CommandName.MYDRAWINGS:
                drawings = await self.service.recent_drawings(sender)
                if not drawings:
                    drawing = await self.service.still_drawing(sender, None)
                    return Reply(messages.STILL_DRAWING if drawing else messages.NO_DRAWINGS)
                return Reply(drawings=drawings, timezone=(await self.service.user(sender)).timezone)
            case CommandName.AGAIN | CommandName.OTHER:
                return await self.redraw(sender, command, request_key, retry_window_seconds)
            case CommandName.ALBUM:
                albums = await self.family.albums_for(sender, last_week=command.week() is Week.LAST)
                if not albums:
                    return Reply(messages.PARENTS_ONLY if await self._is_child(sender) else self._no_children())
                return Reply(albums=albums, parent=await self.family.user(sender))
            case CommandName.FORGET:
                text, outcome = await self.forget_reply(sender, command.forget_target())
                return Reply(text, actions=_confirm_forget(outcome))
            case CommandName.DRAW | CommandName.SKIP:
                return await self.answer_asked(sender, command, said)
            case CommandName.BOOK:
                return await self.book(sender, last_month=command.week() is Week.LAST)
            case _:
                return Reply(await self.answer(sender, command))

    async def redraw(
        self, sender: Contact, command: Command, request_key: str | None, retry_window_seconds: float
    ) -> Reply:
        other = command.name is CommandName.OTHER
        drawing_id = command.drawing_id()
        if drawing_id is None:
            latest = await self.service.recent_drawings(sender)
            # "다시 그려 줘" said while the newest diary is still being drawn is about that one: it comes first.
            if await self.service.still_drawing(sender, latest[0] if latest else None):
                return Reply(messages.STILL_DRAWING)
            if not latest:
                return Reply(messages.NO_DRAWINGS)
            drawing_id = latest[0].id
        receipt = await self.service.redraw(
            sender, drawing_id, other_mood=other, request_key=request_key, same_kind_window_seconds=retry_window_seconds
        )
        if receipt.status == "queued" and receipt.mood is not None:
            return Reply(messages.redraw_started(receipt.mood, receipt.ahead, other_mood=other), receipt=receipt)
        return Reply(messages.receipt_text(receipt), receipt=receipt)

    async def answer(self, sender: Contact, command: Command) -> str:
        """The text answer to a command; those answered with more than text (drawings, albums, buttons) are
        `handle`'s, and a platform's own (quit) is not known here."""
        match command.name:
            case CommandName.START:
                await self.service.user(sender)
                spell = self._spelled
                return messages.welcome(
                    spell(Command(CommandName.STYLE, "행복")),
                    spell(Command(CommandName.MYDRAWINGS)),
                    spell(Command(CommandName.HELP)),
                )
            case CommandName.HELP:
                return self.help_text
            case CommandName.STYLE:
                return await self.style(sender, command.argument)
            case CommandName.REMIND:
                return await self.remind(sender, command.argument)
            case CommandName.PARENT:
                code = await self.family.parent_code(sender)
                link = self._spelled(Command(CommandName.LINK, code))
                return messages.parent_code(code, self.family.options.code_minutes, link)
            case CommandName.LINK:
                return await self.link(sender, command.argument)
            case CommandName.CHILDREN:
                return await self.children(sender)
            case CommandName.UNLINK:
                return await self.unlink(sender, command.argument)
            case CommandName.EXPORT:
                return await self.export(sender)
            case CommandName.CITY:
                return await self.city(sender, command.argument)
            case CommandName.PRIVACY:
                return self._privacy_notice()
            case (
                CommandName.MYDRAWINGS
                | CommandName.AGAIN
                | CommandName.OTHER
                | CommandName.ALBUM
                | CommandName.BOOK
                | CommandName.FORGET
                | CommandName.DRAW
                | CommandName.SKIP
                | CommandName.QUIT
                | CommandName.UNKNOWN
            ):
                return messages.unknown_command(self._spelled(Command(CommandName.HELP)))
            case unreachable:
                assert_never(unreachable)

    async def forget_reply(self, sender: Contact, target: ForgetTarget) -> tuple[str, ForgetOutcome]:
        """The answer to /forget and what happened (transports add a confirm button when it asks)."""
        outcome = await self.privacy.forget(sender, target)
        if outcome.status == "not_found":
            return messages.forget_not_found(self._spelled(Command(CommandName.CHILDREN))), outcome
        confirm = [self._spelled(action.command) for action in _confirm_forget(outcome)]
        if outcome.child is not None and outcome.number is not None:
            if outcome.status == "ask":
                return messages.forget_child_ask(outcome.child, outcome.number, *confirm, button=self.buttons), outcome
            return messages.forget_child_done(outcome.child), outcome
        if outcome.status == "ask":
            return messages.forget_ask(*confirm, button=self.buttons), outcome
        return messages.FORGET_DONE, outcome

    async def is_parent(self, sender: Contact) -> bool:
        """The sender has a child linked: a platform offers them a parent's next steps."""
        return bool(await self.family.children(sender))

    async def _is_child(self, sender: Contact) -> bool:
        """The sender writes diaries or has parents linked: answered in a child's words."""
        return bool(await self.service.recent_drawings(sender) or await self.family.parents_of(sender))

    def _spelled(self, command: Command) -> str:
        """A command as this platform's children send it, quoted when it is words."""
        return f"'{spelled(command, words=True)}'" if self.words else spelled(command, words=False)

    async def style(self, sender: Contact, argument: str) -> str:
        change = await self.service.set_style(sender, argument or None)
        if change.status == "set":
            return messages.STYLE_AUTO if change.style is None else messages.style_set(change.style)
        names = [*(messages.mood_name(label) for label in self.service.style.labels), "자동"]
        choices = [self._spelled(Command(CommandName.STYLE, name)) for name in names]
        asked = argument.strip() if change.status == "invalid" else None
        return messages.style_usage(change.style, choices, asked)

    async def remind(self, sender: Contact, argument: str) -> str:
        change = await self.reminders.change(sender, argument or None)
        example = self._spelled(Command(CommandName.REMIND, messages.REMIND_EXAMPLE))
        off = self._spelled(Command(CommandName.REMIND, "끄기"))
        match change.status:
            case "set":
                return messages.remind_set(change.time)
            case "off":
                return messages.remind_off(example)
            case "invalid":
                return messages.remind_usage(example, off)
            case "night":
                return messages.remind_night(example)
            case "shown":
                return messages.remind_shown(change.time, change.on, example, off)

    async def link(self, sender: Contact, argument: str) -> str:
        outcome = await self.family.link(sender, argument)
        spell = self._spelled
        if outcome.status == "linked" and outcome.link is not None:
            weekday, time = self.family.albums.schedule_text
            return messages.linked_parent(outcome.link.nickname, weekday, time, spell(Command(CommandName.ALBUM)))
        if outcome.status == "already" and outcome.link is not None:
            return messages.already_linked(outcome.link.nickname)
        invalid = link_texts.link_invalid(spell(Command(CommandName.LINK, "428 913 5072")))
        return {
            "usage": link_texts.link_usage(spell(Command(CommandName.LINK, "428 913 5072 민지"))),
            "invalid": invalid,
            "expired": messages.link_expired(self.family.options.code_minutes, spell(Command(CommandName.PARENT))),
            "own": messages.LINK_OWN,
            "too_many": messages.LINK_TOO_MANY,
        }.get(outcome.status, invalid)

    def _no_children(self) -> str:
        spell = self._spelled
        return link_texts.no_children(spell(Command(CommandName.LINK, "코드")), spell(Command(CommandName.PARENT)))

    def _privacy_notice(self) -> str:
        options, forget = self.privacy.options, self._spelled(Command(CommandName.FORGET))
        return messages.privacy_notice(
            options.retention_days,
            options.contact,
            options.safeguarding_hold_days,
            reviewer=options.reviewer,
            album_days=self.family.albums.options.page_days,
            forget=forget,
            forget_child=forget.removesuffix("'") + " 번호" + ("'" if self.words else ""),
            export=self._spelled(Command(CommandName.EXPORT)),
        )

    async def children(self, sender: Contact) -> str:
        links = await self.family.children(sender)
        if not links:
            return messages.PARENTS_ONLY if await self._is_child(sender) else self._no_children()
        return messages.children_list(
            [(link.nickname, month_day(link.created_at, link.parent.timezone)) for link in links],
            self._spelled(Command(CommandName.UNLINK, "번호")),
        )

    async def city(self, sender: Contact, argument: str) -> str:
        place, now = await self.reminders.move(sender, argument)
        parent = bool(await self.family.children(sender))
        example = self._spelled(Command(CommandName.CITY, "뉴욕"))
        if not argument.strip():
            return place_texts.place_shown(place.name, example, parent=parent)
        if place.zone is not None:
            return place_texts.place_set(place.name, now, parent=parent)
        if place.choices:
            return place_texts.place_wide(place.choices, parent=parent)
        return place_texts.place_unknown(example, parent=parent)

    async def book(self, sender: Contact, *, last_month: bool) -> Reply:
        """A parent's monthly 그림책 of each linked child: a PDF where the platform sends files, else an address."""
        links = await self.family.children(sender)
        if not links:
            return Reply(messages.PARENTS_ONLY if await self._is_child(sender) else self._no_children())
        lines, files = await self.services.albums.month_books(links, last_month=last_month, files=self.files)
        return Reply("\n\n".join(lines) if lines else None, books=files)

    async def export(self, sender: Contact) -> str:
        """An address for downloading the sender's records, or where the console saved them."""
        exports = self.services.exports
        if self.exports_dir is not None:
            path = await exports.save(sender, self.exports_dir)
            return export_texts.export_empty(parent=False) if path is None else export_texts.export_saved(str(path))
        offer = await exports.offer(sender)
        if offer.url is None:
            return export_texts.export_empty(parent=offer.parent)
        return export_texts.export_ready(offer.url, parent=offer.parent)

    async def unlink(self, sender: Contact, argument: str) -> str:
        outcome = await self.family.unlink(sender, argument or None)
        if outcome.status == "none":
            return messages.NOT_LINKED_CHILD if await self._is_child(sender) else messages.NOT_LINKED
        if outcome.status in ("choose", "not_found"):
            names = [link.nickname for link in outcome.choices]
            return messages.unlink_choose(names, self._spelled(Command(CommandName.UNLINK, "번호")))
        removed = outcome.removed
        if len(removed) == 1 and removed[0].parent.platform_user_id == sender.platform_user_id:
            return messages.unlinked(removed[0].nickname)
        return link_texts.unlinked_child(self._spelled(Command(CommandName.PARENT)))


def _confirm_forget(outcome: ForgetOutcome) -> list[Action]:
    """The confirm button under /forget's question."""
    if outcome.status != "ask":
        return []
    return [Action(Command.forget(ForgetTarget(outcome.number, confirmed=True)), ActionKind.CONFIRM_FORGET)]
