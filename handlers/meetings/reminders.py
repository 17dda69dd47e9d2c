"""What the meeting reminders say: the evening before, two hours before, and the follow-up
"how did it go?" when the meeting ends. The reminder engine (bot/reminders.py) calls these
with its own session and commits; they render only (None: the reminder no longer makes
sense, e.g. the meeting was cancelled or the member turned that reminder off)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminder_types import Outgoing, ReminderRenderer
from bot.services import meetings as service
from handlers.meetings import keyboards
from handlers.meetings.view import render, when
from storage import meetings as db
from storage.models import Meeting, MeetingStatus, Member, Partner, Reminder
from texts import Texts, buttons

EVE, SOON = "eve", "soon"  # texts/templates/reminders/meeting_<kind>.html


async def _context(
    session: AsyncSession, reminder: Reminder
) -> tuple[Meeting, Partner, Member] | None:
    """The planned meeting a reminder is about, its partner and the recipient."""
    meeting = await db.get_meeting_by_id(session, reminder.organisation_id, reminder.ref_id)
    if meeting is None or meeting.status != MeetingStatus.PLANNED:
        return None
    partner = await db.partner_of(session, meeting)
    person = await db.get_member(session, reminder.organisation_id, reminder.member_id)
    if partner is None or person is None:
        return None
    return meeting, partner, person


def _followup(tx: Texts, meeting: Meeting, partner: Partner, person: Member) -> Outgoing:
    text = render(
        tx,
        "reminders/meeting_followup.html",
        partner=partner,
        when=when(meeting.starts_at, person.timezone),
    )
    return Outgoing(text, keyboards.followup(meeting))


async def _instead_of_late(
    session: AsyncSession,
    tx: Texts,
    meeting: Meeting,
    partner: Partner,
    person: Member,
    now: datetime,
) -> Outgoing | None:
    """A pre-meeting reminder delivered after the meeting began (the bot was down): if the
    meeting is over, ask how it went instead (and drop the separate follow-up); otherwise
    nothing (the follow-up will come when it ends)."""
    if meeting.ends_at > now:
        return None
    if not await service.followup_instead(session, meeting):
        return None  # the follow-up was already sent (or the outcome written)
    return _followup(tx, meeting, partner, person)


async def _pre_meeting(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime, kind: str
) -> Outgoing | None:
    found = await _context(session, reminder)
    if found is None:
        return None
    meeting, partner, person = found
    if meeting.starts_at <= now:
        return await _instead_of_late(session, tx, meeting, partner, person, now)
    prefs = await db.get_prefs(session, person.id)
    if kind == EVE:
        if not prefs.eve:
            return None
        if prefs.soon and now >= meeting.starts_at - db.SOON_BEFORE:
            return None  # late (quiet hours, downtime): the 2-hour reminder covers it
    elif not prefs.soon:
        return None
    zone = ZoneInfo(person.timezone)
    today = now.astimezone(zone).date() == meeting.starts_at.astimezone(zone).date()
    text = render(
        tx,
        f"reminders/meeting_{kind}.html",
        m=meeting,
        partner=partner,
        when=when(meeting.starts_at, zone),
        tz_label=buttons.timezone_label(person.timezone),
        today=today,
    )
    return Outgoing(text, keyboards.open_meeting(meeting))


async def render_eve(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    return await _pre_meeting(session, reminder, tx, now, EVE)


async def render_soon(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    return await _pre_meeting(session, reminder, tx, now, SOON)


async def render_followup(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    found = await _context(session, reminder)
    if found is None:
        return None
    return _followup(tx, *found)


# kind → renderer, collected by the reminder engine (bot/app.py collect_renderers)
REMINDER_RENDERERS: dict[str, ReminderRenderer] = {
    db.KIND_EVE: render_eve,
    db.KIND_SOON: render_soon,
    db.KIND_FOLLOWUP: render_followup,
}
