"""End to end: a fresh organisation asks /next and is led, one button at a time, from the
stage-I questions to stage III; /plan follows. Partners are put in through storage where
the partners UI is not the subject; the buttons are checked to start the owning feature."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from handlers.shared.callbacks import (
    AddPartner,
    AddProgramme,
    EditOffer,
    Invite,
    NewAgreement,
    NewEvent,
    NewMeeting,
)
from storage.models import Organisation
from tests.coach_helpers import add_partner, add_programme, update_partner
from tests.conftest import onboard


def done_counts(plan: Sent) -> list[int]:
    return [int(n) for n in re.findall(r"[█░]{10} (\d) из 4", plan.plain)]


def button_data(message: Sent, index: int = 0) -> str:
    assert message.markup is not None
    data = message.markup.inline_keyboard[index][0].callback_data
    assert data is not None
    return data


async def test_from_nothing_to_stage_three(
    app: App, user: LocalUser, make_user: object, clock: FakeClock
) -> None:
    await onboard(user)
    plan = (await user.send("/plan"))[-1]
    assert done_counts(plan) == [0, 0, 0]

    # Stage I: the four questions, one /next at a time
    for q in range(4):
        reply = (await user.tap("Следующий шаг"))[-1]
        assert f"вопрос {q + 1} из 4" in reply.plain
        await user.tap("✍️ Ответить")
        await user.send(f"Ответ коллектива на вопрос {q + 1}: подробно и по делу")
    plan = (await user.send("/plan"))[-1]
    assert "✅ Коллектив ответил на четыре вопроса этапа — отвечено 4 из 4" in plan.plain
    assert "1. Ответ коллектива на вопрос 1" in plan.plain
    assert done_counts(plan) == [1, 0, 0]

    # Steps 1–2: the list of potential partners
    reply = (await user.send("/next"))[-1]
    assert "Составьте список потенциальных партнёров" in reply.plain
    assert "используйте сведения о местах работы родителей и выпускников" in reply.plain
    assert button_data(reply) == AddPartner().pack()
    t = clock.now()
    ids = [
        await add_partner(app, f"Предприятие {i}", "business", at=t + timedelta(minutes=i))
        for i in range(5)
    ]
    reply = (await user.send("/next"))[-1]
    assert "охвачено 1 категория из 8" in reply.plain
    assert "Учреждения других ведомств" in reply.plain
    assert button_data(reply) == AddPartner(category="institution").pack()
    ids.append(await add_partner(app, "Краеведческий музей", "institution", at=t))
    ids.append(await add_partner(app, "Совет родителей", "parents", at=t))
    plan = (await user.send("/plan"))[-1]
    assert "7 партнёров (нужно от 5), категорий 3 из 8" in plan.plain

    # Stage I: the database of programmes (the programmes feature's "add")
    reply = (await user.send("/next"))[-1]
    assert "базу данных существующих образовательных программ" in reply.plain
    assert button_data(reply) == AddProgramme().pack()
    await add_programme(app, "Юные краеведы", at=clock.now())
    plan = (await user.send("/plan"))[-1]
    assert "✅ Есть база данных существующих образовательных программ — программ в базе: 1" in (
        plan.plain
    )

    # Step 3: offers — the oldest partner first, by name
    reply = (await user.send("/next"))[-1]
    assert "предложить партнёру «Предприятие 0»" in reply.plain
    assert button_data(reply) == EditOffer(partner_id=ids[0]).pack()
    for pid in ids:
        await update_partner(app, pid, offer="Выставка работ", ask="Площадка", status="offer_ready")

    # Step 4: the meeting, with the method's advice
    reply = (await user.send("/next"))[-1]
    assert "запланируйте встречу" in reply.plain and "яркое событие" in reply.plain
    assert button_data(reply) == NewMeeting(partner_id=ids[0]).pack()
    for pid in ids:
        await update_partner(app, pid, status="meeting_planned")
    await update_partner(app, ids[5], status="negotiating", status_changed_at=clock.now())

    # The team: invite colleagues (admin); put off for now
    reply = (await user.send("/next"))[-1]
    assert "Пригласите коллег" in reply.plain
    assert button_data(reply) == Invite().pack()
    reply = (await user.tap("Не сейчас"))[-1]
    assert "типовыми документами" in reply.plain  # negotiations began: typical documents
    await user.tap("Отметить документы")
    for label in ("Договор о сотрудничестве", "Положение о программе", "комплексах", "инструкции"):
        await user.tap(label)
    reply = (await user.send("/next"))[-1]
    assert "срочных шагов нет" in reply.plain

    # Step 5: negotiating for three weeks → prepare the agreement
    clock.advance(timedelta(days=22))
    reply = (await user.send("/next"))[-1]
    assert "Переговоры с «Краеведческий музей» идут уже 22 дня" in reply.plain
    assert button_data(reply) == NewAgreement(partner_id=ids[5]).pack()
    await update_partner(app, ids[5], status="active", status_changed_at=clock.now())

    # A colleague joins by invitation
    async with app.sessionmaker() as session:
        code = (await session.execute(select(Organisation.invite_code))).scalar_one()
    colleague = make_user(user_id=2, first_name="Олег")  # type: ignore[operator]
    await colleague.send(f"/start inv_{code}")
    await colleague.send("Олег Иванов")
    await colleague.send("методист")
    await colleague.tap("Согласен")

    # Stage III: the active partner in the work plan, then its evaluation
    reply = (await user.send("/next"))[-1]
    assert "«Краеведческий музей»" in reply.plain and "совместного мероприятия" in reply.plain
    assert button_data(reply) == NewEvent(partner_id=ids[5]).pack()
    await user.tap("Запланировать мероприятие")
    await user.send("Выставка поисковых находок")
    await user.send("20.01.2027")
    await user.tap("Верно")
    await user.tap("Мероприятия, наставничество")
    await user.tap("Олег Иванов")
    reply = (await user.send("/next"))[-1]
    assert "Оцените партнёрство с «Краеведческий музей»" in reply.plain
    # the active partner has no direction of interaction yet: that comes after
    await user.tap("Оценить партнёрство")
    for score in ("5", "5", "4", "4"):
        await user.tap(score)
    await user.tap("Пропустить")
    await user.tap("Мероприятия, наставничество")
    reply = (await user.send("/next"))[-1]
    assert "Определите форму партнёрства с «Краеведческий музей»" in reply.plain

    plan = (await user.send("/plan"))[-1]
    # one event is no work plan, one rating no package of evaluations: counted, not ticked
    assert "⬜ В план работы организации включены мероприятия с партнёрами — совместных " in (
        plan.plain
    )
    assert "мероприятий за год и впереди: 1 (нужно от 4" in plan.plain
    assert "оценено в этом году 1 из 1 действующих партнёров (нужны все); оценок за год: 1" in (
        plan.plain
    )
    assert "⬜ Есть пакет экспертных оценок" in plan.plain
    assert "✅ Коллектив нацелен" in plan.plain
    # no agreement registered in the bot: none is claimed
    assert "⬜ Подготовлены договоры о сотрудничестве — подписано и действует договоров: 0" in (
        plan.plain
    )
    counts = done_counts(plan)
    assert counts == [4, 0, 2]
    assert "Этап II — организационный: отмечено 0 из 4." in plan.plain
