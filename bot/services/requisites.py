"""Organisations' details (requisites), people's genders and members' contacts: read as the
documents use them, written one field at a time (each write validated by
bot/domain/requisites.py and committed here).

What is already known elsewhere fills a detail nobody typed yet: our organisation's name as
given at registration, a partner's name, address, phone and e-mail from its card. The
screens mark such values, the documents use them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import requisites as rules
from bot.domain.contacts import normalize_email, normalize_phone
from bot.domain.requisites import Requisites
from bot.domain.russian import Gender, detect_gender, parse_person
from storage import requisites as store
from storage.models import Partner
from storage.orgs import MemberInfo


@dataclass(frozen=True, slots=True)
class Details:
    """Details as the documents see them, and which of them came from elsewhere."""

    requisites: Requisites
    borrowed: frozenset[str] = frozenset()  # fields filled from the registration or the card


def _details(stored: dict[str, str], fallback: dict[str, str]) -> Details:
    borrowed = {name for name, value in fallback.items() if value and not stored[name]}
    merged = {**stored, **{name: fallback[name] for name in borrowed}}
    return Details(Requisites(**merged), frozenset(borrowed))


async def ours(session: AsyncSession, member: MemberInfo) -> Details:
    """Our organisation's details; its name as registered when no full name was typed."""
    stored = store.values(await store.ours(session, member.organisation_id))
    return _details(stored, {"full_name": member.organisation_name})


def partner_fallback(partner: Partner) -> dict[str, str]:
    return {
        "full_name": partner.name or "",
        "legal_address": partner.address or "",
        "phone": partner.phone or "",
        "email": partner.email or "",
    }


async def of_partner(session: AsyncSession, partner: Partner) -> Details:
    """The partner's details (the partner was loaded for the member's organisation)."""
    stored = store.values(await store.of_partner(session, partner.organisation_id, partner.id))
    return _details(stored, partner_fallback(partner))


def _stored(details: Details) -> Requisites:
    """Only what was typed: the checks of a new value compare with these."""
    return replace(details.requisites, **{name: "" for name in details.borrowed})


def check(details: Details, name: str, value: str) -> tuple[Requisites | None, str]:
    """The details with `value` in the field `name`, or the error key. Besides the field's
    own check (a checksum, a format), a new value must not contradict the others: a KPP of
    an individual entrepreneur, an INN and an OGRN of different kinds of person. A
    director's name must be a person's name; it is kept capitalised, surname first."""
    current = _stored(details)
    if name == "director_name" and value.strip():
        person = parse_person(value)
        if person is None:
            return None, "person"
        value = person.full  # capitals and the official order: surname, name, patronymic
    try:
        updated = rules.with_value(current, name, value)
    except ValueError as exc:
        return None, str(exc)
    before = rules.problems(current)
    for field, error in rules.problems(updated).items():
        if before.get(field) != error:
            return None, error
    return updated, ""


async def save(
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner | None,
    name: str,
    value: str,
    *,
    now: datetime,
) -> tuple[Details | None, str]:
    """Check and store one field (ours when `partner` is None; an empty value clears it);
    commits. Returns the new details, or None and the error key (nothing stored)."""
    details = await (of_partner(session, partner) if partner else ours(session, member))
    updated, error = check(details, name, value)
    if updated is None:
        return None, error
    changes = {name: getattr(updated, name)}
    if partner is None:
        await store.set_ours(session, member.organisation_id, changes, member_id=member.id, now=now)
    else:
        await store.set_partner(session, partner, changes, now=now)
    await session.commit()
    return await (of_partner(session, partner) if partner else ours(session, member)), ""


# --------------------------------------------------------------------------- genders


async def gender_of(session: AsyncSession, organisation_id: int, name: str) -> Gender | None:
    """The gender the member gave for this name, else the one the name tells; None when
    neither (the member is asked once)."""
    if not name.strip():
        return None
    stored = await store.genders(session, organisation_id, [name])
    value = stored.get(store.person_key(name))
    if value in (Gender.MALE, Gender.FEMALE):
        return Gender(value)
    return detect_gender(parse_person(name))


async def needs_gender(session: AsyncSession, organisation_id: int, name: str) -> bool:
    """A name the documents will decline whose gender neither the name nor the member
    told yet."""
    return (
        parse_person(name) is not None and await gender_of(session, organisation_id, name) is None
    )


async def remember_gender(
    session: AsyncSession, organisation_id: int, name: str, gender: Gender, *, now: datetime
) -> None:
    await store.set_gender(session, organisation_id, name, gender.value, now)
    await session.commit()


# --------------------------------------------------------------------------- contacts


@dataclass(frozen=True, slots=True)
class MemberContacts:
    asked: bool  # the member answered once (even with nothing)
    phone: str = ""  # E.164
    email: str = ""


async def contacts(session: AsyncSession, member_id: int) -> MemberContacts:
    row = await store.member_contact(session, member_id)
    if row is None:
        return MemberContacts(False)
    return MemberContacts(True, row.phone or "", row.email or "")


def parse_phone(text: str) -> str | None:
    return normalize_phone(text)


def parse_email(text: str) -> str | None:
    return normalize_email(text)


async def save_contacts(
    session: AsyncSession, member_id: int, *, phone: str, email: str, now: datetime
) -> MemberContacts:
    """Keep the member's phone and e-mail for letters (empty: none given); commits."""
    await store.set_member_contact(session, member_id, phone=phone, email=email, now=now)
    await session.commit()
    return MemberContacts(True, phone, email)
