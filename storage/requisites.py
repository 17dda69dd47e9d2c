"""Queries for organisations' details (ours and partners'), people's genders, members'
contacts for letters and outgoing letters' numbers. Every lookup takes the organisation
(ids from callbacks are untrusted); nothing here commits (bot/services/requisites.py and
bot/services/paperwork.py do)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    MemberContact,
    OrganisationRequisites,
    OutgoingLetter,
    Partner,
    PartnerRequisites,
    PersonGender,
)
from storage.partners import valid_id

# the columns of a requisites row that hold the details (bot.domain.requisites.FIELDS)
DETAIL_FIELDS: tuple[str, ...] = (
    "full_name",
    "short_name",
    "legal_form",
    "director_name",
    "director_position",
    "director_basis",
    "legal_address",
    "postal_address",
    "inn",
    "kpp",
    "ogrn",
    "phone",
    "email",
    "website",
    "bank_name",
    "bik",
    "account",
    "corr_account",
)


def values(row: OrganisationRequisites | PartnerRequisites | None) -> dict[str, str]:
    """The row's details as text ("" for a value not given)."""
    return {name: (getattr(row, name) or "") if row is not None else "" for name in DETAIL_FIELDS}


# --------------------------------------------------------------------------- ours


async def ours(session: AsyncSession, organisation_id: int) -> OrganisationRequisites | None:
    return await session.get(OrganisationRequisites, organisation_id)


async def set_ours(
    session: AsyncSession,
    organisation_id: int,
    changes: dict[str, str],
    *,
    member_id: int | None,
    now: datetime,
) -> OrganisationRequisites:
    """Write the given fields of our organisation's details (no commit)."""
    row = await ours(session, organisation_id)
    if row is None:
        row = OrganisationRequisites(organisation_id=organisation_id)
        session.add(row)
    _apply(row, changes)
    row.updated_by_id = member_id
    row.updated_at = now
    await session.flush()
    return row


# --------------------------------------------------------------------------- partners'


async def of_partner(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> PartnerRequisites | None:
    """The partner's details, only if the partner is the organisation's."""
    if not valid_id(partner_id):
        return None
    result = await session.execute(
        select(PartnerRequisites).where(
            PartnerRequisites.partner_id == partner_id,
            PartnerRequisites.organisation_id == organisation_id,
        )
    )
    return result.scalar_one_or_none()


async def set_partner(
    session: AsyncSession, partner: Partner, changes: dict[str, str], *, now: datetime
) -> PartnerRequisites:
    """Write the given fields of the partner's details (no commit); the partner was loaded
    with the organisation in the WHERE clause."""
    row = await of_partner(session, partner.organisation_id, partner.id)
    if row is None:
        row = PartnerRequisites(partner_id=partner.id, organisation_id=partner.organisation_id)
        session.add(row)
    _apply(row, changes)
    row.updated_at = now
    await session.flush()
    return row


def _apply(row: OrganisationRequisites | PartnerRequisites, changes: dict[str, str]) -> None:
    for name, value in changes.items():
        if name not in DETAIL_FIELDS:
            raise ValueError(name)
        setattr(row, name, value or None)


# --------------------------------------------------------------------------- genders


def person_key(name: str) -> str:
    """A person's name as genders are looked up: lower case, «ё» as «е», single spaces."""
    return " ".join(name.lower().replace("ё", "е").split())[:200]


async def genders(session: AsyncSession, organisation_id: int, names: list[str]) -> dict[str, str]:
    """The stored gender of each of `names` that has one (keyed by person_key)."""
    keys = {person_key(name) for name in names if name.strip()}
    if not keys:
        return {}
    result = await session.execute(
        select(PersonGender.name_key, PersonGender.gender).where(
            PersonGender.organisation_id == organisation_id, PersonGender.name_key.in_(keys)
        )
    )
    return {key: gender for key, gender in result}


async def set_gender(
    session: AsyncSession, organisation_id: int, name: str, gender: str, now: datetime
) -> None:
    key = person_key(name)
    row = await session.get(PersonGender, (organisation_id, key))
    if row is None:
        session.add(
            PersonGender(
                organisation_id=organisation_id, name_key=key, gender=gender, updated_at=now
            )
        )
    else:
        row.gender = gender
        row.updated_at = now
    await session.flush()


# --------------------------------------------------------------------------- contacts


async def member_contact(session: AsyncSession, member_id: int) -> MemberContact | None:
    return await session.get(MemberContact, member_id)


async def set_member_contact(
    session: AsyncSession, member_id: int, *, phone: str | None, email: str | None, now: datetime
) -> MemberContact:
    row = await member_contact(session, member_id)
    if row is None:
        row = MemberContact(member_id=member_id)
        session.add(row)
    row.phone, row.email, row.updated_at = phone or None, email or None, now
    await session.flush()
    return row


# --------------------------------------------------------------------------- letters


async def letter_number(
    session: AsyncSession,
    organisation_id: int,
    partner_id: int,
    *,
    member_id: int,
    day: date,
    now: datetime,
) -> int:
    """The outgoing number of a letter to the partner made on `day`: the one already given
    that day by this member (the same letter made again), else the next of the year."""
    found = await session.execute(
        select(OutgoingLetter.seq)
        .where(
            OutgoingLetter.organisation_id == organisation_id,
            OutgoingLetter.partner_id == partner_id,
            OutgoingLetter.member_id == member_id,
            OutgoingLetter.issued_on == day,
        )
        .order_by(OutgoingLetter.seq.desc())
        .limit(1)
    )
    seq = found.scalar_one_or_none()
    if seq is not None:
        return int(seq)
    last = await session.execute(
        select(func.max(OutgoingLetter.seq)).where(
            OutgoingLetter.organisation_id == organisation_id, OutgoingLetter.year == day.year
        )
    )
    seq = int(last.scalar_one() or 0) + 1
    session.add(
        OutgoingLetter(
            organisation_id=organisation_id,
            partner_id=partner_id,
            member_id=member_id,
            year=day.year,
            seq=seq,
            issued_on=day,
            created_at=now,
        )
    )
    await session.flush()
    return seq
