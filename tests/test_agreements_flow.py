"""Registering an agreement, the card, drafts and letters, renewal reminders and prolongation,
as a teacher would go through it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from bot.reminders import Limits, RunStats
from bot.services.agreements import run_lifecycle
from handlers.shared.callbacks import Draft, NewAgreement, PartnerAgreements
from storage import partners as partner_store
from storage.agreements import ALL_KINDS, KIND_ENDED, KIND_RENEWAL
from storage.models import Agreement, Member, Partner, Reminder, ReminderStatus
from tests.conftest import onboard

LIBRARY = 'Библиотека «Ёлочка» & "Друзья"'


async def member_of(app: App, telegram_id: int) -> Member:
    async with app.sessionmaker() as session:
        member = (
            await session.execute(select(Member).where(Member.telegram_id == telegram_id))
        ).scalar_one()
        return member


async def make_partner(
    app: App,
    telegram_id: int = 1,
    name: str = LIBRARY,
    offer: str | None = "Выставка работ учащихся в фойе\nКонцерт к Дню библиотек",
    ask: str | None = "Площадка для занятий клуба «Книгочей»",
    contact: str | None = "Ольга Смирнова",
) -> int:
    member = await member_of(app, telegram_id)
    async with app.sessionmaker() as session:
        partner = await partner_store.create_partner(
            session,
            organisation_id=member.organisation_id,
            member_id=member.id,
            name=name,
            category="institution",
            now=app.clock.now(),
            contact_person=contact,
            offer=offer,
            ask=ask,
            directions=("content", "career"),
        )
        return partner.id


async def agreements(app: App) -> list[Agreement]:
    async with app.sessionmaker() as session:
        return list((await session.execute(select(Agreement).order_by(Agreement.id))).scalars())


async def pending(app: App, kinds: tuple[str, ...] = ALL_KINDS) -> list[Reminder]:
    async with app.sessionmaker() as session:
        result = await session.execute(
            select(Reminder)
            .where(Reminder.kind.in_(kinds), Reminder.status == ReminderStatus.PENDING)
            .order_by(Reminder.due_at)
        )
        return list(result.scalars())


async def tick(app: App) -> RunStats:
    """What the app's scheduler does at the clock's moment: the agreements' lifecycle job
    (prolongs or ends what is due), then the reminder engine (sends what is due)."""
    await run_lifecycle(app.sessionmaker, app.clock.now())
    assert app.reminders is not None
    return await app.reminders.run_due()


def files(replies: list[Sent]) -> list[Sent]:
    return [r for r in replies if r.method == "sendDocument"]


def document_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line (python-docx)."""
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


async def through(user: LocalUser, replies: list[Sent]) -> Sent:
    """The file a document button leads to, going through what is asked on the way as a
    hurried teacher would: the obligations as suggested, no contacts for letters, the kind
    of a first draft on cooperation, blanks for missing details."""
    for _ in range(8):
        found = files(replies)
        if found:
            assert len(found) == 1
            return found[0]
        last = replies[-1]
        if "✅ Всё верно" in last.buttons:
            replies = await user.tap("Всё верно")
        elif "📄 Сформировать сейчас" in last.buttons:
            replies = await user.tap("Сформировать сейчас")
        elif "🤝 О сотрудничестве" in last.buttons:
            replies = await user.tap("О сотрудничестве")
        elif "Ваш телефон" in last.plain or "электронная почта для партнёра" in last.plain:
            replies = await user.tap("Пропустить")
        else:
            raise AssertionError(last.plain)
    raise AssertionError("no file")


async def register(
    user: LocalUser,
    partner_id: int,
    *,
    signed: str = "20.11.2026",
    until: str | None = "16 декабря 2026",
    auto: bool = False,
    scan: bool = True,
) -> list[Sent]:
    """The whole registration conversation from the partner card; returns the last replies."""
    await user.press(1, NewAgreement(partner_id=partner_id).pack())
    await user.tap("Договор о сотрудничестве")
    await user.send("15/2026")
    await user.send("Совместные мероприятия для детей и родителей")
    await user.send(signed)
    await user.tap("Верно")
    if until is None:
        await user.tap("Бессрочный")
    else:
        await user.send(until)
        await user.tap("Верно")
        if auto:
            await user.tap("Да, продлевается")
            await user.tap("1 год")
        else:
            await user.tap("Нет")
    if scan:
        await user.send_document("scan-file-1", "договор.pdf")
    else:
        await user.tap("Пропустить")
    return await user.tap("Сохранить")


async def test_register_agreement_ending_in_20_days(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)

    replies = await user.press(1, NewAgreement(partner_id=partner_id).pack())
    assert "Какой это договор" in replies[-1].plain
    assert LIBRARY in replies[-1].plain
    await user.tap("Договор о сотрудничестве")
    replies = await user.send("x" * 70)
    assert "не больше 64" in replies[-1].plain  # bad number: the same question again
    await user.send("№ 15/2026")
    replies = await user.send("Совместные мероприятия для детей и родителей")
    assert "Когда договор подписан" in replies[-1].plain
    replies = await user.send("32.13.2026")
    assert replies[-1].plain == (
        "Такой даты нет: 32.13. Напишите дату так: 15.01.2027 или «15 января 2027».\n\n"
        "Когда договор подписан? Напишите дату (15.01.2027 или «15 января 2027») или выберите"
        " в календаре."
    )
    replies = await user.send("20 ноября 2026")
    assert "20 ноября 2026 г., пятница" in replies[-1].plain
    assert "6 дней назад" in replies[-1].plain
    replies = await user.tap("Верно")
    assert "Дата подписания: 20 ноября 2026 г." in replies[-1].plain
    replies = await user.send("15.11.2026")
    assert "позже даты подписания" in replies[-1].plain
    replies = await user.send("16.12.2026")
    assert "16 декабря 2026 г., среда" in replies[-1].plain
    assert "через 20 дней" in replies[-1].plain
    await user.tap("Верно")
    replies = await user.tap("Нет")  # no automatic prolongation; one member: no choice
    assert "скан" in replies[-1].plain
    replies = await user.send_document("scan-file-1", "договор.pdf")
    summary = replies[-1].plain
    assert "Действует до: 16 декабря 2026 г." in summary
    assert "Ответственный: Анна Петрова" in summary
    replies = await user.tap("Сохранить")
    card = replies[-1].plain
    assert "Договор зарегистрирован" in card
    assert "«Договор подписан»" in card
    assert "№ 15/2026" in card
    assert "осталось 20 дней" in card
    # only the reminders still ahead (the 30-day point has passed), said once
    assert "О продлении напомню 09.12 и 15.12 в 10:00." in card
    assert "за 30" not in card and "Напомню:" not in card

    [agreement] = await agreements(app)
    assert agreement.number == "15/2026"
    assert agreement.signed_on == date(2026, 11, 20)
    assert agreement.valid_until == date(2026, 12, 16)
    assert agreement.scan_file_id == "scan-file-1"
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, partner_id)
        assert partner is not None and partner.status == "agreement_signed"
    # the 30-day reminder would be in the past: only 7 and 1 days before, then the end
    rows = await pending(app)
    assert [(r.kind, r.due_at) for r in rows] == [
        (KIND_RENEWAL, datetime(2026, 12, 9, 5, 0, tzinfo=UTC)),
        (KIND_RENEWAL, datetime(2026, 12, 15, 5, 0, tzinfo=UTC)),
        (KIND_ENDED, datetime(2026, 12, 17, 5, 0, tzinfo=UTC)),
    ]

    # the scan is re-sent from the card
    replies = await user.tap("Скан договора")
    assert replies[-1].method == "sendDocument" and replies[-1].file_name == "scan-file-1"

    # the draft and the proposal letter arrive as .docx files (the obligations confirmed
    # as suggested, the details missing left blank)
    doc = await through(user, await user.tap("Черновик договора"))
    assert doc.file_name is not None and doc.file_name.endswith(".docx")
    assert doc.file_data is not None
    text = document_text(doc.file_data)
    assert LIBRARY in text
    assert "МАУ ДО «Дом детского творчества»" in text
    assert "№ 15/2026" in text
    assert "«20» ноября 2026 г." in text
    assert "Совместные мероприятия для детей и родителей" in text
    assert "2.1.1. провести выставку работ учащихся в фойе;" in text
    assert "2.2.1. предоставить площадку для занятий клуба «Книгочей»." in text
    assert "— профориентационная деятельность;" in text
    assert "до 16 декабря 2026 г. включительно" in text
    letter = await through(user, await user.tap("Письмо-предложение"))
    assert letter.file_data is not None
    text = document_text(letter.file_data)
    assert "Уважаемая Ольга!" in text
    assert "— концерт к Дню библиотек." in text
    assert "Давайте вместе" in text

    # seven days before the end: one renewal reminder with working buttons
    assert app.reminders is not None
    app.reminders.configure(limits=Limits.none())
    clock.set(datetime(2026, 12, 9, 5, 0, tzinfo=UTC))
    start = len(app.bot.session.sent)  # type: ignore[attr-defined]
    stats = await app.reminders.run_due()
    assert stats.sent == 1
    sent = [s for s in app.bot.session.sent[start:] if s.method == "sendMessage"]  # type: ignore[attr-defined]
    assert len(sent) == 1
    assert "заканчивается 16 декабря 2026 г." in sent[0].plain
    assert "через 7 дней" in sent[0].plain
    assert sent[0].buttons == [
        "🔁 Продлить",
        "📝 Подготовить новый договор",
        "⏳ Пусть завершится в срок",
    ]

    replies = await user.tap("Продлить")
    assert "До какого числа продлеваем" in replies[-1].plain
    replies = await user.send("16.12.2027")
    assert "16 декабря 2027 г." in replies[-1].plain
    replies = await user.tap("Верно")
    assert "продлён" in replies[-1].plain
    assert "теперь до 16 декабря 2027 г." in replies[-1].plain
    [agreement] = await agreements(app)
    assert agreement.valid_until == date(2027, 12, 16)
    assert agreement.previous_until == date(2026, 12, 16)
    rows = await pending(app)
    assert [(r.kind, r.due_at.date()) for r in rows] == [
        (KIND_RENEWAL, date(2027, 11, 16)),
        (KIND_RENEWAL, date(2027, 12, 9)),
        (KIND_RENEWAL, date(2027, 12, 15)),
        (KIND_ENDED, date(2027, 12, 17)),
    ]
    # the old 1-day reminder is gone: nothing more this year
    clock.set(datetime(2026, 12, 20, 5, 0, tzinfo=UTC))
    stats = await app.reminders.run_due()
    assert stats.sent == 0


async def test_agreements_list_and_partner_section(app: App, user: LocalUser) -> None:
    await onboard(user)
    library = await make_partner(app)
    museum = await make_partner(app, name="Краеведческий музей")
    await register(user, library)  # ends in 20 days
    await register(user, museum, until=None, scan=False)  # open-ended

    replies = await user.send("/agreements")
    text = replies[-1].plain
    assert "Действующие: 2" in text
    assert "Истекают в 30 дней: 1" in text
    assert "Истёкшие: 0" in text
    assert "Черновики: 0" in text
    assert f"{LIBRARY} — до 16 декабря 2026 г. (осталось 20 дней)" in text

    replies = await user.tap("Истекают в 30 дней")
    assert LIBRARY in replies[-1].plain
    assert "Краеведческий музей" not in replies[-1].plain
    replies = await user.tap("Действующие")
    assert "бессрочный" in replies[-1].plain

    replies = await user.press(1, PartnerAgreements(partner_id=museum).pack())
    assert "Договоры: Краеведческий музей" in replies[-1].plain
    assert "Действующие: 1" in replies[-1].plain
    assert "Истекают в 30 дней: 0" in replies[-1].plain

    # a draft from the partner card shows among the drafts and can be registered later
    doc = await through(user, await user.press(1, Draft(kind="agr", partner_id=museum).pack()))
    assert doc.file_data is not None
    assert "Краеведческий музей" in document_text(doc.file_data)
    replies = await user.send("/agreements")
    assert "Черновики: 1" in replies[-1].plain
    letter = await through(
        user, await user.press(1, Draft(kind="letter", partner_id=museum).pack())
    )
    assert letter.file_name is not None and letter.file_name.startswith("Письмо_")


async def test_choose_partner_when_started_from_the_list(app: App, user: LocalUser) -> None:
    await onboard(user)
    await make_partner(app)
    await make_partner(app, name="Краеведческий музей")
    replies = await user.send("/agreements")
    replies = await user.tap("Зарегистрировать договор")
    assert "С каким партнёром" in replies[-1].plain
    replies = await user.send("музей")
    assert replies[-1].buttons == ["Краеведческий музей"]
    replies = await user.tap("Краеведческий музей")
    assert "Партнёр: Краеведческий музей" in replies[-1].plain


async def test_register_with_calendar_and_auto_prolongation(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await user.press(1, NewAgreement(partner_id=partner_id).pack())
    await user.tap("сетевой форме")
    await user.tap("Пропустить")
    await user.tap("типовой")
    replies = await user.tap("Сегодня")
    assert "Дата подписания: 26 ноября 2026 г." in replies[-1].plain
    replies = await user.tap("30")  # the calendar: 30 November 2026
    assert "Действует до: 30 ноября 2026 г." in replies[-1].plain
    await user.tap("Да, продлевается")
    replies = await user.send("2 года")
    assert "Продлевается на 2 года" in replies[-1].plain
    await user.tap("Пропустить")
    replies = await user.tap("Сохранить")
    assert "Автоматическое продление: на 2 года" in replies[-1].plain
    [agreement] = await agreements(app)
    assert (agreement.kind, agreement.number, agreement.auto_prolong) == ("network", None, True)
    assert agreement.prolong_months == 24
    rows = await pending(app)
    # 30 and 7 days before are already past; 1 day before, then the automatic prolongation
    assert [(r.kind, r.due_at) for r in rows] == [
        (KIND_RENEWAL, datetime(2026, 11, 29, 5, 0, tzinfo=UTC)),
        ("agreement.autoprolong", datetime(2026, 11, 30, 5, 0, tzinfo=UTC)),
    ]

    assert app.reminders is not None
    app.reminders.configure(limits=Limits.none())
    clock.set(datetime(2026, 11, 30, 5, 0, tzinfo=UTC))
    start = len(app.bot.session.sent)  # type: ignore[attr-defined]
    await tick(app)
    sent = [s for s in app.bot.session.sent[start:] if s.method == "sendMessage"]  # type: ignore[attr-defined]
    # the bot was "down" over the 1-day reminder? No: it was due on 29.11 and is sent now too
    texts = [s.plain for s in sent]
    assert any("продлён автоматически" in t and "30 ноября 2028 г." in t for t in texts)
    [agreement] = await agreements(app)
    assert agreement.valid_until == date(2028, 11, 30)
    rows = await pending(app)
    assert rows[0].kind == KIND_RENEWAL and rows[0].due_at.date() == date(2028, 10, 31)


async def test_flow_survives_a_restart_and_keeps_answers(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    from bot.app import build_app
    from bot.local_api import LocalSession

    await onboard(user)
    partner_id = await make_partner(app)
    await user.press(1, NewAgreement(partner_id=partner_id).pack())
    await user.tap("Договор о сотрудничестве")
    replies = await user.send("77")
    assert "Предмет договора — о чём вы договорились?" in replies[-1].plain
    settings = app.settings
    await app.close()

    restarted = await build_app(settings, clock=clock, bot_session=LocalSession())
    try:
        again = LocalUser(
            restarted.dispatcher,
            restarted.bot,
            restarted.bot.session,  # type: ignore[arg-type]
        )
        replies = await again.send("Летняя смена")
        assert "Когда договор подписан" in replies[-1].plain
        await again.send("01.11.2026")
        await again.tap("Верно")
        await again.tap("Бессрочный")
        await again.tap("Пропустить")
        replies = await again.tap("Сохранить")
        assert "№ 77" in replies[-1].plain
        assert "Предмет: Летняя смена" in replies[-1].plain
        assert "Срок: бессрочный" in replies[-1].plain
    finally:
        await restarted.close()


async def test_partner_card_history_and_new_draft_from_reminder(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    from handlers.shared.callbacks import OpenPartner

    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    replies = await user.press(1, OpenPartner(id=partner_id).pack())
    assert "Договор № 15/2026 от 20.11.2026, до 16.12.2026" in replies[-1].plain

    assert app.reminders is not None
    app.reminders.configure(limits=Limits.none())
    clock.set(datetime(2026, 12, 15, 5, 0, tzinfo=UTC))
    await app.reminders.run_due()  # the 7-day one is superseded by the 1-day one
    doc = await through(user, await user.tap("Подготовить новый договор"))
    assert doc.file_data is not None
    text = document_text(doc.file_data)
    assert "с 17 декабря 2026 г. и действует до 16 декабря 2027 г. включительно" in text
    rows = await agreements(app)
    assert [a.status for a in rows] == ["active", "draft"]
    # the signed new agreement is registered from the draft
    await user.tap("Договор подписан — внести")
    await user.send("16/2026")
    replies = await user.tap("Оставить как в черновике")
    assert "Когда договор подписан" in replies[-1].plain
    await user.send("14.12.2026")
    replies = await user.tap("Верно")
    assert "Дата подписания: 14 декабря 2026 г." in replies[-1].plain
    await user.send("13.12.2027")
    await user.tap("Верно")
    await user.tap("Нет")
    await user.tap("Пропустить")
    replies = await user.tap("Сохранить")
    assert "Предмет: Совместные мероприятия для детей и родителей" in replies[-1].plain
    rows = await agreements(app)
    assert [(a.status, a.number) for a in rows] == [("active", "15/2026"), ("active", "16/2026")]
    # the old agreement's end notice now says the partnership goes on
    clock.set(datetime(2026, 12, 17, 5, 0, tzinfo=UTC))
    start = len(app.bot.session.sent)  # type: ignore[attr-defined]
    await tick(app)
    sent = [s for s in app.bot.session.sent[start:] if s.method == "sendMessage"]  # type: ignore[attr-defined]
    assert len(sent) == 1 and "действует новый договор" in sent[0].plain
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, partner_id)
        assert partner is not None and partner.status == "agreement_signed"


async def test_signing_date_picked_in_a_past_month(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await user.press(1, NewAgreement(partner_id=partner_id).pack())
    await user.tap("Договор о сотрудничестве")
    await user.tap("Пропустить")
    replies = await user.tap("типовой")
    assert "Ноябрь 2026" in replies[-1].buttons
    assert replies[-1].buttons[2] == " "  # no months after the current one
    replies = await user.tap("◀️")
    assert replies[-1].method == "editMessageReplyMarkup"
    assert "Октябрь 2026" in replies[-1].buttons
    replies = await user.tap("15")
    assert "Дата подписания: 15 октября 2026 г." in replies[-1].plain


async def test_letter_invites_to_the_nearest_event_and_photo_scan_later(
    app: App, user: LocalUser
) -> None:
    from storage.models.coach import WorkEvent

    await onboard(user)
    partner_id = await make_partner(app)
    async with app.sessionmaker() as session:
        session.add_all(
            [
                WorkEvent(organisation_id=1, title="Прошедший концерт", day=date(2026, 11, 1)),
                WorkEvent(organisation_id=1, title="Фестиваль «Радуга»", day=date(2026, 12, 20)),
                WorkEvent(organisation_id=1, title="Весенний бал", day=date(2027, 3, 1)),
            ]
        )
        await session.commit()
    letter = await through(
        user, await user.press(1, Draft(kind="letter", partner_id=partner_id).pack())
    )
    assert letter.file_data is not None
    text = document_text(letter.file_data)
    assert (
        "Приглашаем Вас в гости на фестиваль «Радуга» — 20 декабря 2026 г. Это хорошая "
        "возможность познакомиться с нашими учащимися" in text
    )
    assert "В нём приглашение: Фестиваль «Радуга»." in (letter.text or "")

    await register(user, partner_id, scan=False)
    replies = await user.tap("Приложить скан")
    assert "Пришлите скан" in replies[-1].plain
    replies = await user.send("без файла")
    assert "Это не файл и не фото" in replies[-1].plain
    replies = await user.send_photo()
    assert "Скан сохранён" in replies[-1].plain
    assert "Скан: приложен" in replies[-1].plain
    [agreement] = await agreements(app)
    assert (agreement.scan_file_id, agreement.scan_kind) == ("photo-1", "photo")
    replies = await user.tap("Скан договора")
    assert replies[-1].file_name == "photo-1"
    assert type(replies[-1].raw).__name__ == "SendPhoto"


async def test_end_an_agreement_by_hand(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    await user.send("/agreements")
    await user.tap("Действующие")
    replies = await user.tap(LIBRARY)
    assert "Действует до: 16 декабря 2026 г." in replies[-1].plain
    assert "⏳ Пусть завершится в срок" in replies[-1].buttons
    replies = await user.tap("Завершить досрочно")
    assert "завершён досрочно" in replies[-1].plain
    assert "«На паузе»" in replies[-1].plain
    assert "Что дальше" in replies[-1].plain
    assert await pending(app) == []
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, partner_id)
        assert partner is not None and partner.status == "paused"
    replies = await user.send("/agreements")
    assert "Истёкшие: 1" in replies[-1].plain and "Действующие: 0" in replies[-1].plain
    replies = await user.tap("Истёкшие")
    assert "завершён 26 ноября 2026 г." in replies[-1].plain
    replies = await user.tap(LIBRARY)
    assert "Статус: ⌛️ завершён 26 ноября 2026 г." in replies[-1].plain
    assert "🔁 Продлить" not in replies[-1].buttons
