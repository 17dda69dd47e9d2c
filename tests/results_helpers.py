"""Helpers for the results, report and transfer tests: partners, events, agreements and
meetings put straight into the database through the storage functions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.local_api import Sent
from storage import agreements as agreements_db
from storage import coach as coach_db
from storage import partners as partners_db
from storage.models import Member


async def member_of(app: App, telegram_id: int = 1) -> Member:
    async with app.sessionmaker() as session:
        return (
            await session.execute(select(Member).where(Member.telegram_id == telegram_id))
        ).scalar_one()


async def partner(
    app: App, name: str, category: str = "institution", *, telegram_id: int = 1, **fields: Any
) -> int:
    member = await member_of(app, telegram_id)
    at = fields.pop("now", app.clock.now())
    async with app.sessionmaker() as session:
        row = await partners_db.create_partner(
            session,
            organisation_id=member.organisation_id,
            member_id=member.id,
            name=name,
            category=category,
            now=at,
            **fields,
        )
        return row.id


async def event(
    app: App, title: str, day: date, partner_ids: Sequence[int] = (), *, telegram_id: int = 1
) -> int:
    member = await member_of(app, telegram_id)
    async with app.sessionmaker() as session:
        row = await coach_db.create_event(
            session,
            organisation_id=member.organisation_id,
            member_id=member.id,
            title=title,
            day=day,
            partner_ids=partner_ids,
            direction="events",
            responsible_id=member.id,
            now=app.clock.now(),
        )
        await session.commit()  # storage never commits: the test stands in for a service
        return row.id


async def agreement(
    app: App,
    partner_id: int,
    *,
    signed_on: date | None,
    valid_until: date | None,
    number: str | None = "1",
    status: str = "active",
    telegram_id: int = 1,
    now: datetime | None = None,
) -> int:
    member = await member_of(app, telegram_id)
    async with app.sessionmaker() as session:
        row = await agreements_db.create_agreement(
            session,
            organisation_id=member.organisation_id,
            partner_id=partner_id,
            kind="coop",
            number=number,
            subject="Совместная работа",
            signed_on=signed_on,
            valid_until=valid_until,
            auto_prolong=False,
            prolong_months=None,
            responsible_id=member.id,
            created_by_id=member.id,
            scan_file_id=None,
            scan_kind=None,
            scan_name=None,
            now=now or app.clock.now(),
            status=status,
        )
        await session.commit()
        return row.id


def files(replies: list[Sent]) -> list[Sent]:
    return [r for r in replies if r.method == "sendDocument"]
