"""Commands every platform answers the same way: a command in, one Korean text out."""

from __future__ import annotations

from bot import messages
from bot.usecases.commands import Command
from bot.usecases.diaries import DiaryService
from bot.usecases.family import FamilyService
from bot.usecases.privacy import ForgetOutcome, PrivacyService
from bot.usecases.reminders import ReminderService
from storage.records import Contact


class Conversation:
    """The text-only commands; photos, albums and redraws stay with each transport."""

    def __init__(
        self,
        service: DiaryService,
        family: FamilyService,
        reminders: ReminderService,
        privacy: PrivacyService,
        *,
        help_text: str = messages.HELP,
    ) -> None:
        self.service = service
        self.family = family
        self.reminders = reminders
        self.privacy = privacy
        self.help_text = help_text

    async def answer(self, sender: Contact, command: Command) -> str | None:
        """The reply to `command`, or None when the transport answers it itself."""
        name = command.name
        if name == "start":
            await self.service.user(sender)
            return messages.WELCOME
        if name == "help":
            return self.help_text
        if name == "style":
            return await self.style(sender, command.argument)
        if name == "remind":
            return await self.remind(sender, command.argument)
        if name == "parent":
            code = await self.family.parent_code(sender)
            return messages.parent_code(code, self.family.settings.link_code_minutes)
        if name == "link":
            return await self.link(sender, command.argument)
        if name == "children":
            return await self.children(sender)
        if name == "unlink":
            return await self.unlink(sender, command.argument)
        if name == "forget":
            return await self.forget(sender, command.argument)
        if name == "privacy":
            settings = self.family.settings
            return messages.privacy_notice(settings.retention_days, settings.privacy_contact)
        if name == "unknown":
            return messages.UNKNOWN_COMMAND
        return None

    async def forget(self, sender: Contact, argument: str) -> str:
        return (await self.forget_reply(sender, argument))[0]

    async def forget_reply(self, sender: Contact, argument: str) -> tuple[str, ForgetOutcome]:
        """The answer to /forget and what happened (transports add a confirm button when it asks)."""
        outcome = await self.privacy.forget(sender, argument)
        if outcome.status == "not_found":
            return messages.FORGET_NOT_FOUND, outcome
        if outcome.child is not None and outcome.number is not None:
            if outcome.status == "ask":
                return messages.forget_child_ask(outcome.child, outcome.number), outcome
            return messages.forget_child_done(outcome.child), outcome
        return (messages.FORGET_ASK if outcome.status == "ask" else messages.FORGET_DONE), outcome

    async def style(self, sender: Contact, argument: str) -> str:
        change = await self.service.set_style(sender, argument or None)
        if change.status == "set":
            return messages.STYLE_AUTO if change.style is None else messages.style_set(change.style)
        return messages.style_usage(change.style, self.service.style.labels)

    async def remind(self, sender: Contact, argument: str) -> str:
        change = await self.reminders.change(sender, argument or None)
        if change.status == "set":
            return messages.remind_set(change.time)
        if change.status == "off":
            return messages.REMIND_OFF
        if change.status == "invalid":
            return messages.REMIND_USAGE
        return messages.remind_shown(change.time, change.on)

    async def link(self, sender: Contact, argument: str) -> str:
        outcome = await self.family.link(sender, argument)
        if outcome.status == "linked" and outcome.link is not None:
            weekday, time = self.family.albums.schedule_text
            return messages.linked_parent(outcome.link.nickname, weekday, time)
        if outcome.status == "already" and outcome.link is not None:
            return messages.already_linked(outcome.link.nickname)
        return {
            "usage": messages.LINK_USAGE,
            "invalid": messages.LINK_INVALID,
            "expired": messages.LINK_EXPIRED,
            "own": messages.LINK_OWN,
            "too_many": messages.LINK_TOO_MANY,
        }.get(outcome.status, messages.LINK_INVALID)

    async def children(self, sender: Contact) -> str:
        links = await self.family.children(sender)
        if not links:
            return messages.NO_CHILDREN
        return messages.children_list([(link.nickname, link.created_at[5:10].replace("-", "/")) for link in links])

    async def unlink(self, sender: Contact, argument: str) -> str:
        outcome = await self.family.unlink(sender, argument or None)
        if outcome.status == "none":
            return messages.NOT_LINKED
        if outcome.status in ("choose", "not_found"):
            return messages.unlink_choose([link.nickname for link in outcome.choices])
        removed = outcome.removed
        if len(removed) == 1 and removed[0].parent.platform_user_id == sender.platform_user_id:
            return messages.unlinked(removed[0].nickname)
        return messages.UNLINKED_CHILD
