"""What the designated reviewer does with a child's call for help: read the alerts, list and open the cases,
resolve them with a note. Every view and resolution is recorded (who, when); no diary text goes to a log."""

from __future__ import annotations

import logging
from typing import Literal
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.jobs.safeguarding import SafeguardingAlerts
from bot.messages import reviewer
from storage.safeguarding import AuditEntry, Case, SafeguardingRepository

logger = logging.getLogger(__name__)


class SafeguardingService:
    """The cases, their alerts to the reviewer's chat, and the reviewer's own commands."""

    def __init__(self, cases: SafeguardingRepository, clock: Clock, *, timezone: str = "Asia/Seoul") -> None:
        self.cases = cases
        self.clock = clock
        self.timezone = timezone
        self.alerts = SafeguardingAlerts(cases, clock, self.alert_text)

    def alert_text(self, case: Case) -> str:
        """The alert as the reviewer reads it, with the time in the bot's time zone."""
        return reviewer.safeguarding_alert(case, case.created_at.astimezone(ZoneInfo(self.timezone)))

    async def overview(self, *, include_resolved: bool = False) -> list[Case]:
        """Open cases (all with `include_resolved`), newest first; no diary text in them is logged."""
        return await self.cases.cases(include_resolved=include_resolved)

    async def show(self, case_id: int, reviewer: str) -> tuple[Case, list[AuditEntry]] | None:
        """A case whole (its diary too) and its audit; the view itself is recorded first."""
        case = await self.cases.case(case_id)
        if case is None:
            return None
        await self.cases.record_view(case_id, reviewer)
        logger.info("safeguarding case %d viewed", case_id)
        return case, await self.cases.audit(case_id)

    async def resolve(self, case_id: int, reviewer: str, note: str) -> Literal["resolved", "closed", "not_found"]:
        """Close a case with the reviewer's note; its copy of the diary is deleted."""
        if await self.cases.case(case_id) is None:
            return "not_found"
        if not await self.cases.resolve(case_id, reviewer, note):
            return "closed"
        logger.info("safeguarding case %d resolved", case_id)
        return "resolved"

    async def end_holds(self) -> int:
        """Delete the diary copies whose hold ended unreviewed (kind and time stay for the record)."""
        ended = await self.cases.end_holds(self.clock.now())
        if ended:
            logger.info("safeguarding: the hold of %d case(s) ended; their diary copies are deleted", ended)
        return ended
