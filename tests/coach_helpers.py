"""Helpers for the coach tests: put partners and the like straight into the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from bot.app import App
from bot.services import programs
from storage.models import Member, Partner, PartnerDirection
from storage.orgs import get_member_info


async def member_of(app: App, telegram_id: int = 1) -> Member:
    async with app.sessionmaker() as session:
        return (
            await session.execute(select(Member).where(Member.telegram_id == telegram_id))
        ).scalar_one()


async def add_partner(
    app: App,
    name: str,
    category: str = "business",
    *,
    at: datetime,
    status: str = "potential",
    offer: str | None = None,
    ask: str | None = None,
    directions: Sequence[str] = (),
    responsible: bool = True,
    telegram_id: int = 1,
    since: datetime | None = None,
) -> int:
    member = await member_of(app, telegram_id)
    async with app.sessionmaker() as session:
        partner = Partner(
            organisation_id=member.organisation_id,
            name=name,
            name_norm=name.lower(),
            category=category,
            offer=offer,
            ask=ask,
            status=status,
            status_changed_at=since or at,
            created_by_id=member.id,
            responsible_id=member.id if responsible else None,
            created_at=at,
            updated_at=at,
        )
        partner.directions = [PartnerDirection(direction=d) for d in directions]
        session.add(partner)
        await session.commit()
        return partner.id


async def update_partner(app: App, partner_id: int, **fields: object) -> None:
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, partner_id)
        assert partner is not None
        for key, value in fields.items():
            setattr(partner, key, value)
        await session.commit()


async def add_programme(
    app: App, name: str, *, at: datetime, telegram_id: int = 1, focus_area: str = "tourism"
) -> None:
    async with app.sessionmaker() as session:
        member = await get_member_info(session, telegram_id)
        assert member is not None
        await programs.add_programme(
            session, member, programs.ProgrammeDraft(name=name, focus_area=focus_area), now=at
        )
