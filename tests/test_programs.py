"""/programs: the organisation's educational programmes (stage I)."""

from __future__ import annotations

import pytest
from aiogram.types import ReplyKeyboardMarkup
from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser
from handlers.programs.form import check_ages, parse_ages
from storage.models import Program
from tests.conftest import onboard
from texts import buttons


@pytest.mark.parametrize(
    ("typed", "ages"),
    [("7–12", (7, 12)), ("7-12", (7, 12)), ("от 7 до 12", (7, 12)), ("10", (10, 10)),
     ("7 — 12 лет", (7, 12)), ("12-7", None), ("18-7", None), ("2-5", None), ("7-40", None),
     ("дети", None)],
)  # fmt: skip
def test_age_ranges(typed: str, ages: tuple[int, int] | None) -> None:
    assert parse_ages(typed) == ages


def test_age_problems_are_named() -> None:
    assert check_ages("18-7") == "reversed"
    assert check_ages("7-40") == "bounds"
    assert check_ages("дети") == "format"


async def _program(app: App) -> Program:
    async with app.sessionmaker() as session:
        return (await session.execute(select(Program))).scalars().one()


async def test_add_list_and_edit_a_programme(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send("/programs")
    assert "Программ пока нет" in replies[-1].plain
    replies = await user.tap("Добавить программу")
    assert "До 200" in replies[-1].plain or "От 2 до 200" in replies[-1].plain
    await user.send("Юный краевед")
    replies = await user.send("туристско-краеведческая")
    assert "Возраст" in replies[-1].plain
    replies = await user.send("7 лет и старше, наверное")
    assert "Не понял возраст" in replies[-2].plain
    assert "Возраст учащихся?" in replies[-1].plain  # the same question again
    replies = await user.send("18-7")
    assert "Диапазон перевёрнут: «18-7»" in replies[-2].plain
    assert "Возраст учащихся?" in replies[-1].plain
    keyboard = replies[-1].keyboard
    assert isinstance(keyboard, ReplyKeyboardMarkup)
    assert keyboard.keyboard[0][0].text == buttons.SKIP
    await user.send("7–12")
    replies = await user.send("Походы, музейные занятия, поисковая работа")
    assert "сохранена" in replies[0].plain
    assert "Возраст: 7–12 лет" in replies[-1].plain
    program = await _program(app)
    assert (program.focus_area, program.age_from, program.age_to) == ("tourism", 7, 12)

    replies = await user.tap("Возраст")
    assert "От 3 до 18" in replies[-1].plain
    replies = await user.send("10-14")
    assert "Возраст: 10–14 лет" in replies[-1].plain
    program = await _program(app)
    assert (program.name, program.age_from, program.age_to) == ("Юный краевед", 10, 14)

    await user.tap("Направленность")
    await user.send("🎨 Художественная")  # one of the six focus areas, by button
    assert (await _program(app)).focus_area == "arts"

    replies = await user.send("/programs")
    assert "Юный краевед" in replies[-1].buttons
    await user.tap("Юный краевед")
    await user.tap("Удалить программу")
    replies = await user.tap("Да, удалить")
    assert "Программ пока нет" in replies[-1].plain
