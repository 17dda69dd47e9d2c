"""Finding partners by what people type: any word form, any order, a word typed halfway,
«им.», initials, quotes and legal forms ignored; the duplicate warning reads the same index."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from bot.local_api import LocalUser
from bot.services import partners as service
from storage import orgs
from storage.models import Partner
from tests.conftest import T0, onboard
from texts import buttons


async def seed(app: App, *names: str, category: str = "institution") -> None:
    """Partners saved as the add flow saves them (the names indexed)."""
    async with app.sessionmaker() as session:
        member = await orgs.get_member_info(session, 1)
        assert member is not None
        for name in names:
            draft = service.PartnerDraft(name=name, category=category)
            await service.add_partner(session, member, draft, now=T0)


async def count(app: App) -> int:
    async with app.sessionmaker() as session:
        return int((await session.execute(select(func.count(Partner.id)))).scalar_one())


async def test_the_clients_searches(app: App, user: LocalUser) -> None:
    await onboard(user)
    await seed(
        app,
        "Краеведческий музей",
        "Библиотека им. А. С. Пушкина",
        "Пожарная часть № 5",
        "Пожарная часть № 15",
        "Парк культуры",
    )
    # one partner found: its card
    card = (await user.send("музеи"))[-1]
    assert card.plain.startswith("⚪️ Краеведческий музей")
    assert "📅 Встреча" in card.buttons

    card = (await user.send("библиотека пушкина"))[-1]
    assert "Библиотека им. А. С. Пушкина" in card.plain and "📅 Встреча" in card.buttons
    card = (await user.send("пушкина библиотеку"))[-1]  # any order, any form
    assert "Библиотека им. А. С. Пушкина" in card.plain and "📅 Встреча" in card.buttons

    # two found: the list of them
    found = (await user.send("пожарн часть"))[-1]
    assert "по запросу «пожарн часть»" in found.plain and "Найдено: 2 партнёра" in found.plain
    assert found.buttons[:2] == ["⚪️ Пожарная часть № 15", "⚪️ Пожарная часть № 5"]
    card = (await user.send("пожарная часть 5"))[-1]  # «5» is not «15»
    assert "Пожарная часть № 5" in card.plain and "📅 Встреча" in card.buttons

    none = (await user.send("планетарий"))[-1]
    assert "Партнёра «планетарий» в базе нет" in none.plain
    assert none.buttons == ["➕ Добавить «планетарий»"]


async def test_contact_persons_and_notes_are_still_searched(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add Краеведческий музей")
    await user.tap("Культура")
    await user.tap("Рядом")
    await user.send("Ольга Ивановна Смирнова")
    for _ in range(5):  # phone, e-mail, address, offer, ask
        await user.send(buttons.SKIP)
    await user.tap("Готово")
    await user.tap("Заметка")
    await user.send("Договорились о выставке поисковых находок")

    for query in ("ольга смирнова", "Смирнова", "поисковых находок"):
        card = (await user.send(query))[-1]
        assert card.plain.startswith("⚪️ Краеведческий музей"), query
    none = (await user.send("ольга петрова"))[-1]
    assert "в базе нет" in none.plain


async def warned(user: LocalUser, name: str) -> list[str]:
    """The partners the add flow warns of for `name` (none: it asks the category)."""
    reply = (await user.send(f"/add {name}"))[-1]
    await user.send("/cancel")
    if "уже есть" not in reply.plain:
        assert "модели партнёрства" in reply.plain
        return []
    return [b.removeprefix("📂 Открыть ") for b in reply.buttons if b.startswith("📂")]


async def test_the_clients_duplicates(app: App, user: LocalUser) -> None:
    await onboard(user)
    await seed(
        app,
        "Краеведческий музей им. Словцова",
        "Библиотека им. А. С. Пушкина",
        "ТюмГУ",
        "Школа № 15",
        "Музей истории",
    )
    assert await warned(user, "музей словцова") == ["«Краеведческий музей им. Словцова»"]
    assert await warned(user, "Библиотека Пушкина") == ["«Библиотека им. А. С. Пушкина»"]
    assert await warned(user, "тюмгу") == ["«ТюмГУ»"]
    assert await warned(user, "МАУК «Музей Словцова»") == ["«Краеведческий музей им. Словцова»"]
    assert await warned(user, "Школа № 5") == []
    assert await warned(user, "Музей искусств") == []
    assert await warned(user, "Музей") == []
    assert await count(app) == 5


async def test_a_warning_lists_the_likeliest_first_and_opens_it(app: App, user: LocalUser) -> None:
    await onboard(user)
    await seed(app, "Краеведческий музей", "МАУК «Краеведческий музей им. Словцова»")
    reply = (await user.send("/add Краеведческий музей Словцова"))[-1]
    assert reply.buttons == [
        "📂 Открыть МАУК «Краеведческий музей им. Словцова»",
        "📂 Открыть «Краеведческий музей»",
        "➕ Всё равно добавить",
    ]
    assert "Вы добавляете: «Краеведческий музей Словцова»" in reply.plain
    card = (await user.tap("Словцова"))[-1]
    assert card.plain.startswith("⚪️ МАУК «Краеведческий музей им. Словцова»")
    assert await count(app) == 2
