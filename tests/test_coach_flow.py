"""The coach through the real Dispatcher: /next, its buttons, /plan, stage-I answers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from storage.models import CoachDismissal, StageOneAnswer
from tests.coach_helpers import add_partner
from tests.conftest import onboard


async def test_fresh_organisation_is_asked_the_first_question(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.tap("Следующий шаг")
    text = replies[-1].plain
    assert "Что следует понимать под системой социального партнёрства?" in text
    assert "Этап I — подготовительный: отмечено 0 из 4." in text
    assert "«Как начать»: в списке 0 партнёров из 0 категорий" in text
    assert replies[-1].buttons[:3] == ["✍️ Ответить", "🕓 Не сейчас", "🔀 Другой совет"]

    await user.tap("✍️ Ответить")
    replies = await user.send("Взаимовыгодное сотрудничество с организациями территории")
    assert "Ответ на вопрос 1 сохранён" in replies[-1].plain
    async with app.sessionmaker() as session:
        row = (await session.execute(select(StageOneAnswer))).scalar_one()
    assert row.question == 0 and row.text.startswith("Взаимовыгодное")

    replies = await user.send("/next")
    assert "Какие проблемы организации" in replies[-1].plain


async def test_not_now_hides_a_suggestion_for_three_days(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    await user.send("/next")
    replies = await user.tap("Не сейчас")
    assert "Какие проблемы организации" in replies[-1].plain
    async with app.sessionmaker() as session:
        assert (await session.execute(select(CoachDismissal))).scalar_one().key == "stage_one.0"
    replies = await user.send("/next")
    assert "Какие проблемы организации" in replies[-1].plain
    clock.advance(timedelta(days=3, minutes=1))
    replies = await user.send("/next")
    assert "Что следует понимать" in replies[-1].plain


async def test_another_suggestion_walks_the_list(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/next")
    replies = await user.tap("Другой совет")
    assert "Какие проблемы организации" in replies[-1].plain
    assert replies[-1].method == "editMessageText"


async def test_plan_shows_three_stages(app: App, user: LocalUser, clock: FakeClock) -> None:
    await onboard(user)
    await add_partner(app, "Краеведческий музей", "institution", at=clock.now())
    replies = await user.tap("План")
    text = replies[-1].plain
    for title in ("I. Подготовительный", "II. Организационный", "III. Системообразующий"):
        assert title in text
    assert "1 партнёр (нужно от 5), категорий 1 из 8" in text
    assert "⬜ Коллектив ответил на четыре вопроса этапа — отвечено 0 из 4" in text
    assert any(b.startswith("I.1 ") for b in replies[-1].buttons)


async def test_answers_are_editable_and_menu_buttons_escape_the_question(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    await user.send("/next")
    await user.tap("✍️ Ответить")
    replies = await user.send("ок")
    assert "Нужен текст от 3" in replies[-1].plain  # asked again
    replies = await user.tap("План")  # a menu button is not an answer
    assert "План по методике" in replies[-1].plain
    async with app.sessionmaker() as session:
        assert (await session.execute(select(StageOneAnswer))).first() is None

    await user.send("/next")
    await user.tap("✍️ Ответить")
    await user.send("Первый вариант ответа")
    replies = await user.send("/plan")
    await user.tap("Ответы на вопросы")
    replies = await user.tap("Вопрос 1")
    assert "Сейчас записано: Первый вариант ответа" in replies[-1].plain
    await user.send("Исправленный ответ коллектива")
    replies = await user.send("/plan")
    assert "1. Исправленный ответ коллектива" in replies[-1].plain
    async with app.sessionmaker() as session:
        rows = (await session.execute(select(StageOneAnswer))).scalars().all()
    assert [r.text for r in rows] == ["Исправленный ответ коллектива"]


async def test_next_from_the_plan_is_a_new_message(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/plan")
    replies = await user.tap("🧭 Следующий шаг")
    assert replies[-1].method == "sendMessage"
    assert "Что следует понимать" in replies[-1].plain


async def test_plan_buttons_carry_their_items_number(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send("/plan")
    labels = replies[-1].buttons
    assert "III.1 📑 Должностные инструкции" in labels
    assert "III.3 📑 Типовые документы" in labels
    assert not any(label.startswith("III.1") and "Типовые" in label for label in labels)


async def test_teacher_alone_completes_the_team_item(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send("/plan")
    assert "⬜ Коллектив нацелен" in replies[-1].plain
    assert "отметьте «Коллектив в курсе»" in replies[-1].plain
    replies = await user.tap("I.2 ✅ Коллектив в курсе")
    assert "отвечено 0 из 4" in replies[-1].plain
    for q in range(4):
        await user.send("/next")
        await user.tap("✍️ Ответить")
        await user.send(f"Ответ коллектива на вопрос {q + 1}")
    replies = await user.send("/plan")
    assert "✅ Коллектив нацелен" in replies[-1].plain
    assert "↩️ Снять отметку «Коллектив в курсе»" in replies[-1].buttons
    replies = await user.send("/next")
    assert "Пригласите коллег" not in replies[-1].plain  # the item is done: no nagging
    await user.tap("Снять отметку")
    replies = await user.send("/plan")
    assert "⬜ Коллектив нацелен" in replies[-1].plain
