"""QA tryout findings on agreements: typed corrections at «… Верно?», the saved message's
remaining reminders, distinct end buttons, time-zone changes of the responsible member."""

from __future__ import annotations

from bot.app import App
from bot.local_api import LocalUser
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
