"""Meetings with partners: plan, reschedule, prepare, cancel, report, log a past one;
reminder settings.

Each function owns its transaction (writes through storage/, then commits), except
`followup_instead`, which runs inside the reminder engine's (see there). Partner statuses
move only through `bot.domain.statuses`: a meeting planned, the last planned one cancelled,
an outcome written (held, declined, «working together»). The next step of a report is a
task (bot/services/tasks.py), written in the report's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.statuses import Fact, after
from bot.services import tasks
from storage import meetings as db
from storage import partners as partners_db
from storage.enums import PartnerStatus
from storage.meetings import EventRef
from storage.models import (
    Meeting,
    MeetingFormat,
    MeetingItem,
    MeetingOutcome,
    MeetingStatus,
    Partner,
    ReminderPrefs,
    Task,
)
from storage.orgs import MemberInfo
from texts import meetings as words
from texts import shorten

# what each outcome tells the status table: every outcome but a refusal is a meeting held
OUTCOME_FACTS: dict[str, Fact] = {
    MeetingOutcome.AGREED: Fact.MEETING_HELD,
    MeetingOutcome.AGAIN: Fact.MEETING_HELD,
    MeetingOutcome.WORKING: Fact.MEETING_WORKING,
    MeetingOutcome.DECLINED: Fact.MEETING_DECLINED,
}


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


def _event_words(event: EventRef) -> tuple[str, str]:
    return event.title, words.human_day(datetime.combine(event.day, time()))


def checklist(
    partner: Partner, format: str, event: EventRef | None = None
) -> list[tuple[str, str]]:
    """The preparation checklist from the partner's offer and ask and the method's advice:
    (kind, text) pairs. The invitation names our next joint event (`event`) when there is
    one."""
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
    if event is not None:
        title, day = _event_words(event)
        template = words.CHECK_EVENT if format == MeetingFormat.INVITE else words.CHECK_INVITE_EVENT
        items.append(("invite", template.format(title=shorten(title, 120), day=day)))
    elif format != MeetingFormat.INVITE:
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
    duration_min: int = 60,
    member_ids: Sequence[int] = (),
) -> tuple[Meeting, list[datetime], list[Task]]:
    """A planned meeting with its checklist (naming our next joint event, if any) and the
    reminders of every member taking part (the planner and `member_ids`); the partner moves
    to "meeting planned" (Fact.MEETING_PLANNED) and its «another meeting» tasks are done.
    Returns the meeting, its reminders' moments and the tasks closed."""
    today = now.astimezone(ZoneInfo(member.timezone)).date()
    event = await db.next_event(session, member.organisation_id, partner.id, today)
    meeting = await db.create_meeting(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner.id,
        member_id=member.id,
        starts_at=starts_at,
        duration_min=duration_min,
        timezone=member.timezone,
        place=place,
        purpose=purpose,
        format=format,
        items=checklist(partner, format, event),
        now=now,
    )
    await db.set_members(session, meeting, [member.id, *member_ids])
    await _move(session, partner, Fact.MEETING_PLANNED, member_id=member.id, now=now)
    closed = await tasks.close_meeting_tasks(session, member.organisation_id, partner.id, now)
    moments = await db.plan_everyone(session, meeting, now)
    await session.commit()
    return meeting, moments, closed


async def reschedule(
    session: AsyncSession,
    member: MemberInfo,
    meeting: Meeting,
    starts_at: datetime,
    now: datetime,
    duration_min: int | None = None,
) -> list[datetime]:
    """Move the meeting (and maybe change how long it lasts); its reminders are re-planned
    for every member taking part, each in their own zone (for the member who moves it when
    nobody is left). Returns the reminders' moments."""
    meeting.starts_at = starts_at
    if duration_min is not None:
        meeting.duration_min = duration_min
    meeting.updated_at = now
    mover = await db.get_member(session, member.organisation_id, member.id)
    moments = await db.plan_everyone(session, meeting, now, fallback=mover)
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
class NextStep:
    """The next step agreed at the meeting: a task on a day."""

    title: str
    kind: str  # storage.models.TaskKind
    due: tasks.Due


@dataclass(frozen=True, slots=True)
class Report:
    """How a meeting went, as the member told it."""

    outcome: str  # MeetingOutcome
    notes: str | None = None
    next_step: NextStep | None = None
    voice: str | None = None  # a voice message's file id


@dataclass(frozen=True, slots=True)
class Saved:
    """What the report changed: the partner's new status (None: it stayed), the task of the
    next step and its reminder's moment (None: none planned)."""

    status: PartnerStatus | None
    task: Task | None = None
    remind_at: datetime | None = None


async def save_report(
    session: AsyncSession,
    member: MemberInfo,
    meeting: Meeting,
    partner: Partner,
    report: Report,
    now: datetime,
) -> Saved:
    """The outcome lands on the meeting and, as a note, on the partner card; the status
    table hears the outcome's fact (OUTCOME_FACTS: held — negotiating, «working together» —
    active, declined); the next step becomes a dated task with its reminder; the follow-up
    question is dropped."""
    zone = member.timezone
    meeting.status = MeetingStatus.DONE
    meeting.outcome = report.outcome
    meeting.notes = report.notes
    step = report.next_step
    meeting.next_step = step.title if step else None
    meeting.next_step_at = tasks.remind_moment(step.due, zone) if step else None
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
    fact = OUTCOME_FACTS.get(report.outcome, Fact.MEETING_HELD)
    moved = await _move(session, partner, fact, member_id=member.id, now=now)
    task, moment = None, None
    if step is not None:
        task, moment = await tasks.add(
            session,
            member,
            partner,
            title=step.title,
            kind=step.kind,
            due=step.due,
            now=now,
            meeting_id=meeting.id,
        )
    await db.cancel_reminders(session, meeting)
    await session.commit()
    return Saved(moved, task, moment)


async def log_meeting(
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    *,
    starts_at: datetime,
    format: str,
    report: Report,
    now: datetime,
) -> tuple[Meeting, Saved]:
    """A meeting that took place without being planned here, written with its outcome: no
    «meeting planned» on the way (it never was), no reminders; the outcome moves the status
    as a report does."""
    meeting = await db.create_meeting(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner.id,
        member_id=member.id,
        starts_at=starts_at,
        timezone=member.timezone,
        place=None,
        purpose=None,
        format=format,
        items=(),
        now=now,
    )
    return meeting, await save_report(session, member, meeting, partner, report, now)


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
        parts.append(f"→ {report.next_step.title} ({report.next_step.due.day:%d.%m.%Y})")
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
