"""Queries for cooperation agreements, their reminders, settings and custom templates.

Every lookup by id takes the organisation id: ids that come back from callbacks are
untrusted. Functions never commit: bot/services/agreements.py does. Partner statuses are not
decided here (bot/domain/statuses.py, applied by the service).

Reminder policy (kinds rendered by handlers/agreements/reminders.py; the work on the end date
is done by the daily lifecycle job, bot/services/agreements.py `run_lifecycle`):
  * "agreement.renewal"     N days before the end (org offsets, default 30/7/1), 10:00 local
                            time of the responsible member;
  * "agreement.autoprolong" on the end date at 10:00 local, for auto-prolonging agreements
                            (the notice that the job prolonged it);
  * "agreement.ended"       the day after the end date at 10:00 local, otherwise (the notice
                            that the job ended it);
  * "agreement.checkin"     yearly, on the anniversary of signing, for open-ended ones.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, bindparam, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import reminders
from storage.enums import PartnerStatus, Role
from storage.history import HistoryItem
from storage.models import (
    Agreement,
    AgreementSettings,
    AgreementStatus,
    DocumentTemplate,
    Member,
    Partner,
    Reminder,
    ReminderStatus,
    RenewalDecision,
)
from storage.partners import search_key, valid_id

KIND_RENEWAL = "agreement.renewal"
KIND_AUTOPROLONG = "agreement.autoprolong"
KIND_ENDED = "agreement.ended"
KIND_CHECKIN = "agreement.checkin"
ALL_KINDS = (KIND_RENEWAL, KIND_AUTOPROLONG, KIND_ENDED, KIND_CHECKIN)

DEFAULT_OFFSETS: tuple[int, ...] = (30, 7, 1)
MAX_OFFSETS = 6
MAX_OFFSET_DAYS = 365
REMIND_AT = time(10, 0)
EXPIRING_DAYS = 30

SECTION_ACTIVE = "active"
SECTION_EXPIRING = "expiring"
SECTION_EXPIRED = "expired"
SECTION_DRAFTS = "drafts"
SECTIONS = (SECTION_ACTIVE, SECTION_EXPIRING, SECTION_EXPIRED, SECTION_DRAFTS)


# --------------------------------------------------------------------------- dates


def _years_later(day: date, years: int) -> date:
    """The same day `years` later; 29 February falls back to the 28th."""
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def local_moment(day: date, tz: str) -> datetime:
    """10:00 on `day` in the zone `tz`, as aware UTC."""
    return datetime.combine(day, REMIND_AT, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def local_today(now: datetime, tz: str) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def next_anniversary(signed: date, after: date) -> date:
    """The first anniversary of `signed` strictly after `after` (29 Feb → 28 Feb)."""
    years = max(1, after.year - signed.year)
    while True:
        candidate = _years_later(signed, years)
        if candidate > after:
            return candidate
        years += 1


@dataclass(frozen=True)
class Planned:
    kind: str
    due_at: datetime
    payload: dict[str, object]


def plan_reminders(
    agreement: Agreement, offsets: tuple[int, ...] | list[int], tz: str, now: datetime
) -> list[Planned]:
    """What should be pending for this agreement now (only moments still ahead)."""
    return [p for p in _plan_all(agreement, offsets, tz, now) if p.due_at > now]


def _slot(kind: str, payload: Mapping[str, object] | None) -> tuple[str, str, str]:
    """Which of an agreement's planned reminders this is, whatever its moment: the kind, the
    end date it is about and the renewal offset (the yearly check-in is one slot)."""
    if kind == KIND_CHECKIN or not payload:
        return kind, "", ""
    return kind, str(payload.get("until", "")), str(payload.get("offset", ""))


def _plan_all(
    agreement: Agreement, offsets: tuple[int, ...] | list[int], tz: str, now: datetime
) -> list[Planned]:
    """Every reminder the agreement's state calls for, past moments included."""
    if agreement.status != AgreementStatus.ACTIVE:
        return []
    planned: list[Planned] = []
    until = agreement.valid_until
    if until is None:
        start = agreement.signed_on or local_today(agreement.created_at or now, tz)
        day = next_anniversary(start, local_today(now, tz) - timedelta(days=1))
        if local_moment(day, tz) <= now:
            day = next_anniversary(start, day)
        planned.append(Planned(KIND_CHECKIN, local_moment(day, tz), {"day": day.isoformat()}))
    else:
        payload: dict[str, object] = {"until": until.isoformat()}
        if agreement.renewal_decision != RenewalDecision.LET_END:
            for offset in sorted(set(offsets), reverse=True):
                due = local_moment(until - timedelta(days=offset), tz)
                planned.append(Planned(KIND_RENEWAL, due, {**payload, "offset": offset}))
        if agreement.auto_prolong and agreement.renewal_decision != RenewalDecision.LET_END:
            planned.append(Planned(KIND_AUTOPROLONG, local_moment(until, tz), payload))
        else:
            planned.append(
                Planned(KIND_ENDED, local_moment(until + timedelta(days=1), tz), payload)
            )
    return planned


async def recipient(session: AsyncSession, agreement: Agreement) -> Member | None:
    """Who gets the reminders: the responsible member, else the organisation's admin."""
    if agreement.responsible_id is not None:
        result = await session.execute(
            select(Member).where(
                Member.id == agreement.responsible_id,
                Member.organisation_id == agreement.organisation_id,
            )
        )
        member = result.scalar_one_or_none()
        if member is not None:
            return member
    result = await session.execute(
        select(Member)
        .where(Member.organisation_id == agreement.organisation_id)
        .order_by((Member.role == Role.ADMIN.value).desc(), Member.id)
        .limit(1)
    )
    return result.scalar_one_or_none()


async def reschedule(session: AsyncSession, agreement: Agreement, now: datetime) -> int:
    """Cancel the agreement's pending reminders and schedule what its state calls for."""
    await reminders.cancel_for(session, kinds=ALL_KINDS, ref_id=agreement.id)
    member = await recipient(session, agreement)
    if member is None:
        return 0
    offsets = await get_offsets(session, agreement.organisation_id)
    planned = plan_reminders(agreement, offsets, member.timezone, now)
    for item in planned:
        await reminders.schedule(
            session,
            organisation_id=agreement.organisation_id,
            member_id=member.id,
            kind=item.kind,
            ref_id=agreement.id,
            due_at=item.due_at,
            payload=item.payload,
        )
    return len(planned)


async def timezone_changed(
    session: AsyncSession, organisation_id: int, member_id: int, timezone: str, now: datetime
) -> list[datetime]:
    """The member's time zone changed (/settings): the reminders of the organisation's
    agreements that still wait for them are re-planned at 10:00 in the new zone (no commit).

    Only what still waits is planned again: a reminder already sent is never sent twice, and
    one whose new moment has already passed (moving east late in the evening) is due at once
    rather than lost. Returns the new moments, soonest first (for the engine's wake-up)."""
    rows = await session.execute(
        select(Reminder.ref_id, Reminder.kind, Reminder.payload).where(
            Reminder.organisation_id == organisation_id,
            Reminder.member_id == member_id,
            Reminder.kind.in_(ALL_KINDS),
            Reminder.status.in_([ReminderStatus.PENDING, ReminderStatus.HELD]),
        )
    )
    waiting: dict[int, set[tuple[str, str, str]]] = {}
    for ref_id, kind, payload in rows.all():
        waiting.setdefault(int(ref_id), set()).add(_slot(str(kind), payload))
    if not waiting:
        return []
    offsets = await get_offsets(session, organisation_id)
    moments: list[datetime] = []
    for ref_id in sorted(waiting):
        agreement = await get_agreement(session, organisation_id, ref_id)
        if agreement is None or agreement.status != AgreementStatus.ACTIVE:
            continue
        await reminders.cancel_for(
            session, kinds=ALL_KINDS, ref_id=ref_id, organisation_id=organisation_id
        )
        for item in _plan_all(agreement, offsets, timezone, now):
            if _slot(item.kind, item.payload) not in waiting[ref_id]:
                continue  # already sent (or never due): a new zone does not send it twice
            due = max(item.due_at, now)
            await reminders.schedule(
                session,
                organisation_id=organisation_id,
                member_id=member_id,
                kind=item.kind,
                ref_id=ref_id,
                due_at=due,
                payload=item.payload,
            )
            moments.append(due)
    return sorted(moments)


async def pending_reminders(
    session: AsyncSession, organisation_id: int, agreement_id: int, *, notices: bool = True
) -> list[Reminder]:
    """Pending reminders of the organisation's agreement; without the end /
    auto-prolongation notices when `notices` is False (what the card lists as "I will remind
    you")."""
    kinds = ALL_KINDS if notices else (KIND_RENEWAL, KIND_CHECKIN)
    rows = await reminders.pending_for(session, kinds=kinds, ref_id=agreement_id)
    return [r for r in rows if r.organisation_id == organisation_id]


async def newer_renewal_due(
    session: AsyncSession, organisation_id: int, reminder: Reminder, now: datetime
) -> bool:
    """Is a later renewal reminder of the same agreement due as well (or already sent)?"""
    result = await session.execute(
        select(func.count(Reminder.id)).where(
            Reminder.organisation_id == organisation_id,
            Reminder.kind == KIND_RENEWAL,
            Reminder.ref_id == reminder.ref_id,
            Reminder.id != reminder.id,
            Reminder.due_at > reminder.due_at,
            Reminder.due_at <= now,
            Reminder.status.in_(
                [ReminderStatus.PENDING, ReminderStatus.CLAIMED, ReminderStatus.SENT]
            ),
        )
    )
    return int(result.scalar_one()) > 0


# --------------------------------------------------------------------------- agreements


async def get_agreement(
    session: AsyncSession, organisation_id: int, agreement_id: int
) -> Agreement | None:
    """The agreement, only if it belongs to the organisation (ids from callbacks are
    untrusted: one beyond SQLite's 64-bit range is simply not found)."""
    if not valid_id(agreement_id):
        return None
    result = await session.execute(
        select(Agreement).where(
            Agreement.id == agreement_id, Agreement.organisation_id == organisation_id
        )
    )
    return result.scalar_one_or_none()


async def get_by_id(
    session: AsyncSession, organisation_id: int, agreement_id: int
) -> Agreement | None:
    """For reminder renderers (the reminder row carries the organisation): the same
    organisation-scoped lookup as `get_agreement`."""
    return await get_agreement(session, organisation_id, agreement_id)


async def create_agreement(
    session: AsyncSession,
    *,
    organisation_id: int,
    partner_id: int,
    kind: str,
    number: str | None,
    subject: str,
    signed_on: date | None,
    valid_until: date | None,
    auto_prolong: bool,
    prolong_months: int | None,
    responsible_id: int | None,
    created_by_id: int | None,
    scan_file_id: str | None,
    scan_kind: str | None,
    scan_name: str | None,
    now: datetime,
    status: str = AgreementStatus.ACTIVE,
) -> Agreement:
    agreement = Agreement(
        organisation_id=organisation_id,
        partner_id=partner_id,
        kind=kind,
        number=number,
        subject=subject,
        status=status,
        signed_on=signed_on,
        valid_until=valid_until,
        auto_prolong=auto_prolong and valid_until is not None,
        prolong_months=prolong_months if auto_prolong and valid_until is not None else None,
        renewal_decision=RenewalDecision.NONE,
        prolong_count=0,
        responsible_id=responsible_id,
        created_by_id=created_by_id,
        scan_file_id=scan_file_id,
        scan_kind=scan_kind,
        scan_name=scan_name,
        created_at=now,
        updated_at=now,
    )
    session.add(agreement)
    await session.flush()
    return agreement


def _same_end(agreement: Agreement) -> ColumnElement[bool]:
    """The agreement's end date as the caller saw it (a conditional UPDATE's guard)."""
    if agreement.valid_until is None:
        return Agreement.valid_until.is_(None)
    return Agreement.valid_until == agreement.valid_until


async def prolong(
    session: AsyncSession, agreement: Agreement, new_until: date, now: datetime
) -> bool:
    """Move the end date on, forget a "let it end" decision, and reschedule (no commit).

    Only if the agreement is still in force with the end date the caller saw: two processes
    (or a member and the daily job) never prolong it twice. False: it changed meanwhile."""
    result = await session.execute(
        update(Agreement)
        .where(
            Agreement.id == agreement.id,
            Agreement.status == AgreementStatus.ACTIVE,
            _same_end(agreement),
        )
        .values(
            previous_until=agreement.valid_until,
            valid_until=new_until,
            prolong_count=agreement.prolong_count + 1,
            renewal_decision=RenewalDecision.NONE,
            updated_at=now,
        )
        .execution_options(synchronize_session="fetch")
    )
    if _rowcount(result) != 1:
        return False
    await reschedule(session, agreement, now)
    return True


async def let_end(session: AsyncSession, agreement: Agreement, now: datetime) -> None:
    agreement.renewal_decision = RenewalDecision.LET_END
    agreement.updated_at = now
    await reschedule(session, agreement, now)


async def close(
    session: AsyncSession,
    organisation_id: int,
    agreement: Agreement,
    ended_on: date,
    now: datetime,
) -> bool:
    """End the organisation's agreement and cancel its reminders (no commit). True if this
    call ended it: only an agreement still in force with the end date the caller saw (two
    processes never both end it); another organisation's agreement is left alone."""
    if agreement.organisation_id != organisation_id:
        return False
    result = await session.execute(
        update(Agreement)
        .where(
            Agreement.id == agreement.id,
            Agreement.organisation_id == organisation_id,
            Agreement.status == AgreementStatus.ACTIVE,
            _same_end(agreement),
        )
        .values(status=AgreementStatus.ENDED, ended_on=ended_on, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    if _rowcount(result) != 1:
        return False
    await reminders.cancel_for(session, kinds=ALL_KINDS, ref_id=agreement.id)
    return True


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


async def in_force_count(
    session: AsyncSession,
    organisation_id: int,
    partner_id: int,
    today: date,
    exclude_id: int | None = None,
) -> int:
    query = select(func.count(Agreement.id)).where(
        Agreement.organisation_id == organisation_id,
        Agreement.partner_id == partner_id,
        Agreement.status == AgreementStatus.ACTIVE,
        or_(Agreement.valid_until.is_(None), Agreement.valid_until > today),
    )
    if exclude_id is not None:
        query = query.where(Agreement.id != exclude_id)
    return int((await session.execute(query)).scalar_one())


def _section_filter(section: str, today: date) -> list[object]:
    soon = today + timedelta(days=EXPIRING_DAYS)
    if section == SECTION_ACTIVE:
        return [
            Agreement.status == AgreementStatus.ACTIVE,
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= today),
        ]
    if section == SECTION_EXPIRING:
        return [
            Agreement.status == AgreementStatus.ACTIVE,
            Agreement.valid_until.is_not(None),
            Agreement.valid_until >= today,
            Agreement.valid_until <= soon,
        ]
    if section == SECTION_EXPIRED:
        return [
            or_(
                Agreement.status == AgreementStatus.ENDED,
                (Agreement.status == AgreementStatus.ACTIVE) & (Agreement.valid_until < today),
            )
        ]
    return [Agreement.status == AgreementStatus.DRAFT]


async def list_section(
    session: AsyncSession,
    organisation_id: int,
    section: str,
    today: date,
    *,
    partner_id: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[tuple[Agreement, str]]:
    """(agreement, partner name) of one section, soonest end first."""
    query = (
        select(Agreement, Partner.name)
        .join(Partner, Partner.id == Agreement.partner_id)
        .where(Agreement.organisation_id == organisation_id, *_section_filter(section, today))  # type: ignore[arg-type]
        .order_by(Agreement.valid_until.is_(None), Agreement.valid_until, Agreement.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if partner_id is not None:
        query = query.where(Agreement.partner_id == partner_id)
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def section_counts(
    session: AsyncSession, organisation_id: int, today: date, *, partner_id: int | None = None
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for section in SECTIONS:
        query = select(func.count(Agreement.id)).where(
            Agreement.organisation_id == organisation_id,
            *_section_filter(section, today),  # type: ignore[arg-type]
        )
        if partner_id is not None:
            query = query.where(Agreement.partner_id == partner_id)
        counts[section] = int((await session.execute(query)).scalar_one())
    return counts


async def find_draft(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> Agreement | None:
    result = await session.execute(
        select(Agreement)
        .where(
            Agreement.organisation_id == organisation_id,
            Agreement.partner_id == partner_id,
            Agreement.status == AgreementStatus.DRAFT,
        )
        .order_by(Agreement.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def ensure_draft(
    session: AsyncSession,
    *,
    organisation_id: int,
    partner_id: int,
    subject: str,
    kind: str,
    member_id: int | None,
    now: datetime,
) -> Agreement:
    """The partner's open draft, or a new one (no commit)."""
    existing = await find_draft(session, organisation_id, partner_id)
    if existing is not None:
        return existing
    return await create_agreement(
        session,
        organisation_id=organisation_id,
        partner_id=partner_id,
        kind=kind,
        number=None,
        subject=subject,
        signed_on=None,
        valid_until=None,
        auto_prolong=False,
        prolong_months=None,
        responsible_id=member_id,
        created_by_id=member_id,
        scan_file_id=None,
        scan_kind=None,
        scan_name=None,
        now=now,
        status=AgreementStatus.DRAFT,
    )


async def set_obligations(
    session: AsyncSession,
    agreement: Agreement,
    ours: list[str],
    theirs: list[str],
    now: datetime,
) -> None:
    """The obligations the member confirmed for the agreement's document (no commit)."""
    agreement.our_obligations = list(ours)
    agreement.partner_obligations = list(theirs)
    agreement.updated_at = now
    await session.flush()


async def set_network_terms(
    session: AsyncSession, agreement: Agreement, terms: Mapping[str, object], now: datetime
) -> None:
    """The programme, the parts and the resources of a network-form agreement (no commit)."""
    agreement.network_terms = dict(terms)
    agreement.updated_at = now
    await session.flush()


async def register_draft(
    session: AsyncSession, draft: Agreement, fields: Mapping[str, object], now: datetime
) -> None:
    """A draft registered as signed with the form's answers (no commit)."""
    for key, value in fields.items():
        setattr(draft, key, value)
    if not draft.valid_until:
        draft.auto_prolong, draft.prolong_months = False, None
    draft.status = AgreementStatus.ACTIVE
    draft.updated_at = now
    await session.flush()


async def attach_scan(
    session: AsyncSession,
    agreement: Agreement,
    *,
    file_id: str,
    kind: str,
    name: str | None,
    now: datetime,
) -> None:
    """The signed copy, as a Telegram file id (document or photo) (no commit)."""
    agreement.scan_file_id = file_id
    agreement.scan_kind = kind
    if name is not None or kind == "document":
        agreement.scan_name = name
    agreement.updated_at = now
    await session.flush()


# --------------------------------------------------------------------------- lifecycle


async def due_for_lifecycle(session: AsyncSession, last_day: date) -> list[Agreement]:
    """Agreements in force whose end date is `last_day` or earlier, in every organisation:
    those the daily job may have to prolong or end (it decides with each one's local date)."""
    result = await session.execute(
        select(Agreement)
        .where(
            Agreement.status == AgreementStatus.ACTIVE,
            Agreement.valid_until.is_not(None),
            Agreement.valid_until <= last_day,
        )
        .order_by(Agreement.valid_until, Agreement.id)
    )
    return list(result.scalars())


async def without_next_checkin(session: AsyncSession, now: datetime) -> list[Agreement]:
    """Open-ended agreements in force with no yearly check-in still ahead (the last one came
    due): the daily job plans the next one."""
    ahead = exists().where(
        Reminder.kind == KIND_CHECKIN,
        Reminder.ref_id == Agreement.id,
        Reminder.organisation_id == Agreement.organisation_id,
        Reminder.status.in_([ReminderStatus.PENDING, ReminderStatus.HELD]),
        Reminder.due_at > now,
    )
    result = await session.execute(
        select(Agreement)
        .where(
            Agreement.status == AgreementStatus.ACTIVE,
            Agreement.valid_until.is_(None),
            ~ahead,
        )
        .order_by(Agreement.id)
    )
    return list(result.scalars())


async def plan_next_checkin(
    session: AsyncSession, agreement: Agreement, now: datetime
) -> datetime | None:
    """Schedule the open-ended agreement's next yearly check-in (no commit); the one that
    came due is left to the engine. Returns its moment."""
    member = await recipient(session, agreement)
    if member is None:
        return None
    offsets = await get_offsets(session, agreement.organisation_id)
    for item in plan_reminders(agreement, offsets, member.timezone, now):
        if item.kind == KIND_CHECKIN:
            await reminders.schedule(
                session,
                organisation_id=agreement.organisation_id,
                member_id=member.id,
                kind=item.kind,
                ref_id=agreement.id,
                due_at=item.due_at,
                payload=item.payload,
            )
            return item.due_at
    return None


async def schedule_notice(
    session: AsyncSession, agreement: Agreement, kind: str, until: date, member: Member
) -> datetime:
    """The notice of what the job did (KIND_AUTOPROLONG on the end date, KIND_ENDED the day
    after, 10:00 in the member's zone) (no commit). The moment is the one planned with the
    agreement, so the row the work cancelled is revived rather than doubled; one already
    sent stays sent."""
    day = until if kind == KIND_AUTOPROLONG else until + timedelta(days=1)
    due = local_moment(day, member.timezone)
    await reminders.schedule(
        session,
        organisation_id=agreement.organisation_id,
        member_id=member.id,
        kind=kind,
        ref_id=agreement.id,
        due_at=due,
        payload={"until": until.isoformat()},
    )
    return due


@dataclass(frozen=True)
class ExpiringRef:
    """An agreement ending soon with no renewal decision yet (for the method coach)."""

    agreement_id: int
    partner_id: int
    partner_name: str
    valid_until: date
    auto_prolong: bool


async def expiring_undecided(
    session: AsyncSession,
    organisation_id: int,
    today: date,
    *,
    days: int = EXPIRING_DAYS,
    limit: int = 5,
) -> list[ExpiringRef]:
    """Agreements in force ending within `days`, not set to "let it end": one query, soonest
    first. The coach's "an agreement ends soon → decide on renewal" rule can use it."""
    result = await session.execute(
        select(
            Agreement.id,
            Agreement.partner_id,
            Partner.name,
            Agreement.valid_until,
            Agreement.auto_prolong,
        )
        .join(Partner, Partner.id == Agreement.partner_id)
        .where(
            Agreement.organisation_id == organisation_id,
            Agreement.status == AgreementStatus.ACTIVE,
            Agreement.valid_until >= today,
            Agreement.valid_until <= today + timedelta(days=days),
            Agreement.renewal_decision != RenewalDecision.LET_END,
        )
        .order_by(Agreement.valid_until, Agreement.id)
        .limit(limit)
    )
    return [
        ExpiringRef(row[0], row[1], row[2], row[3], row[4])
        for row in result.all()
        if row[3] is not None
    ]


# --------------------------------------------------------------------------- partners


async def choose_partners(
    session: AsyncSession, organisation_id: int, *, query: str = "", limit: int = 8, offset: int = 0
) -> tuple[list[Partner], int]:
    """Partners to pick for a new agreement (negotiating ones first), and the total. The
    query is normalised like the stored names (the partners' search key: «МАУК музей» finds
    «Музей»), and "%" / "_" in it are plain characters."""
    conditions = [Partner.organisation_id == organisation_id, Partner.archived_at.is_(None)]
    needle = search_key(query) if query else ""
    if needle:
        conditions.append(Partner.name_norm.contains(needle, autoescape=True))
    total = int(
        (await session.execute(select(func.count(Partner.id)).where(*conditions))).scalar_one()
    )
    result = await session.execute(
        select(Partner)
        .where(*conditions)
        .order_by(
            (Partner.status == PartnerStatus.NEGOTIATING.value).desc(),
            Partner.name_norm,
            Partner.id,
        )
        .limit(limit)
        .offset(offset)
    )
    return list(result.scalars()), total


async def next_event(
    session: AsyncSession, organisation_id: int, today: date
) -> tuple[str, date] | None:
    """The organisation's nearest event of the work plan (the coach's table), to invite a
    new partner to (step 4 of the method)."""
    from storage.models.coach import WorkEvent

    result = await session.execute(
        select(WorkEvent.title, WorkEvent.day)
        .where(WorkEvent.organisation_id == organisation_id, WorkEvent.day >= today)
        .order_by(WorkEvent.day, WorkEvent.id)
        .limit(1)
    )
    row = result.first()
    return (row[0], row[1]) if row is not None else None


async def member_names(session: AsyncSession, organisation_id: int) -> dict[int, str]:
    result = await session.execute(
        select(Member.id, Member.full_name).where(Member.organisation_id == organisation_id)
    )
    return {row[0]: row[1] for row in result.all()}


# --------------------------------------------------------------------------- settings


async def get_offsets(session: AsyncSession, organisation_id: int) -> list[int]:
    row = await session.get(AgreementSettings, organisation_id)
    if row is None or not row.renewal_offsets:
        return list(DEFAULT_OFFSETS)
    return sorted({int(v) for v in row.renewal_offsets}, reverse=True)


async def set_offsets(
    session: AsyncSession, organisation_id: int, offsets: list[int], now: datetime
) -> int:
    """Store the offsets and reschedule every agreement in force (no commit). Returns how
    many agreements were rescheduled."""
    values = sorted(set(offsets), reverse=True)
    row = await session.get(AgreementSettings, organisation_id)
    if row is None:
        session.add(
            AgreementSettings(
                organisation_id=organisation_id, renewal_offsets=values, updated_at=now
            )
        )
    else:
        row.renewal_offsets = values
        row.updated_at = now
    await session.flush()
    result = await session.execute(
        select(Agreement).where(
            Agreement.organisation_id == organisation_id,
            Agreement.status == AgreementStatus.ACTIVE,
            Agreement.valid_until.is_not(None),
        )
    )
    count = 0
    for agreement in result.scalars():
        await reschedule(session, agreement, now)
        count += 1
    return count


# --------------------------------------------------------------------------- templates


async def get_template(
    session: AsyncSession, organisation_id: int, kind: str
) -> DocumentTemplate | None:
    result = await session.execute(
        select(DocumentTemplate).where(
            DocumentTemplate.organisation_id == organisation_id, DocumentTemplate.kind == kind
        )
    )
    return result.scalar_one_or_none()


async def save_template(
    session: AsyncSession,
    *,
    organisation_id: int,
    kind: str,
    content: bytes,
    file_id: str | None,
    file_name: str | None,
    member_id: int | None,
    now: datetime,
) -> DocumentTemplate:
    row = await get_template(session, organisation_id, kind)
    if row is None:
        row = DocumentTemplate(organisation_id=organisation_id, kind=kind, content=content)
        session.add(row)
    row.content = content
    row.file_id = file_id
    row.file_name = file_name
    row.uploaded_by_id = member_id
    row.uploaded_at = now
    await session.flush()
    return row


async def delete_template(session: AsyncSession, organisation_id: int, kind: str) -> bool:
    row = await get_template(session, organisation_id, kind)
    if row is None:
        return False
    await session.delete(row)
    return True


# --------------------------------------------------------------------------- history


# built once (a partner card reads it): see storage/partners.py
_AGREEMENTS_OF = (
    select(
        Agreement.id,
        Agreement.created_at,
        Agreement.kind,
        Agreement.number,
        Agreement.status,
        Agreement.signed_on,
        Agreement.valid_until,
        Agreement.ended_on,
    )
    .where(Agreement.organisation_id == bindparam("org"), Agreement.partner_id == bindparam("pid"))
    .order_by(Agreement.id.desc())
    .limit(20)
)


async def history_items(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> list[HistoryItem]:
    if not valid_id(partner_id):
        return []
    items: list[HistoryItem] = []
    found = await session.execute(_AGREEMENTS_OF, {"org": organisation_id, "pid": partner_id})
    for agreement in found:
        items.append(
            HistoryItem(
                at=agreement.created_at,
                kind="agreement",
                data={
                    "id": agreement.id,
                    "kind": agreement.kind,
                    "number": agreement.number,
                    "status": agreement.status,
                    "signed_on": agreement.signed_on,
                    "valid_until": agreement.valid_until,
                    "ended_on": agreement.ended_on,
                },
            )
        )
    return items
