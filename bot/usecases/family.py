"""Parent links as use-cases: a child asks for a code, a parent links with it, either side can unlink."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from bot import messages
from bot.clock import Clock
from bot.domain import CommandName
from bot.jobs.outbound import AlbumMessage, Outbox
from bot.messages import links
from bot.usecases.albums import AlbumService, week_start
from bot.usecases.commands import Command, said_on, split_code
from storage.diaries import Diaries
from storage.family import FamilyRepository, LinkStatus
from storage.records import Contact, Link, User

FAILURE_WINDOW = timedelta(minutes=15)
NICKNAME_CHARS = 20


@dataclass(frozen=True)
class LinkOutcome:
    status: LinkStatus | Literal["usage"]
    link: Link | None = None


@dataclass(frozen=True)
class UnlinkOutcome:
    status: Literal["removed", "choose", "none", "not_found"]
    removed: list[Link] = field(default_factory=list)
    choices: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class LinkOptions:
    """How parent-link codes work (`CRAYON_LINK_*`)."""

    code_minutes: int = 30
    max_failures: int = 5
    max_platform_failures: int = 50


class FamilyService:
    """What a child and a parent can do about links and albums; every query is scoped to the sender."""

    def __init__(
        self,
        family: FamilyRepository,
        diaries: Diaries,
        albums: AlbumService,
        outbox: Outbox,
        clock: Clock,
        options: LinkOptions,
    ) -> None:
        self.family = family
        self.diaries = diaries
        self.albums = albums
        self.outbox = outbox
        self.clock = clock
        self.options = options

    async def user(self, sender: Contact) -> User:
        return await self.diaries.ensure_user(sender)

    async def parent_code(self, sender: Contact) -> str:
        """A one-time code the child gives a parent (valid `link_code_minutes`, usable once)."""
        child = await self.user(sender)
        valid_for = timedelta(minutes=self.options.code_minutes)
        return await self.family.create_code(child.id, now=self.clock.now(), valid_for=valid_for)

    async def link(self, sender: Contact, argument: str) -> LinkOutcome:
        """`CODE [nickname]` from the parent's own chat (the code's digits may come in groups: `428 913 5072
        민지`); the child is told too."""
        code, nickname = split_code(argument)
        if not code:
            return LinkOutcome("usage")
        parent = await self.user(sender)
        count = len(await self.family.children(parent.id))
        name = " ".join(nickname.split())[:NICKNAME_CHARS] or f"아이 {count + 1}"
        result = await self.family.redeem(
            parent.id,
            code,
            nickname=name,
            now=self.clock.now(),
            max_failures=self.options.max_failures,
            max_platform_failures=self.options.max_platform_failures,
            failure_window=FAILURE_WINDOW,
        )
        if result.status == "linked" and result.link is not None:
            await self._tell(result.link.child, messages.LINKED_CHILD)
        return LinkOutcome(result.status, result.link)

    async def children(self, sender: Contact) -> list[Link]:
        return await self.family.children((await self.user(sender)).id)

    async def parents_of(self, sender: Contact) -> list[Link]:
        """The sender's links as a child."""
        return await self.family.parents((await self.user(sender)).id)

    async def unlink(self, sender: Contact, argument: str | None) -> UnlinkOutcome:
        """A parent unlinks child number N (or the only one); a child unlinks all their parents."""
        user = await self.user(sender)
        as_parent = await self.family.children(user.id)
        as_child = await self.family.parents(user.id)
        if not as_parent and not as_child:
            return UnlinkOutcome("none")
        if as_parent:
            choice = (argument or "").strip()
            if not choice and len(as_parent) > 1:
                return UnlinkOutcome("choose", choices=as_parent)
            index = int(choice) - 1 if choice.isdigit() else 0 if not choice else -1
            if not 0 <= index < len(as_parent):
                return UnlinkOutcome("not_found", choices=as_parent)
            targets = [as_parent[index]]
        else:
            targets = as_child
        removed = []
        for link in targets:
            gone = await self.family.unlink(link.id, user.id)
            if gone is not None:
                removed.append(gone)
                if gone.parent.id == user.id:
                    # Told in the child's own platform's words (`'부모 연결'` on Kakao, `/parent` on Telegram).
                    parent = said_on(Command(CommandName.PARENT), gone.child.platform)
                    await self._tell(gone.child, links.unlinked_by_parent(parent))
                else:
                    await self._tell(gone.parent, messages.unlinked_other_side(gone.nickname))
        return UnlinkOutcome("removed", removed=removed)

    async def albums_for(self, sender: Contact, *, last_week: bool) -> list[AlbumMessage]:
        """The parent's albums on demand (`/album`, `/album last`): only their own children's."""
        parent = await self.user(sender)
        messages = []
        for link in await self.family.children(parent.id):
            start = week_start(self.clock.now(), parent.timezone) - timedelta(days=7 if last_week else 0)
            messages.append(await self.albums.message(link, start))
        return messages

    async def _tell(self, user: User, text: str) -> None:
        if self.outbox.reaches(user):
            try:
                await self.outbox.send_text(user, text)
            except Exception:  # telling the other side is a courtesy; the link itself is done
                return
