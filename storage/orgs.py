"""Queries for organisations and members. They never commit (the caller's service does:
bot/services/onboarding.py, bot/services/members.py), except `set_member_active`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import Role
from storage.models import Member, Organisation
from storage.models.org import AddressForm


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """What handlers know about the member behind an update (a snapshot, not an ORM row)."""

    id: int
    telegram_id: int
    chat_id: int
    organisation_id: int
    organisation_name: str
    municipality: str
    invite_code: str
    full_name: str
    position: str
    role: str
    timezone: str
    is_active: bool
    address_form: str | None = None  # AddressForm ("f", "m"); None: not known

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def agree(self, feminine: str, masculine: str, unknown: str | None = None) -> str:
        """The word that agrees with the member's form of address, for templates:
        `{{ member.agree("одна", "один") }}`; unknown form: `unknown`, else the masculine
        (Russian's common gender)."""
        if self.address_form == AddressForm.FEMININE:
            return feminine
        if self.address_form == AddressForm.MASCULINE:
            return masculine
        return masculine if unknown is None else unknown


def member_info(member: Member) -> MemberInfo:
    org = member.organisation
    return MemberInfo(
        id=member.id,
        telegram_id=member.telegram_id,
        chat_id=member.chat_id,
        organisation_id=member.organisation_id,
        organisation_name=org.name,
        municipality=org.municipality,
        invite_code=org.invite_code,
        full_name=member.full_name,
        position=member.position,
        role=member.role,
        timezone=member.timezone,
        is_active=member.is_active,
        address_form=member.address_form,
    )


async def get_member_info(session: AsyncSession, telegram_id: int) -> MemberInfo | None:
    """The member behind a Telegram user, as a snapshot (one query per update)."""
    member = await get_member_by_telegram_id(session, telegram_id)
    return member_info(member) if member is not None else None


async def get_member_by_telegram_id(session: AsyncSession, telegram_id: int) -> Member | None:
    result = await session.execute(select(Member).where(Member.telegram_id == telegram_id))
    return result.scalar_one_or_none()


async def get_member(session: AsyncSession, organisation_id: int, member_id: int) -> Member | None:
    result = await session.execute(
        select(Member).where(Member.id == member_id, Member.organisation_id == organisation_id)
    )
    return result.scalar_one_or_none()


async def list_members(session: AsyncSession, organisation_id: int) -> list[Member]:
    result = await session.execute(
        select(Member).where(Member.organisation_id == organisation_id).order_by(Member.id)
    )
    return list(result.scalars())


async def get_organisation_by_invite(session: AsyncSession, code: str) -> Organisation | None:
    result = await session.execute(select(Organisation).where(Organisation.invite_code == code))
    return result.scalar_one_or_none()


async def create_organisation_with_admin(
    session: AsyncSession,
    *,
    name: str,
    municipality: str,
    timezone: str,
    telegram_id: int,
    chat_id: int,
    full_name: str,
    position: str,
    now: datetime,
    address_form: str | None = None,
) -> MemberInfo:
    organisation = Organisation(
        name=name,
        municipality=municipality,
        timezone=timezone,
        invite_code=secrets.token_urlsafe(9),
        created_at=now,
        updated_at=now,
    )
    member = Member(
        organisation=organisation,
        telegram_id=telegram_id,
        chat_id=chat_id,
        full_name=full_name,
        position=position,
        role=Role.ADMIN.value,
        timezone=timezone,
        address_form=address_form,
        consent_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add_all([organisation, member])
    await session.flush()
    return member_info(member)


async def join_organisation(
    session: AsyncSession,
    *,
    organisation_id: int,
    telegram_id: int,
    chat_id: int,
    full_name: str,
    position: str,
    timezone: str,
    now: datetime,
    address_form: str | None = None,
) -> MemberInfo:
    member = Member(
        organisation_id=organisation_id,
        telegram_id=telegram_id,
        chat_id=chat_id,
        full_name=full_name,
        position=position,
        role=Role.TEACHER.value,
        timezone=timezone,
        address_form=address_form,
        consent_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(member)
    await session.flush()
    await session.refresh(member, ["organisation"])
    return member_info(member)


async def update_member_profile(
    session: AsyncSession,
    telegram_id: int,
    *,
    full_name: str | None = None,
    position: str | None = None,
    timezone: str | None = None,
    address_form: str | None = None,
) -> MemberInfo | None:
    member = await get_member_by_telegram_id(session, telegram_id)
    if member is None:
        return None
    if full_name is not None:
        member.full_name = full_name
    if position is not None:
        member.position = position
    if timezone is not None:
        member.timezone = timezone
    if address_form is not None:
        member.address_form = address_form
    await session.flush()
    return member_info(member)


async def update_organisation(
    session: AsyncSession,
    organisation_id: int,
    *,
    name: str | None = None,
    municipality: str | None = None,
    now: datetime,
) -> Organisation | None:
    """Rename the organisation or change its municipality (no commit)."""
    organisation = await session.get(Organisation, organisation_id)
    if organisation is None:
        return None
    if name is not None:
        organisation.name = name
    if municipality is not None:
        organisation.municipality = municipality
    organisation.updated_at = now
    await session.flush()
    return organisation


async def set_member_active(session: AsyncSession, telegram_id: int, active: bool) -> bool:
    """Mark a member active/inactive (blocked the bot). True when a row changed.

    The one function here that still commits: the reminder engine (bot/reminders.py) calls
    it after its own commit and relies on it."""
    result = await session.execute(
        update(Member)
        .where(Member.telegram_id == telegram_id, Member.is_active.is_not(active))
        .values(is_active=active)
    )
    await session.commit()
    return bool(getattr(result, "rowcount", 0))
