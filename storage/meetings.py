"""Queries for meetings with partners, their checklists, reminders and reminder settings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import orgs, reminders
from storage import partners as partners_db
from storage.history import HistoryItem
from storage.models import (
    Meeting,
    MeetingItem,
    MeetingMember,
    MeetingStatus,
    Member,
    Partner,
    PartnerNote,
    Reminder,
    ReminderPrefs,
    ReminderStatus,
    WorkEvent,
    WorkEventPartner,
)
from storage.partners import norm, search_key, valid_id

KIND_EVE = "meeting.eve"
KIND_SOON = "meeting.soon"
KIND_FOLLOWUP = "meeting.followup"
REMINDER_KINDS = (KIND_EVE, KIND_SOON, KIND_FOLLOWUP)

EVE_AT = time(18, 0)  # the evening before, local
SOON_BEFORE = timedelta(hours=2)
PAGE = 8


@dataclass(frozen=True, slots=True)
class MeetingRow:
    meeting: Meeting
    partner_name: str


# --------------------------------------------------------------------------- meetings


async def create_meeting(
    session: AsyncSession,
    *,
    organisation_id: int,
    partner_id: int,
    member_id: int | None,
    starts_at: datetime,
    timezone: str,
    place: str | None,
    purpose: str | None,
    format: str,
    items: Sequence[tuple[str, str]],
    now: datetime,
    duration_min: int = 60,
    member_ids: Sequence[int] = (),
) -> Meeting:
    """Add a planned meeting with its checklist and the members taking part (`member_ids`,
    the planner among them; no commit)."""
    meeting = Meeting(
        organisation_id=organisation_id,
        partner_id=partner_id,
        member_id=member_id,
        starts_at=starts_at,
        duration_min=duration_min,
        timezone=timezone,
        place=place,
        purpose=purpose,
        format=format,
        status=MeetingStatus.PLANNED,
        created_at=now,
        updated_at=now,
    )
    meeting.items = [
        MeetingItem(position=i, kind=kind, text=text[:500]) for i, (kind, text) in enumerate(items)
    ]
    people = dict.fromkeys([*([member_id] if member_id else []), *member_ids])
    meeting.members = [MeetingMember(member_id=mid) for mid in people]
    session.add(meeting)
    await session.flush()
    return meeting


async def get_meeting(
    session: AsyncSession, organisation_id: int, meeting_id: int
) -> Meeting | None:
    """The meeting, only if it belongs to the organisation (ids from callbacks are untrusted:
    an id SQLite cannot hold is simply not found)."""
    if not valid_id(meeting_id):
        return None
    result = await session.execute(
        select(Meeting).where(Meeting.id == meeting_id, Meeting.organisation_id == organisation_id)
    )
    return result.scalar_one_or_none()


async def get_meeting_by_id(
    session: AsyncSession, organisation_id: int, meeting_id: int
) -> Meeting | None:
    """For renderers: the meeting a reminder row is about, in the row's organisation."""
    return await get_meeting(session, organisation_id, meeting_id)


async def partner_of(session: AsyncSession, meeting: Meeting) -> Partner | None:
    """The meeting's partner (in the meeting's organisation)."""
    return await partners_db.get_partner(session, meeting.organisation_id, meeting.partner_id)


async def get_member(session: AsyncSession, organisation_id: int, member_id: int) -> Member | None:
    """A member of the organisation (a reminder's recipient, a meeting's owner)."""
    if not valid_id(member_id):
        return None
    return await orgs.get_member(session, organisation_id, member_id)


async def list_meetings(
    session: AsyncSession,
    organisation_id: int,
    *,
    now: datetime,
    past: bool = False,
    partner_id: int | None = None,
    limit: int = PAGE,
) -> list[MeetingRow]:
    """Upcoming (soonest first; a meeting in progress is still upcoming) or past (ended,
    latest first) meetings that were not cancelled."""
    conditions = [
        Meeting.organisation_id == organisation_id,
        Meeting.status != MeetingStatus.CANCELLED,
    ]
    if partner_id is not None:
        conditions.append(Meeting.partner_id == partner_id)
    if past:
        conditions.append(Meeting.ends_at <= now)
        order = (Meeting.starts_at.desc(), Meeting.id.desc())
    else:
        conditions.append(Meeting.ends_at > now)
        order = (Meeting.starts_at.asc(), Meeting.id.asc())
    result = await session.execute(
        select(Meeting, Partner.name)
        .join(Partner, Partner.id == Meeting.partner_id)
        .where(*conditions)
        .order_by(*order)
        .limit(limit)
    )
    return [MeetingRow(m, name) for m, name in result.all()]


async def pick_partners(
    session: AsyncSession,
    organisation_id: int,
    query: str | None = None,
    limit: int = 10,
    *,
    with_meetings: bool = False,
) -> list[tuple[int, str]]:
    """Partners to plan a meeting with: not archived, not declined; optional name search.
    `with_meetings`: instead, the partners that have meetings (not cancelled) to list."""
    conditions = [Partner.organisation_id == organisation_id]
    if with_meetings:
        conditions.append(
            exists().where(
                Meeting.partner_id == Partner.id,
                Meeting.organisation_id == organisation_id,
                Meeting.status != MeetingStatus.CANCELLED,
            )
        )
    else:
        conditions += [Partner.archived_at.is_(None), Partner.status != "declined"]
    if query:
        # the partners' own normalisation (quotes, legal forms), "%" and "_" taken literally
        key = search_key(query)
        if key:
            conditions.append(Partner.name_norm.contains(key, autoescape=True))
    result = await session.execute(
        select(Partner.id, Partner.name)
        .where(*conditions)
        .order_by(Partner.status_changed_at.desc(), Partner.id.desc())
        .limit(limit)
    )
    return [(pid, name) for pid, name in result.all()]


def _toggle_order(meeting: Meeting) -> int:
    return max((item.position for item in meeting.items), default=-1) + 1


async def add_item(session: AsyncSession, meeting: Meeting, text: str) -> MeetingItem:
    item = MeetingItem(meeting_id=meeting.id, position=_toggle_order(meeting), text=text[:500])
    meeting.items.append(item)
    await session.flush()
    return item


def find_item(meeting: Meeting, item_id: int) -> MeetingItem | None:
    return next((item for item in meeting.items if item.id == item_id), None)


async def remove_item(session: AsyncSession, meeting: Meeting, item: MeetingItem) -> None:
    meeting.items.remove(item)
    await session.flush()


def cancel(meeting: Meeting, now: datetime) -> None:
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_at = now
    meeting.updated_at = now


async def count_planned(session: AsyncSession, organisation_id: int, partner_id: int) -> int:
    """Meetings with the partner still planned (upcoming, or past and waiting for the outcome)."""
    result = await session.execute(
        select(func.count())
        .select_from(Meeting)
        .where(
            Meeting.organisation_id == organisation_id,
            Meeting.partner_id == partner_id,
            Meeting.status == MeetingStatus.PLANNED,
        )
    )
    return int(result.scalar_one())


async def cancel_meeting(session: AsyncSession, meeting: Meeting, now: datetime) -> None:
    """Cancel the meeting and its reminders (no commit); the partner's status is the
    service's business (bot/services/meetings.py)."""
    cancel(meeting, now)
    await cancel_reminders(session, meeting)
    await session.flush()


async def add_meeting_note(
    session: AsyncSession,
    meeting: Meeting,
    *,
    member_id: int | None,
    text: str,
    attachment_file_id: str | None,
    attachment_kind: str | None,
    now: datetime,
) -> PartnerNote:
    """The outcome notes land on the partner card as a note (a voice message as attachment)."""
    note = PartnerNote(
        partner_id=meeting.partner_id,
        organisation_id=meeting.organisation_id,
        author_id=member_id,
        text=text,
        text_norm=norm(text),
        attachment_file_id=attachment_file_id,
        attachment_kind=attachment_kind,
        created_at=now,
    )
    session.add(note)
    await session.flush()
    return note


async def unreported(
    session: AsyncSession, organisation_id: int, now: datetime, limit: int = 5
) -> list[MeetingRow]:
    """Meetings that have ended without an outcome (a meeting in progress is not one)."""
    result = await session.execute(
        select(Meeting, Partner.name)
        .join(Partner, Partner.id == Meeting.partner_id)
        .where(
            Meeting.organisation_id == organisation_id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.ends_at <= now,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(limit)
    )
    return [MeetingRow(m, name) for m, name in result.all()]


async def count_upcoming(
    session: AsyncSession, organisation_id: int, partner_id: int, now: datetime
) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(Meeting)
        .where(
            Meeting.organisation_id == organisation_id,
            Meeting.partner_id == partner_id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.ends_at > now,
        )
    )
    return int(result.scalar_one())


async def overlapping(
    session: AsyncSession,
    meeting_org: int,
    member_id: int,
    starts_at: datetime,
    ends_at: datetime,
    *,
    exclude_id: int = 0,
) -> list[MeetingRow]:
    """The member's planned meetings (planner or taking part) that overlap [starts, ends)."""
    taking_part = exists().where(
        MeetingMember.meeting_id == Meeting.id, MeetingMember.member_id == member_id
    )
    result = await session.execute(
        select(Meeting, Partner.name)
        .join(Partner, Partner.id == Meeting.partner_id)
        .where(
            Meeting.organisation_id == meeting_org,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.id != exclude_id,
            Meeting.starts_at < ends_at,
            Meeting.ends_at > starts_at,
            or_(Meeting.member_id == member_id, taking_part),
        )
        .order_by(Meeting.starts_at)
        .limit(3)
    )
    return [MeetingRow(m, name) for m, name in result.all()]


async def colleagues(session: AsyncSession, organisation_id: int, limit: int = 20) -> list[Member]:
    """The organisation's active members (who may take part in a meeting), oldest first."""
    result = await session.execute(
        select(Member)
        .where(Member.organisation_id == organisation_id, Member.is_active.is_(True))
        .order_by(Member.id)
        .limit(limit)
    )
    return list(result.scalars())


async def set_members(
    session: AsyncSession, meeting: Meeting, member_ids: Sequence[int]
) -> list[int]:
    """The members taking part: only the organisation's own (ids are untrusted); the
    planner when none is left. Returns the ids kept (no commit)."""
    wanted = [i for i in dict.fromkeys(member_ids) if valid_id(i)]
    kept: list[int] = []
    if wanted:
        result = await session.execute(
            select(Member.id).where(
                Member.organisation_id == meeting.organisation_id, Member.id.in_(wanted)
            )
        )
        found = set(result.scalars())
        kept = [i for i in wanted if i in found]
    if not kept and meeting.member_id:
        kept = [meeting.member_id]
    meeting.members = [MeetingMember(member_id=mid) for mid in kept]
    await session.flush()
    return kept


@dataclass(frozen=True, slots=True)
class EventRef:
    """A joint event of the work plan (storage/models/coach.py WorkEvent), to name it."""

    id: int
    title: str
    day: date
    with_partner: bool  # the partner takes part in it


async def next_event(
    session: AsyncSession, organisation_id: int, partner_id: int, today: date
) -> EventRef | None:
    """The organisation's next joint event from `today` on: one with this partner first,
    else the soonest (for the checklist's «invite to our event»)."""
    with_partner = exists().where(
        WorkEventPartner.event_id == WorkEvent.id, WorkEventPartner.partner_id == partner_id
    )
    result = await session.execute(
        select(WorkEvent.id, WorkEvent.title, WorkEvent.day, with_partner.label("mine"))
        .where(WorkEvent.organisation_id == organisation_id, WorkEvent.day >= today)
        .order_by(with_partner.desc(), WorkEvent.day, WorkEvent.id)
        .limit(1)
    )
    row = result.first()
    return EventRef(row.id, row.title, row.day, bool(row.mine)) if row else None


# --------------------------------------------------------------------------- reminders


def reminder_moments(
    starts_at: datetime, duration_min: int, member_tz: str, now: datetime
) -> dict[str, datetime]:
    """kind → due moment (UTC) for a meeting: the evening before at 18:00 local, two hours
    before, and the follow-up question when it ends. Moments already past are left out
    (a meeting planned for in an hour gets no "evening before")."""
    zone = ZoneInfo(member_tz)
    local = starts_at.astimezone(zone)
    eve = datetime.combine(local.date() - timedelta(days=1), EVE_AT, tzinfo=zone)
    moments = {
        KIND_EVE: eve.astimezone(starts_at.tzinfo),
        KIND_SOON: starts_at - SOON_BEFORE,
        KIND_FOLLOWUP: starts_at + timedelta(minutes=duration_min),
    }
    return {kind: at for kind, at in moments.items() if at > now or kind == KIND_FOLLOWUP}


async def plan_reminders(
    session: AsyncSession,
    meeting: Meeting,
    member_id: int,
    member_tz: str,
    now: datetime,
    *,
    kinds: Iterable[str] = REMINDER_KINDS,
) -> list[datetime]:
    """(Re)create the meeting's reminders (of these kinds: all by default) for the member,
    in the member's zone `member_tz` (no commit); returns the moments. Other members'
    reminders of the meeting are left as they are.

    Which reminders the member wants is checked at send time (settings may change)."""
    wanted = set(kinds)
    await _cancel_member_reminders(session, meeting, member_id, wanted)
    moments = {
        kind: at
        for kind, at in reminder_moments(
            meeting.starts_at, meeting.duration_min, member_tz, now
        ).items()
        if kind in wanted
    }
    for kind, due_at in moments.items():
        await reminders.schedule(
            session,
            organisation_id=meeting.organisation_id,
            member_id=member_id,
            kind=kind,
            ref_id=meeting.id,
            due_at=due_at,
            payload={"event_at": meeting.starts_at.isoformat()},
        )
    return sorted(moments.values())


async def _cancel_member_reminders(
    session: AsyncSession, meeting: Meeting, member_id: int, kinds: Iterable[str]
) -> None:
    await session.execute(
        update(Reminder)
        .where(
            Reminder.kind.in_(list(kinds)),
            Reminder.ref_id == meeting.id,
            Reminder.organisation_id == meeting.organisation_id,
            Reminder.member_id == member_id,
            Reminder.status.in_([ReminderStatus.PENDING, ReminderStatus.HELD]),
        )
        .values(status=ReminderStatus.CANCELLED)
    )


async def plan_everyone(
    session: AsyncSession, meeting: Meeting, now: datetime, *, fallback: Member | None = None
) -> list[datetime]:
    """The meeting's reminders for every member taking part, each in their own zone; a
    member no longer taking part gets none (no commit). `fallback`: who gets them when
    nobody is left (the member who moved the meeting). Returns the moments, soonest first."""
    ids = [mm.member_id for mm in meeting.members]
    people = [
        person
        for mid in ids
        if (person := await get_member(session, meeting.organisation_id, mid)) is not None
    ]
    if not people and fallback is not None:
        people = [fallback]
        await set_members(session, meeting, [fallback.id])
    await reminders.cancel_for(
        session, kinds=REMINDER_KINDS, ref_id=meeting.id, organisation_id=meeting.organisation_id
    )
    moments: list[datetime] = []
    for person in people:
        moments += await plan_reminders(session, meeting, person.id, person.timezone, now)
    return sorted(moments)


async def cancel_reminders(session: AsyncSession, meeting: Meeting) -> int:
    return await reminders.cancel_for(
        session, kinds=REMINDER_KINDS, ref_id=meeting.id, organisation_id=meeting.organisation_id
    )


async def cancel_followup(session: AsyncSession, meeting: Meeting) -> int:
    return await reminders.cancel_for(
        session, kinds=(KIND_FOLLOWUP,), ref_id=meeting.id, organisation_id=meeting.organisation_id
    )


async def replan_member(
    session: AsyncSession, organisation_id: int, member_id: int, member_tz: str, now: datetime
) -> list[datetime]:
    """The member's time zone changed: re-plan the reminders of every planned meeting they
    still wait for, in the new zone (no commit). Returns the new moments, soonest first."""
    moments: list[datetime] = []
    waiting = await reminders.waiting_refs(
        session, organisation_id=organisation_id, member_id=member_id, kinds=REMINDER_KINDS
    )
    kinds_by_ref: dict[int, set[str]] = {}
    for ref, kind in waiting:
        kinds_by_ref.setdefault(ref, set()).add(kind)
    for ref, kinds in kinds_by_ref.items():
        meeting = await get_meeting(session, organisation_id, ref)
        if meeting is None or meeting.status != MeetingStatus.PLANNED:
            continue
        # only what still waits: a reminder already sent is not planned again
        moments.extend(
            await plan_reminders(session, meeting, member_id, member_tz, now, kinds=kinds)
        )
    return sorted(moments)


# --------------------------------------------------------------------------- settings


async def get_prefs(session: AsyncSession, member_id: int) -> ReminderPrefs:
    """The member's reminder settings; defaults (not stored) if never changed."""
    prefs = await session.get(ReminderPrefs, member_id)
    if prefs is None:
        prefs = ReminderPrefs(
            member_id=member_id, eve=True, soon=True, quiet_from=21 * 60, quiet_to=8 * 60
        )
    return prefs


async def save_prefs(session: AsyncSession, prefs: ReminderPrefs) -> None:
    """Store the settings (the defaults' row is created on the first change; no commit)."""
    await session.merge(prefs)


# --------------------------------------------------------------------------- card history


# built once (a partner card reads it): see storage/partners.py
_MEETINGS_OF = (
    select(
        Meeting.id,
        Meeting.starts_at,
        Meeting.status,
        Meeting.outcome,
        Meeting.format,
        Meeting.purpose,
    )
    .where(Meeting.organisation_id == bindparam("org"), Meeting.partner_id == bindparam("pid"))
    .order_by(Meeting.starts_at.desc())
    .limit(10)
)


async def history_items(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> list[HistoryItem]:
    """Meetings (kind "meeting") for the partner card's history."""
    if not valid_id(partner_id):
        return []
    found = (await session.execute(_MEETINGS_OF, {"org": organisation_id, "pid": partner_id})).all()
    return [
        HistoryItem(
            m.starts_at,
            "meeting",
            {
                "id": m.id,
                "status": m.status,
                "outcome": m.outcome,
                "format": m.format,
                "purpose": m.purpose or "",
            },
        )
        for m in found
    ]
