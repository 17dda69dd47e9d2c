"""/results: a teacher records the results of partnership (the method's five) from the log,
from a held event or from an agreement's card; the log sums the year up; a result's card
sends its file again and deletes it. What is stored is checked each time."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser
from bot.services import results as service
from handlers.results.callbacks import ChoiceCb, KindCb, ResAct, ResCb
from handlers.shared.callbacks import NewResult, OpenAgreement, OpenPartner
from storage.models import PartnershipResult, ResultPartner
from tests.conftest import onboard
from tests.results_helpers import agreement, event, member_of, partner

TODAY = date(2026, 11, 26)  # the conftest clock, in Tyumen


async def stored(app: App) -> list[tuple[PartnershipResult, list[int]]]:
    async with app.sessionmaker() as session:
        rows = (
            await session.execute(select(PartnershipResult).order_by(PartnershipResult.id))
        ).scalars()
        out = []
        for row in list(rows):
            linked = await session.execute(
                select(ResultPartner.partner_id)
                .where(ResultPartner.result_id == row.id)
                .order_by(ResultPartner.partner_id)
            )
            out.append((row, list(linked.scalars())))
        return out


async def test_a_prize_at_a_regional_contest_with_a_partner(app: App, user: LocalUser) -> None:
    await onboard(user)
    factory = await partner(app, "ООО «Тюменский завод»", "business")
    await partner(app, "Библиотека им. Пушкина")
    replies = await user.send("/results")
    assert "Результаты партнёрства" in replies[-1].plain
    assert "Результатов пока не записано" in replies[-1].plain
    assert "пять результатов партнёрства" in replies[-1].plain
    replies = await user.tap("Записать результат")
    assert "Какой результат записать?" in replies[-1].plain
    assert "Призовые места в конкурсах различного уровня" in replies[-1].plain
    assert len(replies[-1].buttons) == 5
    replies = await user.tap("Призовое место")
    assert "вопрос 1 из 4" in replies[-1].plain
    assert "Конкурс (название)" in replies[-1].plain
    replies = await user.send("«Юный техник»")
    assert "Уровень конкурса" in replies[-1].plain
    assert replies[-1].buttons == [
        "Муниципальный",
        "Региональный",
        "Федеральный (всероссийский)",
        "Международный",
    ]
    # two levels at once is a question, not an answer: the same question again
    replies = await user.send("городской и областной")
    assert "Выберите один из вариантов кнопкой" in replies[-1].plain
    assert "Уровень конкурса" in replies[-1].plain
    replies = await user.tap("Региональный")
    assert "Место или награда" in replies[-1].plain
    assert "Можно пропустить" in replies[-1].plain
    replies = await user.send("1 место")
    replies = await user.send("много")
    assert "Нужно число, например: 12" in replies[-1].plain
    assert "Сколько детей" in replies[-1].plain
    replies = await user.send("3 ребёнка")
    assert "Когда получен результат?" in replies[-1].plain
    replies = await user.send("30.11.2026")
    assert "Эта дата ещё не наступила: 30.11.2026" in replies[-1].plain
    replies = await user.send("20 ноября")
    assert "С кем из партнёров" in replies[-1].plain
    assert any("Тюменский завод" in b for b in replies[-1].buttons)
    replies = await user.tap("Тюменский завод")
    assert "Отмечены: ООО «Тюменский завод»" in replies[-1].plain
    assert "✅ ООО «Тюменский завод»" in replies[-1].buttons
    replies = await user.tap("Готово")
    # no event in the work plan: the file is asked next
    assert "Есть фото или документ?" in replies[-1].plain
    replies = await user.send("ничего нет")
    assert "Нужна фотография или файл" in replies[-1].plain
    replies = await user.send_photo()
    assert "Результат записан" in replies[0].plain
    card = replies[-1].plain
    assert "Призовые места в конкурсах различного уровня" in card
    assert "«Юный техник» — региональный уровень, 1 место, 3 ребёнка" in card
    assert "20 ноября 2026 г." in card
    assert "ООО «Тюменский завод»" in card
    assert "Фото приложено" in card

    [(row, partners)] = await stored(app)
    assert (row.kind, row.day, partners) == ("prize", date(2026, 11, 20), [factory])
    assert row.values == {
        "contest": "«Юный техник»",
        "level": "regional",
        "place": "1 место",
        "children": 3,
    }
    assert (row.file_id, row.file_kind) == ("photo-1", "photo")
    assert row.member_id == (await member_of(app)).id

    # the partner's card lists it in its history
    replies = await user.press(1, OpenPartner(id=factory).pack())
    assert (
        "🏆 20.11.2026 — результат: «Юный техник» — региональный уровень, 1 место, 3 ребёнка"
        in replies[-1].plain
    )

    # the file comes back from the card
    replies = await user.tap("Показать файл")
    assert replies[-1].method == "sendDocument" and replies[-1].file_name == "photo-1"

    # the log sums the academic year up
    replies = await user.send("/results")
    text = replies[-1].plain
    assert "Что партнёрство дало детям за 2026/2027 учебный год" in text
    assert "Призовых мест: 1 (региональных — 1, награждено 3 ребёнка)" in text
    assert "Партнёров, с которыми достигнуты результаты: 1" in text
    assert any("Юный техник" in b for b in replies[-1].buttons)


async def test_services_children_checked_and_answers_kept(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/results")
    await user.tap("Записать результат")
    await user.tap("Новая группа или услуга")
    await user.send("Группа «Эколог»")
    await user.send("12 детей")
    replies = await user.send("15")
    assert "Это больше, чем всего детей (12)" in replies[-1].plain
    assert "Из них одарённых детей" in replies[-1].plain
    await user.send("2")
    replies = await user.send("⏭ Пропустить")  # the disabled: optional
    assert "Когда получен результат?" in replies[-1].plain
    replies = await user.tap("Сегодня")
    # no partner in the database: the result may go without one
    assert "В базе пока нет партнёров" in replies[-1].plain
    replies = await user.send("⏭ Пропустить")  # the keyboard of the last question
    assert "Есть фото или документ?" in replies[-1].plain
    replies = await user.send("⏭ Пропустить")
    assert "Результат записан" in replies[0].plain
    [(row, partners)] = await stored(app)
    assert row.values == {"service": "Группа «Эколог»", "children": 12, "gifted": 2}
    assert (row.day, partners, row.file_id) == (TODAY, [], None)


async def test_a_result_of_a_held_event_takes_its_partners_and_day(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    museum = await partner(app, "Краеведческий музей")
    library = await partner(app, "Библиотека им. Пушкина")
    held = await event(app, "Квест «Тайны музея»", date(2026, 11, 10), [museum, library])
    replies = await user.press(1, NewResult(event_id=held).pack())
    assert "Мероприятие: «Квест «Тайны музея»», 10.11.2026" in replies[-1].plain
    assert "Партнёры: Библиотека им. Пушкина, Краеведческий музей" in replies[-1].plain
    await user.tap("Удовлетворённость участников")
    await user.send("родители")
    replies = await user.send("4,6 из 5")
    assert "Сколько человек ответили" in replies[-1].plain
    replies = await user.send("40")
    assert "В день мероприятия, 10.11.2026" in replies[-1].buttons[0]
    replies = await user.tap("В день мероприятия")
    # the partners and the event came with it: the file is next
    assert "Есть фото или документ?" in replies[-1].plain
    replies = await user.send_document("doc-7", "Анкеты.pdf")
    assert "Мероприятие: Квест «Тайны музея», 10.11.2026" in replies[-1].plain
    assert "Анкеты.pdf" in replies[-1].plain
    [(row, partners)] = await stored(app)
    assert (row.kind, row.day, row.event_id) == ("satisfaction", date(2026, 11, 10), held)
    assert row.values == {"survey": "родители", "percent": 92.0, "respondents": 40}
    assert partners == sorted([museum, library])
    assert (row.file_kind, row.file_name) == ("document", "Анкеты.pdf")


async def test_an_event_is_offered_and_an_agreement_brings_its_partner(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    museum = await partner(app, "Краеведческий музей")
    held = await event(app, "Выставка работ", date(2026, 10, 1), [museum])
    await event(app, "Ёлка", date(2026, 12, 25), [museum])  # ahead: not offered
    signed = await agreement(app, museum, signed_on=date(2026, 9, 1), valid_until=None)

    # from scratch: the held event is offered after the partners
    await user.send("/results")
    await user.tap("Записать результат")
    replies = await user.send("не знаю")
    assert "Выберите вариант кнопкой" in replies[-1].plain and len(replies[-1].buttons) == 5
    replies = await user.send("обновили программу")  # a typed kind is understood
    assert "Программа (название)" in replies[-1].plain
    await user.send("Юный краевед")
    replies = await user.send("обновлённая")
    assert "Что изменилось" in replies[-1].plain
    await user.send("⏭ Пропустить")
    await user.send("вчера")
    await user.tap("Краеведческий музей")
    replies = await user.tap("Готово")
    assert "связан с мероприятием" in replies[-1].plain
    assert replies[-1].buttons == ["01.10 · Выставка работ", "⏭ Без мероприятия"]
    replies = await user.send("выставка")
    assert "Выберите вариант кнопкой" in replies[0].plain
    assert replies[-1].buttons == ["01.10 · Выставка работ", "⏭ Без мероприятия"]
    await user.tap("Выставка работ")
    await user.send("⏭ Пропустить")

    # from the agreement's card: its partner comes along, no event asked
    await user.press(1, OpenAgreement(id=signed).pack())
    await user.tap("📝 Записать результат")
    await user.tap("Внешняя оценка качества")
    await user.send("Независимая оценка качества, Минобр")
    await user.send("Высокий уровень")
    replies = await user.send("101")
    assert "Число должно быть от 0 до 100" in replies[-1].plain
    await user.send("95 %")
    replies = await user.tap("Сегодня")
    assert "Есть фото или документ?" in replies[-1].plain
    await user.send("⏭ Пропустить")

    # «Пропустить» from the keyboard of the last question: no partner, no event
    await user.send("/results")
    await user.tap("Записать результат")
    await user.tap("Новая группа или услуга")
    await user.send("Кружок «Эко»")
    await user.send("8")
    await user.send("⏭ Пропустить")
    await user.send("⏭ Пропустить")
    await user.tap("Сегодня")
    replies = await user.send("⏭ Пропустить")
    assert "связан с мероприятием" in replies[-1].plain
    replies = await user.send("⏭ Пропустить")
    assert "Есть фото или документ?" in replies[-1].plain
    await user.send("⏭ Пропустить")

    (first, first_partners), (second, second_partners), (third, third_partners) = await stored(app)
    assert (third.kind, third.event_id, third_partners) == ("services", None, [])
    assert first.values == {"programme": "Юный краевед", "change": "updated"}
    assert (first.day, first.event_id, first_partners) == (date(2026, 11, 25), held, [museum])
    assert second.values == {
        "assessment": "Независимая оценка качества, Минобр",
        "outcome": "Высокий уровень",
        "score": 95.0,
    }
    assert (second.agreement_id, second.event_id, second_partners) == (signed, None, [museum])


async def test_other_organisations_records_are_not_found(
    app: App, user: LocalUser, make_user: Any
) -> None:
    other = make_user(user_id=2, first_name="Олег", last_name="Иванов")
    await onboard(other, org_name="ЦДТ «Радуга»")
    their = await partner(app, "Чужой музей", telegram_id=2)
    their_event = await event(app, "Чужое", date(2026, 11, 1), [their], telegram_id=2)
    their_agreement = await agreement(
        app, their, signed_on=date(2026, 1, 1), valid_until=None, telegram_id=2
    )
    await onboard(user)
    for data in (NewResult(event_id=their_event), NewResult(agreement_id=their_agreement)):
        replies = await user.press(1, data.pack())
        assert replies[0].show_alert and "Не найдено" in (replies[0].text or "")
        assert len(replies) == 1
    # an id that cannot be one links nothing: a result from scratch
    replies = await user.press(1, "nrs:99999999999:0")
    assert "Какой результат записать?" in replies[-1].plain
    assert "Мероприятие" not in replies[-1].plain
    # their partner forged into the flow is not linked
    await user.press(1, KindCb(kind="programme").pack())  # type: ignore[arg-type]
    await user.send("Программа")
    await user.press(1, ChoiceCb(value="new").pack())
    await user.send("⏭ Пропустить")
    await user.tap("Сегодня")
    await user.press(1, f"rsp:t:{their}")
    await user.tap("Без партнёра")
    await user.send("⏭ Пропустить")
    [(row, partners)] = await stored(app)
    assert partners == [] and row.values == {"programme": "Программа", "change": "new"}
    replies = await user.press(1, ResCb(action=ResAct.OPEN, id=row.id + 1000).pack())
    assert replies[0].show_alert


async def test_delete_from_the_card_and_pages_of_the_log(app: App, user: LocalUser) -> None:
    await onboard(user)
    member = await member_of(app)
    async with app.sessionmaker() as session:
        from storage.orgs import get_member_info

        info = await get_member_info(session, member.telegram_id)
        assert info is not None
        for day in range(1, 11):
            await service.record_result(
                session,
                info,
                service.ResultDraft(
                    "prize",
                    date(2026, 10, day),
                    {"contest": f"Конкурс {day}", "level": "regional"},
                ),
                now=app.clock.now(),
            )
    replies = await user.send("/results")
    assert "Всего записано: 10" in replies[-1].plain
    assert replies[-1].buttons[1].endswith("Конкурс 10 — региональный уровень")
    assert replies[-1].buttons[-1] == "Раньше ▶️"
    replies = await user.tap("Раньше")
    assert [b for b in replies[-1].buttons if "Конкурс" in b][-1].endswith(
        "Конкурс 1 — региональный уровень"
    )
    await user.tap("Конкурс 1 ")
    replies = await user.tap("Удалить")
    assert "Удалить запись «Конкурс 1 — региональный уровень»?" in replies[-1].plain
    replies = await user.tap("Да, удалить")
    assert "Запись удалена" in (replies[0].text or "")
    assert "Всего записано: 9" in replies[-1].plain
    assert len(await stored(app)) == 9


async def test_year_summary_for_the_coach(app: App, user: LocalUser) -> None:
    await onboard(user)
    museum = await partner(app, "Краеведческий музей")
    factory = await partner(app, "Завод", "business")
    member = await member_of(app)
    async with app.sessionmaker() as session:
        from storage.orgs import get_member_info

        info = await get_member_info(session, member.telegram_id)
        assert info is not None
        drafts = [
            service.ResultDraft(
                "services",
                date(2026, 9, 15),
                {"service": "Кружок", "children": 10, "disabled": 2},
                [museum, factory],
            ),
            service.ResultDraft(
                "prize", date(2026, 8, 31), {"contest": "Лето", "level": "federal"}
            ),
        ]
        for draft in drafts:
            await service.record_result(session, info, draft, now=app.clock.now())
        year = await service.year_summary(session, member.organisation_id, TODAY)
        calendar = await service.year_summary(
            session, member.organisation_id, TODAY, academic=False
        )
    assert (year.period.start, year.period.end) == (date(2026, 9, 1), date(2027, 8, 31))
    assert year.summary.total == 1 and year.summary.partners == 2
    assert year.lines == [
        "🌱 Новых групп и услуг: 1, в них 10 детей, с ОВЗ — 2",
        "🤝 Партнёров, с которыми достигнуты результаты: 2",
    ]
    assert calendar.summary.total == 2 and calendar.summary.prizes_by_level["federal"] == 1
    # what the coach shows at stage III
    from texts import report as words

    period = year.period
    text = app.texts.render(
        "results/summary.html",
        title=words.SUMMARY_TITLE.format(
            period=words.period_for(period.kind, period.start, period.end)
        ),
        lines=year.lines,
    )
    assert text == (
        "<b>Что партнёрство дало детям за 2026/2027 учебный год</b>\n"
        "🌱 Новых групп и услуг: 1, в них 10 детей, с ОВЗ — 2\n"
        "🤝 Партнёров, с которыми достигнуты результаты: 2"
    )

    # the coach's stage III on /plan: what the partnership gave the children this year
    [plan] = await user.send("/plan")
    text = plan.plain
    stage_three = text.index("III. Системообразующий этап")
    summary = text.index("🏆 Что партнёрство дало детям за 2026/2027 учебный год")
    assert stage_three < summary
    assert "🌱 Новых групп и услуг: 1, в них 10 детей, с ОВЗ — 2" in text[summary:]
    replies = await user.tap("📝 Записать результат")  # the plan's way to record one
    assert "Какой результат" in replies[-1].plain
