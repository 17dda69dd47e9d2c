"""Answers too long or too short: a short explanation and the same question again."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from handlers.shared.callbacks import NewMeeting
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, meetings, plan

PURPOSE_QUESTION = "Цель встречи"


async def _to_place(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await user.press(1, NewMeeting(partner_id=pid).pack())
    await user.send("завтра в 15:00")
    await user.tap("Верно")
    await user.tap("Мы едем к ним")  # the format first: we go to them


async def test_purpose_question_states_the_limit_and_is_asked_again(
    app: App, user: LocalUser
) -> None:
    await _to_place(app, user)
    replies = await user.tap("ул. Ленина")
    assert PURPOSE_QUESTION in replies[-1].plain
    assert "от 2 до 1000 символов" in replies[-1].plain  # the limit is stated up front

    replies = await user.send("я" * 1500)
    last = replies[-1]
    assert "Слишком длинно: 1500 символов, а можно не больше 1000" in last.plain
    assert PURPOSE_QUESTION in last.plain  # the same question again
    assert "⏭ Пропустить" in last.buttons

    replies = await user.send("я")
    assert "Слишком коротко" in replies[-1].plain
    assert PURPOSE_QUESTION in replies[-1].plain

    replies = await user.send("познакомиться")  # earlier answers kept
    assert "Встреча запланирована" in replies[-1].plain
    [meeting] = await meetings(app)
    assert (meeting.place, meeting.purpose) == ("ул. Ленина, 2", "познакомиться")


async def test_place_too_long_repeats_the_place_question_with_its_buttons(
    app: App, user: LocalUser
) -> None:
    await _to_place(app, user)
    replies = await user.send("д" * 301)
    last = replies[-1]
    assert "Слишком длинно: 301 символ, а можно не больше 300" in last.plain
    assert "Где встречаемся" in last.plain and "до 300 символов" in last.plain
    assert any("ул. Ленина, 2" in b for b in last.buttons)
    replies = await user.send("библиотека, читальный зал")
    assert PURPOSE_QUESTION in replies[-1].plain


async def test_report_answers_too_long_repeat_their_questions(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    replies = await user.tap("➕ Пункт")
    assert "до 300 символов" in replies[-1].plain
    replies = await user.send("п" * 301)
    assert "Слишком длинно: 301 символ" in replies[-1].plain
    assert "Напишите новый пункт подготовки" in replies[-1].plain
    await user.send("Взять буклет")

    clock.advance(timedelta(days=2))
    replies = await user.send("/meetings")
    await user.tap("Прошедшие")
    await user.tap("Краеведческий музей")
    replies = await user.tap("Рассказать, как прошло")
    assert "до 3000 символов" in replies[-1].plain
    replies = await user.send("з" * 3001)
    assert "Слишком длинно: 3001 символ" in replies[-1].plain
    assert "Как прошла встреча «Краеведческий музей»" in replies[-1].plain
    assert "⏭ Пропустить" in replies[-1].buttons
    await user.send("Договорились о выставке")
    await user.tap("Договорились")
    replies = await user.send("ш" * 501)
    assert "Слишком длинно: 501 символ" in replies[-1].plain
    assert "Какой следующий шаг" in replies[-1].plain
    replies = await user.send("отправить проект договора")
    assert "когда?" in replies[-1].plain  # the date of the next step
    assert "Через неделю" in replies[-1].buttons
