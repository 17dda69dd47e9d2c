"""The index of partners' names (partner_terms) follows every name: added, renamed,
imported; search and duplicate candidates read it, one organisation at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.services import partners as service
from storage import orgs
from storage import partners as db
from storage.models import PartnerTerm
from storage.partner_terms import crude_terms
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
    draft = service.PartnerDraft(name=name, category="institution")
    return await service.add_partner(session, member, draft, now=T0)


async def _terms(session: AsyncSession, partner_id: int) -> list[str]:
    found = await session.execute(
        select(PartnerTerm.term).where(PartnerTerm.partner_id == partner_id)
    )
    return sorted(found.scalars())


async def _similar(session: AsyncSession, member: orgs.MemberInfo, name: str) -> list[str]:
    return [s.name for s in await service.find_similar(session, member.organisation_id, name)]


async def _found(session: AsyncSession, member: orgs.MemberInfo, query: str) -> list[str]:
    rows, _ = await service.search_partners(session, member.organisation_id, query)
    return [r.name for r in rows]


async def test_renaming_a_partner_moves_it_in_the_index(session: AsyncSession) -> None:
    anna = await _org(session, 1)
    partner = await _add(session, anna, "Детская библиотека № 5")
    assert await _terms(session, partner.id) == ["5", "библиотека", "детский"]
    assert await _similar(session, anna, "детская библиотека №5") == ["Детская библиотека № 5"]

    await service.update_field(
        session, anna, partner, "name", "МАУК «Краеведческий музей им. Словцова»", now=T0
    )
    assert await _terms(session, partner.id) == ["краеведческий", "музей", "словцов"]
    assert partner.name_norm == "краеведческий музей им словцова"
    assert await _similar(session, anna, "музей Словцова") == [
        "МАУК «Краеведческий музей им. Словцова»"
    ]
    assert await _similar(session, anna, "Детская библиотека № 5") == []
    assert await _found(session, anna, "музеи") == ["МАУК «Краеведческий музей им. Словцова»"]
    assert await _found(session, anna, "библиотека") == []


async def test_other_organisations_are_never_candidates(session: AsyncSession) -> None:
    anna, oleg = await _org(session, 1), await _org(session, 2)
    await _add(session, anna, "ДК «Юность»")
    await _add(session, anna, "СЮН")
    await _add(session, oleg, "Краеведческий музей")
    assert await _similar(session, anna, "Дом культуры Юность") == ["ДК «Юность»"]
    assert await _similar(session, anna, "сюн") == ["СЮН"]
    assert await _similar(session, anna, "Краеведческий музей") == []  # not Anna's
    assert await _found(session, anna, "музей") == []
    assert await _similar(session, oleg, "краеведческии музеи") == ["Краеведческий музей"]


async def test_deleting_a_partner_takes_its_terms(session: AsyncSession) -> None:
    anna = await _org(session, 1)
    partner = await _add(session, anna, "Пожарная часть № 5")
    assert await service.delete_partner(session, anna.organisation_id, partner.id)
    assert (await session.execute(select(PartnerTerm))).scalars().all() == []


async def test_an_import_is_indexed_like_the_add_flow(session: AsyncSession) -> None:
    anna = await _org(session, 1)
    row = {
        "organisation_id": anna.organisation_id,
        "category": "education",
        "created_at": T0,
        "updated_at": T0,
        "status_changed_at": T0,
    }
    ids = await service.import_partners(
        session,
        [{**row, "name": "Библиотека им. А. С. Пушкина"}, {**row, "name": "Школа № 15"}],
    )
    assert await _terms(session, ids[0]) == ["библиотека", "пушкин"]
    assert await _terms(session, ids[1]) == ["15", "школа"]
    assert await _found(session, anna, "библиотеки пушкина") == ["Библиотека им. А. С. Пушкина"]
    assert await _similar(session, anna, "Школа № 5") == []


async def test_partners_written_without_the_domain_get_their_words(
    session: AsyncSession,
) -> None:
    """Storage alone (other features' test helpers, `bulk_insert` rows without terms)
    indexes the words as they are: found by the words typed, not by other forms."""
    anna = await _org(session, 1)
    partner = await db.create_partner(
        session, organisation_id=anna.organisation_id, member_id=anna.id,
        name="ООО «Ромашка-2»", category="business", now=T0,
    )  # fmt: skip
    assert await _terms(session, partner.id) == ["ромашка-2"]
    assert crude_terms("МАУК «Музей», № 5") == ["музей", "5"]
    assert await _found(session, anna, "ромаш") == ["ООО «Ромашка-2»"]
    # the storage's own search (callers without the domain, like the pickers): the name key
    for query in ("ромашка", "ашка-2", "ООО Ромашка"):
        rows, _ = await db.search_partners(session, anna.organisation_id, query)
        assert [r.name for r in rows] == ["ООО «Ромашка-2»"], query
