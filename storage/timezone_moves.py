"""Queries for a member's change of time zone: the planned meetings it concerns, and moving
them so that their clock time stays (no commit).

Why a module of its own, not storage/meetings.py: that module belongs to the meetings
feature; these two functions serve the member's settings (bot/services/members.py), which
re-plans the moved meetings' reminders through storage.meetings.replan_member."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Meeting, MeetingStatus, Partner


async def upcoming_planned(
    session: AsyncSession, organisation_id: int, member_id: int, now: datetime
) -> list[tuple[Meeting, str]]:
    """The member's own planned meetings still to come, soonest first, with the partner's
    name."""
    result = await session.execute(
        select(Meeting, Partner.name)
        .join(Partner, Partner.id == Meeting.partner_id)
        .where(
            Meeting.organisation_id == organisation_id,
            Meeting.member_id == member_id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [(meeting, name) for meeting, name in result.all()]


async def move_meeting(
    session: AsyncSession, meeting: Meeting, starts_at: datetime, timezone: str, now: datetime
) -> None:
    """The meeting now starts at `starts_at` (UTC), planned in `timezone` (no commit; its
    reminders are the caller's to re-plan)."""
    meeting.starts_at = starts_at
    meeting.timezone = timezone
    meeting.updated_at = now
    await session.flush()
