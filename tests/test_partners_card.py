"""The partner card: edit one field, notes, status, offer and ask, archive, delete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from handlers.shared.callbacks import EditOffer, OpenPartner
from storage.models import Organisation, Partner, PartnerNote, PartnerStatusChange
from tests.conftest import onboard
from tests.test_partners_limits import well_formed
from texts import buttons


def messages(replies: list[Sent]) -> list[Sent]:
    return [r for r in replies if r.method in ("sendMessage", "editMessageText")]


async def add_partner(user: LocalUser, name: str, category: str = "Культура") -> list[Sent]:
    """The quickest add: name and category, everything else skipped."""
    await user.send(f"/add {name}")
    await user.tap(category)
    await user.tap("Пропустить")
    for _ in range(6):  # contact person, phone, e-mail, address, offer, ask
        await user.send(buttons.SKIP)
    return messages(await user.tap("Готово"))


async def _partner(app: App) -> Partner:
    async with app.sessionmaker() as session:
        return (await session.execute(select(Partner))).scalars().one()


async def test_edit_the_phone_alone(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add Краеведческий музей")
    await user.tap("Культура")
    await user.tap("Рядом")
    await user.send("Ольга Смирнова")
    await user.send("89123456789")
    await user.send("info@museum72.ru")
    await user.send(buttons.SKIP)  # address
    await user.send(buttons.SKIP)
    await user.send(buttons.SKIP)
    await user.tap("Готово")
    before = await _partner(app)

    await user.tap("Изменить")
    replies = await user.tap("Телефон")
    assert "Краеведческий музей: меняем поле «Телефон»" in replies[-1].plain
    replies = await user.send("8 (3452) 63-81-24")
    replies = messages(replies)
    assert "Сохранено: Телефон" in replies[0].plain
    assert "+7 (3452) 63-81-24" in replies[-1].plain
    after = await _partner(app)
    assert after.phone == "+73452638124"
    assert (after.name, after.contact_person, after.email, after.source) == (
        before.name,
        before.contact_person,
        before.email,
        before.source,
    )

    # clearing an optional field; bad input keeps the old value
    await user.tap("Изменить")
    await user.tap("E-mail")
    replies = await user.send("не почта")
    assert "Не похоже на адрес почты" in replies[-1].plain
    assert (await _partner(app)).email == "info@museum72.ru"
    await user.send("🧹 Очистить поле")
    assert (await _partner(app)).email is None

    # the phone again, from Telegram's share-contact button
    await user.tap("Изменить")
    await user.tap("Телефон")
    replies = messages(await user.send_contact("79001234567", "Ольга"))
    assert "+7 (900) 123-45-67" in replies[-1].plain
    assert (await _partner(app)).phone == "+79001234567"

    # a choice field
    await user.tap("Изменить")
    await user.tap("Категория")
    replies = await user.tap("НКО")
    assert "НКО" in replies[-1].plain
    assert (await _partner(app)).category == "nonprofit"


async def test_notes_long_note_is_cut_with_a_button(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    await add_partner(user, "Детская библиотека")
    replies = await user.tap("Заметка")
    assert "До 3000 символов" in replies[-1].plain
    await user.send("Договорились о встрече в пятницу")
    clock.advance(timedelta(days=1))
    await user.tap("Заметка")
    long_text = "Очень подробный отчёт о встрече. " * 80  # 2640 characters
    replies = messages(await user.send(long_text.strip()))
    card = replies[-1]
    assert "27.11.2026 Очень подробный отчёт" in card.plain
    assert "26.11.2026 Договорились о встрече в пятницу" in card.plain
    assert "…" in card.plain
    assert len(card.text or "") <= 4096
    assert "📄 Заметка от 27.11 10:00 целиком" in card.buttons
    replies = await user.tap("Заметка от 27.11 10:00 целиком")
    assert long_text.strip() in replies[-1].plain

    replies = await user.tap("Заметка")
    replies = await user.send("x" * 3001)
    assert "от 2 до 3000" in replies[-1].plain
    async with app.sessionmaker() as session:
        assert len((await session.execute(select(PartnerNote))).scalars().all()) == 2


async def test_card_never_exceeds_telegram_limit(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/add " + "Длинное название " * 11)
    await user.tap("Бизнес")
    await user.tap("Пропустить")
    await user.send("К" * 200)
    await user.send(buttons.SKIP)
    await user.send(buttons.SKIP)
    await user.send("А" * 300)  # address
    await user.send("П" * 1000)
    await user.send("Р" * 1000)
    await user.tap("Готово")
    for i in range(10):
        await user.tap("Заметка")
        replies = messages(await user.send(f"{i} " + "&<b>" * 700))
    card = replies[-1]
    # Telegram counts the text after entity parsing: escaped "&<b>" is 4 characters, not 12
    assert len(card.plain) <= 4096
    assert well_formed(card.text or "")  # shortened before rendering: no tag or entity cut
    assert "&<b>" in card.plain  # markup typed by the user is shown literally
    assert "📄 «Предлагаем» целиком" in card.buttons


async def test_status_changes_are_dated_and_offer_advances_by_itself(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    await add_partner(user, "Завод «Прибор»", "Бизнес")
    partner = await _partner(app)
    assert partner.status == "potential"

    # EditOffer (also offered by other features): offer, then ask, one question each
    replies = await user.press(0, EditOffer(partner_id=partner.id).pack())
    assert "Что мы можем предложить" in replies[-1].plain
    replies = await user.send("Выставка моделей учащихся в проходной завода")
    assert "О чём попросим" in replies[-1].plain
    replies = messages(await user.send("Экскурсия в цех для объединения «Робототехника»"))
    assert "Предложение готово" in replies[0].plain
    assert "Статус: Предложение готово с 26.11.2026" in replies[-1].plain
    assert (await _partner(app)).status == "offer_ready"

    clock.advance(timedelta(days=3))
    replies = await user.tap("Статус")
    assert "Встреча запланирована" in " ".join(replies[-1].buttons)
    replies = await user.tap("Переговоры")  # no meeting held: the bot asks first
    assert "В базе нет проведённой встречи с записанным итогом" in replies[-1].plain
    assert (await _partner(app)).status == "offer_ready"
    replies = await user.tap("Да, поставить")
    assert "Статус: Переговоры с 29.11.2026" in replies[-1].plain
    assert "29.11.2026 статус: Переговоры" in replies[-1].plain

    async with app.sessionmaker() as session:
        changes = (
            (await session.execute(select(PartnerStatusChange).order_by(PartnerStatusChange.id)))
            .scalars()
            .all()
        )
    assert [(c.old_status, c.new_status) for c in changes] == [
        (None, "potential"),
        ("potential", "offer_ready"),
        ("offer_ready", "negotiating"),
    ]
    assert changes[-1].changed_at == clock.now()


async def test_edit_offer_can_skip_and_forged_id_is_not_found(app: App, user: LocalUser) -> None:
    await onboard(user)
    await add_partner(user, "Парк культуры")
    partner = await _partner(app)
    await user.press(0, EditOffer(partner_id=partner.id).pack())
    await user.send(buttons.SKIP)
    assert user.keyboard is not None
    assert [b.text for row in user.keyboard.keyboard for b in row] == [buttons.SKIP, buttons.CANCEL]
    replies = messages(await user.send("Площадка для праздника"))
    assert "Потенциальный" in replies[-1].plain
    assert (await _partner(app)).ask == "Площадка для праздника"
    assert (await _partner(app)).offer is None
    replies = await user.press(0, EditOffer(partner_id=partner.id + 99).pack())
    assert "Не найдено" in replies[-1].plain


async def test_archive_restore_and_delete(app: App, user: LocalUser) -> None:
    await onboard(user)
    await add_partner(user, "Спортивная школа")
    replies = await user.tap("В архив")
    assert "в архиве" in replies[0].plain
    assert (await _partner(app)).archived_at is not None
    replies = await user.send("/partners")
    assert "Спортивная школа" not in " ".join(replies[-1].buttons)
    replies = await user.tap("Архив")
    assert any("Спортивная школа" in b for b in replies[-1].buttons)
    await user.tap("Спортивная школа")
    await user.tap("Вернуть из архива")
    assert (await _partner(app)).archived_at is None

    replies = await user.tap("Удалить")
    assert "нельзя отменить" in replies[-1].plain
    await user.tap("Нет, оставить")
    assert (await _partner(app)).name == "Спортивная школа"
    await user.tap("Удалить")
    replies = await user.tap("Да, удалить")
    assert "удалён" in replies[-1].plain
    async with app.sessionmaker() as session:
        assert (await session.execute(select(Partner))).scalars().all() == []
    replies = await user.press(0, OpenPartner(id=1).pack())
    assert "Не найдено" in replies[-1].plain


async def test_responsible_member_and_programmes(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/programs")
    await user.tap("Добавить программу")
    await user.send("Юный краевед")
    await user.send("🧭 Туристско-краеведческая")  # the focus area: required
    await user.send(buttons.SKIP)
    await user.send(buttons.SKIP)
    await add_partner(user, "Краеведческий музей")

    replies = await user.tap("Изменить")
    replies = await user.tap("Ответственный")
    assert replies[-1].buttons[0] == "✅ Анна Петрова"
    replies = await user.tap("Анна Петрова")
    assert "Ответственный: Анна Петрова" in replies[-1].plain

    await user.tap("Изменить")
    replies = await user.tap("Программы")
    assert "Юный краевед" in replies[-1].buttons
    replies = await user.tap("Юный краевед")
    assert "✅ Юный краевед" in replies[-1].buttons
    replies = await user.tap("К карточке")
    assert "Программы: Юный краевед" in replies[-1].plain


async def test_responsible_can_be_a_colleague(
    app: App, make_user: Callable[..., LocalUser]
) -> None:
    anna = make_user(1, "Анна")
    await onboard(anna)
    async with app.sessionmaker() as session:
        code = (await session.execute(select(Organisation.invite_code))).scalar_one()
    oleg = make_user(2, "Олег")
    await oleg.send(f"/start inv_{code}")
    await oleg.send("Олег Смирнов")
    await oleg.send("методист")
    await oleg.tap("Согласен")

    await add_partner(anna, "Технопарк")
    await anna.tap("Изменить")
    replies = await anna.tap("Ответственный")
    assert replies[-1].buttons[:2] == ["✅ Анна Петрова", "Олег Смирнов"]
    replies = await anna.tap("Олег Смирнов")
    assert "Ответственный: Олег Смирнов" in replies[-1].plain
    # the colleague sees the same partner, with himself responsible
    replies = await oleg.send("технопарк")
    assert "Ответственный: Олег Смирнов" in replies[-1].plain


async def test_two_long_notes_of_one_day_have_distinct_buttons(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    await add_partner(user, "Детская библиотека")
    first_text = "Первый подробный отчёт о встрече. " * 40
    second_text = "Второй подробный отчёт о звонке. " * 40
    await user.tap("Заметка")
    await user.send(first_text.strip())
    clock.advance(timedelta(hours=4, minutes=5))
    await user.tap("Заметка")
    await user.send(second_text.strip())
    await user.tap("Заметка")  # a third one in the same minute: numbered
    card = messages(await user.send(second_text.strip() + " Дополнение."))[-1]
    notes = [b for b in card.buttons if b.startswith("📄 Заметка")]
    assert notes == [
        "📄 Заметка от 26.11 14:05 целиком",
        "📄 Заметка от 26.11 14:05 целиком (2)",
        "📄 Заметка от 26.11 10:00 целиком",
    ]
    replies = await user.tap("Заметка от 26.11 10:00 целиком")
    assert first_text.strip() in replies[-1].plain


async def test_a_status_by_hand_needs_its_evidence_or_a_confirmation(
    app: App, user: LocalUser
) -> None:
    """«Договор подписан» with no agreement asks first; «Нет, оставить» keeps the status."""
    await onboard(user)
    await add_partner(user, "Парк культуры")
    await user.tap("Статус")
    replies = await user.tap("Договор подписан")
    assert "В базе нет действующего договора с ним" in replies[-1].plain
    assert replies[-1].buttons == ["✅ Да, поставить", "↩️ Нет, оставить как есть"]
    await user.tap("Нет, оставить")
    assert (await _partner(app)).status == "potential"


async def test_declined_asks_why_and_keeps_the_reason_as_a_note(app: App, user: LocalUser) -> None:
    await onboard(user)
    await add_partner(user, "Парк культуры")
    await user.tap("Статус")
    replies = await user.tap("Отказ")
    assert "Почему? Напишите коротко причину" in replies[-1].plain
    replies = await user.send("Нет бюджета до весны")
    assert "Статус: Отказ" in replies[-1].plain
    assert "Отказ: Нет бюджета до весны" in replies[-1].plain  # the note, in the history
    partner = await _partner(app)
    assert partner.status == "declined"
    async with app.sessionmaker() as session:
        notes = (await session.execute(select(PartnerNote.text))).scalars().all()
    assert notes == ["Отказ: Нет бюджета до весны"]

    # a pause without a reason: one tap
    await user.tap("Статус")
    await user.tap("На паузе")
    replies = await user.tap("Без причины")
    assert "Статус: На паузе" in replies[-1].plain
    assert (await _partner(app)).status == "paused"
