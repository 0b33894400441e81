"""Evening reminders: a child who has not written by their reminder time (in their time zone) hears from us."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot import messages
from bot.clock import Clock
from bot.domain import CommandName
from bot.errors import RecipientUnreachable
from bot.jobs.outbound import Outbox
from bot.usecases.commands import Command, said_on
from bot.usecases.places import Place, name_of, place_of
from bot.usecases.times import OFF_WORDS, ON_WORDS, at_night, parse_time, switch_word
from storage.diaries import Diaries
from storage.records import Contact, User
from storage.reminders import ReminderRepository

logger = logging.getLogger(__name__)

DAILY_FOR = 3
"""Quiet evenings (no diary) reminded every day; then every other day up to `WEEKLY_AFTER`, then weekly."""
WEEKLY_AFTER = 7


@dataclass(frozen=True)
class ReminderChange:
    status: Literal["set", "off", "shown", "invalid", "night"]
    time: str
    on: bool


def local_day(moment: datetime, timezone: str) -> tuple[str, datetime, datetime]:
    """The local date of `moment` in `timezone`, and that day's start and end (as aware datetimes)."""
    zone = ZoneInfo(timezone)
    local = moment.astimezone(zone)
    start = datetime(local.year, local.month, local.day, tzinfo=zone)
    end = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return start.date().isoformat(), start, end


class ReminderService:
    """Decides who is due and sends each reminder at most once per child per local day."""

    def __init__(
        self,
        reminders: ReminderRepository,
        diaries: Diaries,
        outbox: Outbox,
        clock: Clock,
        *,
        grace: timedelta = timedelta(hours=2),
    ) -> None:
        self.reminders = reminders
        self.diaries = diaries
        self.outbox = outbox
        self.clock = clock
        self.grace = grace

    async def change(self, sender: Contact, argument: str | None) -> ReminderChange:
        """`/remind 저녁 7시` (any time `bot.usecases.times.parse_time` reads) sets and turns on, unless it is
        at night; `/remind 끄기` (꺼 줘, off) turns off, `/remind` shows."""
        user = await self.diaries.ensure_user(sender)
        word = switch_word(argument or "")
        if not word:
            return ReminderChange("shown", user.reminder_time, user.reminders_on)
        if word in OFF_WORDS:
            await self.reminders.set_time(user.id, None)
            return ReminderChange("off", user.reminder_time, False)
        time = user.reminder_time if word in ON_WORDS else parse_time(argument or "")
        if time is None:
            return ReminderChange("invalid", user.reminder_time, user.reminders_on)
        if at_night(time):
            return ReminderChange("night", user.reminder_time, user.reminders_on)
        await self.reminders.set_time(user.id, time)
        return ReminderChange("set", time, True)

    async def move(self, sender: Contact, words: str) -> tuple[Place, str]:
        """`/city 뉴욕`: the sender's zone set to the place's when it is known. Returns the place and the time
        of day there now (`08:05`), or, without `words`, the place the sender's zone is (if it has a name)."""
        user = await self.diaries.ensure_user(sender)
        if not words.strip():
            place = Place(user.timezone, name_of(user.timezone))
        else:
            place = place_of(words)
            if place.zone is not None:
                await self.reminders.set_timezone(user.id, place.zone)
        now = self.clock.now().astimezone(ZoneInfo(place.zone or user.timezone))
        return place, f"{now:%H:%M}"

    async def due(self, now: datetime, *, any_time: bool = False) -> list[tuple[User, str]]:
        """Children to remind now: their time has come (within the grace), nothing written today, none sent.

        With `any_time`, the time of day is ignored (`crayon remind --now`).
        """
        found = []
        for user in await self.reminders.candidates():
            if not self.outbox.reaches(user):
                continue
            local_date, start, end = local_day(now, user.timezone)
            hour, minute = (int(part) for part in user.reminder_time.split(":"))
            at = start.replace(hour=hour, minute=minute)
            if not any_time and not (at <= now < at + self.grace):
                continue
            if await self.reminders.wrote_between(user.id, start, end):
                continue
            if not any_time and not await self._not_nagging(user, start):
                continue
            found.append((user, local_date))
        return found

    async def _not_nagging(self, user: User, today: datetime) -> bool:
        """Whether a reminder today keeps the pace: daily for three quiet evenings, then every other day, after
        a week once a week, and daily again once the child writes."""
        since = await self.reminders.quiet_since(user.id)
        if since is None:
            return True
        quiet = (today.date() - since.astimezone(today.tzinfo).date()).days
        if quiet <= DAILY_FOR:
            return True
        if quiet <= WEEKLY_AFTER:
            return (quiet - DAILY_FOR) % 2 == 0
        return (quiet - WEEKLY_AFTER) % 7 == 0

    async def send_due(self, *, any_time: bool = False) -> int:
        """Send every due reminder once; a failed one is released and tried again on the next pass."""
        now = self.clock.now()
        sent = 0
        for user, local_date in await self.due(now, any_time=any_time):
            if not await self.reminders.claim(user.id, local_date, now):
                continue
            try:
                off = said_on(Command(CommandName.REMIND, "끄기"), user.platform)
                await self.outbox.send_text(user, messages.reminder(user.id, local_date, off))
            except Exception as error:
                logger.warning("reminder for user %d failed: %s", user.id, type(error).__name__)
                if not isinstance(error, RecipientUnreachable):
                    await self.reminders.release(user.id, local_date)
                continue
            sent += 1
        if sent:
            logger.info("sent %d reminder(s)", sent)
        return sent
