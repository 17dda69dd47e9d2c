"""Meetings with partners: plan, reschedule, prepare, cancel, report; reminder settings.

Each function owns its transaction (writes through storage/, then commits), except
`followup_instead`, which runs inside the reminder engine's (see there). Partner statuses
move only through `bot.domain.statuses`: a meeting planned, the last planned one cancelled,
an outcome agreed or declined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import dates
from bot.domain.statuses import Fact, after
from storage import meetings as db
from storage import partners as partners_db
from storage.enums import PartnerStatus
from storage.models import (
    Meeting,
    MeetingFormat,
    MeetingItem,
    MeetingOutcome,
    MeetingStatus,
    Partner,
    ReminderPrefs,
)
from storage.orgs import MemberInfo
from texts import meetings as words
from texts import shorten


async def _move(
    session: AsyncSession,
    partner: Partner,
    fact: Fact,
    *,
    member_id: int | None,
    now: datetime,
    offer_written: bool = False,
) -> PartnerStatus | None:
    """Apply the status table to a recorded fact (no commit); the new status, or None."""
    new = after(partner.status, fact, offer_written=offer_written)
    if new is not None:
        await partners_db.change_status(session, partner, new, member_id=member_id, now=now)
    return new


# --------------------------------------------------------------------------- planning


def checklist(partner: Partner, format: str) -> list[tuple[str, str]]:
    """The preparation checklist from the partner's offer and ask and the method's advice:
    (kind, text) pairs."""
    items = [
        (
            "offer",
            words.CHECK_OFFER.format(text=shorten(partner.offer, 200))
            if partner.offer
            else words.CHECK_OFFER_EMPTY,
        ),
        (
            "ask",
            words.CHECK_ASK.format(text=shorten(partner.ask, 200))
            if partner.ask
            else words.CHECK_ASK_EMPTY,
        ),
        ("together", words.CHECK_TOGETHER),
        ("materials", words.CHECK_MATERIALS),
    ]
    if format != MeetingFormat.INVITE:
        items.append(("invite", words.CHECK_INVITE))
    if not partner.phone and not partner.contact_person:
        items.append(("contact", words.CHECK_CONTACT))
    return items


async def plan_meeting(
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    *,
    starts_at: datetime,
    place: str | None,
    purpose: str | None,
    format: str,
    now: datetime,
) -> tuple[Meeting, list[datetime]]:
    """A planned meeting with its checklist and reminders; the partner moves to "meeting
    planned" (Fact.MEETING_PLANNED). Returns the meeting and its reminders' moments."""
    meeting = await db.create_meeting(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner.id,
        member_id=member.id,
        starts_at=starts_at,
        timezone=member.timezone,
        place=place,
        purpose=purpose,
        format=format,
        items=checklist(partner, format),
        now=now,
    )
    await _move(session, partner, Fact.MEETING_PLANNED, member_id=member.id, now=now)
    moments = await db.plan_reminders(session, meeting, member.id, member.timezone, now)
    await session.commit()
    return meeting, moments


async def reschedule(
    session: AsyncSession, member: MemberInfo, meeting: Meeting, starts_at: datetime, now: datetime
) -> list[datetime]:
    """Move the meeting; its reminders are re-planned for its owner, in the owner's zone
    (the member who moves it when the owner is gone). Returns the reminders' moments."""
    meeting.starts_at = starts_at
    meeting.updated_at = now
    owner = (
        await db.get_member(session, member.organisation_id, meeting.member_id)
        if meeting.member_id
        else None
    )
    recipient_id, recipient_tz = (
        (owner.id, owner.timezone) if owner else (member.id, member.timezone)
    )
    moments = await db.plan_reminders(session, meeting, recipient_id, recipient_tz, now)
    await session.commit()
    return moments


async def cancel(
    session: AsyncSession, meeting: Meeting, *, member_id: int | None, now: datetime
) -> PartnerStatus | None:
    """Cancel the meeting and its reminders. When no planned meeting with the partner is
    left, the partner goes back (Fact.MEETING_CANCELLED): to "offer ready" if the offer and
    the ask are both written, else to "potential". Returns that status, None if it stayed."""
    await db.cancel_meeting(session, meeting, now)
    partner = await db.partner_of(session, meeting)
    back = None
    if partner is not None and not await db.count_planned(
        session, meeting.organisation_id, partner.id
    ):
        written = bool((partner.offer or "").strip() and (partner.ask or "").strip())
        back = await _move(
            session,
            partner,
            Fact.MEETING_CANCELLED,
            member_id=member_id,
            now=now,
            offer_written=written,
        )
    await session.commit()
    return back


# --------------------------------------------------------------------------- the checklist


async def toggle_item(session: AsyncSession, item: MeetingItem) -> None:
    item.done = not item.done
    await session.commit()


async def add_item(session: AsyncSession, meeting: Meeting, text: str) -> None:
    await db.add_item(session, meeting, text)
    await session.commit()


async def remove_item(session: AsyncSession, meeting: Meeting, item: MeetingItem) -> None:
    await db.remove_item(session, meeting, item)
    await session.commit()


# --------------------------------------------------------------------------- after the meeting


@dataclass(frozen=True, slots=True)
class Report:
    """How a meeting went, as the member told it."""

    outcome: str  # MeetingOutcome
    notes: str | None = None
    next_step: str | None = None
    next_day: date | None = None
    voice: str | None = None  # a voice message's file id


async def save_report(
    session: AsyncSession,
    member: MemberInfo,
    meeting: Meeting,
    partner: Partner,
    report: Report,
    now: datetime,
) -> bool:
    """The outcome lands on the meeting and, as a note, on the partner card; "agreed" moves
    the partner on to negotiating (Fact.MEETING_HELD), "declined" to declined
    (Fact.MEETING_DECLINED); the follow-up question is dropped. True if the status moved."""
    zone = member.timezone
    meeting.status = MeetingStatus.DONE
    meeting.outcome = report.outcome
    meeting.notes = report.notes
    meeting.next_step = report.next_step
    if report.next_day is not None:
        local = dates.combine(report.next_day, time(9, 0), zone)
        meeting.next_step_at = local if isinstance(local, datetime) else None
    meeting.reported_at = now
    meeting.updated_at = now
    await db.add_meeting_note(
        session,
        meeting,
        member_id=member.id,
        text=_note_text(meeting, report, zone),
        attachment_file_id=report.voice,
        attachment_kind="voice" if report.voice else None,
        now=now,
    )
    fact = {
        MeetingOutcome.AGREED: Fact.MEETING_HELD,
        MeetingOutcome.DECLINED: Fact.MEETING_DECLINED,
    }.get(report.outcome)
    moved = False
    if fact is not None:
        moved = await _move(session, partner, fact, member_id=member.id, now=now) is not None
    await db.cancel_followup(session, meeting)
    await session.commit()
    return moved


def _note_text(meeting: Meeting, report: Report, zone: str) -> str:
    """The partner card's note: the head (date, outcome), the notes, the next step; a voice
    message alone gets a line saying so."""
    day_label = f"{meeting.starts_at.astimezone(ZoneInfo(zone)):%d.%m.%Y}"
    head = words.NOTE_HEAD.format(date=day_label, outcome=words.OUTCOMES[report.outcome])
    if not (report.notes or report.next_step or not report.voice):
        return words.NOTE_VOICE.format(date=day_label) + "\n" + head
    parts = [head]
    if report.notes:
        parts.append(report.notes)
    if report.next_step:
        day = f" ({report.next_day:%d.%m.%Y})" if report.next_day is not None else ""
        parts.append(f"→ {report.next_step}{day}")
    return "\n".join(parts)


# --------------------------------------------------------------------------- reminders


async def followup_instead(session: AsyncSession, meeting: Meeting) -> bool:
    """A pre-meeting reminder delivered after the meeting ended: the separate follow-up is
    dropped (the late reminder asks how it went instead). True if it was still waiting.

    Runs inside the reminder engine's transaction (no commit): the engine commits it once
    the message is sent, and rolls it back if sending fails."""
    return bool(await db.cancel_followup(session, meeting))


async def replan_member(
    session: AsyncSession, member: MemberInfo, timezone: str, now: datetime
) -> list[datetime]:
    """The member's time zone changed: their meeting reminders still to come are re-planned
    in the new zone (the evening-before one is "18:00 local"). Returns the new moments."""
    moments = await db.replan_member(session, member.organisation_id, member.id, timezone, now)
    await session.commit()
    return moments


async def toggle_eve(session: AsyncSession, member_id: int) -> None:
    prefs = await db.get_prefs(session, member_id)
    prefs.eve = not prefs.eve
    await _save_prefs(session, prefs)


async def toggle_soon(session: AsyncSession, member_id: int) -> None:
    prefs = await db.get_prefs(session, member_id)
    prefs.soon = not prefs.soon
    await _save_prefs(session, prefs)


async def set_quiet(session: AsyncSession, member_id: int, quiet_from: int, quiet_to: int) -> None:
    prefs = await db.get_prefs(session, member_id)
    prefs.quiet_from, prefs.quiet_to = quiet_from, quiet_to
    await _save_prefs(session, prefs)


async def _save_prefs(session: AsyncSession, prefs: ReminderPrefs) -> None:
    await db.save_prefs(session, prefs)
    await session.commit()
