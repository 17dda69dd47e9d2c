"""The director's report: aggregate queries over one organisation and one period, a fixed
number of them whatever its size (no loop over partners). Portable SQL (SQLite now,
PostgreSQL next): GROUP BY, CASE, MAX, correlated-free subqueries.

Moments (`at`, `start_at`, `end_at`) are aware UTC datetimes: the bounds of the member's
local days (bot.domain.periods.Period.bounds); days (agreement terms, events) compare as
dates. A partner's status at a moment is its last recorded change before that moment
(`partner_status_changes`, the greatest id: changes of one moment keep their order), or
its current status when nothing was recorded before (partners inserted in bulk).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.enums import PIPELINE_ORDER
from storage.models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingStatus,
    Member,
    Partner,
    PartnerStatusChange,
    RenewalDecision,
    WorkEvent,
    WorkEventPartner,
)


def _existing(organisation_id: int, at: datetime) -> list[Any]:
    """Partners of the organisation that existed and were not archived at `at`."""
    return [
        Partner.organisation_id == organisation_id,
        Partner.created_at < at,
        or_(Partner.archived_at.is_(None), Partner.archived_at >= at),
    ]


async def partners_at(
    session: AsyncSession, organisation_id: int, at: datetime
) -> list[tuple[str, str, int]]:
    """(category, status at `at`, partners) of the partners not archived at `at`."""
    last = (
        select(
            PartnerStatusChange.partner_id.label("pid"),
            func.max(PartnerStatusChange.id).label("last_id"),
        )
        .join(Partner, Partner.id == PartnerStatusChange.partner_id)
        .where(Partner.organisation_id == organisation_id, PartnerStatusChange.changed_at < at)
        .group_by(PartnerStatusChange.partner_id)
        .subquery()
    )
    change = aliased(PartnerStatusChange)
    # grouped outside: PostgreSQL compares GROUP BY expressions by their text
    each = (
        select(
            Partner.category.label("category"),
            func.coalesce(change.new_status, Partner.status).label("status"),
        )
        .select_from(Partner)
        .outerjoin(last, last.c.pid == Partner.id)
        .outerjoin(change, change.id == last.c.last_id)
        .where(*_existing(organisation_id, at))
        .subquery()
    )
    found = await session.execute(
        select(each.c.category, each.c.status, func.count()).group_by(
            each.c.category, each.c.status
        )
    )
    return [(str(category), str(state), int(n)) for category, state, n in found]


async def partner_moves(
    session: AsyncSession, organisation_id: int, start_at: datetime, end_at: datetime
) -> tuple[int, int]:
    """(partners added, partners archived) in [start_at, end_at)."""

    def counted(column: Any) -> Any:
        return (
            select(func.count())
            .select_from(Partner)
            .where(Partner.organisation_id == organisation_id, column >= start_at, column < end_at)
            .scalar_subquery()
        )

    found = await session.execute(select(counted(Partner.created_at), counted(Partner.archived_at)))
    added, archived = found.one()
    return int(added), int(archived)


@dataclass(frozen=True, slots=True)
class MeetingFact:
    starts_at: datetime  # UTC
    partner: str
    format: str
    outcome: str | None


async def meetings_held(
    session: AsyncSession,
    organisation_id: int,
    start_at: datetime,
    end_at: datetime,
    now: datetime,
) -> list[MeetingFact]:
    """Meetings that took place in [start_at, end_at): reported, or planned with a start
    already past (no outcome yet)."""
    found = await session.execute(
        select(Meeting.starts_at, Partner.name, Meeting.format, Meeting.outcome)
        .join(Partner, Partner.id == Meeting.partner_id)
        .where(
            Meeting.organisation_id == organisation_id,
            Meeting.starts_at >= start_at,
            Meeting.starts_at < end_at,
            or_(
                Meeting.status == MeetingStatus.DONE,
                and_(Meeting.status == MeetingStatus.PLANNED, Meeting.starts_at < now),
            ),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [MeetingFact(at, name, fmt, outcome or None) for at, name, fmt, outcome in found]


async def meeting_counts(
    session: AsyncSession, organisation_id: int, start_at: datetime, end_at: datetime
) -> tuple[int, int]:
    """(meetings cancelled that were due in [start_at, end_at), meetings planned from
    `end_at` on)."""
    cancelled = (
        select(func.count())
        .select_from(Meeting)
        .where(
            Meeting.organisation_id == organisation_id,
            Meeting.status == MeetingStatus.CANCELLED,
            Meeting.starts_at >= start_at,
            Meeting.starts_at < end_at,
        )
        .scalar_subquery()
    )
    planned = (
        select(func.count())
        .select_from(Meeting)
        .where(
            Meeting.organisation_id == organisation_id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.starts_at >= end_at,
        )
        .scalar_subquery()
    )
    found = (await session.execute(select(cancelled, planned))).one()
    return int(found[0]), int(found[1])


@dataclass(frozen=True, slots=True)
class AgreementFact:
    group: str  # signed | prolonged | ending
    partner: str
    number: str | None
    kind: str
    signed_on: date | None
    valid_until: date | None
    prolongs: int
    responsible: str


async def agreements(
    session: AsyncSession,
    organisation_id: int,
    start: date,
    end: date,
    seen: date,
    ending_until: date,
) -> list[AgreementFact]:
    """The agreements signed in start..end, prolonged in it (their end date before the last
    prolongation falls in it: the day of a prolongation is not recorded), and in force
    ending in (seen, ending_until] with no decision to let them end. One query."""
    signed = and_(
        Agreement.status != AgreementStatus.DRAFT,
        Agreement.signed_on >= start,
        Agreement.signed_on <= end,
    )
    prolonged = and_(
        Agreement.status != AgreementStatus.DRAFT,
        Agreement.prolong_count > 0,
        Agreement.previous_until >= start,
        Agreement.previous_until <= end,
    )
    ending = and_(
        Agreement.status == AgreementStatus.ACTIVE,
        Agreement.valid_until > seen,
        Agreement.valid_until <= ending_until,
        Agreement.renewal_decision != RenewalDecision.LET_END,
    )
    found = await session.execute(
        select(
            signed,
            prolonged,
            ending,
            Partner.name,
            Agreement.number,
            Agreement.kind,
            Agreement.signed_on,
            Agreement.valid_until,
            Agreement.prolong_count,
            Member.full_name,
        )
        .join(Partner, Partner.id == Agreement.partner_id)
        .outerjoin(Member, Member.id == Agreement.responsible_id)
        .where(Agreement.organisation_id == organisation_id, or_(signed, prolonged, ending))
        .order_by(Agreement.signed_on, Agreement.id)
    )
    facts: list[AgreementFact] = []
    for is_signed, is_prolonged, is_ending, *row in found:
        name, number, kind, signed_on, until, prolongs, responsible = row
        for group, flag in (
            ("signed", is_signed),
            ("prolonged", is_prolonged),
            ("ending", is_ending),
        ):
            if flag:
                facts.append(
                    AgreementFact(
                        group, name, number, kind, signed_on, until, prolongs, responsible or ""
                    )
                )
    return facts


async def agreements_in_force(session: AsyncSession, organisation_id: int, day: date) -> int:
    """Agreements in force on `day`: signed by then, not ended by then, their term not over
    (those ended since count: they were in force then)."""
    found = await session.execute(
        select(func.count())
        .select_from(Agreement)
        .where(
            Agreement.organisation_id == organisation_id,
            Agreement.status.in_((AgreementStatus.ACTIVE, AgreementStatus.ENDED)),
            or_(Agreement.signed_on.is_(None), Agreement.signed_on <= day),
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= day),
            or_(Agreement.ended_on.is_(None), Agreement.ended_on > day),
        )
    )
    return int(found.scalar_one())


@dataclass(frozen=True, slots=True)
class EventFact:
    day: date
    title: str
    direction: str | None
    partners: tuple[str, ...]


async def events(
    session: AsyncSession, organisation_id: int, start: date, end: date
) -> list[EventFact]:
    """Joint events of the work plan dated start..end with their partners (two queries)."""
    found = await session.execute(
        select(WorkEvent.id, WorkEvent.day, WorkEvent.title, WorkEvent.direction)
        .where(
            WorkEvent.organisation_id == organisation_id,
            WorkEvent.day >= start,
            WorkEvent.day <= end,
        )
        .order_by(WorkEvent.day, WorkEvent.id)
    )
    rows = found.all()
    names: dict[int, list[str]] = {}
    if rows:
        linked = await session.execute(
            select(WorkEventPartner.event_id, Partner.name)
            .join(WorkEvent, WorkEvent.id == WorkEventPartner.event_id)
            .join(Partner, Partner.id == WorkEventPartner.partner_id)
            .where(
                WorkEvent.organisation_id == organisation_id,
                WorkEvent.day >= start,
                WorkEvent.day <= end,
            )
            .order_by(Partner.name_norm)
        )
        for event_id, name in linked:
            names.setdefault(event_id, []).append(name)
    return [
        EventFact(day, title, direction, tuple(names.get(eid, ())))
        for eid, day, title, direction in rows
    ]


_STEP = case(
    *((PartnerStatusChange.new_status == s.value, i) for i, s in enumerate(PIPELINE_ORDER)),
    else_=-1,
)
_CURRENT_STEP = case(
    *((Partner.status == s.value, i) for i, s in enumerate(PIPELINE_ORDER)), else_=-1
)


async def pipeline(
    session: AsyncSession, organisation_id: int, start_at: datetime, end_at: datetime
) -> tuple[dict[str, int], dict[str, int]]:
    """(reached, entered): per status of PIPELINE_ORDER, the partners that reached it or
    went further by `end_at` (their furthest step in the history; paused and declined ones
    included), and the partners that moved into it in [start_at, end_at). Partners
    archived before `start_at` are left out."""
    furthest = (
        select(PartnerStatusChange.partner_id.label("pid"), func.max(_STEP).label("top"))
        .join(Partner, Partner.id == PartnerStatusChange.partner_id)
        .where(Partner.organisation_id == organisation_id, PartnerStatusChange.changed_at < end_at)
        .group_by(PartnerStatusChange.partner_id)
        .subquery()
    )
    each = (
        select(func.coalesce(furthest.c.top, _CURRENT_STEP).label("top"))
        .select_from(Partner)
        .outerjoin(furthest, furthest.c.pid == Partner.id)
        .where(
            Partner.organisation_id == organisation_id,
            Partner.created_at < end_at,
            or_(Partner.archived_at.is_(None), Partner.archived_at >= start_at),
        )
        .subquery()
    )
    found = await session.execute(select(each.c.top, func.count()).group_by(each.c.top))
    at_step = {int(step): int(n) for step, n in found if step is not None and step >= 0}
    reached = {
        status.value: sum(n for step, n in at_step.items() if step >= index)
        for index, status in enumerate(PIPELINE_ORDER)
    }
    moved = await session.execute(
        select(
            PartnerStatusChange.new_status,
            func.count(func.distinct(PartnerStatusChange.partner_id)),
        )
        .join(Partner, Partner.id == PartnerStatusChange.partner_id)
        .where(
            Partner.organisation_id == organisation_id,
            PartnerStatusChange.changed_at >= start_at,
            PartnerStatusChange.changed_at < end_at,
            PartnerStatusChange.new_status.in_([s.value for s in PIPELINE_ORDER]),
        )
        .group_by(PartnerStatusChange.new_status)
    )
    entered = {str(status): int(n) for status, n in moved}
    return reached, entered


def by_key(rows: Sequence[tuple[str, str, int]], index: int) -> dict[str, int]:
    """partners_at's rows summed by category (index 0) or status (index 1)."""
    out: dict[str, int] = {}
    for category, status, n in rows:
        key = category if index == 0 else status
        out[key] = out.get(key, 0) + n
    return out
