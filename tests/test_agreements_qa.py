"""QA tryout findings on agreements: typed corrections at «… Верно?», the saved message's
remaining reminders, distinct end buttons, time-zone changes of the responsible member."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from handlers.callbacks import NewAgreement
from tests.conftest import onboard
from tests.test_agreements_flow import agreements, make_partner

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
