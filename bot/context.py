"""`ctx`: what a member's handler needs besides the event, in one argument.

Built for every update from a registered member (bot/middlewares.py), so a handler reads
`ctx.session`, `ctx.member`, `ctx.state`, `ctx.tx`, `ctx.now()` instead of taking five
parameters and threading them through every helper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.fsm.context import FSMContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from storage.orgs import MemberInfo
from texts import Texts


@dataclass(frozen=True, slots=True)
class Ctx:
    session: AsyncSession
    member: MemberInfo
    state: FSMContext
    tx: Texts
    clock: Clock

    @property
    def org(self) -> int:
        """The member's organisation: every query is scoped by it."""
        return self.member.organisation_id

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.member.timezone)

    def now(self) -> datetime:
        """The current moment (aware, UTC) from the injected clock."""
        return self.clock.now()

    def today(self) -> date:
        """The member's local date."""
        return self.clock.now().astimezone(self.tz).date()

    def render(self, name: str, /, **context: Any) -> str:
        return self.tx.render(name, **context)
