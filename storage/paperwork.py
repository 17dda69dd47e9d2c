"""What the stage III documents are made of: the events of the work plan in a period with
their partners, the agreements in force, the latest expert evaluation of each partner.
Reads only, every query scoped by the organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Agreement,
    AgreementStatus,
    Evaluation,
    Member,
    Partner,
    WorkEvent,
    WorkEventPartner,
)


@dataclass(frozen=True, slots=True)
class PlanEventRow:
    title: str
    day: date
    partners: tuple[str, ...]
    direction: str
    responsible: str


async def events_between(
    session: AsyncSession, organisation_id: int, start: date, end: date, *, limit: int = 300
) -> list[PlanEventRow]:
    """The organisation's events from `start` to `end` inclusive, soonest first."""
    result = await session.execute(
        select(WorkEvent.id, WorkEvent.title, WorkEvent.day, WorkEvent.direction, Member.full_name)
        .outerjoin(Member, Member.id == WorkEvent.responsible_id)
        .where(
            WorkEvent.organisation_id == organisation_id,
            WorkEvent.day >= start,
            WorkEvent.day <= end,
        )
        .order_by(WorkEvent.day, WorkEvent.id)
        .limit(limit)
    )
    rows = result.all()
    names: dict[int, list[str]] = {row[0]: [] for row in rows}
    if names:
        found = await session.execute(
            select(WorkEventPartner.event_id, Partner.name)
            .join(Partner, Partner.id == WorkEventPartner.partner_id)
            .where(
                WorkEventPartner.event_id.in_(list(names)),
                Partner.organisation_id == organisation_id,
            )
            .order_by(Partner.name_norm)
        )
        for event_id, name in found:
            names[event_id].append(name)
    return [
        PlanEventRow(title, day, tuple(names[eid]), direction or "", responsible or "")
        for eid, title, day, direction, responsible in rows
    ]


@dataclass(frozen=True, slots=True)
class AgreementRow:
    partner: str
    number: str
    valid_until: date | None


async def agreements_in_force(
    session: AsyncSession, organisation_id: int, since: date, *, limit: int = 300
) -> list[AgreementRow]:
    """Agreements in force that do not end before `since`."""
    result = await session.execute(
        select(Partner.name, Agreement.number, Agreement.valid_until)
        .join(Partner, Partner.id == Agreement.partner_id)
        .where(
            Agreement.organisation_id == organisation_id,
            Agreement.status == AgreementStatus.ACTIVE,
            (Agreement.valid_until.is_(None)) | (Agreement.valid_until >= since),
        )
        .order_by(Partner.name_norm, Agreement.id)
        .limit(limit)
    )
    return [AgreementRow(name, number or "", until) for name, number, until in result]


@dataclass(frozen=True, slots=True)
class EvaluationRow:
    partner: str
    scores: tuple[int, int, int, int]
    direction: str
    comment: str


async def latest_evaluations(
    session: AsyncSession,
    organisation_id: int,
    since: datetime,
    until: datetime,
    *,
    limit: int = 300,
) -> list[EvaluationRow]:
    """The latest evaluation of each partner made in [since, until), by partner name."""
    latest = (
        select(Evaluation.partner_id, func.max(Evaluation.id).label("last_id"))
        .where(
            Evaluation.organisation_id == organisation_id,
            Evaluation.created_at >= since,
            Evaluation.created_at < until,
        )
        .group_by(Evaluation.partner_id)
        .subquery()
    )
    result = await session.execute(
        select(
            Partner.name,
            Evaluation.benefit,
            Evaluation.reliability,
            Evaluation.activity,
            Evaluation.fit,
            Evaluation.direction,
            Evaluation.comment,
        )
        .join(latest, latest.c.last_id == Evaluation.id)
        .join(Partner, Partner.id == Evaluation.partner_id)
        .where(Partner.organisation_id == organisation_id)
        .order_by(Partner.name_norm, Partner.id)
        .limit(limit)
    )
    return [
        EvaluationRow(name, (b, r, a, f), direction or "", comment or "")
        for name, b, r, a, f, direction, comment in result
    ]
