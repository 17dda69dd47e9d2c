"""QA tryout findings on agreements: typed corrections at «… Верно?», the saved message's
remaining reminders, distinct end buttons, time-zone changes of the responsible member."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from bot.reminders import Limits
from handlers.shared.callbacks import NewAgreement
from storage import agreements as store
from storage.models import Member
from tests.conftest import onboard
from tests.test_agreements_flow import agreements, make_partner, pending

ASK_UNTIL = (
    "До какого числа действует договор? Напишите дату или выберите в календаре. Если срок "
    "не ограничен — «♾ Бессрочный»."
)


async def _to_signed(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await user.press(1, NewAgreement(partner_id=partner_id).pack())
    await user.tap("Договор о сотрудничестве")
    await user.tap("Пропустить")
    await user.tap("типовой")


async def test_a_date_typed_at_the_confirmation_is_the_corrected_date(
    app: App, user: LocalUser
) -> None:
    await _to_signed(app, user)
    replies = await user.send("20.11.2026")
    assert replies[-1].plain.startswith("Дата подписания: 20 ноября 2026 г., пятница")
    # typed instead of «Верно»: the new date is echoed for confirmation
    replies = await user.send("19.11.2026")
    assert replies[-1].plain == (
        "Дата подписания: 19 ноября 2026 г., четверг (7 дней назад).\n\nВерно?"
    )
    replies = await user.tap("Верно")
    assert "Дата подписания: 19 ноября 2026 г." in replies[-1].plain
    assert ASK_UNTIL in replies[-1].plain

    replies = await user.send("17.12.2026")
    assert replies[-1].plain == (
        "Действует до: 17 декабря 2026 г., четверг (через 21 день).\n\nВерно?"
    )
    replies = await user.send("18.12.2026")
    assert replies[-1].plain == (
        "Действует до: 18 декабря 2026 г., пятница (через 22 дня).\n\nВерно?"
    )
    assert replies[-1].buttons == ["✅ Верно", "✏️ Ввести заново"]
    # an impossible date at the confirmation: the reason, then the date question
    replies = await user.send("31.02.2026")
    assert replies[-1].plain == (
        "Такой даты нет: 31.02.2026. Напишите дату так: 15.01.2027 или «15 января 2027».\n\n"
        + ASK_UNTIL
    )
    replies = await user.send("18.12.2026")
    replies = await user.send_photo()
    assert replies[-1].plain.startswith("Нужен ответ текстом.\n\nДействует до: 18 декабря 2026")
    replies = await user.tap("Верно")
    assert "Действует до: 18 декабря 2026 г." in replies[-1].plain
    await user.tap("Нет")
    await user.tap("Пропустить")
    # text at the summary: the buttons are named and the summary is shown again
    replies = await user.send("да")
    assert replies[-1].plain.startswith("Выберите ответ кнопкой.\n\nПроверьте, всё ли верно:")
    await user.tap("Сохранить")
    [agreement] = await agreements(app)
    assert (agreement.signed_on.isoformat(), str(agreement.valid_until)) == (
        "2026-11-19",
        "2026-12-18",
    )


async def test_impossible_dates_are_explained_with_punctuation(app: App, user: LocalUser) -> None:
    await _to_signed(app, user)
    replies = await user.send("31.02.2026")
    assert replies[-1].plain.startswith(
        "Такой даты нет: 31.02.2026. Напишите дату так: 15.01.2027 или «15 января 2027»."
    )
    await user.send("20.11.2026")
    await user.tap("Верно")
    await user.send("17.12.2026")
    await user.tap("Верно")
    await user.tap("Нет")
    await user.tap("Пропустить")
    await user.tap("Сохранить")
    replies = await user.tap("Продлить")
    replies = await user.send("31.02.2027")
    assert replies[-1].plain.startswith(
        "Такой даты нет: 31.02.2027. Напишите дату так: 15.01.2027 или «15 января 2027»."
    )


async def _register(user: LocalUser, until: str, *, auto: bool = False) -> list[Sent]:
    await user.send("20.11.2026")
    await user.tap("Верно")
    await user.send(until)
    await user.tap("Верно")
    if auto:
        await user.tap("Да, продлевается")
        await user.tap("1 год")
    else:
        await user.tap("Нет")
    await user.tap("Пропустить")
    return await user.tap("Сохранить")


async def test_saved_says_only_the_reminders_still_ahead(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    # 27.11 in Tyumen (23:05 UTC on 26.11), an agreement ending 17.12: 30 days is past
    clock.set(datetime(2026, 11, 26, 23, 5, tzinfo=UTC))
    await _to_signed(app, user)
    replies = await _register(user, "17.12.2026")
    card = replies[-1].plain
    assert "О продлении напомню 10.12 и 16.12 в 10:00." in card
    assert "за 30" not in card
    assert card.count("10.12") + card.count("10 декабря") == 1  # said once, not twice
    assert "осталось 20 дней" in card
    # two end buttons that cannot be confused: not renewing vs ending today
    assert "⏳ Пусть завершится в срок" in replies[-1].buttons
    assert "⛔️ Завершить досрочно" in replies[-1].buttons
    assert "⏹" not in " ".join(replies[-1].buttons)
    # reopened later, the card lists the coming reminders itself
    replies = await user.tap("Пусть завершится")
    assert "завершится 17 декабря 2026 г." in replies[-1].plain


async def test_saved_with_no_reminder_left_and_three_left(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await _to_signed(app, user)
    replies = await _register(user, "26.11.2026", auto=True)
    card = replies[-1].plain
    assert "Напоминаний о продлении до окончания уже не будет" in card
    assert "продлится автоматически" in card

    await user.press(1, NewAgreement(partner_id=1).pack())
    await user.tap("Договор о сотрудничестве")
    await user.tap("Пропустить")
    await user.tap("типовой")
    replies = await _register(user, "15.01.2027")
    assert "О продлении напомню 16.12, 08.01.2027 и 14.01.2027 в 10:00." in replies[-1].plain


async def test_open_ended_card_and_checkin_say_end_not_early(app: App, user: LocalUser) -> None:
    await _to_signed(app, user)
    await user.send("20.11.2026")
    await user.tap("Верно")
    await user.tap("Бессрочный")
    await user.tap("Пропустить")
    replies = await user.tap("Сохранить")
    assert "⛔️ Завершить договор" in replies[-1].buttons
    assert "⛔️ Завершить досрочно" not in replies[-1].buttons
    assert "⏳ Пусть завершится в срок" not in replies[-1].buttons
    replies = await user.tap("Завершить договор")
    assert "завершён." in replies[-1].plain and "досрочно" not in replies[-1].plain


async def _move_to(app: App, zone: str) -> list[datetime]:
    """What /settings does on a time-zone change (the lead wires it there)."""
    async with app.sessionmaker() as session:
        member = (await session.execute(select(Member).where(Member.telegram_id == 1))).scalar_one()
        member.timezone = zone
        moments = await store.timezone_changed(
            session, member.organisation_id, member.id, zone, app.clock.now()
        )
        await session.commit()
        return moments


async def test_renewal_reminders_follow_a_time_zone_change(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await _to_signed(app, user)
    await _register(user, "31.01.2027")
    rows = await pending(app)
    assert [(r.kind, r.due_at) for r in rows] == [
        (store.KIND_RENEWAL, datetime(2027, 1, 1, 5, 0, tzinfo=UTC)),  # 10:00 in Tyumen
        (store.KIND_RENEWAL, datetime(2027, 1, 24, 5, 0, tzinfo=UTC)),
        (store.KIND_RENEWAL, datetime(2027, 1, 30, 5, 0, tzinfo=UTC)),
        (store.KIND_ENDED, datetime(2027, 2, 1, 5, 0, tzinfo=UTC)),
    ]
    # late on 31.12 (UTC) the member moves to Kamchatka, where 1 January 10:00 has passed:
    # that reminder comes at once, the others at 10:00 Kamchatka time
    clock.set(datetime(2026, 12, 31, 23, 0, tzinfo=UTC))
    moments = await _move_to(app, "Asia/Kamchatka")
    rows = await pending(app)
    assert [(r.kind, r.due_at) for r in rows] == [
        (store.KIND_RENEWAL, datetime(2026, 12, 31, 23, 0, tzinfo=UTC)),
        (store.KIND_RENEWAL, datetime(2027, 1, 23, 22, 0, tzinfo=UTC)),
        (store.KIND_RENEWAL, datetime(2027, 1, 29, 22, 0, tzinfo=UTC)),
        (store.KIND_ENDED, datetime(2027, 1, 31, 22, 0, tzinfo=UTC)),
    ]
    assert moments == [r.due_at for r in rows]
    assert app.reminders is not None
    app.reminders.configure(limits=Limits.none())
    start = len(app.bot.session.sent)  # type: ignore[attr-defined]
    stats = await app.reminders.run_due()
    assert stats.sent == 1
    sent = [s for s in app.bot.session.sent[start:] if s.method == "sendMessage"]  # type: ignore[attr-defined]
    assert "через 30 дней" in sent[0].plain

    # back west to Moscow: the 30-day one, already sent, is not sent again
    clock.set(datetime(2027, 1, 1, 1, 0, tzinfo=UTC))
    await _move_to(app, "Europe/Moscow")
    rows = await pending(app)
    assert [(r.kind, r.due_at) for r in rows] == [
        (store.KIND_RENEWAL, datetime(2027, 1, 24, 7, 0, tzinfo=UTC)),
        (store.KIND_RENEWAL, datetime(2027, 1, 30, 7, 0, tzinfo=UTC)),
        (store.KIND_ENDED, datetime(2027, 2, 1, 7, 0, tzinfo=UTC)),
    ]
    clock.set(datetime(2027, 1, 1, 8, 0, tzinfo=UTC))
    assert (await app.reminders.run_due()).sent == 0


async def test_time_zone_change_leaves_other_members_and_organisations_alone(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await _to_signed(app, user)
    await _register(user, "31.01.2027")
    other = make_user(user_id=7, first_name="Пётр")
    await onboard(other, org_name="Школа № 5")
    async with app.sessionmaker() as session:
        stranger = (
            await session.execute(select(Member).where(Member.telegram_id == 7))
        ).scalar_one()
        # a stranger's zone change, or the owner's under another organisation id: nothing moves
        assert (
            await store.timezone_changed(
                session, stranger.organisation_id, stranger.id, "Asia/Kamchatka", app.clock.now()
            )
            == []
        )
        assert (
            await store.timezone_changed(
                session, stranger.organisation_id, 1, "Asia/Kamchatka", app.clock.now()
            )
            == []
        )
        await session.commit()
    rows = await pending(app)
    assert [r.due_at.hour for r in rows] == [5, 5, 5, 5]
