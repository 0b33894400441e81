"""Forgetting as use-cases: a child deletes their own data, a parent a linked child's; old diaries expire."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from bot import messages
from bot.clock import Clock
from bot.jobs.outbound import Outbox
from bot.usecases.commands import ForgetTarget
from bot.usecases.safeguarding import SafeguardingService
from storage.diaries import Diaries
from storage.family import FamilyRepository
from storage.privacy import ErasureRepository
from storage.records import Contact, User

logger = logging.getLogger(__name__)

ADDRESSES_KEPT = timedelta(days=30)
"""How long an album or download address is remembered after it stops opening."""


@dataclass(frozen=True)
class ForgetOutcome:
    status: Literal["ask", "done", "not_found"]
    child: str | None = None
    """The parent's name for the child, when a parent deletes a child's data."""
    number: int | None = None


@dataclass(frozen=True)
class PrivacyOptions:
    """How long diaries are kept (`CRAYON_RETENTION_DAYS`; 0 keeps them) and whom parents ask."""

    retention_days: int = 365
    contact: str = ""
    safeguarding_hold_days: int = 30
    """How long a crisis diary is held for the designated reviewer, even after /forget."""
    reviewer: bool = False
    """A designated reviewer's chat is set (`CRAYON_SAFEGUARDING_TELEGRAM_CHAT_ID`): crises are alerted to them."""


class PrivacyService:
    """`/forget` asks first and then deletes for good; `/forget N` lets a parent delete linked child N's data."""

    def __init__(
        self,
        privacy: ErasureRepository,
        family: FamilyRepository,
        diaries: Diaries,
        outbox: Outbox,
        clock: Clock,
        options: PrivacyOptions,
        *,
        on_forgotten: Callable[[int], Awaitable[None]] | None = None,
        safeguarding: SafeguardingService | None = None,
    ) -> None:
        self.privacy = privacy
        self.family = family
        self.diaries = diaries
        self.outbox = outbox
        self.clock = clock
        self.options = options
        self._on_forgotten = on_forgotten
        self.safeguarding = safeguarding
        """Drops what the running bot holds for a deleted user (sends in progress, timers), awaited before
        anyone is told that the data is gone; None where nothing is held (no bot running)."""

    async def forget(self, sender: Contact, target: ForgetTarget) -> ForgetOutcome:
        number, confirmed = target.child, target.confirmed
        user = await self.diaries.ensure_user(sender)
        if number is None:
            if not confirmed:
                return ForgetOutcome("ask")
            parents = [link.parent for link in await self.family.parents(user.id)]
            # A child who asked for help and then deletes everything: the parents are not told of it.
            if self.safeguarding is not None and await self.safeguarding.cases.has_open_case(user.id):
                parents = []
            files = await self.privacy.forget_user(user.id)
            await self._drop_held(user.id)
            logger.info("user %d forgot their data (%d files removed)", user.id, files)
            for parent in parents:
                await self._tell(parent, messages.CHILD_FORGOT)
            return ForgetOutcome("done")
        children = await self.family.children(user.id)
        if not 1 <= number <= len(children):
            return ForgetOutcome("not_found")
        link = children[number - 1]
        if not confirmed:
            return ForgetOutcome("ask", child=link.nickname, number=number)
        child = link.child
        files = await self.privacy.forget_user(child.id)
        await self._drop_held(child.id)
        # The child is not told: a parent who deletes a diary that asked for help must not be named to it.
        logger.info("a parent deleted user %d's data (%d files removed)", child.id, files)
        return ForgetOutcome("done", child=link.nickname, number=number)

    async def forgotten(self, user: User) -> bool:
        """True when `user` was forgotten since they were read (a /forget while their message was handled)."""
        return not await self.privacy.still_there(user.id)

    async def expire_old(self) -> int:
        """Delete diaries older than `CRAYON_RETENTION_DAYS` (0 keeps them), the crisis diaries held for the
        reviewer whose hold has ended, messages whose "shall I draw it?" went unanswered for a day, and album
        and download addresses a month after they stopped opening; return how many diaries went."""
        if self.safeguarding is not None:
            await self.safeguarding.end_holds()
        unanswered = await self.diaries.forget_unanswered(self.clock.now())
        if unanswered:
            logger.info("deleted %d message(s) left unanswered whether to draw them", unanswered)
        # An old address's page says where to get a new one for a month; then the address is forgotten.
        pruned = await self.privacy.prune_addresses(self.clock.now() - ADDRESSES_KEPT)
        if pruned:
            logger.info("forgot %d album or download address(es) that stopped opening", pruned)
        days = self.options.retention_days
        if days <= 0:
            return 0
        entries, files = await self.privacy.expire(self.clock.now() - timedelta(days=days))
        if entries:
            logger.info("retention: deleted %d entries older than %d days (%d files)", entries, days, files)
        return entries

    async def _drop_held(self, user_id: int) -> None:
        if self._on_forgotten is not None:
            await self._on_forgotten(user_id)

    async def _tell(self, user: User, text: str) -> None:
        if self.outbox.reaches(user):
            try:
                await self.outbox.send_text(user, text)
            except Exception:  # a courtesy: the deletion itself is done
                return
