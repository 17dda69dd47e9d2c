"""Finding partners: the paginated list, filters, counts and search (also by typing)."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser
from storage import partners as db
from storage.models import Member, PartnerDirection
from tests.conftest import T0, onboard
from tests.test_partners_card import add_partner
from texts import buttons

CATEGORIES = ("state", "municipal", "business", "nonprofit", "institution")


async def _seed(app: App, names: list[tuple[str, str]]) -> int:
    async with app.sessionmaker() as session:
        member = (await session.execute(select(Member))).scalars().first()
        assert member is not None
        await db.bulk_insert(
            session,
            [
                {
                    "organisation_id": member.organisation_id,
                    "name": name,
                    "category": category,
                    "created_at": T0,
                    "updated_at": T0,
                    "status_changed_at": T0,
                }
                for name, category in names
            ],
        )
        await session.commit()
        return member.organisation_id


def _names(buttons_: list[str]) -> list[str]:
    return [b.split(" ", 1)[1] for b in buttons_ if b.startswith("⚪️ ")]


async def test_pagination_with_fifty_partners(app: App, user: LocalUser) -> None:
    await onboard(user)
    names = [(f"Партнёр {i:02d}", CATEGORIES[i % 5]) for i in range(50)]
    await _seed(app, names)

    replies = await user.send(buttons.MENU_PARTNERS)
    page = replies[-1]
    assert "Найдено: 50 партнёров, страница 1 из 7" in page.plain
    assert "🏛 Госвласть: 10" in page.plain
    seen = _names(page.buttons)
    assert len(seen) == 8
    assert "1 / 7" in page.buttons and "◀️" not in page.buttons
    for expected_page in range(2, 8):
        replies = await user.tap("▶️")
        assert f"страница {expected_page} из 7" in replies[-1].plain
        seen += _names(replies[-1].buttons)
    assert "▶️" not in replies[-1].buttons
    assert seen == [f"Партнёр {i:02d}" for i in range(50)]  # stable order, nothing twice
    replies = await user.tap("◀️")
    assert "страница 6 из 7" in replies[-1].plain


async def test_filters_by_category_status_and_direction(app: App, user: LocalUser) -> None:
    await onboard(user)
    org = await _seed(app, [(f"Организация {i:02d}", CATEGORIES[i % 5]) for i in range(20)])
    await user.send("/partners")
    replies = await user.tap("Категория")
    assert "🏢 Местное самоуправление · 4" in replies[-1].buttons
    replies = await user.tap("Местное самоуправление")
    assert "Найдено: 4 партнёра" in replies[-1].plain
    assert _names(replies[-1].buttons) == [
        "Организация 01",
        "Организация 06",
        "Организация 11",
        "Организация 16",
    ]
    replies = await user.tap("Сбросить фильтры")
    assert "Найдено: 20" in replies[-1].plain

    async with app.sessionmaker() as session:
        rows, _ = await db.list_partners(session, org, db.ListFilter())
        partner = await db.get_partner(session, org, rows[0].id)
        assert partner is not None
        session.add(PartnerDirection(partner_id=partner.id, direction="career"))
        await db.change_status(session, partner, db.PartnerStatus.ACTIVE, member_id=None, now=T0)
        await session.commit()
    await user.tap("Направление")
    replies = await user.tap("Профориентация")
    assert _names(replies[-1].buttons) == [] and "Найдено: 1 партнёр" in replies[-1].plain
    assert "🟢 Организация 00" in replies[-1].buttons
    await user.tap("Статус")
    replies = await user.tap("Потенциальный")
    assert "Под этот фильтр никто не подходит" in replies[-1].plain


async def test_search_by_typing(app: App, user: LocalUser) -> None:
    await onboard(user)
    await add_partner(user, "МАУК «Краеведческий музей»")
    await add_partner(user, "Ёлочка, детский сад", "Местное")
    await add_partner(user, "Музей изобразительных искусств")

    replies = await user.send("краевед")
    assert "МАУК «Краеведческий музей»" in replies[-1].plain
    assert "📅 Встреча" in replies[-1].buttons  # the only match: the card itself

    replies = await user.send("елочка")  # ё = е
    assert "Ёлочка, детский сад" in replies[-1].plain
    replies = await user.send("ЁЛОЧКА")
    assert "Ёлочка, детский сад" in replies[-1].plain

    replies = await user.send("музей")
    assert "по запросу «музей»" in replies[-1].plain
    assert _names(replies[-1].buttons) == [
        "МАУК «Краеведческий музей»",
        "Музей изобразительных искусств",
    ]

    replies = await user.send("100%_музей")
    assert "«100%_музей» в базе нет" in replies[-1].plain
    replies = await user.tap("Добавить «100%_музей»")
    assert "модели партнёрства" in replies[-1].plain


async def test_search_finds_contact_person_and_notes(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add Детская библиотека")
    await user.tap("Культура")
    await user.tap("Пропустить")
    await user.send("Алёна Петровна Фёдорова")
    for _ in range(5):
        await user.send(buttons.SKIP)
    await user.tap("Готово")
    await add_partner(user, "Станция юннатов")
    await user.tap("Заметка")
    await user.send("Обещали саженцы для школьного сада")

    replies = await user.send("федорова")
    assert "Детская библиотека" in replies[-1].plain
    replies = await user.send("саженцы")
    assert "Станция юннатов" in replies[-1].plain


async def test_empty_list_invites_to_add_by_category(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send("/partners")
    assert "Партнёров пока нет" in replies[-1].plain
    replies = await user.tap("Родители")
    assert "Как называется партнёр" in replies[-1].plain
    await user.send("Папа Иванова, автосервис")
    replies = await user.send(buttons.SKIP)  # category preselected: next question is source
    assert "контактное лицо" in replies[-1].plain
