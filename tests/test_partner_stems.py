"""Duplicate candidates come from the name-stem index, which follows every name change."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from storage import orgs
from storage import partners as db
from storage.models import PartnerNameStem
from tests.conftest import T0


@pytest.fixture
async def session(app: App) -> AsyncIterator[AsyncSession]:
    async with app.sessionmaker() as s:
        yield s


async def _org(session: AsyncSession, telegram_id: int) -> orgs.MemberInfo:
    return await orgs.create_organisation_with_admin(
        session, name=f"ДДТ {telegram_id}", municipality="г. Тюмень",
        timezone="Asia/Yekaterinburg", telegram_id=telegram_id, chat_id=telegram_id,
        full_name="Анна", position="педагог", now=T0,
    )  # fmt: skip


async def _add(session: AsyncSession, member: orgs.MemberInfo, name: str) -> db.Partner:
    return await db.insert_partner(
        session, organisation_id=member.organisation_id, member_id=member.id, name=name,
        category="institution", now=T0,
    )  # fmt: skip


async def _similar(session: AsyncSession, member: orgs.MemberInfo, name: str) -> list[str]:
    return [s.name for s in await db.find_similar(session, member.organisation_id, name)]


async def test_renaming_a_partner_moves_it_in_the_index(session: AsyncSession) -> None:
    anna = await _org(session, 1)
    partner = await _add(session, anna, "Детская библиотека № 5")
    assert await _similar(session, anna, "детская библиотека №5") == ["Детская библиотека № 5"]

    await db.update_field(session, partner, "name", "МАУК «Краеведческий музей»", now=T0)
    assert await _similar(session, anna, "Музей краеведческий") == ["МАУК «Краеведческий музей»"]
    assert await _similar(session, anna, "Детская библиотека № 5") == []
    stems = set((await session.execute(select(PartnerNameStem.stem))).scalars())
    assert stems == {"крае", "краев", "музе", "музей"}


async def test_short_names_and_other_organisations(session: AsyncSession) -> None:
    anna, oleg = await _org(session, 1), await _org(session, 2)
    await _add(session, anna, "ДК «Юность»")  # a word of four letters or more: «юность»
    await _add(session, anna, "СЮН")  # no long word at all
    await _add(session, oleg, "Краеведческий музей")
    assert await _similar(session, anna, "дк юность") == ["ДК «Юность»"]
    assert await _similar(session, anna, "сюн") == ["СЮН"]  # the LIKE fallback
    assert await _similar(session, anna, "Краеведческий музей") == []  # not Anna's
    assert await _similar(session, oleg, "краеведческии музеи") == ["Краеведческий музей"]
