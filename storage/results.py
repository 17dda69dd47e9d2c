"""Queries for the results of social partnership (the method's five) and the audit of
files. Every query filters by the organisation (ids from callbacks and FSM data are
untrusted); nothing here commits (bot/services/results.py owns the transactions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import PartnerStatus
from storage.models import (
    Agreement,
    AuditEntry,
    Partner,
    PartnershipResult,
    ResultPartner,
    WorkEvent,
    WorkEventPartner,
)
from storage.partners import search_key, valid_id

PAGE_SIZE = 8


@dataclass(frozen=True, slots=True)
class ResultRow:
    """A result with the names it is shown with."""

    id: int
    kind: str
    day: date
    values: dict[str, Any]
    partners: tuple[tuple[int, str], ...] = ()
    event: tuple[int, str, date] | None = None  # id, title, day
    agreement_id: int | None = None
    file_id: str | None = None
    file_kind: str | None = None
    file_name: str | None = None


async def _owned_partners(
    session: AsyncSession, organisation_id: int, ids: Sequence[int]
) -> list[int]:
    wanted = [i for i in dict.fromkeys(ids) if valid_id(i)]
    if not wanted:
        return []
    found = await session.execute(
        select(Partner.id).where(Partner.organisation_id == organisation_id, Partner.id.in_(wanted))
    )
    owned = set(found.scalars())
    return [i for i in wanted if i in owned]


async def insert_result(
    session: AsyncSession,
    *,
    organisation_id: int,
    member_id: int | None,
    kind: str,
    day: date,
    values: dict[str, Any],
    partner_ids: Sequence[int] = (),
    event_id: int | None = None,
    agreement_id: int | None = None,
    file_id: str | None = None,
    file_kind: str | None = None,
    file_name: str | None = None,
    now: datetime,
) -> PartnershipResult:
    """Insert the result with those of `partner_ids`, the event and the agreement that
    belong to the organisation (the others are dropped); flushed, not committed."""
    if event_id is not None and await event_of(session, organisation_id, event_id) is None:
        event_id = None
    if (
        agreement_id is not None
        and await agreement_partner(session, organisation_id, agreement_id) is None
    ):
        agreement_id = None
    row = PartnershipResult(
        organisation_id=organisation_id,
        member_id=member_id,
        kind=kind,
        day=day,
        values=dict(values),
        event_id=event_id,
        agreement_id=agreement_id,
        file_id=file_id,
        file_kind=file_kind,
        file_name=file_name,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    owned = await _owned_partners(session, organisation_id, partner_ids)
    session.add_all(ResultPartner(result_id=row.id, partner_id=pid) for pid in owned)
    await session.flush()
    return row


async def delete_result(session: AsyncSession, organisation_id: int, result_id: int) -> bool:
    if not valid_id(result_id):
        return False
    done = await session.execute(
        delete(PartnershipResult).where(
            PartnershipResult.id == result_id, PartnershipResult.organisation_id == organisation_id
        )
    )
    return bool(getattr(done, "rowcount", 0))


async def _rows(session: AsyncSession, results: Sequence[PartnershipResult]) -> list[ResultRow]:
    """The results with their partners' names and their events (two more queries)."""
    if not results:
        return []
    ids = [r.id for r in results]
    names: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    found = await session.execute(
        select(ResultPartner.result_id, Partner.id, Partner.name)
        .join(Partner, Partner.id == ResultPartner.partner_id)
        .where(ResultPartner.result_id.in_(ids))
        .order_by(Partner.name_norm, Partner.id)
    )
    for result_id, pid, name in found:
        names[result_id].append((pid, name))
    event_ids = {r.event_id for r in results if r.event_id is not None}
    events: dict[int, tuple[int, str, date]] = {}
    if event_ids:
        rows = await session.execute(
            select(WorkEvent.id, WorkEvent.title, WorkEvent.day).where(WorkEvent.id.in_(event_ids))
        )
        events = {eid: (eid, title, day) for eid, title, day in rows}
    return [
        ResultRow(
            id=r.id,
            kind=r.kind,
            day=r.day,
            values=dict(r.values or {}),
            partners=tuple(names[r.id]),
            event=events.get(r.event_id) if r.event_id is not None else None,
            agreement_id=r.agreement_id,
            file_id=r.file_id,
            file_kind=r.file_kind,
            file_name=r.file_name,
        )
        for r in results
    ]


async def get_result(
    session: AsyncSession, organisation_id: int, result_id: int
) -> ResultRow | None:
    if not valid_id(result_id):
        return None
    found = await session.execute(
        select(PartnershipResult).where(
            PartnershipResult.id == result_id, PartnershipResult.organisation_id == organisation_id
        )
    )
    row = found.scalar_one_or_none()
    return None if row is None else (await _rows(session, [row]))[0]


async def list_results(
    session: AsyncSession, organisation_id: int, page: int = 0, per_page: int = PAGE_SIZE
) -> tuple[list[ResultRow], int]:
    """One page, newest first, and how many there are."""
    total = await session.execute(
        select(func.count())
        .select_from(PartnershipResult)
        .where(PartnershipResult.organisation_id == organisation_id)
    )
    found = await session.execute(
        select(PartnershipResult)
        .where(PartnershipResult.organisation_id == organisation_id)
        .order_by(PartnershipResult.day.desc(), PartnershipResult.id.desc())
        .limit(per_page)
        .offset(max(page, 0) * per_page)
    )
    return await _rows(session, list(found.scalars())), int(total.scalar_one())


@dataclass(frozen=True, slots=True)
class DatedResult:
    """A result of a period as the summary and the report read it: the first partner's id,
    the partners' names joined."""

    kind: str
    day: date
    values: dict[str, Any]
    partner_id: int | None
    partners: str


async def results_between(
    session: AsyncSession, organisation_id: int, start: date, end: date
) -> list[DatedResult]:
    """Results dated start..end (inclusive), oldest first (two queries)."""
    found = await session.execute(
        select(
            PartnershipResult.id,
            PartnershipResult.kind,
            PartnershipResult.day,
            PartnershipResult.values,
        )
        .where(
            PartnershipResult.organisation_id == organisation_id,
            PartnershipResult.day >= start,
            PartnershipResult.day <= end,
        )
        .order_by(PartnershipResult.day, PartnershipResult.id)
    )
    rows = found.all()
    if not rows:
        return []
    names: dict[int, list[tuple[int, str]]] = {}
    partners = await session.execute(
        select(ResultPartner.result_id, Partner.id, Partner.name)
        .join(Partner, Partner.id == ResultPartner.partner_id)
        .join(PartnershipResult, PartnershipResult.id == ResultPartner.result_id)
        .where(
            PartnershipResult.organisation_id == organisation_id,
            PartnershipResult.day >= start,
            PartnershipResult.day <= end,
        )
        .order_by(Partner.name_norm, Partner.id)
    )
    for result_id, pid, name in partners:
        names.setdefault(result_id, []).append((pid, name))
    out = []
    for rid, kind, day, values in rows:
        linked = names.get(rid, [])
        out.append(
            DatedResult(
                kind,
                day,
                dict(values or {}),
                linked[0][0] if linked else None,
                ", ".join(name for _, name in linked),
            )
        )
    return out


async def partners_between(
    session: AsyncSession, organisation_id: int, start: date, end: date
) -> int:
    """Distinct partners of the results dated start..end."""
    found = await session.execute(
        select(func.count(func.distinct(ResultPartner.partner_id)))
        .join(PartnershipResult, PartnershipResult.id == ResultPartner.result_id)
        .where(
            PartnershipResult.organisation_id == organisation_id,
            PartnershipResult.day >= start,
            PartnershipResult.day <= end,
        )
    )
    return int(found.scalar_one())


# --------------------------------------------------------------------------- pickers

_WORKING_FIRST = case(
    (
        Partner.status.in_((PartnerStatus.ACTIVE.value, PartnerStatus.AGREEMENT_SIGNED.value)),
        0,
    ),
    else_=1,
)


async def pick_partners(
    session: AsyncSession, organisation_id: int, query: str = "", limit: int = 8
) -> list[tuple[int, str]]:
    """Partners a result may be achieved with: not archived; those working with us first,
    then the latest to move; a typed part of the name narrows them."""
    conditions = [Partner.organisation_id == organisation_id, Partner.archived_at.is_(None)]
    if query:
        key = search_key(query)
        if not key:
            return []
        conditions.append(Partner.name_norm.contains(key, autoescape=True))
    found = await session.execute(
        select(Partner.id, Partner.name)
        .where(*conditions)
        .order_by(_WORKING_FIRST, Partner.status_changed_at.desc(), Partner.id.desc())
        .limit(limit)
    )
    return [(pid, name) for pid, name in found]


async def partner_names(
    session: AsyncSession, organisation_id: int, ids: Sequence[int]
) -> list[tuple[int, str]]:
    """(id, name) of the organisation's partners among `ids`, in the order of `ids`."""
    wanted = [i for i in dict.fromkeys(ids) if valid_id(i)]
    if not wanted:
        return []
    found = await session.execute(
        select(Partner.id, Partner.name).where(
            Partner.organisation_id == organisation_id, Partner.id.in_(wanted)
        )
    )
    names = dict(found.all())
    return [(i, names[i]) for i in wanted if i in names]


async def event_of(
    session: AsyncSession, organisation_id: int, event_id: int
) -> tuple[int, str, date] | None:
    """(id, title, day) of the organisation's event."""
    if not valid_id(event_id):
        return None
    found = await session.execute(
        select(WorkEvent.id, WorkEvent.title, WorkEvent.day).where(
            WorkEvent.id == event_id, WorkEvent.organisation_id == organisation_id
        )
    )
    row = found.one_or_none()
    return None if row is None else (row[0], row[1], row[2])


async def event_partner_ids(
    session: AsyncSession, organisation_id: int, event_id: int
) -> list[int]:
    if not valid_id(event_id):
        return []
    found = await session.execute(
        select(WorkEventPartner.partner_id)
        .join(WorkEvent, WorkEvent.id == WorkEventPartner.event_id)
        .join(Partner, Partner.id == WorkEventPartner.partner_id)
        .where(
            WorkEventPartner.event_id == event_id,
            WorkEvent.organisation_id == organisation_id,
            Partner.organisation_id == organisation_id,
        )
        .order_by(Partner.name_norm, Partner.id)
    )
    return list(found.scalars())


async def held_events(
    session: AsyncSession, organisation_id: int, since: date, until: date, limit: int = 6
) -> list[tuple[int, str, date]]:
    """Events of the work plan held since..until, the latest first."""
    found = await session.execute(
        select(WorkEvent.id, WorkEvent.title, WorkEvent.day)
        .where(
            WorkEvent.organisation_id == organisation_id,
            WorkEvent.day >= since,
            WorkEvent.day <= until,
        )
        .order_by(WorkEvent.day.desc(), WorkEvent.id.desc())
        .limit(limit)
    )
    return [(eid, title, day) for eid, title, day in found]


async def agreement_partner(
    session: AsyncSession, organisation_id: int, agreement_id: int
) -> tuple[int, int, str] | None:
    """(agreement id, partner id, partner's name) of the organisation's agreement."""
    if not valid_id(agreement_id):
        return None
    found = await session.execute(
        select(Agreement.id, Partner.id, Partner.name)
        .join(Partner, Partner.id == Agreement.partner_id)
        .where(
            Agreement.id == agreement_id,
            Agreement.organisation_id == organisation_id,
            Partner.organisation_id == organisation_id,
        )
    )
    row = found.one_or_none()
    return None if row is None else (row[0], row[1], row[2])


# --------------------------------------------------------------------------- the audit


async def audit(
    session: AsyncSession,
    *,
    organisation_id: int,
    member_id: int | None,
    action: str,
    at: datetime,
    detail: str | None = None,
    rows: int = 0,
    imported: int = 0,
    rejected: int = 0,
) -> None:
    """Record who made a report, an export or an import (no commit)."""
    session.add(
        AuditEntry(
            organisation_id=organisation_id,
            member_id=member_id,
            action=action,
            at=at,
            detail=(detail or "")[:255] or None,
            rows=rows,
            imported=imported,
            rejected=rejected,
        )
    )
    await session.flush()


async def audit_entries(
    session: AsyncSession, organisation_id: int, limit: int = 20
) -> list[AuditEntry]:
    found = await session.execute(
        select(AuditEntry)
        .where(AuditEntry.organisation_id == organisation_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(found.scalars())


async def partner_results(
    session: AsyncSession, organisation_id: int, partner_id: int, limit: int = 5
) -> list[PartnershipResult]:
    """The partner's latest results (the partner card's history)."""
    if not valid_id(partner_id):
        return []
    found = await session.execute(
        select(PartnershipResult)
        .join(ResultPartner, ResultPartner.result_id == PartnershipResult.id)
        .where(
            PartnershipResult.organisation_id == organisation_id,
            ResultPartner.partner_id == partner_id,
        )
        .order_by(PartnershipResult.day.desc(), PartnershipResult.id.desc())
        .limit(limit)
    )
    return list(found.scalars())
