"""Events of the work plan (/events): the card, changing and deleting an event, marking it
held with its results (children, partners involved, prizes, a photo); a held joint event
under an agreement in force makes its partners active; the results log is offered."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from bot.services import coach as service
from handlers.coach.callbacks import EventAct, EventCb, EventEdit, EventField
from handlers.shared.callbacks import NewResult
from storage.models import Agreement, Partner, PartnerStatusChange, WorkEvent, WorkEventPartner
from tests.coach_helpers import add_partner, member_of
from tests.conftest import onboard


async def add_event(
    app: App, title: str, day: date, partner_ids: list[int], *, telegram_id: int = 1
) -> int:
    member = await member_of(app, telegram_id)
    async with app.sessionmaker() as session:
        return await service.create_event(
            session,
            organisation_id=member.organisation_id,
            member_id=member.id,
            title=title,
            day=day,
            partner_ids=partner_ids,
            direction="events",
            responsible_id=member.id,
            now=day_start(day),
        )


def day_start(day: date) -> object:
    from datetime import UTC, datetime

    return datetime(day.year, day.month, day.day, tzinfo=UTC)


async def add_agreement(app: App, partner_id: int, until: date | None) -> None:
    member = await member_of(app)
    async with app.sessionmaker() as session:
        session.add(
            Agreement(
                organisation_id=member.organisation_id,
                partner_id=partner_id,
                subject="Совместные выставки",
                status="active",
                valid_until=until,
            )
        )
        await session.commit()


async def event_row(app: App, event_id: int) -> WorkEvent | None:
    async with app.sessionmaker() as session:
        return await session.get(WorkEvent, event_id)


async def status_of(app: App, partner_id: int) -> str:
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, partner_id)
        assert partner is not None
        return partner.status


def data_of(message: Sent, label: str) -> str:
    assert message.markup is not None
    for row in message.markup.inline_keyboard:
        for b in row:
            if b.text == label:
                assert b.callback_data is not None
                return b.callback_data
    raise AssertionError(f"no button {label!r} in {message.buttons}")


async def test_mark_a_joint_event_held_with_its_results(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    today = clock.now().date()
    museum = await add_partner(app, "Краеведческий музей", "institution", at=clock.now())
    await add_agreement(app, museum, today + timedelta(days=200))
    from tests.coach_helpers import update_partner

    await update_partner(app, museum, status="agreement_signed")
    library = await add_partner(app, "Библиотека", "institution", at=clock.now())  # no agreement
    theatre = await add_partner(app, "Театр кукол", "institution", at=clock.now())
    event_id = await add_event(app, "Выставка работ учащихся", today - timedelta(days=1), [museum])

    replies = await user.send("/events")
    assert "итоги не отмечены" in replies[-1].plain
    replies = await user.tap("Выставка работ учащихся")
    card = replies[-1]
    assert "прошло, итоги не отмечены" in card.plain
    assert "🤝 Краеведческий музей" in card.buttons
    replies = await user.tap("Отметить проведённым")
    assert "Сколько детей участвовало?" in replies[-1].plain
    replies = await user.send("много")
    assert "Не понял число детей: «много»" in replies[-2].plain
    assert "Сколько детей участвовало?" in replies[-1].plain  # the same question again
    replies = await user.send("25")
    assert "Кто из партнёров участвовал?" in replies[-1].plain
    assert "Партнёры: Краеведческий музей" in replies[-1].plain
    replies = await user.send("библиотека")
    await user.tap("Библиотека")
    replies = await user.send("театр")
    replies = await user.tap("Театр кукол")
    assert "✖️ Театр кукол" in replies[-1].buttons
    replies = await user.tap("✖️ Театр кукол")  # not involved after all
    assert "Театр кукол" not in replies[-1].plain
    replies = await user.tap("Готово")
    assert "призы" in replies[-1].plain
    replies = await user.send("Д")
    assert "Нужна одна строка от 2 до 300 символов" in replies[-2].plain
    assert "призы" in replies[-1].plain
    replies = await user.send("2 место на областном конкурсе «Юные таланты»")
    assert "фотографию" in replies[-1].plain
    replies = await user.send("вот")
    assert "Здесь нужна фотография" in replies[-2].plain
    replies = await user.send_photo()
    saved = replies[-1]
    assert "отмечено проведённым" in saved.plain
    assert "Детей: 25; 🤝 партнёров: 2; 🏆 2 место на областном конкурсе" in saved.plain
    assert "Краеведческий музей — теперь «Активный партнёр»" in saved.plain
    assert data_of(saved, "📝 Записать результат") == NewResult(event_id=event_id).pack()

    row = await event_row(app, event_id)
    assert row is not None and row.held_at == clock.now()
    assert (row.children, row.prize, row.photo_file_id) == (
        25,
        "2 место на областном конкурсе «Юные таланты»",
        "photo-1",
    )
    async with app.sessionmaker() as session:
        links = (await session.execute(select(WorkEventPartner.partner_id))).scalars().all()
        changes = (await session.execute(select(PartnerStatusChange))).scalars().all()
    assert sorted(links) == sorted([museum, library])
    # Fact.EVENT_HELD through the statuses table: only the partner under an agreement moves
    assert await status_of(app, museum) == "active"
    assert await status_of(app, library) == "potential"
    assert [(c.partner_id, c.old_status, c.new_status) for c in changes] == [
        (museum, "agreement_signed", "active")
    ]
    assert theatre not in links

    # the card shows the results and offers the results log, the photo, a change
    replies = await user.tap("Карточка мероприятия")
    card = replies[-1]
    assert "✅ проведено" in card.plain and "Детей участвовало: 25" in card.plain
    assert data_of(card, "📝 Записать результат") == NewResult(event_id=event_id).pack()
    replies = await user.tap("📷 Фото")
    assert type(replies[-1].raw).__name__ == "SendPhoto"
    assert replies[-1].raw.photo == "photo-1"  # type: ignore[union-attr]
    # the results can be changed; the earlier answers are kept when skipped
    await user.tap("✏️ Итоги мероприятия")
    replies = await user.tap("Пропустить")
    await user.tap("Готово")
    await user.tap("Пропустить")
    replies = await user.tap("Пропустить")
    row = await event_row(app, event_id)
    assert row is not None and (row.children, row.photo_file_id) == (25, "photo-1")
    replies = await user.send("/plan")
    assert "из них проведено: 1" in replies[-1].plain


async def test_an_event_ahead_cannot_be_held_yet(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    event_id = await add_event(app, "День профессий", clock.now().date() + timedelta(days=3), [])
    await user.send("/events")
    replies = await user.tap("День профессий")
    assert "Отметить проведённым" not in " ".join(replies[-1].buttons)
    assert "в его день или позже" in replies[-1].plain
    replies = await user.press(
        replies[-1].message_id or 0, EventCb(action=EventAct.HELD, id=event_id).pack()
    )
    assert replies[-1].show_alert and "ещё не наступило" in (replies[-1].text or "")
    row = await event_row(app, event_id)
    assert row is not None and row.held_at is None
    clock.advance(timedelta(days=3))  # its day came: now it can
    await user.send("/events")
    replies = await user.tap("День профессий")
    assert "✅ Отметить проведённым" in replies[-1].buttons


async def test_change_each_field_of_an_event(app: App, user: LocalUser, clock: FakeClock) -> None:
    await onboard(user)
    museum = await add_partner(app, "Краеведческий музей", "institution", at=clock.now())
    park = await add_partner(app, "Парк культуры", "institution", at=clock.now())
    event_id = await add_event(app, "Выставка", clock.now().date() + timedelta(days=10), [museum])
    await user.send("/events")
    await user.tap("Выставка")

    await user.tap("✏️ Название")
    replies = await user.send("Я")
    assert "от 3 до 200" in replies[-1].plain  # asked again
    replies = await user.send("Выставка поисковых находок")
    assert "Изменения сохранены" in replies[-2].plain
    assert "Выставка поисковых находок" in replies[-1].plain

    await user.tap("📅 Дата")
    replies = await user.send("20.01.2027")
    assert "среда, 20 января 2027" in replies[-1].plain
    replies = await user.tap("Верно")
    assert "среда, 20 января 2027" in replies[-1].plain

    replies = await user.tap("🤝 Партнёры")
    assert "✖️ Краеведческий музей" in replies[-1].buttons
    await user.tap("✖️ Краеведческий музей")
    await user.send("парк")
    await user.tap("Парк культуры")
    replies = await user.tap("Готово")
    assert "Партнёры: Парк культуры" in replies[-1].plain

    await user.tap("🧭 Направление")
    replies = await user.tap("Профориентация")
    assert "Профориентационная деятельность" in replies[-1].plain
    await user.tap("🧭 Направление")
    replies = await user.tap("Пропустить")
    assert "Направление: не выбрано" in replies[-1].plain

    await user.tap("👤 Ответственный")
    replies = await user.tap("Я")
    assert "Ответственный: Анна Петрова" in replies[-1].plain

    row = await event_row(app, event_id)
    assert row is not None
    assert (row.title, row.day, row.direction) == (
        "Выставка поисковых находок",
        date(2027, 1, 20),
        None,
    )
    async with app.sessionmaker() as session:
        links = (await session.execute(select(WorkEventPartner.partner_id))).scalars().all()
    assert links == [park]


async def test_delete_an_event(app: App, user: LocalUser, clock: FakeClock) -> None:
    await onboard(user)
    museum = await add_partner(app, "Краеведческий музей", "institution", at=clock.now())
    event_id = await add_event(app, "Выставка", clock.now().date(), [museum])
    await user.send("/events")
    await user.tap("Выставка")
    replies = await user.tap("🗑 Удалить")
    assert "Удалить мероприятие «Выставка»" in replies[-1].plain
    replies = await user.tap("Оставить")
    assert await event_row(app, event_id) is not None
    await user.tap("🗑 Удалить")
    replies = await user.tap("Да, удалить")
    assert "удалено из плана работы" in replies[-1].plain
    assert await event_row(app, event_id) is None
    async with app.sessionmaker() as session:
        assert (await session.execute(select(WorkEventPartner))).first() is None
    replies = await user.send("/events")
    assert "пока ничего не запланировано" in replies[-1].plain


async def test_another_organisations_event_is_out_of_reach(
    app: App, user: LocalUser, make_user: object, clock: FakeClock
) -> None:
    await onboard(user)
    other = make_user(user_id=2, first_name="Олег")  # type: ignore[operator]
    await onboard(other, org_name="Другая школа")
    foreign = await add_event(app, "Чужое", clock.now().date(), [], telegram_id=2)
    for data in (
        EventCb(action=EventAct.OPEN, id=foreign),
        EventCb(action=EventAct.HELD, id=foreign),
        EventCb(action=EventAct.DELETE_OK, id=foreign),
        EventCb(action=EventAct.PHOTO, id=foreign),
        EventEdit(id=foreign, field=EventField.TITLE),
    ):
        replies = await user.press(1, data.pack())
        assert replies[-1].show_alert and "Не найдено" in (replies[-1].text or ""), data
    row = await event_row(app, foreign)
    assert row is not None and row.held_at is None and row.title == "Чужое"


async def test_the_coach_asks_for_a_past_events_results(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    event_id = await add_event(app, "Праздник двора", clock.now().date() + timedelta(days=1), [])
    replies = await user.send("/next")
    assert "Праздник двора" not in replies[-1].plain
    clock.advance(timedelta(days=2))
    replies = await user.send("/next")
    assert "Мероприятие «Праздник двора» (27.11.2026) прошло?" in replies[-1].plain
    assert data_of(replies[-1], "✅ Отметить итоги мероприятия") == (
        EventCb(action=EventAct.HELD, id=event_id).pack()
    )
    await user.tap("Отметить итоги мероприятия")
    await user.tap("Пропустить")
    await user.tap("Готово")
    await user.tap("Пропустить")
    replies = await user.tap("Пропустить")
    assert "отмечено проведённым" in replies[-1].plain
    replies = await user.send("/next")
    assert "Праздник двора" not in replies[-1].plain
