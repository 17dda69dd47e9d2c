"""/export and the import of partners: the organisation's partners, meetings and agreements as
plain rows (a fixed number of queries), and the bulk writes of an import (no commits:
bot/services/transfer.py owns the one transaction). Partners go in through
storage.partners.bulk_insert, which also fills their search index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import partners as partners_db
from storage.models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingStatus,
    Member,
    Partner,
    PartnerDirection,
    PartnerNote,
    PartnerStatusChange,
    Program,
    UTCDateTime,
    partner_programs,
)

# --------------------------------------------------------------------------- export


@dataclass(frozen=True, slots=True)
class PartnerRow:
    id: int
    name: str
    category: str
    status: str
    contact_person: str | None
    phone: str | None
    email: str | None
    address: str | None
    source: str | None
    offer: str | None
    ask: str | None
    responsible: str
    created_at: datetime
    archived_at: datetime | None
    directions: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    last_meeting: datetime | None = None  # UTC
    agreement: tuple[str | None, date | None, date | None] | None = None  # number, signed, until


async def partner_rows(
    session: AsyncSession, organisation_id: int, today: date, now: datetime
) -> list[PartnerRow]:
    """Every partner, archived ones too, in the list's order, with their directions,
    programmes, the last meeting held and the latest agreement in force on `today`
    (five queries)."""
    found = await session.execute(
        select(
            Partner.id,
            Partner.name,
            Partner.category,
            Partner.status,
            Partner.contact_person,
            Partner.phone,
            Partner.email,
            Partner.address,
            Partner.source,
            Partner.offer,
            Partner.ask,
            Member.full_name,
            Partner.created_at,
            Partner.archived_at,
        )
        .outerjoin(Member, Member.id == Partner.responsible_id)
        .where(Partner.organisation_id == organisation_id)
        .order_by(Partner.archived_at.is_not(None), Partner.name_norm, Partner.id)
    )
    rows = found.all()
    directions: dict[int, list[str]] = {}
    for pid, direction in await session.execute(
        select(PartnerDirection.partner_id, PartnerDirection.direction)
        .join(Partner, Partner.id == PartnerDirection.partner_id)
        .where(Partner.organisation_id == organisation_id)
    ):
        directions.setdefault(pid, []).append(direction)
    programmes: dict[int, list[str]] = {}
    for pid, name in await session.execute(
        select(partner_programs.c.partner_id, Program.name)
        .join(Program, Program.id == partner_programs.c.program_id)
        .where(Program.organisation_id == organisation_id)
        .order_by(Program.name_norm, Program.id)
    ):
        programmes.setdefault(pid, []).append(name)
    last_meeting = dict(
        (
            await session.execute(
                select(Meeting.partner_id, func.max(Meeting.starts_at))
                .where(
                    Meeting.organisation_id == organisation_id,
                    or_(
                        Meeting.status == MeetingStatus.DONE,
                        and_(Meeting.status == MeetingStatus.PLANNED, Meeting.starts_at < now),
                    ),
                )
                .group_by(Meeting.partner_id)
            )
        ).all()
    )
    agreements: dict[int, tuple[str | None, date | None, date | None]] = {}
    for pid, number, signed, until in await session.execute(
        select(Agreement.partner_id, Agreement.number, Agreement.signed_on, Agreement.valid_until)
        .where(
            Agreement.organisation_id == organisation_id,
            Agreement.status == AgreementStatus.ACTIVE,
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= today),
        )
        .order_by(Agreement.signed_on, Agreement.id)  # the latest one wins
    ):
        agreements[pid] = (number, signed, until)
    out: list[PartnerRow] = []
    for row in rows:
        pid, name, category, status, person, phone, email, address, source, offer, ask = (
            row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
            row[10],
        )  # fmt: skip
        out.append(
            PartnerRow(
                id=pid,
                name=name,
                category=category,
                status=status,
                contact_person=person,
                phone=phone,
                email=email,
                address=address,
                source=source,
                offer=offer,
                ask=ask,
                responsible=row[11] or "",
                created_at=row[12],
                archived_at=row[13],
                directions=tuple(directions.get(pid, ())),
                programmes=tuple(programmes.get(pid, ())),
                last_meeting=_utc(last_meeting.get(pid)),
                agreement=agreements.get(pid),
            )
        )
    return out


def _utc(value: Any) -> datetime | None:
    """MAX() over a UTC column comes back as raw text or a naive datetime on SQLite."""
    return UTCDateTime().process_result_value(value, None)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class MeetingRow:
    partner: str
    starts_at: datetime
    format: str
    status: str
    outcome: str | None
    place: str | None
    purpose: str | None
    notes: str | None
    next_step: str | None
    member: str


async def meeting_rows(session: AsyncSession, organisation_id: int) -> list[MeetingRow]:
    found = await session.execute(
        select(
            Partner.name,
            Meeting.starts_at,
            Meeting.format,
            Meeting.status,
            Meeting.outcome,
            Meeting.place,
            Meeting.purpose,
            Meeting.notes,
            Meeting.next_step,
            Member.full_name,
        )
        .join(Partner, Partner.id == Meeting.partner_id)
        .outerjoin(Member, Member.id == Meeting.member_id)
        .where(Meeting.organisation_id == organisation_id)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [
        MeetingRow(
            partner=row[0],
            starts_at=row[1],
            format=row[2],
            status=row[3],
            outcome=row[4],
            place=row[5],
            purpose=row[6],
            notes=row[7],
            next_step=row[8],
            member=row[9] or "",
        )
        for row in found
    ]


@dataclass(frozen=True, slots=True)
class AgreementRow:
    partner: str
    number: str | None
    kind: str
    subject: str
    status: str
    signed_on: date | None
    valid_until: date | None
    auto_prolong: bool
    prolong_count: int
    ended_on: date | None
    responsible: str


async def agreement_rows(session: AsyncSession, organisation_id: int) -> list[AgreementRow]:
    found = await session.execute(
        select(
            Partner.name,
            Agreement.number,
            Agreement.kind,
            Agreement.subject,
            Agreement.status,
            Agreement.signed_on,
            Agreement.valid_until,
            Agreement.auto_prolong,
            Agreement.prolong_count,
            Agreement.ended_on,
            Member.full_name,
        )
        .join(Partner, Partner.id == Agreement.partner_id)
        .outerjoin(Member, Member.id == Agreement.responsible_id)
        .where(Agreement.organisation_id == organisation_id)
        .order_by(Agreement.signed_on, Agreement.id)
    )
    return [
        AgreementRow(
            partner=row[0],
            number=row[1],
            kind=row[2],
            subject=row[3],
            status=row[4],
            signed_on=row[5],
            valid_until=row[6],
            auto_prolong=bool(row[7]),
            prolong_count=int(row[8] or 0),
            ended_on=row[9],
            responsible=row[10] or "",
        )
        for row in found
    ]


# --------------------------------------------------------------------------- import


async def name_keys(session: AsyncSession, organisation_id: int) -> set[str]:
    """The normalised names (storage.partners.name_key) of every partner, archived too."""
    found = await session.execute(
        select(Partner.name_norm).where(Partner.organisation_id == organisation_id)
    )
    return set(found.scalars())


async def members_by_name(session: AsyncSession, organisation_id: int) -> dict[str, int]:
    """Active members by their normalised full name."""
    found = await session.execute(
        select(Member.id, Member.full_name).where(
            Member.organisation_id == organisation_id, Member.is_active.is_(True)
        )
    )
    return {partners_db.norm(name): mid for mid, name in found}


async def programmes_by_name(session: AsyncSession, organisation_id: int) -> dict[str, int]:
    found = await session.execute(
        select(Program.id, Program.name).where(Program.organisation_id == organisation_id)
    )
    return {partners_db.norm(name): pid for pid, name in found}


async def insert_partners(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert partners in bulk (storage.partners.bulk_insert: their search index too); their
    ids by normalised name (names are distinct by `name_key`). No commit."""
    ids = await partners_db.bulk_insert(session, rows)
    return {partners_db.name_key(row["name"]): pid for row, pid in zip(rows, ids, strict=True)}


async def insert_links(
    session: AsyncSession,
    *,
    directions: Sequence[dict[str, Any]] = (),
    changes: Sequence[dict[str, Any]] = (),
    notes: Sequence[dict[str, Any]] = (),
    programmes: Sequence[dict[str, Any]] = (),
) -> None:
    """What an imported partner carries, in bulk: directions (partner_id, direction), status
    changes (partner_id, old_status, new_status, member_id, changed_at), notes (partner_id,
    organisation_id, author_id, text, created_at) and programme links (partner_id,
    program_id). No commit."""
    if directions:
        await session.execute(insert(PartnerDirection), list(directions))
    if changes:
        await session.execute(insert(PartnerStatusChange), list(changes))
    if notes:
        prepared = [{**n, "text_norm": partners_db.norm(n["text"])} for n in notes]
        await session.execute(insert(PartnerNote), prepared)
    if programmes:
        await session.execute(insert(partner_programs), list(programmes))
