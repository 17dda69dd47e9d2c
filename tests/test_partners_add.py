"""Adding partners: the guided flow, share-contact, skips, bad input, duplicates, restart."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import Settings
from bot.local_api import LocalSession, LocalUser, Sent
from storage.models import Partner
from tests.conftest import onboard
from texts import buttons


def messages(replies: list[Sent]) -> list[Sent]:
    return [r for r in replies if r.method == "sendMessage"]


async def _partners(app: App) -> list[Partner]:
    async with app.sessionmaker() as session:
        return list((await session.execute(select(Partner).order_by(Partner.id))).scalars())


async def test_full_add_flow_with_typed_phone(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send(buttons.MENU_ADD)
    assert "Как называется партнёр" in replies[-1].plain
    assert "200 символов" in replies[-1].plain

    replies = await user.send("МАУК «Краеведческий музей»")
    assert "модели партнёрства" in replies[-1].plain
    await user.tap("Культура")
    replies = await user.tap("Рядом")
    assert "контактное лицо" in replies[-1].plain
    await user.send("Ольга Ивановна Смирнова")
    replies = await user.send("8 (3452) 63-81-24")
    assert "почта" in replies[-1].plain
    replies = await user.send("Info@Museum72.RU")
    assert "Адрес партнёра?" in replies[-1].plain and "До 300 символов" in replies[-1].plain
    assert "Можно пропустить" in replies[-1].plain
    await user.send("г. Тюмень, ул. Ленина, 2")
    await user.send("Выставка работ учащихся в фойе музея")
    await user.send("Экскурсии для кружка краеведов")
    await user.tap("Профориентация")
    replies = messages(await user.tap("Готово"))

    assert "сохранён" in replies[0].plain
    assert "Предложение готово" in replies[0].plain
    card = replies[-1].plain
    assert "Краеведческий музей" in card
    assert "+7 (3452) 63-81-24" in card
    assert "Ответственный: Анна Петрова" in card
    assert "📅 Встреча" in replies[-1].buttons
    assert replies[-1].buttons[:3] == ["✏️ Изменить", "📝 Заметка", "🔄 Статус"]

    [partner] = await _partners(app)
    assert partner.phone == "+73452638124"
    assert partner.email is not None and partner.email.lower() == "info@museum72.ru"
    assert partner.status == "offer_ready"
    assert partner.address == "г. Тюмень, ул. Ленина, 2"
    assert partner.name_norm == "краеведческий музей"
    assert partner.responsible_id == partner.created_by_id is not None
    assert [d.direction for d in partner.directions] == ["career"]


async def test_share_contact_skips_and_defaults(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add")
    await user.send("Иван Сидоров, фермер")
    await user.tap("Выпускники")
    await user.tap("Пропустить")  # source: the inline skip button
    replies = await user.send(buttons.SKIP)  # contact person: the reply-keyboard skip
    assert "Телефон" in replies[-1].plain
    assert user.keyboard is not None
    keys = [b for row in user.keyboard.keyboard for b in row]
    assert keys[0].request_contact and keys[0].text == buttons.SHARE_CONTACT
    assert any(b.text == buttons.SKIP for b in keys)

    replies = await user.send_contact("79123456789", "Иван", "Сидоров")
    assert "почта" in replies[-1].plain
    for _ in range(4):  # e-mail, address, offer, ask
        await user.send(buttons.SKIP)
    replies = messages(await user.tap("Готово"))
    assert "Потенциальный" in replies[-1].plain
    assert "+7 (912) 345-67-89" in replies[-1].plain
    assert "Ответственный: Анна Петрова" in replies[-1].plain

    [partner] = await _partners(app)
    assert (partner.category, partner.source, partner.contact_person) == ("graduates", None, None)
    assert (partner.phone, partner.email, partner.offer, partner.status) == (
        "+79123456789",
        None,
        None,
        "potential",
    )
    assert partner.directions == []


async def test_forwarded_contact_card_offers_to_add(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send_contact("+7 (3452) 63-81-29", "Ситуационный", "центр")
    assert "Ситуационный центр" in replies[-1].plain
    assert "+7 (3452) 63-81-29" in replies[-1].plain
    replies = await user.tap("Добавить в партнёры")
    # name, contact person and phone are filled: the flow goes straight to the category
    assert "модели партнёрства" in replies[-1].plain
    await user.tap("Госвласть")
    await user.tap("Другое")
    replies = await user.send(buttons.SKIP)  # e-mail: contact person and phone already known
    assert "Адрес партнёра" in replies[-1].plain
    replies = await user.send(buttons.SKIP)  # address
    assert "предложить" in replies[-1].plain
    await user.send(buttons.SKIP)
    await user.send(buttons.SKIP)
    await user.tap("Готово")
    [partner] = await _partners(app)
    assert partner.name == partner.contact_person == "Ситуационный центр"
    assert partner.phone == "+73452638129"


async def test_add_with_name_in_command_and_markup_shown_literally(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    replies = await user.send("/add <b>Фабрика</b> & Co")
    assert "модели партнёрства" in replies[-1].plain
    await user.tap("Бизнес")
    await user.tap("Пропустить")
    for _ in range(6):
        await user.send(buttons.SKIP)
    replies = messages(await user.tap("Готово"))
    assert "&lt;b&gt;Фабрика&lt;/b&gt; &amp; Co" in (replies[-1].text or "")
    assert "<b>Фабрика</b> & Co" in replies[-1].plain


async def test_bad_input_keeps_earlier_answers(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add")
    replies = await user.send("М")
    assert "от 2 до 200 символов" in replies[-1].plain
    replies = await user.send("М" * 201)
    assert "а в ответе 201" in replies[-1].plain
    replies = await user.send_photo()
    assert "ответьте текстом" in replies[-1].plain
    await user.send("Детская библиотека")
    replies = await user.send("просто текст")
    assert "кнопкой" in replies[0].plain
    await user.tap("Культура")
    replies = await user.send_sticker()
    assert "кнопкой" in replies[0].plain
    await user.tap("Рядом")
    await user.send("Мария")
    for bad in ("12345", "телефон", "+7 000"):
        replies = await user.send(bad)
        assert "Не похоже на телефонный номер" in replies[-1].plain
    await user.send("+7 912 345 67 89")
    for bad in ("mail@", "два слова@x.ru", "@museum.ru"):
        replies = await user.send(bad)
        assert "Не похоже на адрес почты" in replies[-1].plain
    await user.send("lib@mail.ru")
    replies = await user.send("a" * 301)  # the address: too long
    assert "Нужно от 2 до 300 символов, а в ответе 301" in replies[-1].plain
    assert "Адрес партнёра?" in replies[-1].plain  # the same question again
    await user.send(buttons.SKIP)
    replies = await user.send("x" * 1001)
    assert "до 1000" in replies[-1].plain
    await user.send(buttons.SKIP)
    await user.send(buttons.SKIP)
    await user.tap("Готово")
    [partner] = await _partners(app)
    assert (partner.name, partner.category, partner.source) == (
        "Детская библиотека",
        "institution",
        "nearby",
    )
    assert (partner.contact_person, partner.phone, partner.email) == (
        "Мария",
        "+79123456789",
        "lib@mail.ru",
    )


async def test_duplicates_are_offered_before_adding(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add МАУК «Краеведческий музей»")
    await user.tap("Культура")
    await user.tap("Пропустить")
    for _ in range(6):
        await user.send(buttons.SKIP)
    await user.tap("Готово")

    # case, ё/е, quotes and the legal form are ignored
    for variant in ("краеведческий музей", 'ГАУК "Краеведческий музеи"', "Краеведческий  Музей"):
        replies = await user.send(f"/add {variant}")
        assert "уже есть" in replies[-1].plain, variant
        assert replies[-1].buttons == [
            "📂 Открыть МАУК «Краеведческий музей»",  # no quotes around its own quotes
            "➕ Всё равно добавить",
        ]
    replies = messages(await user.tap("Открыть"))
    assert "Краеведческий музей" in replies[-1].plain
    assert "📅 Встреча" in replies[-1].buttons
    assert len(await _partners(app)) == 1

    await user.send("/add Краеведческий музей")
    replies = await user.tap("Всё равно добавить")
    assert "модели партнёрства" in replies[-1].plain

    # not similar: no question
    replies = await user.send("/add Шахматный клуб «Ладья»")
    assert "модели партнёрства" in replies[-1].plain


async def test_typed_text_in_duplicate_question_asks_for_button(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add Музей истории")
    await user.tap("Культура")
    await user.tap("Пропустить")
    for _ in range(6):
        await user.send(buttons.SKIP)
    await user.tap("Готово")
    await user.send("/add музей истории")
    replies = await user.send("99")
    assert "кнопкой" in replies[-1].plain
    assert "уже есть" in replies[-1].plain  # the question again, with its buttons
    assert replies[-1].buttons == ["📂 Открыть «Музей истории»", "➕ Всё равно добавить"]
    replies = await user.tap("Всё равно добавить")
    assert "модели партнёрства" in replies[-1].plain


async def test_restart_in_the_middle_resumes_at_the_same_question(
    app: App, user: LocalUser, settings: Settings, clock: FakeClock
) -> None:
    await onboard(user)
    await user.send("/add")
    await user.send("Станция юных техников")
    await user.tap("Бизнес")
    await user.tap("Место работы")
    replies = await user.send("Пётр Иванович")
    assert "Телефон" in replies[-1].plain

    # a second process on the same database file (the first one "killed")
    second = await build_app(settings, clock=clock, bot_session=LocalSession())
    try:
        session = second.bot.session
        assert isinstance(session, LocalSession)
        again = LocalUser(second.dispatcher, second.bot, session, user_id=user.user_id)
        replies = await again.send("/add")
        assert "Продолжаем добавлять партнёра «Станция юных техников»" in replies[-1].plain
        assert "Телефон" in replies[-1].plain
        replies = await again.send("8 (3452) 63-81-24")
        assert "почта" in replies[-1].plain
        for _ in range(4):
            await again.send(buttons.SKIP)
        await again.tap("Готово")
        [partner] = await _partners(second)
        assert (partner.name, partner.category, partner.source, partner.contact_person) == (
            "Станция юных техников",
            "business",
            "parent_work",
            "Пётр Иванович",
        )
        assert partner.phone == "+73452638124"
    finally:
        await second.close()


async def test_skip_typed_at_the_directions_step(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add Городской парк")
    await user.tap("Местное")
    await user.tap("Рядом")
    for _ in range(6):
        await user.send(buttons.SKIP)
    await user.tap("Профориентация")
    replies = messages(await user.send(buttons.SKIP))
    assert "сохранён" in replies[0].plain
    [partner] = await _partners(app)
    assert partner.directions == []


async def test_cancel_in_the_middle_stores_nothing(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add Дом культуры")
    replies = await user.send("/cancel")
    assert "Отменено" in replies[-1].plain
    assert await _partners(app) == []


async def test_address_from_the_add_flow_is_offered_as_the_meeting_place(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    await user.send("/add Краеведческий музей")
    await user.tap("Культура")
    await user.tap("Пропустить")
    for _ in range(3):  # contact person, phone, e-mail
        await user.send(buttons.SKIP)
    await user.send("г. Тюмень, ул. Ленина, 2")
    for _ in range(2):  # offer, ask
        await user.send(buttons.SKIP)
    card = messages(await user.tap("Готово"))[-1]
    assert "г. Тюмень, ул. Ленина, 2" in card.plain
    await user.tap("📅 Встреча")
    await user.send("завтра в 15:00")
    await user.tap("Верно")
    replies = await user.tap("Мы едем к ним")  # the format first (issue 12): we go to them
    assert "📍 г. Тюмень, ул. Ленина, 2" in replies[-1].buttons
