"""Forged and odd input in the agreements feature: ids beyond SQLite's 64-bit range, Unicode
digits, huge page numbers, far-future dates, double taps, LIKE wildcards in the partner
search, organisation-scoped storage lookups and the renamed settings states."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser, Sent
from bot.services.agreements import run_lifecycle
from handlers import settings as settings_handlers
from handlers.agreements import REMINDER_RENDERERS
from handlers.agreements.callbacks import (
    CAL_PROLONG,
    CAL_UNTIL,
    MAX_PAGE,
    AgCb,
    AgForm,
    AgList,
    AgSet,
    CardAct,
    FormAct,
    ListAct,
    SetAct,
)
from handlers.agreements.keyboards import month_id
from handlers.agreements.offsets import AgreementSettingsForm
from handlers.shared.calendar import CalCb
from handlers.shared.callbacks import Draft, NewAgreement, PartnerAgreements
from storage import agreements as store
from storage.models import AgreementSettings, Reminder
from tests.conftest import onboard
from tests.test_agreements_flow import agreements, make_partner, pending, register

HUGE_IDS = (2**63, 2**64, 10**30)
APOLOGY = "что-то пошло не так"
NOT_FOUND = "Не найдено: запись удалена или недоступна."
STALE = "Эта кнопка устарела. Откройте нужный раздел заново из меню."
ASK_UNTIL = (
    "До какого числа действует договор? Напишите дату или выберите в календаре. "
    "Если срок не ограничен — «♾ Бессрочный»."
)
BAD_OFFSETS = "Не понял. Нужны числа дней от 1 до 365, не больше 6."
TOO_FAR = (
    "Слишком далёкая дата: договор можно внести или продлить не больше чем на 50 лет вперёд. "
    "Проверьте год."
)


def said(replies: list[Sent]) -> str:
    """Everything the bot said (messages and alerts), to check no apology slipped in."""
    return "\n".join(r.plain for r in replies if r.text)


async def until_step(user: LocalUser, partner_id: int) -> None:
    """The registration conversation up to the end-date question."""
    await user.press(1, NewAgreement(partner_id=partner_id).pack())
    await user.tap("Договор о сотрудничестве")
    await user.send("15/2026")
    await user.send("Совместные мероприятия для детей и родителей")
    await user.send("20.11.2026")
    await user.tap("Верно")


async def test_ids_beyond_64_bits_are_not_found(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    [before] = await agreements(app)
    for huge in HUGE_IDS:
        for action in (
            CardAct.OPEN,
            CardAct.PROLONG,
            CardAct.END,
            CardAct.LET_END,
            CardAct.DOC,
            CardAct.REGISTER,
        ):
            replies = await user.press(1, AgCb(action=action, id=huge).pack())
            assert [r.method for r in replies] == ["answerCallbackQuery"], (action, huge)
            assert replies[0].plain == NOT_FOUND
            assert replies[0].show_alert
        for data in (
            NewAgreement(partner_id=huge),
            PartnerAgreements(partner_id=huge),
            Draft(kind="agr", partner_id=huge),
            AgList(action=ListAct.ACTIVE, partner_id=huge),
        ):
            replies = await user.press(1, data.pack())
            assert [r.plain for r in replies] == [NOT_FOUND], data
    [after] = await agreements(app)
    assert (after.status, after.valid_until) == (before.status, before.valid_until)


async def test_storage_getters_refuse_huge_ids(app: App, user: LocalUser) -> None:
    await onboard(user)
    async with app.sessionmaker() as session:
        for huge in (*HUGE_IDS, 0, -1):
            assert await store.get_agreement(session, 1, huge) is None
            assert await store.get_by_id(session, 1, huge) is None


async def test_huge_and_negative_list_pages_are_clamped(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    replies = await user.press(1, AgList(action=ListAct.ACTIVE, page=2**64).pack())
    assert APOLOGY not in said(replies)
    assert replies[-1].plain.startswith("✅ Действующие")
    # the clamped page is empty; "back" leads to the page before the last allowed one
    assert replies[-1].buttons == ["◀️ Назад", "📄 Все договоры"]
    assert replies[-1].markup is not None
    back = replies[-1].markup.inline_keyboard[0][0].callback_data
    assert back == AgList(action=ListAct.ACTIVE, page=MAX_PAGE - 1).pack()

    replies = await user.press(1, AgList(action=ListAct.ACTIVE, page=-5).pack())
    assert APOLOGY not in said(replies)
    assert LIBRARY_BUTTON in replies[-1].buttons[0]  # page 0: the agreement is listed

    # the partner picker of the registration form: a forged page is clamped as well
    await user.send("/agreements")
    await user.tap("Зарегистрировать договор")
    replies = await user.press(1, AgForm(action=FormAct.PARTNER_PAGE, id=999999999).pack())
    assert APOLOGY not in said(replies)
    assert replies[-1].buttons == ["◀️ Назад"]


LIBRARY_BUTTON = "Библиотека"


async def test_unicode_digits_in_callbacks_and_text(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await until_step(user, partner_id)
    # the signing-date step is over: a forged month switch with superscript digits is stale
    # (ids are typed: such data is no button of ours at all), and so is a well-formed one
    replies = await user.press(1, "agf:sm:²⁰²⁶-¹")
    assert said(replies) == STALE
    replies = await user.press(1, AgForm(action=FormAct.SIGNED_MONTH, id=month_id(2026, 1)).pack())
    assert said(replies) == STALE
    await user.send("16.12.2026")
    await user.tap("Верно")
    await user.tap("Да, продлевается")
    for value in ("¹²", "١٢", "²"):
        replies = await user.press(1, f"agf:t:{value}")
        assert said(replies) == STALE, value
    replies = await user.send("¹² месяцев")
    assert replies[-1].plain == (
        "Напишите число месяцев от 1 до 120, например 12.\n\n"
        "На какой срок он продлевается? Выберите или напишите число месяцев (например, 12)."
    )
    await user.send("12 месяцев")
    await user.tap("Пропустить")
    await user.tap("Сохранить")
    [agreement] = await agreements(app)
    assert (agreement.auto_prolong, agreement.prolong_months) == (True, 12)


async def test_unicode_digits_in_the_signing_month_switch(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await user.press(1, NewAgreement(partner_id=partner_id).pack())
    await user.tap("Договор о сотрудничестве")
    await user.send("15/2026")
    await user.send("Совместные мероприятия для детей и родителей")
    # ids are typed: Unicode digits are no button of ours (refused before any handler runs);
    # a month out of range is ignored
    for value in ("²⁰²⁶-¹", "2026-²", "٢٠٢٦-١", "²⁴³¹³", "٢٤٣١٣"):
        replies = await user.press(1, f"agf:sm:{value}")
        assert [r.method for r in replies] == ["answerCallbackQuery"], value
        assert replies[0].plain == STALE
    for month in (0, -1, month_id(1999, 12), month_id(2027, 1)):
        replies = await user.press(1, AgForm(action=FormAct.SIGNED_MONTH, id=month).pack())
        assert [r.method for r in replies] == ["answerCallbackQuery"], month
        assert not replies[0].text
    replies = await user.press(1, AgForm(action=FormAct.PARTNER, id=2).pack())
    assert said(replies) == STALE
    replies = await user.send("20.11.2026")  # the form is where it was
    assert "Дата подписания: 20 ноября 2026 г." in replies[-1].plain


async def test_unicode_digits_in_the_partner_choice(app: App, user: LocalUser) -> None:
    await onboard(user)
    await make_partner(app)
    await user.send("/agreements")
    await user.tap("Зарегистрировать договор")
    for value in ("²", "١", "¹²"):
        replies = await user.press(1, f"agf:p:{value}")  # no button of ours: ids are typed
        assert [r.plain for r in replies] == [STALE], value
    replies = await user.press(1, AgForm(action=FormAct.PARTNER, id=2).pack())
    assert replies[-1].plain == NOT_FOUND
    assert await agreements(app) == []


async def test_unicode_digits_in_offsets(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.press(1, AgSet(action=SetAct.OFFSETS).pack())
    for text in ("³⁰ 7", "١٤", "1_0", "30 ²"):
        replies = await user.send(text)
        assert APOLOGY not in said(replies)
        assert replies[-1].plain.startswith(BAD_OFFSETS), text
    async with app.sessionmaker() as session:
        assert await session.get(AgreementSettings, 1) is None
    replies = await user.send("14 3")
    assert replies[-1].plain.startswith("✅ Теперь напоминаю за 14, 3 дня до окончания.")
    async with app.sessionmaker() as session:
        row = await session.get(AgreementSettings, 1)
        assert row is not None and row.renewal_offsets == [14, 3]


async def test_far_future_end_date_is_refused(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await until_step(user, partner_id)
    replies = await user.send("31.12.9999")
    assert replies[-1].plain.startswith(TOO_FAR)
    assert replies[-1].plain == f"{TOO_FAR}\n\n{ASK_UNTIL}"  # the same question again
    replies = await user.send("27.11.2076")  # today + 50 years + 1 day
    assert replies[-1].plain.startswith(TOO_FAR)
    forged = CalCb(scope=CAL_UNTIL, act="d", y=9999, m=12, d=31).pack()
    replies = await user.press(1, forged)
    assert replies[-1].plain.startswith(TOO_FAR)
    assert APOLOGY not in said(replies)
    # the limit itself is accepted, and earlier answers are kept
    replies = await user.send("26.11.2076")
    assert "26 ноября 2076 г." in replies[-1].plain
    await user.tap("Верно")
    await user.tap("Нет")
    await user.tap("Пропустить")
    replies = await user.tap("Сохранить")
    assert APOLOGY not in said(replies)
    [agreement] = await agreements(app)
    assert (agreement.signed_on, agreement.valid_until) == (date(2026, 11, 20), date(2076, 11, 26))


async def test_far_future_prolongation_is_refused(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    [agreement] = await agreements(app)

    await user.press(1, AgCb(action=CardAct.PROLONG, id=agreement.id).pack())
    replies = await user.send("31.12.9999")
    assert replies[-1].plain.startswith(TOO_FAR)
    assert "Продление договора" in replies[-1].plain
    forged = CalCb(scope=CAL_PROLONG, act="d", y=9999, m=12, d=31).pack()
    replies = await user.press(1, forged)
    assert replies[-1].plain.startswith(TOO_FAR)
    for months in (1200, 99999999999999999999, 0):
        replies = await user.press(1, AgForm(action=FormAct.PLUS, id=months).pack())
        assert said(replies) == STALE, months
    replies = await user.press(1, "agf:pl:¹²")  # no button of ours: ids are typed
    assert said(replies) == STALE
    [same] = await agreements(app)
    assert (same.valid_until, same.prolong_count) == (date(2026, 12, 16), 0)

    replies = await user.press(1, AgForm(action=FormAct.PLUS, id=120).pack())
    assert APOLOGY not in said(replies)
    [prolonged] = await agreements(app)
    assert (prolonged.valid_until, prolonged.prolong_count) == (date(2036, 12, 16), 1)


async def test_double_taps(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await user.press(1, NewAgreement(partner_id=partner_id).pack())
    await user.tap("Договор о сотрудничестве")
    await user.send("15/2026")
    replies = await user.send("Совместные мероприятия для детей и родителей")
    calendar_id = replies[-1].message_id
    # the same month switch twice: the second edit changes nothing (Telegram refuses it)
    october = AgForm(action=FormAct.SIGNED_MONTH, id=month_id(2026, 10)).pack()
    replies = await user.press(calendar_id, october)
    assert [r.method for r in replies] == ["answerCallbackQuery", "editMessageReplyMarkup"]
    assert replies[-1].buttons[:3] == ["◀️", "Октябрь 2026", "▶️"]
    replies = await user.press(calendar_id, october)
    assert [(r.method, r.plain) for r in replies] == [("answerCallbackQuery", "")]
    await user.send("20.11.2026")
    await user.tap("Верно")
    await user.send("16.12.2026")
    await user.tap("Верно")
    await user.tap("Нет")
    await user.tap("Пропустить")
    message_id, save = user.find_button("Сохранить")
    await user.press(message_id, save)
    replies = await user.press(message_id, save)  # the second tap: nothing saved twice
    assert [(r.method, r.plain) for r in replies] == [("answerCallbackQuery", STALE)]
    assert len(await agreements(app)) == 1

    # "+1 year" tapped twice prolongs once
    [agreement] = await agreements(app)
    await user.press(1, AgCb(action=CardAct.PROLONG, id=agreement.id).pack())
    message_id, plus = user.find_button("+1 год")
    replies = await user.press(message_id, plus)
    assert replies[-1].plain.startswith("✅ Договор с партнёром Библиотека")
    replies = await user.press(message_id, plus)
    assert [(r.method, r.plain) for r in replies] == [("answerCallbackQuery", STALE)]
    [prolonged] = await agreements(app)
    assert (prolonged.valid_until, prolonged.prolong_count) == (date(2027, 12, 16), 1)

    # "end" tapped twice: ended once, the second tap says the button is stale
    await user.press(1, AgCb(action=CardAct.END, id=agreement.id).pack())
    replies = await user.press(1, AgCb(action=CardAct.END, id=agreement.id).pack())
    assert said(replies) == STALE
    [ended] = await agreements(app)
    assert ended.status == "ended"


async def test_partner_search_normalises_and_escapes(app: App, user: LocalUser) -> None:
    await onboard(user)
    await make_partner(app, name="МАУК «Музей истории»")
    await make_partner(app, name="100% Спорт")
    await make_partner(app, name="Клуб_1")
    await make_partner(app, name="Клуб 21")
    await user.send("/agreements")
    await user.tap("Зарегистрировать договор")

    async def found(query: str) -> list[str]:
        replies = await user.send(query)
        return [b for b in replies[-1].buttons if b not in ("Ещё ▶️", "◀️ Назад")]

    assert await found("МАУК музей") == ["МАУК «Музей истории»"]
    assert await found("«Музей»") == ["МАУК «Музей истории»"]
    assert await found("%") == ["100% Спорт"]
    assert await found("_") == ["Клуб_1"]
    assert await found("Клуб_") == ["Клуб_1"]
    assert await found("ЁЛКА%") == []


async def test_storage_by_id_functions_are_organisation_scoped(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    [agreement] = await agreements(app)
    stranger = make_user(user_id=2, first_name="Олег", last_name=None)
    await onboard(stranger, org_name="Другая школа", full_name="Олег Сидоров")
    now = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
    async with app.sessionmaker() as session:
        assert await store.get_by_id(session, 2, agreement.id) is None
        mine = await store.get_by_id(session, 1, agreement.id)
        assert mine is not None
        assert await store.pending_reminders(session, 2, agreement.id) == []
        assert len(await store.pending_reminders(session, 1, agreement.id)) == len(
            await pending(app)
        )
        reminder = (await session.execute(select(Reminder).limit(1))).scalar_one()
        later = datetime(2027, 1, 1, tzinfo=UTC)
        assert await store.newer_renewal_due(session, 1, reminder, later)
        assert not await store.newer_renewal_due(session, 2, reminder, later)
        # closing with another organisation's id changes nothing
        assert await store.close(session, 2, mine, date(2026, 11, 26), now) is False
        assert mine.status == "active"
        await session.commit()
    [after] = await agreements(app)
    assert after.status == "active"


async def test_settings_states_are_unique_and_legacy_rows_still_work(
    app: App, user: LocalUser
) -> None:
    assert AgreementSettingsForm.offsets.state == "AgreementSettingsForm:offsets"
    mine = {s.state for s in AgreementSettingsForm.__states__}
    theirs = {s.state for s in settings_handlers.SettingsForm.__states__}
    assert not mine & theirs
    await onboard(user)
    # a member who was asked for the offsets before the rename (state saved under the old name)
    key = StorageKey(bot_id=app.bot.id, chat_id=1, user_id=1)
    storage = app.dispatcher.storage
    await storage.set_state(key, "SettingsForm:offsets")
    replies = await user.send("10 2")
    assert APOLOGY not in said(replies)
    async with app.sessionmaker() as session:
        row = await session.get(AgreementSettings, 1)
        assert row is not None and row.renewal_offsets == [10, 2]


async def reminder_of(app: App, kind: str) -> Reminder:
    [row] = await pending(app, (kind,))
    return row


async def test_side_effect_reminders_apply_once_whatever_the_delivery(
    app: App, user: LocalUser
) -> None:
    """The daily job may run more than once on a day (hourly, two processes, a restart) and
    the engine may render an end / auto-prolongation notice without sending it (the member
    blocked the bot) and render it again later: the agreement changes exactly once."""
    await onboard(user)
    auto_partner = await make_partner(app)
    await register(user, auto_partner, auto=True)
    ending_partner = await make_partner(app, name="Музей")
    await register(user, ending_partner)
    [auto, ending] = await agreements(app)

    autoprolong = await reminder_of(app, store.KIND_AUTOPROLONG)
    ended = await reminder_of(app, store.KIND_ENDED)
    outputs = []
    for _ in range(2):
        await run_lifecycle(app.sessionmaker, autoprolong.due_at)
        async with app.sessionmaker() as session:
            reminder = await session.get(Reminder, autoprolong.id)
            assert reminder is not None
            out = await REMINDER_RENDERERS[reminder.kind](
                session, reminder, app.texts, autoprolong.due_at
            )
            assert out is not None
            outputs.append(out.text)
        await run_lifecycle(app.sessionmaker, ended.due_at)
        async with app.sessionmaker() as session:
            reminder = await session.get(Reminder, ended.id)
            assert reminder is not None
            out = await REMINDER_RENDERERS[reminder.kind](
                session, reminder, app.texts, ended.due_at
            )
            assert out is not None
            outputs.append(out.text)
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]
    after_auto, after_ending = await agreements(app)
    assert (after_auto.valid_until, after_auto.prolong_count) == (date(2027, 12, 16), 1)
    assert (after_ending.status, after_ending.ended_on) == ("ended", date(2026, 12, 16))
    assert (auto.id, ending.id) == (after_auto.id, after_ending.id)


async def test_renderer_ignores_a_reminder_of_another_organisation(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    stranger = make_user(user_id=2, first_name="Олег", last_name=None)
    await onboard(stranger, org_name="Другая школа", full_name="Олег Сидоров")
    ended = await reminder_of(app, store.KIND_ENDED)
    async with app.sessionmaker() as session:
        reminder = await session.get(Reminder, ended.id)
        assert reminder is not None
        reminder.organisation_id = 2  # a row pointing at another organisation's agreement
        out = await REMINDER_RENDERERS[reminder.kind](session, reminder, app.texts, ended.due_at)
        assert out is None
        await session.rollback()
    [agreement] = await agreements(app)
    assert agreement.status == "active"


async def test_buttons_in_messages_sent_earlier_still_work(app: App, user: LocalUser) -> None:
    """The callback data a reminder or a list carried before the actions were typed is the
    same: a renewal reminder's «Продлить» sent last week still prolongs."""
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    [agreement] = await agreements(app)
    replies = await user.press(1, f"ag:open:{agreement.id}")
    assert "Действует до: 16 декабря 2026 г." in replies[-1].plain
    replies = await user.press(1, f"ag:prolong:{agreement.id}")
    assert "До какого числа продлеваем" in replies[-1].plain
    await user.send("/cancel")
    replies = await user.press(1, "agl:active:0:0")
    assert replies[-1].plain.startswith("✅ Действующие")
    replies = await user.press(1, f"agl::{partner_id}:0")
    assert "Договоры: " in replies[-1].plain
    replies = await user.press(1, "ags:offsets:")
    assert "Сейчас напоминаю о продлении" in replies[-1].plain
    await user.send("/cancel")
    [template] = [r for r in await user.press(1, "ags:get:agr") if r.method == "sendDocument"]
    assert template.file_name == "Договор_template.docx"
