"""The use-cases: what a child can do, in plain values, knowing nothing of Telegram or Kakao."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.clock import Clock, SystemClock
from bot.domain import Receipt
from bot.jobs.safeguarding import new_case
from engine.diary_check import LEARNED, TextCheck, check_diary_text
from engine.errors import StyleError
from engine.stages import new_seed
from engine.style import StyleSpec
from engine.text import clean_diary
from storage.diaries import Diaries, KeptLimits, Submission
from storage.errors import TooManyNewUsersError
from storage.records import Contact, Drawing, EntryStatus, User

logger = logging.getLogger(__name__)

# A crisis diary is kept whole up to this many characters (Telegram's messages are at most 4,096).
CRISIS_KEPT_CHARS = 10_000
# Fewer letters than this (Hangul syllables or Latin letters) is too little to draw: "ㅋㅋㅋ", "😀🎉".
MIN_LETTERS = 2


@dataclass(frozen=True)
class StyleChange:
    status: Literal["set", "shown", "invalid"]
    style: str | None
    """The label now chosen (None: auto)."""


class DiaryService:
    """Submit diaries, choose a style, list drawings, redraw; every write is committed before it returns."""

    def __init__(
        self,
        diaries: Diaries,
        style: StyleSpec,
        *,
        max_diary_chars: int = 2000,
        max_waiting: int = 3,
        kept_limits: KeptLimits | None = None,
        recent_limit: int = 5,
        on_queued: Callable[[], None] = lambda: None,
        on_crisis: Callable[[], None] = lambda: None,
        clock: Clock | None = None,
    ) -> None:
        self.diaries = diaries
        self.clock = clock or SystemClock()
        """When a diary is written, as the albums and reminders count days."""
        self.style = style
        self.max_diary_chars = max_diary_chars
        self.max_waiting = max_waiting
        self.kept_limits = kept_limits or KeptLimits()
        self.recent_limit = recent_limit
        self._on_queued = on_queued
        self._on_crisis = on_crisis
        """A safeguarding case was opened: its alert goes out now rather than at the next pass."""

    async def user(self, sender: Contact) -> User:
        return await self.diaries.ensure_user(sender)

    async def submit_diary(
        self,
        sender: Contact,
        text: str,
        *,
        source_key: str | None = None,
        reply_to: str | None = None,
        same_text_window_seconds: float = 0,
        ask: bool = False,
    ) -> Receipt:
        """Store a diary and queue its drawing; the same `source_key` (or the same text from the same child
        within `same_text_window_seconds`, for platforms without message ids) stores nothing new. With `ask`
        (it may not be a diary) it is kept undrawn until the child says to draw it (`answer_asked`)."""
        cleaned = clean_diary(text)
        if not cleaned:
            return Receipt("empty")
        check = check_diary_text(cleaned)
        if check.verdict == "distress":
            # A child asking for help is heard whatever the length or the letters ("ㅈㄱㅅㄷ").
            return await self._keep_crisis(
                sender, cleaned[:CRISIS_KEPT_CHARS], check, source_key, same_text_window_seconds
            )
        if len(cleaned) > self.max_diary_chars:
            return Receipt("too_long", limit=self.max_diary_chars)
        if not enough_letters(cleaned):
            return Receipt("too_short")
        # An unsafe request gets a gentle no: kept, never drawn.
        keep_as = EntryStatus.BLOCKED if check.verdict == "unsafe" else EntryStatus.ASKED if ask else None
        if keep_as is EntryStatus.BLOCKED:
            logger.info("diary kept without drawing: unsafe (%s)", check.reason)
        submission = await self.diaries.submit(
            sender,
            cleaned,
            source_key=source_key,
            seed=new_seed(),
            max_waiting=self.max_waiting,
            reply_to=reply_to,
            same_text_window_seconds=same_text_window_seconds,
            keep_as=keep_as,
            kept_limits=self.kept_limits,
            now=self.clock.now(),
        )
        return self._receipt(submission, keep_as, worry=check.verdict == "worry")

    def _receipt(self, submission: Submission, keep_as: EntryStatus | None, *, worry: bool) -> Receipt:
        if submission.status == EntryStatus.ASKED:  # asked now, or the same message again before the answer
            return Receipt("asked", entry_id=submission.entry_id)
        if keep_as is EntryStatus.BLOCKED:
            # Past the limit of kept diaries an unsafe request gets the same gentle no, only unstored.
            return Receipt("unsafe", entry_id=submission.entry_id)
        if submission.status == "full":
            logger.info("diary not kept: too many diaries kept but not drawn today")
            return Receipt("full")
        if submission.duplicate:
            return Receipt("duplicate", entry_id=submission.entry_id, job_id=submission.job_id)
        if submission.job_id is None:
            return Receipt("held", entry_id=submission.entry_id, limit=self.max_waiting)
        self._on_queued()
        return Receipt(
            "queued", ahead=submission.ahead, entry_id=submission.entry_id, job_id=submission.job_id, worry=worry
        )

    def help_without_storing(self, text: str) -> Receipt | None:
        """The answer to a crisis diary that cannot be stored at all (a flood of new ids): the help is given
        anyway. None when the text is no crisis."""
        check = check_diary_text(clean_diary(text))
        if check.verdict != "distress":
            return None
        logger.warning("a crisis diary could not be stored (too many new users); the child still gets help")
        return Receipt("distress", crisis=check.kind)

    async def _keep_crisis(
        self, sender: Contact, text: str, check: TextCheck, source_key: str | None, window: float
    ) -> Receipt:
        """Keep a crisis diary with its safeguarding case (never drawn) and answer with help; the help is given
        even when it cannot be stored (a flood of new ids)."""
        logger.info("diary kept without drawing: crisis (%s)", check.reason)
        case = new_case(check, "learned" if check.reason == LEARNED else "rules")
        try:
            submission = await self.diaries.submit(
                sender,
                text,
                source_key=source_key,
                seed=new_seed(),
                max_waiting=self.max_waiting,
                same_text_window_seconds=window,
                keep_as=EntryStatus.DISTRESS,
                case=case,
                now=self.clock.now(),
            )
        except TooManyNewUsersError:
            logger.warning("a crisis diary could not be stored (too many new users); the child still gets help")
            return Receipt("distress", crisis=check.kind)
        self._on_crisis()
        return Receipt("distress", entry_id=submission.entry_id, crisis=check.kind)

    async def answer_asked(self, sender: Contact, entry_id: int | None, *, draw: bool) -> Receipt:
        """The child's answer to "shall I draw it?" (about `entry_id`, or their latest such message): `queued`
        (or `held`) when it is drawn, `skipped` when not, `not_found` when nothing waits for an answer."""
        user = await self.user(sender)
        submission = await self.diaries.answer_asked(
            user.id, entry_id, draw=draw, seed=new_seed(), max_waiting=self.max_waiting, now=self.clock.now()
        )
        if submission is None:
            return Receipt("not_found")
        if submission.status == "deleted":
            return Receipt("skipped")
        return self._receipt(submission, None, worry=False)

    async def was_stored(self, source_key: str) -> bool:
        """True when the message with this key is safely stored."""
        return await self.diaries.entry_exists(source_key)

    async def set_style(self, sender: Contact, choice: str | None) -> StyleChange:
        """`happy|sad|auto` (or 행복/슬픔/자동, or a label) sets the mood of future drawings; None shows it."""
        user = await self.user(sender)
        if choice is None or not choice.strip():
            return StyleChange("shown", user.style)
        try:
            style = self.style.resolve_choice(choice)
        except StyleError:
            return StyleChange("invalid", user.style)
        await self.diaries.set_style(user.id, style)
        return StyleChange("set", style)

    async def recent_drawings(self, sender: Contact) -> list[Drawing]:
        user = await self.user(sender)
        return await self.diaries.recent_drawings(user.id, self.recent_limit)

    async def still_drawing(self, sender: Contact, after: Drawing | None) -> bool:
        """A diary newer than `after` (any, without it) is being drawn for the first time: a redraw or a look
        at the drawings waits for it."""
        user = await self.user(sender)
        newest = await self.diaries.newest_drawing_entry(user.id)
        return newest is not None and (after is None or newest > after.entry_id)

    async def redraw(
        self,
        sender: Contact,
        drawing_id: int,
        *,
        other_mood: bool,
        request_key: str | None,
        same_kind_window_seconds: float = 0,
    ) -> Receipt:
        """Draw a drawing's diary again with a new seed, in the same or the other mood.

        The same `request_key` (or, without one, the same request within `same_kind_window_seconds`)
        queues nothing new.
        """
        user = await self.user(sender)
        drawing = await self.diaries.drawing(drawing_id)
        if drawing is None or drawing.user_id != user.id:
            return Receipt("not_found")
        # Again in the mood the child chose since (`/style 슬픔` then `/again` draws 슬픔), else the drawing's.
        mood = self.other_mood(drawing.emotion) if other_mood else user.style or drawing.emotion
        submission = await self.diaries.add_redraw(
            user.id,
            drawing_id,
            kind="other_mood" if other_mood else "redraw",
            style=mood,
            seed=new_seed(),
            request_key=request_key,
            max_waiting=self.max_waiting,
            same_kind_window_seconds=same_kind_window_seconds,
        )
        if submission is None:
            return Receipt("not_found")
        if submission.duplicate:
            return Receipt("duplicate", entry_id=submission.entry_id, job_id=submission.job_id, mood=mood)
        if submission.job_id is None:
            return Receipt("held", entry_id=submission.entry_id, mood=mood, limit=self.max_waiting)
        self._on_queued()
        return Receipt(
            "queued", ahead=submission.ahead, entry_id=submission.entry_id, job_id=submission.job_id, mood=mood
        )

    def other_mood(self, emotion: str) -> str:
        """The next label after `emotion` (the other one, with two labels)."""
        labels = self.style.labels
        if emotion not in labels:
            return labels[0]
        return labels[(labels.index(emotion) + 1) % len(labels)]


def enough_letters(text: str) -> bool:
    """`text` has enough to draw: `MIN_LETTERS` Hangul syllables or letters of another script (jamo alone,
    ㅋㅋ, and emoji are not letters)."""
    return sum(_is_letter(char) for char in text) >= MIN_LETTERS


def _is_letter(char: str) -> bool:
    return char.isalpha() and not ("\u3131" <= char <= "\u318e" or "\u1100" <= char <= "\u11ff")
