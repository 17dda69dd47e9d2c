"""A member's own profile (/settings): name, position, time zone."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import tasks
from storage import agreements, meetings, orgs
from storage.orgs import MemberInfo


class Waker(Protocol):
    """The reminder engine (bot/reminders.py), as far as a re-plan needs it."""

    def notify(self, due_at: datetime) -> None: ...


async def update_profile(
    session: AsyncSession,
    member: MemberInfo,
    *,
    full_name: str | None = None,
    position: str | None = None,
) -> MemberInfo:
    """Change the member's name or position; commits."""
    updated = await orgs.update_member_profile(
        session, member.telegram_id, full_name=full_name, position=position
    )
    await session.commit()
    return updated or member


async def change_timezone(
    session: AsyncSession,
    member: MemberInfo,
    timezone: str,
    *,
    now: datetime,
    reminders: Waker | None = None,
) -> MemberInfo:
    """Move the member to another time zone. Their reminders still to come are re-planned
    in it (agreements' at 10:00 local, meetings' at 18:00 the evening before, tasks' at
    09:00 or the time typed); commits, then
    makes sure the reminder engine wakes up for the earliest of them."""
    updated = await orgs.update_member_profile(session, member.telegram_id, timezone=timezone)
    agreement_moments = await agreements.timezone_changed(
        session, member.organisation_id, member.id, timezone, now
    )
    meeting_moments = await meetings.replan_member(
        session, member.organisation_id, member.id, timezone, now
    )
    task_moments = await tasks.replan_member(session, member, timezone, now)
    await session.commit()
    if reminders is not None:
        for moments in (meeting_moments, agreement_moments, task_moments):
            if moments:
                reminders.notify(moments[0])
    return updated or member
