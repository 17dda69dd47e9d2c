"""Stage-III data through the real Dispatcher: the work plan of joint events, expert
evaluations, typical documents; forged ids; the partner card history; the snapshot."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event, select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from bot.services import coach as service
from bot.services.history import partner_history
from handlers.shared.callbacks import Evaluate, NewEvent
from storage.models import AdoptedDocument, Evaluation, WorkEvent, WorkEventPartner
from tests.coach_helpers import add_partner, member_of, update_partner
from tests.conftest import onboard
from texts import buttons


async def test_plan_an_event_choosing_partners(app: App, user: LocalUser, clock: FakeClock) -> None:
    await onboard(user)
    museum = await add_partner(app, "Краеведческий музей", "institution", at=clock.now())
    await add_partner(app, "Библиотека имени Пушкина", "institution", at=clock.now())
    replies = await user.send("/events")
    assert "пока ничего не запланировано" in replies[-1].plain
    await user.tap("Мероприятие")
    replies = await user.send("Выставка работ учащихся")
    assert "Когда" in replies[-1].plain
    replies = await user.send("31.02")
    assert "Такой даты нет: 31.02." in replies[-1].plain
    replies = await user.send("15 января")
    assert "пятница, 15 января 2027" in replies[-1].plain
    replies = await user.tap("Верно")
    assert "часть названия партнёра" in replies[-1].plain
    replies = await user.send("музей")
    assert replies[-1].buttons[0] == "Краеведческий музей"
    await user.tap("Краеведческий музей")
    await user.tap("Готово")
    await user.tap("Мероприятия, наставничество")
    replies = await user.tap("Я")
    assert "15.01.2027 — Выставка работ учащихся; партнёры: Краеведческий музей" in (
        replies[-1].plain
    )
    async with app.sessionmaker() as session:
        row = (await session.execute(select(WorkEvent))).scalar_one()
        links = (await session.execute(select(WorkEventPartner))).scalars().all()
    assert (row.day, row.direction) == (date(2027, 1, 15), "events")
    assert [link.partner_id for link in links] == [museum]

    replies = await user.send("/events")
    assert "Выставка работ учащихся" in replies[-1].plain
    clock.advance(timedelta(days=60))
    replies = await user.send("/events")
    assert "Прошедшие" in replies[-1].plain


async def test_event_from_a_partner_and_on_its_card(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(
        app, "ООО «Ромашка»", at=clock.now(), status="agreement_signed", directions=["career"]
    )
    replies = await user.send("/next")
    message_id = replies[-1].message_id
    assert message_id is not None
    await user.press(message_id, NewEvent(partner_id=pid).pack())
    await user.send("День профессий")
    await user.send("10.12.2026")
    replies = await user.tap("Верно")
    assert "направлению" in replies[-1].plain  # partner preset: no partner question
    await user.tap("Пропустить")
    await user.tap("Я")
    member = await member_of(app)
    async with app.sessionmaker() as session:
        items = await partner_history(session, member.organisation_id, pid)
    assert any(i.kind == "event" and i.data["title"] == "День профессий" for i in items)


async def test_forged_partner_ids_change_nothing(
    app: App, user: LocalUser, make_user: object, clock: FakeClock
) -> None:
    await onboard(user)
    other = make_user(user_id=2, first_name="Олег")  # type: ignore[operator]
    await onboard(other, org_name="Другая школа")
    foreign = await add_partner(app, "Чужой партнёр", at=clock.now(), telegram_id=2)
    replies = await user.press(1, NewEvent(partner_id=foreign).pack())
    assert replies[-1].method == "answerCallbackQuery" and replies[-1].show_alert
    replies = await user.press(1, Evaluate(partner_id=foreign).pack())
    assert "Не найдено" in (replies[-1].text or "")
    async with app.sessionmaker() as session:
        assert (await session.execute(select(Evaluation))).first() is None


async def test_evaluate_a_partnership(app: App, user: LocalUser, clock: FakeClock) -> None:
    await onboard(user)
    pid = await add_partner(
        app, "Парк культуры", "institution", at=clock.now(), status="active", directions=["events"]
    )
    replies = await user.send("/next")
    message_id = replies[-1].message_id
    assert message_id is not None
    replies = await user.press(message_id, Evaluate(partner_id=pid).pack())
    assert "Польза для детей" in replies[-1].plain
    for score in ("5", "4", "4"):
        await user.tap(score)
    replies = await user.send("три")  # typed instead of a button: asked again
    assert "Соответствие программам" in replies[-1].plain
    await user.tap("3")
    replies = await user.send("Площадка для выставок, дети довольны")
    assert "направлении" in replies[-1].plain
    replies = await user.tap("Профориентация")
    assert "Оценка партнёрства с «Парк культуры» сохранена" in replies[-1].plain
    async with app.sessionmaker() as session:
        row = (await session.execute(select(Evaluation))).scalar_one()
    assert (row.benefit, row.reliability, row.activity, row.fit) == (5, 4, 4, 3)
    assert row.direction == "career" and row.comment == "Площадка для выставок, дети довольны"
    member = await member_of(app)
    async with app.sessionmaker() as session:
        items = await partner_history(session, member.organisation_id, pid)
    assert any(i.kind == "evaluation" and i.data["scores"] == (5, 4, 4, 3) for i in items)
    text = app.texts.render("history/evaluation.html", item=items[0])
    assert "5 / 4 / 4 / 3" in text


async def test_documents_checklist_toggles(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/plan")
    replies = await user.tap("Типовые документы")
    assert "Принято 0 из 5" in replies[-1].plain
    replies = await user.tap("⬜ Договор о сотрудничестве")
    assert "✅ Договор о сотрудничестве (типовой)" in replies[-1].buttons
    assert "Принято 1 из 5" in replies[-1].plain
    async with app.sessionmaker() as session:
        kinds = (await session.execute(select(AdoptedDocument.kind))).scalars().all()
    assert kinds == ["agreement"]
    replies = await user.tap("✅ Договор о сотрудничестве")
    assert "Принято 0 из 5" in replies[-1].plain
    replies = await user.send("/plan")
    assert "принято 0 из 5" in replies[-1].plain


async def test_snapshot_query_count_does_not_grow_with_partners(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    member = await member_of(app)
    counts = []
    for n in (1, 30):
        for i in range(n):
            await add_partner(app, f"Партнёр {n}-{i}", "business", at=clock.now(), offer="x")
        statements: list[str] = []

        def count(*args: object, sink: list[str] = statements) -> None:
            sink.append(str(args[2]))

        event.listen(app.engine.sync_engine, "before_cursor_execute", count)
        async with app.sessionmaker() as session:
            snap = await service.snapshot(
                session, member.organisation_id, clock.now(), "Asia/Yekaterinburg"
            )
        event.remove(app.engine.sync_engine, "before_cursor_execute", count)
        counts.append(len(statements))
        assert snap.partners == (1 if n == 1 else 31)
    assert counts[0] == counts[1] == 4


async def test_cache_sees_writes_of_other_features(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    for q in range(4):
        await user.send("/next")
        await user.tap("Ответить")
        await user.send(f"Ответ коллектива номер {q + 1}")
    replies = await user.send("/next")
    assert "Составьте список потенциальных партнёров" in replies[-1].plain
    assert "сейчас в нём 0 партнёров" in replies[-1].plain
    await add_partner(app, "Музей", "institution", at=clock.now())  # another session writes
    replies = await user.send("/next")
    assert "сейчас в нём 1 партнёр," in replies[-1].plain


async def test_events_list_fits_in_a_message(app: App, user: LocalUser, clock: FakeClock) -> None:
    await onboard(user)
    member = await member_of(app)
    long = "Очень длинное название совместного мероприятия " * 5
    ids = [
        await add_partner(app, f"Партнёр с длинным названием номер {i} " * 3, at=clock.now())
        for i in range(4)
    ]
    async with app.sessionmaker() as session:
        for i in range(30):
            await service.create_event(
                session,
                organisation_id=member.organisation_id,
                member_id=member.id,
                title=long[:200],
                day=date(2026, 11, 1) + timedelta(days=i),
                partner_ids=ids,
                direction="career",
                responsible_id=member.id,
                now=clock.now(),
            )
    replies = await user.send("/events")
    assert len(replies[-1].text or "") <= 4096
    assert "Впереди" in replies[-1].plain and "Прошедшие" in replies[-1].plain
    assert replies[-1].plain.count("\n• ") == 13  # one per line: 26–30.11 ahead, 8 past


async def test_event_date_is_echoed_and_a_past_one_questioned(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    await user.send("/events")
    await user.tap("Мероприятие")
    await user.send("Выставка работ учащихся")
    replies = await user.send("31.02")
    assert replies[-1].plain.startswith("Такой даты нет: 31.02.")
    replies = await user.send("вчера")
    assert "Эта дата уже прошла: среда, 25 ноября 2026" in replies[-1].plain
    assert replies[-1].buttons == ["✅ Да, прошедшее", "✏️ Другая дата"]
    replies = await user.send("чепуха")  # neither a date nor a button: reason + question
    assert "Не понял дату" in replies[-2].plain
    assert "Эта дата уже прошла" in replies[-1].plain
    replies = await user.send("завтра")  # a typed date at the confirmation replaces it
    assert "Мероприятие пройдёт пятница, 27 ноября 2026. Верно?" in replies[-1].plain
    replies = await user.tap("Другая дата")
    assert "Когда оно пройдёт?" in replies[-1].plain
    await user.send("вчера")
    replies = await user.tap("Да, прошедшее")
    assert "часть названия партнёра" in replies[-1].plain
    await user.tap("Без партнёра")
    replies = await user.send("профориентация")  # typed at the direction step
    assert "кнопкой" in replies[-2].plain
    assert "По какому направлению" in replies[-1].plain
    assert replies[-1].buttons[-1] == "⏭ Пропустить"
    await user.tap("Пропустить")
    replies = await user.send("я")
    assert "кнопкой" in replies[-2].plain
    assert replies[-1].buttons == ["👤 Я"]
    await user.tap("Я")
    async with app.sessionmaker() as session:
        row = (await session.execute(select(WorkEvent))).scalar_one()
    assert row.day == date(2026, 11, 25)


async def test_evaluations_count_the_partners_working_with_us(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    """The client's case: «оценено 0 из 0 активных» while the same screen said
    «действующих партнёров: 1» — an agreement signed, no event yet."""
    await onboard(user)
    pid = await add_partner(app, "Парк культуры", "institution", at=clock.now())
    await update_partner(app, pid, status="agreement_signed")
    replies = await user.send("/plan")
    text = replies[-1].plain
    assert "действующих партнёров (договор подписан или активный): 1" in text
    assert "оценено в этом году 0 из 1 действующих партнёров" in text
    assert "из 0 " not in text
    replies = await user.press(replies[-1].message_id or 0, Evaluate(partner_id=pid).pack())
    for score in ("5", "4", "4", "3"):
        await user.tap(score)
    await user.tap("Пропустить")
    await user.tap("Профориентация")
    replies = await user.send("/plan")
    assert "оценено в этом году 1 из 1 действующих партнёров" in replies[-1].plain
    assert "оценок за год: 1 (пакет — от 3; ориентир бота)" in replies[-1].plain


async def test_career_guidance_points_to_the_employment_service(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    member = await member_of(app)
    await add_partner(app, "Завод", at=clock.now(), directions=["career"])

    async def snap() -> object:
        async with app.sessionmaker() as session:
            return await service.snapshot(
                session, member.organisation_id, clock.now(), "Asia/Yekaterinburg"
            )

    found = await snap()
    assert (found.career, found.employment) == (True, 0)  # type: ignore[attr-defined]
    replies = await user.send("/next")
    while "службы занятости" not in replies[-1].plain:
        replies = await user.tap("Другой совет")
    assert "региональными службами занятости населения" in replies[-1].plain
    assert "Органы государственной власти" in replies[-1].plain
    assert replies[-1].buttons[0] == "➕ Добавить службу занятости"
    # the button starts adding a partner of that category; its name stems are indexed
    replies = await user.tap("Добавить службу занятости")
    replies = await user.send("ГКУ ТО «Центр занятости населения г. Тюмени»")
    assert "модели партнёрства" not in replies[-1].plain  # the category is preset
    await user.tap("Пропустить")
    for _ in range(6):  # contact person, phone, e-mail, address, offer, ask
        await user.send(buttons.SKIP)
    replies = await user.tap("Готово")
    assert any("сохранён" in r.plain for r in replies)
    found = await snap()
    assert found.employment == 1  # type: ignore[attr-defined]
    replies = await user.send("/next")
    for _ in range(15):
        assert "службы занятости" not in replies[-1].plain
        if "Совет" not in replies[-1].plain:
            break
        replies = await user.tap("Другой совет")
