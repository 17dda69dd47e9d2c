"""Renewal reminders: dates at month ends, 29 February and across time zones; restarts past
the due time; the end of an agreement; open-ended agreements; organisation offsets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import Settings
from bot.domain.agreements import add_months
from bot.local_api import LocalSession, LocalUser, Sent
from bot.reminders import Limits
from handlers.agreements import REMINDER_RENDERERS
from handlers.agreements.reminders import render_renewal
from handlers.shared.callbacks import NewAgreement
from storage import agreements as store
from storage.models import (
    Agreement,
    AgreementStatus,
    Member,
    Organisation,
    Partner,
    Reminder,
    ReminderStatus,
)
from tests.conftest import onboard
from tests.test_agreements_flow import agreements, make_partner, pending, register, tick


def _agreement(until: date | None, *, auto: bool = False, signed: date | None = None) -> Agreement:
    return Agreement(
        id=1,
        organisation_id=1,
        partner_id=1,
        kind="coop",
        subject="s",
        status=AgreementStatus.ACTIVE,
        signed_on=signed or date(2026, 1, 10),
        valid_until=until,
        auto_prolong=auto,
        prolong_months=12 if auto else None,
        renewal_decision="",
        prolong_count=0,
        created_at=datetime(2026, 1, 10, tzinfo=UTC),
    )


NOW = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
YEKT = "Asia/Yekaterinburg"


def _due(planned: list[store.Planned], kind: str = store.KIND_RENEWAL) -> list[datetime]:
    return [p.due_at for p in planned if p.kind == kind]


def test_month_end_dates() -> None:
    planned = store.plan_reminders(_agreement(date(2027, 3, 31)), [30, 7, 1], YEKT, NOW)
    assert [d.date() for d in _due(planned)] == [
        date(2027, 3, 1),
        date(2027, 3, 24),
        date(2027, 3, 30),
    ]
    assert _due(planned, store.KIND_ENDED) == [datetime(2027, 4, 1, 5, 0, tzinfo=UTC)]
    # the end on 31 December: the end notice falls on 1 January next year
    planned = store.plan_reminders(_agreement(date(2027, 12, 31)), [30], YEKT, NOW)
    assert [d.date() for d in _due(planned)] == [date(2027, 12, 1)]
    assert _due(planned, store.KIND_ENDED)[0].date() == date(2028, 1, 1)


def test_29_february() -> None:
    planned = store.plan_reminders(_agreement(date(2028, 2, 29)), [30, 7, 1], YEKT, NOW)
    assert [d.date() for d in _due(planned)] == [
        date(2028, 1, 30),
        date(2028, 2, 22),
        date(2028, 2, 28),
    ]
    assert _due(planned, store.KIND_ENDED)[0].date() == date(2028, 3, 1)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    # an open-ended agreement signed on 29 February is checked on 28 February in other years
    planned = store.plan_reminders(_agreement(None, signed=date(2024, 2, 29)), [30], YEKT, NOW)
    assert [(p.kind, p.due_at.date()) for p in planned] == [(store.KIND_CHECKIN, date(2027, 2, 28))]


def test_ten_oclock_in_the_members_zone() -> None:
    until = date(2027, 6, 10)
    cases = {
        "Europe/Kaliningrad": datetime(2027, 6, 9, 8, 0, tzinfo=UTC),
        "Europe/Moscow": datetime(2027, 6, 9, 7, 0, tzinfo=UTC),
        "Asia/Yekaterinburg": datetime(2027, 6, 9, 5, 0, tzinfo=UTC),
        # 10:00 in Kamchatka (UTC+12) is 22:00 UTC of the day before
        "Asia/Kamchatka": datetime(2027, 6, 8, 22, 0, tzinfo=UTC),
    }
    for tz, expected in cases.items():
        planned = store.plan_reminders(_agreement(until), [1], tz, NOW)
        assert _due(planned) == [expected], tz
    # a zone with summer time: 10:00 local in winter and in summer
    winter = store.plan_reminders(_agreement(date(2027, 1, 16)), [1], "Europe/Berlin", NOW)
    summer = store.plan_reminders(_agreement(date(2027, 7, 16)), [1], "Europe/Berlin", NOW)
    assert _due(winter)[0].hour == 9 and _due(summer)[0].hour == 8


def test_only_future_moments_and_auto_prolongation() -> None:
    planned = store.plan_reminders(_agreement(date(2026, 12, 10), auto=True), [30, 7, 1], YEKT, NOW)
    assert [(p.kind, p.due_at.date()) for p in planned] == [
        (store.KIND_RENEWAL, date(2026, 12, 3)),
        (store.KIND_RENEWAL, date(2026, 12, 9)),
        (store.KIND_AUTOPROLONG, date(2026, 12, 10)),
    ]
    assert store.plan_reminders(_agreement(None), [30], YEKT, NOW)[0].kind == store.KIND_CHECKIN


def test_all_kinds_have_renderers() -> None:
    assert set(REMINDER_RENDERERS) == set(store.ALL_KINDS)


def _sent_since(app: App, start: int) -> list[Sent]:
    session = app.bot.session
    assert isinstance(session, LocalSession)
    return [s for s in session.sent[start:] if s.method == "sendMessage"]


async def test_restart_past_due_sends_only_the_latest(
    app: App, user: LocalUser, clock: FakeClock, settings: Settings
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)  # ends 16.12.2026: reminders 09.12 and 15.12
    await app.close()

    # the bot was down from now until the day before the end
    clock.set(datetime(2026, 12, 15, 9, 30, tzinfo=UTC))
    restarted = await build_app(settings, clock=clock, bot_session=LocalSession())
    try:
        assert restarted.reminders is not None
        restarted.reminders.configure(limits=Limits.none())
        stats = await restarted.reminders.run_due()
        assert (stats.sent, stats.skipped) == (1, 1)
        [message] = _sent_since(restarted, 0)
        assert "через 1 день" in message.plain
        async with restarted.sessionmaker() as session:
            statuses = [
                r.status
                for r in (
                    await session.execute(
                        select(Reminder)
                        .where(Reminder.kind == store.KIND_RENEWAL)
                        .order_by(Reminder.due_at)
                    )
                ).scalars()
            ]
        assert statuses == [ReminderStatus.SKIPPED, ReminderStatus.SENT]

        # the day after the end: the agreement ends and the partner is paused
        clock.set(datetime(2026, 12, 17, 5, 0, tzinfo=UTC))
        start = len(restarted.bot.session.sent)  # type: ignore[attr-defined]
        await tick(restarted)
        [message] = _sent_since(restarted, start)
        assert "закончился" in message.plain
        assert "«На паузе»" in message.plain
        assert "Что дальше" in message.plain
        async with restarted.sessionmaker() as session:
            agreement = (await session.execute(select(Agreement))).scalar_one()
            partner = await session.get(Partner, partner_id)
        assert agreement.status == AgreementStatus.ENDED
        assert agreement.ended_on == date(2026, 12, 16)
        assert partner is not None and partner.status == "paused"
    finally:
        await restarted.close()


async def test_renewal_renderer_skips_when_prolonged_or_let_end(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    [first, *_] = await pending(app, (store.KIND_RENEWAL,))
    async with app.sessionmaker() as session:
        reminder = await session.get(Reminder, first.id)
        assert reminder is not None
        out = await render_renewal(session, reminder, app.texts, first.due_at)
        assert out is not None and "через 7 дней" in out.text
        agreement = (await session.execute(select(Agreement))).scalar_one()
        agreement.valid_until = date(2027, 12, 16)  # prolonged meanwhile (e.g. on another device)
        assert await render_renewal(session, reminder, app.texts, first.due_at) is None
        agreement.valid_until = date(2026, 12, 16)
        agreement.renewal_decision = "let_end"
        assert await render_renewal(session, reminder, app.texts, first.due_at) is None
        await session.rollback()

    # "let it end" from the reminder: no more renewal reminders, the end notice stays
    assert app.reminders is not None
    app.reminders.configure(limits=Limits.none())
    clock.set(datetime(2026, 12, 9, 5, 0, tzinfo=UTC))
    await app.reminders.run_due()
    replies = await user.tap("Пусть завершится")
    assert "завершится 16 декабря 2026 г." in replies[-1].plain
    assert [r.kind for r in await pending(app)] == [store.KIND_ENDED]


async def test_open_ended_gets_a_yearly_checkin_only(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id, until=None)
    rows = await pending(app)
    assert [(r.kind, r.due_at) for r in rows] == [
        (store.KIND_CHECKIN, datetime(2027, 11, 20, 5, 0, tzinfo=UTC))
    ]
    assert app.reminders is not None
    app.reminders.configure(limits=Limits.none())
    clock.set(datetime(2027, 11, 20, 5, 0, tzinfo=UTC))
    start = len(app.bot.session.sent)  # type: ignore[attr-defined]
    await tick(app)
    [message] = _sent_since(app, start)
    assert "прошёл ещё год" in message.plain
    assert message.buttons == [
        "✅ Действует",
        "📝 Подготовить новый договор",
        "⛔️ Уже не действует",
    ]
    rows = await pending(app)
    assert [(r.kind, r.due_at.date()) for r in rows] == [(store.KIND_CHECKIN, date(2028, 11, 20))]
    replies = await user.tap("Действует")
    assert "Спрошу снова через год" in replies[-1].plain


async def test_organisation_offsets_reschedule(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id, until="31.03.2027")
    await user.send("/agreements")
    replies = await user.tap("Сроки напоминаний")
    assert "за 30, 7, 1 день" in replies[-1].plain
    replies = await user.send("сорок")
    assert "Не понял" in replies[-1].plain
    replies = await user.send("60, 14; 3")
    assert "за 60, 14, 3 дня" in replies[-1].plain
    rows = await pending(app, (store.KIND_RENEWAL,))
    assert [r.due_at.date() for r in rows] == [
        date(2027, 1, 30),
        date(2027, 3, 17),
        date(2027, 3, 28),
    ]
    [agreement] = await agreements(app)
    assert agreement.valid_until == date(2027, 3, 31)


async def test_responsible_colleague_in_another_zone(
    app: App, user: LocalUser, clock: FakeClock, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    async with app.sessionmaker() as session:
        org = await session.get(Organisation, 1)
        assert org is not None
        code = org.invite_code
    colleague = make_user(user_id=5, first_name="Вера", last_name=None)
    await colleague.send(f"/start inv_{code}")
    await colleague.send("Вера Павлова")
    await colleague.send("педагог")
    await colleague.tap("Согласен")
    async with app.sessionmaker() as session:
        vera = (await session.execute(select(Member).where(Member.telegram_id == 5))).scalar_one()
        vera.timezone = "Asia/Kamchatka"
        await session.commit()

    partner_id = await make_partner(app)
    await user.press(1, NewAgreement(partner_id=partner_id).pack())
    await user.tap("Договор о сотрудничестве")
    await user.tap("Пропустить")
    await user.tap("типовой")
    await user.tap("Сегодня")
    await user.send("31.01.2027")
    await user.tap("Верно")
    replies = await user.tap("Нет")
    assert "Кто отвечает за договор" in replies[-1].plain
    assert replies[-1].buttons == ["👤 Я — Анна Петрова", "Вера Павлова"]
    replies = await user.tap("Вера Павлова")
    assert "Ответственный: Вера Павлова" in replies[-1].plain
    await user.tap("Пропустить")
    await user.tap("Сохранить")

    rows = await pending(app)
    assert {r.member_id for r in rows} == {vera.id}
    # 10:00 in Kamchatka (UTC+12) is 22:00 UTC the day before
    assert [(r.kind, r.due_at) for r in rows] == [
        (store.KIND_RENEWAL, datetime(2026, 12, 31, 22, 0, tzinfo=UTC)),
        (store.KIND_RENEWAL, datetime(2027, 1, 23, 22, 0, tzinfo=UTC)),
        (store.KIND_RENEWAL, datetime(2027, 1, 29, 22, 0, tzinfo=UTC)),
        (store.KIND_ENDED, datetime(2027, 1, 31, 22, 0, tzinfo=UTC)),
    ]
    assert app.reminders is not None
    app.reminders.configure(limits=Limits.none())
    clock.set(datetime(2026, 12, 31, 22, 0, tzinfo=UTC))
    start = len(app.bot.session.sent)  # type: ignore[attr-defined]
    await app.reminders.run_due()
    [message] = _sent_since(app, start)
    assert message.chat_id == 5
    assert "через 30 дней" in message.plain


async def test_expiring_undecided_for_the_coach(app: App, user: LocalUser) -> None:
    await onboard(user)
    library = await make_partner(app)
    museum = await make_partner(app, name="Музей")
    await register(user, library)  # 16.12.2026
    await register(user, museum, until="31.03.2027")
    async with app.sessionmaker() as session:
        refs = await store.expiring_undecided(session, 1, date(2026, 11, 26))
        assert [(r.partner_id, r.valid_until) for r in refs] == [(library, date(2026, 12, 16))]
        refs = await store.expiring_undecided(session, 1, date(2026, 11, 26), days=200)
        assert [r.partner_name for r in refs] == ['Библиотека «Ёлочка» & "Друзья"', "Музей"]
        assert await store.expiring_undecided(session, 2, date(2026, 11, 26), days=200) == []
