"""A member's own profile (/settings): name, position, time zone; the organisation's name
and municipality."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import tasks
from bot.services.onboarding import address_form_of
from storage import agreements, meetings, orgs, timezone_moves
from storage.models.org import AddressForm
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
    """Change the member's name or position; a new name that tells the form of address
    sets it (one that does not keeps the old); commits."""
    form = address_form_of(full_name) if full_name is not None else None
    updated = await orgs.update_member_profile(
        session, member.telegram_id, full_name=full_name, position=position, address_form=form
    )
    await session.commit()
    return updated or member


async def set_address_form(session: AsyncSession, member: MemberInfo, form: str) -> MemberInfo:
    """The member chose how the bot speaks of them (AddressForm value); commits."""
    updated = await orgs.update_member_profile(
        session, member.telegram_id, address_form=AddressForm(form).value
    )
    await session.commit()
    return updated or member


async def ensure_address_form(session: AsyncSession, member: MemberInfo) -> MemberInfo:
    """A member from before the form of address was kept: derived from the name once, when
    it tells it (commits then); otherwise the member as is."""
    if member.address_form is not None:
        return member
    form = address_form_of(member.full_name)
    if form is None:
        return member
    return await set_address_form(session, member, form)


async def rename_organisation(
    session: AsyncSession,
    member: MemberInfo,
    *,
    name: str | None = None,
    municipality: str | None = None,
    now: datetime,
) -> MemberInfo:
    """Change the organisation's name or municipality (its admins only); commits. Returns
    the member as seen afterwards."""
    if not member.is_admin:
        return member
    await orgs.update_organisation(
        session, member.organisation_id, name=name, municipality=municipality, now=now
    )
    await session.commit()
    return await orgs.get_member_info(session, member.telegram_id) or member


@dataclass(frozen=True, slots=True)
class ZoneMove:
    """A planned meeting of the member whose clock time a change of zone concerns."""

    meeting_id: int
    partner_name: str
    local: datetime  # as the member sees it now (old zone)
    same_moment: datetime  # the same moment on the new zone's clock


def same_clock(moment: datetime, old_zone: str, new_zone: str) -> datetime:
    """The moment (UTC) showing on the new zone's clock what `moment` shows on the old one:
    15:00 at UTC+2 → 15:00 at UTC+5."""
    local = moment.astimezone(ZoneInfo(old_zone))
    return local.replace(tzinfo=ZoneInfo(new_zone)).astimezone(UTC)


async def zone_moves(
    session: AsyncSession, member: MemberInfo, timezone: str, *, now: datetime
) -> list[ZoneMove]:
    """The member's planned meetings still to come whose clock time differs in `timezone`:
    before a change the member chooses to keep their clock times or their moments."""
    old, new = ZoneInfo(member.timezone), ZoneInfo(timezone)
    moves = []
    for meeting, name in await timezone_moves.upcoming_planned(
        session, member.organisation_id, member.id, now
    ):
        local, shifted = meeting.starts_at.astimezone(old), meeting.starts_at.astimezone(new)
        if local.replace(tzinfo=None) != shifted.replace(tzinfo=None):
            moves.append(ZoneMove(meeting.id, name, local, shifted))
    return moves


async def change_timezone(
    session: AsyncSession,
    member: MemberInfo,
    timezone: str,
    *,
    now: datetime,
    reminders: Waker | None = None,
    keep_clock: bool = False,
) -> MemberInfo:
    """Move the member to another time zone. `keep_clock`: their planned meetings still to
    come keep their clock time (15:00 stays 15:00: the stored moments move); otherwise they
    keep their moments (and show at another hour). Their reminders still to come are
    re-planned in the new zone (agreements' at 10:00 local, meetings' at 18:00 the evening
    before, two hours before and when it ends, tasks' at 09:00 or the time typed); commits,
    then makes sure the reminder engine wakes up for the earliest of them."""
    if keep_clock:
        for meeting, _ in await timezone_moves.upcoming_planned(
            session, member.organisation_id, member.id, now
        ):
            starts_at = same_clock(meeting.starts_at, member.timezone, timezone)
            await timezone_moves.move_meeting(session, meeting, starts_at, timezone, now)
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
