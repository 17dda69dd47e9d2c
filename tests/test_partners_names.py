"""Names: one without letters or digits is refused (partners and programmes); names on
buttons are cut between words; «ёлочки» once, never around a name's own quotes; the
education category; «Done» tapped again after the partner was saved opens its card."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select

from bot.app import App
from bot.local_api import LocalUser, Sent
from handlers.partners.add import PartnerForm
from handlers.shared.labels import cut_label
from storage.models import Partner, Program
from tests.conftest import onboard
from tests.test_partners_find import count, seed
from texts import buttons

NAMELESS = "В названии нет ни букв, ни цифр"


def messages(replies: list[Sent]) -> list[Sent]:
    return [r for r in replies if r.method == "sendMessage"]


async def partners(app: App) -> list[Partner]:
    async with app.sessionmaker() as session:
        return list((await session.execute(select(Partner).order_by(Partner.id))).scalars())


async def finish_add(user: LocalUser, category: str = "Культура") -> list[Sent]:
    await user.tap(category)
    await user.tap("Пропустить")
    for _ in range(6):  # contact person, phone, e-mail, address, offer, ask
        await user.send(buttons.SKIP)
    return messages(await user.tap("Готово"))


async def test_a_partner_name_needs_a_letter_or_a_digit(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add")
    for typed in ("--", "😀😀", "«»"):
        reply = (await user.send(typed))[-1]
        assert NAMELESS in reply.plain, typed
        assert "Как называется партнёр?" in reply.plain
    reply = (await user.send("/add ..."))[-1]
    assert NAMELESS in reply.plain
    await user.send("№ 5")  # a digit is enough
    await finish_add(user)
    [partner] = await partners(app)
    assert partner.name == "№ 5"

    # renaming on the card: the same rule, the name kept
    await user.tap("Изменить")
    await user.tap("Название")
    reply = (await user.send("😀😀"))[-1]
    assert NAMELESS in reply.plain and "меняем поле «Название»" in reply.plain
    [partner] = await partners(app)
    assert partner.name == "№ 5"


async def test_a_search_for_no_name_offers_nothing(app: App, user: LocalUser) -> None:
    await onboard(user)
    [reply] = await user.send("😀😀")
    assert "напишите его название или имя словами" in reply.plain
    assert not reply.buttons and "Добавить" not in reply.plain


async def test_a_programme_name_needs_a_letter_or_a_digit(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/programs")
    await user.tap("Добавить программу")
    replies = await user.send("--")
    assert "нет ни букв, ни цифр. Напишите, как называется программа" in replies[-2].plain
    assert "Как называется программа?" in replies[-1].plain  # the same question again
    await user.send("Юный краевед")
    await user.send("🧭 Туристско-краеведческая")  # the focus area: required
    for _ in range(2):
        await user.send(buttons.SKIP)
    await user.tap("Название")
    replies = await user.send("😀😀")
    assert "нет ни букв, ни цифр" in replies[-2].plain
    async with app.sessionmaker() as session:
        [program] = (await session.execute(select(Program))).scalars().all()
    assert program.name == "Юный краевед"


def test_labels_are_cut_between_words() -> None:
    name = "МАУК «Краеведческий музей им. И. Я. Словцова»"
    assert cut_label(name, 30) == "МАУК «Краеведческий музей им…"
    assert cut_label(name, 100) == name
    assert cut_label("Дом   детского творчества", 16) == "Дом детского…"
    assert cut_label("Сверхдлинноеназваниебезпробелов", 10) == "Сверхдлин…"


async def test_long_names_on_buttons_end_on_a_whole_word(app: App, user: LocalUser) -> None:
    await onboard(user)
    long = "Муниципальное автономное учреждение Центр детского технического творчества Кванториум"
    await seed(app, long, "Краеведческий музей")
    reply = (await user.send("/partners"))[-1]
    label = next(b for b in reply.buttons if "Центр" in b)
    assert label == "⚪️ Муниципальное автономное учреждение Центр…"
    reply = (await user.send("/add Центр детского технического творчества Кванториум"))[-1]
    assert reply.buttons[0] == "📂 Открыть «Муниципальное автономное учреждение…»"


async def test_names_are_quoted_once(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add МАУК «Музей»")
    replies = await finish_add(user)
    assert replies[0].plain == "✅ Партнёр МАУК «Музей» сохранён."
    await user.send("/add Парк культуры")
    replies = await finish_add(user)
    assert replies[0].plain == "✅ Партнёр «Парк культуры» сохранён."
    reply = (await user.send('ООО "Ёлка"'))[-1]
    assert 'Партнёра ООО "Ёлка" в базе нет' in reply.plain
    assert reply.buttons == ['➕ Добавить ООО "Ёлка"']
    await user.send("/add")
    reply = (await user.send("/add"))[-1]  # the flow resumed
    assert "Продолжаем добавлять партнёра." in reply.plain


async def test_education_is_a_category_of_the_model(app: App, user: LocalUser) -> None:
    await onboard(user)
    reply = (await user.send("/add Школа № 5"))[-1]
    assert "🏫 Образование (школы, колледжи, вузы)" in reply.buttons
    await finish_add(user, "Образование")
    [school] = await partners(app)
    assert school.category == "education"
    await seed(app, "Краеведческий музей")

    reply = (await user.send("/partners"))[-1]
    assert "🏫 Образование (школы, колледжи, вузы): 1" in reply.plain
    reply = (await user.tap("Категория"))[-1]
    assert "🏫 Образование (школы, колледжи, вузы) · 1" in reply.buttons
    reply = (await user.tap("Образование"))[-1]
    assert "Фильтр: 🏫 Образование (школы, колледжи, вузы)" in reply.plain
    assert [b for b in reply.buttons if b.startswith("⚪️")] == ["⚪️ Школа № 5"]

    reply = (await user.send("/about"))[-1]
    reply = (await user.tap("Модель партнёрства"))[-1]
    assert "учреждениями образования" in reply.plain and "«Образование»" in reply.plain


async def test_done_tapped_again_opens_the_saved_card(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add Краеведческий музей")
    await user.tap("Культура")
    await user.tap("Пропустить")
    for _ in range(6):
        await user.send(buttons.SKIP)
    message_id, done = user.find_button("Готово")
    replies = messages(await user.press(message_id, done))
    assert "сохранён" in replies[0].plain
    assert len(await partners(app)) == 1

    # the same tap again (the first answer lost, a crash): the card, not «stale»
    replies = await user.press(message_id, done)
    assert replies[0].method == "answerCallbackQuery"
    assert replies[0].text == "Партнёр «Краеведческий музей» уже сохранён — вот его карточка."
    assert replies[-1].plain.startswith("⚪️ Краеведческий музей")
    assert "📅 Встреча" in replies[-1].buttons
    [partner] = await partners(app)
    assert partner.draft_token is not None and partner.draft_token in done


async def test_done_after_a_crash_before_the_flow_ended_saves_once(
    app: App, user: LocalUser
) -> None:
    """Saved, but the flow's state was written back as it was (the crash came before the
    flow ended): «Done» again shows the partner saved, and nothing is saved twice."""
    await onboard(user)
    await user.send("/add Краеведческий музей")
    await user.tap("Культура")
    await user.tap("Пропустить")
    for _ in range(6):
        await user.send(buttons.SKIP)
    state = FSMContext(app.dispatcher.storage, StorageKey(bot_id=app.bot.id, chat_id=1, user_id=1))
    data = await state.get_data()
    assert await state.get_state() == PartnerForm.directions.state
    message_id, done = user.find_button("Готово")
    await user.press(message_id, done)
    await state.set_state(PartnerForm.directions)
    await state.set_data(data)

    replies = messages(await user.press(message_id, done))
    assert "сохранён" in replies[0].plain
    assert replies[-1].plain.startswith("⚪️ Краеведческий музей")
    assert await count(app) == 1
    assert await state.get_state() is None

    # an older «Done» of a draft never saved: stale
    await user.send("/add Парк культуры")
    await user.tap("Культура")
    replies = await user.press(message_id, done.replace(done.split(":")[-1], "0" * 16))
    assert "устарела" in (replies[0].text or "")
    assert await count(app) == 1
