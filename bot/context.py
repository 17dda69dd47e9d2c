"""`ctx`: what a member's handler needs besides the event, in one argument.

Built for every update from a registered member (bot/middlewares.py), so a handler reads
`ctx.session`, `ctx.member`, `ctx.state`, `ctx.tx`, `ctx.now()` instead of taking five
parameters and threading them through every helper.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from aiogram.fsm.context import FSMContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.workers import Workers
from storage.orgs import MemberInfo
from texts import Texts

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Ctx:
    session: AsyncSession
    member: MemberInfo
    state: FSMContext
    tx: Texts
    clock: Clock
    workers: Workers | None = None  # the process for heavy work (None: a worker thread)

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

    def expect_heavy(self) -> None:
        """A screen that leads to heavy work is shown: start the worker process now, while
        the member reads it."""
        if self.workers is not None:
            self.workers.prepare()

    async def heavy(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` off the event loop: in the worker process (bot/workers.py), else in a
        thread. Give it to services as their `run`."""
        if self.workers is None:
            return await asyncio.to_thread(fn, *args)
        return await self.workers.run(fn, *args)
