"""/meetings «по партнёру»: pick a partner (the meetings' partner picker), see their meetings."""

from __future__ import annotations

from bot.app import App
from bot.local_api import LocalUser
from handlers.meetings.callbacks import ListAct, ListCb
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, plan


async def test_filter_meetings_by_partner(app: App, user: LocalUser) -> None:
    await onboard(user)
    museum = await add_partner(app)
    library = await add_partner(app, name="Библиотека имени Пушкина", address="ул. Мира, 5")
    await add_partner(app, name="Театр кукол")  # no meetings: not offered in the filter
    await plan(user, museum)
    await plan(user, library, "1 декабря в 10:00")

    replies = await user.send("/meetings")
    assert "Краеведческий музей" in replies[-1].plain
    assert "Библиотека имени Пушкина" in replies[-1].plain
    assert "👤 По партнёру" in replies[-1].buttons

    replies = await user.tap("По партнёру")
    picker = replies[-1]
    assert "Чьи встречи показать" in picker.plain
    assert "Библиотека имени Пушкина" in picker.buttons
    assert "Краеведческий музей" in picker.buttons
    assert "Театр кукол" not in picker.buttons

    replies = await user.tap("Библиотека имени Пушкина")
    listed = replies[-1].plain
    assert "Предстоящие встречи: Библиотека имени Пушкина" in listed
    assert "Краеведческий музей" not in listed
    assert "вторник, 1 декабря 2026, 10:00" in listed
    assert "👤 Другой партнёр" in replies[-1].buttons

    replies = await user.tap("Прошедшие")  # the filter stays on
    assert "Прошедшие встречи: Библиотека имени Пушкина" in replies[-1].plain

    replies = await user.tap("Все встречи")  # the filter off, still the past ones
    assert replies[-1].plain.startswith("📅 Прошедшие встречи\n")
    replies = await user.tap("Предстоящие")
    assert "Краеведческий музей" in replies[-1].plain
    assert "Библиотека имени Пушкина" in replies[-1].plain


async def test_typed_part_of_the_name_and_forged_ids(app: App, user: LocalUser) -> None:
    await onboard(user)
    museum = await add_partner(app)
    await plan(user, museum)
    await user.send("/meetings")
    await user.tap("По партнёру")
    replies = await user.send("музей")  # a part of the name searches
    assert "Краеведческий музей" in replies[-1].buttons
    replies = await user.send("Зоопарк")
    assert "не нашлось" in replies[-1].plain
    replies = await user.tap("Краеведческий музей")
    assert "Предстоящие встречи: Краеведческий музей" in replies[-1].plain

    replies = await user.press(
        1, ListCb(action=ListAct.LIST, partner=999).pack()
    )  # not ours / made up
    assert "Не найдено" in replies[-1].plain
    replies = await user.press(1, ListCb(action=ListAct.LIST, partner=2**70).pack())
    assert "Не найдено" in replies[-1].plain


async def test_no_meetings_yet(app: App, user: LocalUser) -> None:
    await onboard(user)
    await add_partner(app)
    await user.send("/meetings")
    replies = await user.tap("По партнёру")
    assert "Встреч с партнёрами пока нет" in replies[-1].plain
