"""The agreement and the proposal letter for a museum, as a teacher makes them: our details
filled once, the museum's from its card, the obligations confirmed (a raw note never goes
in), the file read back with python-docx — A4, «в лице директора …» in the right case, the
salutation, both parties' requisites and signatures, the teacher's contacts. What is missing
is listed before a file is made; a second draft does not ask again; forged ids."""

from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document

from bot.app import App
from bot.local_api import LocalUser, Sent
from handlers.agreements.callbacks import (
    DocKind,
    Make,
    MakeAct,
    NewDraft,
    NewDraftAct,
    ObAct,
    ObCb,
)
from handlers.shared.callbacks import Draft, OpenPartner
from storage.models import Agreement, MemberContact, OutgoingLetter
from tests.conftest import onboard
from tests.test_agreements_flow import agreements, files, make_partner
from tests.test_requisites_flow import fill_ours

MUSEUM = "Тюменское музейно-просветительское объединение"
MUSEUM_DETAILS = [
    (
        "Государственное автономное учреждение культуры Тюменской области «Тюменское "
        "музейно-просветительское объединение»"
    ),
    "ГАУК ТО «ТМПО»",
    "государственное автономное учреждение",
    "генеральный директор",
    "Сидорова Анна Петровна",
    "доверенность № 5 от 01.12.2026",
    "625003, г. Тюмень, ул. Ленина, д. 2",
    None,  # postal: the same
    "7203012340",
    "720301001",
    "1027200000002",
    "+7 (3452) 45-12-34",
    "info@tmpo.example.ru",
    None,  # site
]


def text_of(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def is_a4(data: bytes) -> bool:
    section = Document(io.BytesIO(data)).sections[0]
    assert section.page_width is not None and section.page_height is not None
    return (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


async def museum(app: App, **kwargs: object) -> int:
    values: dict[str, object] = {
        "name": MUSEUM,
        "offer": "Выставка работ учащихся в фойе\nконцерт ко Дню музеев\nможет спонсорство?",
        "ask": "Экскурсии по экспозиции для наших учащихся",
        "contact": "Сидорова Анна Петровна",
    }
    return await make_partner(app, **(values | kwargs))  # type: ignore[arg-type]


async def fill_museum(user: LocalUser, pid: int) -> None:
    """The museum's card → «Реквизиты» → «Заполнить по порядку», every question answered."""
    await user.press(1, OpenPartner(id=pid).pack())
    await user.tap("🏛 Реквизиты")
    await user.tap("Заполнить по порядку")
    for index, value in enumerate(MUSEUM_DETAILS):
        if value is not None:
            replies = await user.send(value)
        elif index == 7:  # the postal address
            replies = await user.tap("Совпадает с юридическим")
        else:
            replies = await user.tap("Пропустить")
    assert "✅ Сохранено." in replies[-1].plain


async def confirm(user: LocalUser) -> list[Sent]:
    """Through the obligations: drop the money note (3), edit the concert (2), all right."""
    replies = await user.tap("🗑 3")
    assert replies[-1].method == "editMessageText"
    await user.tap("✏️ 2")
    await user.send("провести концерт ко Дню музеев в актовом зале")
    return await user.tap("Всё верно")


async def test_the_agreement_and_the_letter_for_a_museum(app: App, user: LocalUser) -> None:
    await onboard(user)
    await fill_ours(user)
    pid = await museum(app)
    await fill_museum(user, pid)

    # the first draft: which agreement, then the obligations to confirm
    await user.press(1, OpenPartner(id=pid).pack())
    replies = await user.tap("Проект договора")
    assert "Какой договор готовим" in replies[-1].plain
    replies = await user.tap("О сотрудничестве")
    review = replies[-1].plain
    assert "В договор войдёт только то, что вы подтвердите" in review
    assert "Организация обязуется:" in review and "Партнёр обязуется:" in review
    assert "1. ▫️ Провести выставку работ учащихся в фойе" in review
    assert "из заметки: «Выставка работ учащихся в фойе»" in review
    assert "2. ▫️ Провести концерт ко Дню музеев" in review
    assert "3. ⚠️ Предоставить спонсорство" in review
    assert "Речь о деньгах" in review
    assert "4. ▫️ Провести экскурсии по экспозиции для наших учащихся" in review
    assert replies[-1].buttons[:3] == ["✅ 1", "✏️ 1", "🗑 1"]
    assert replies[-1].buttons[-1] == "✅ Всё верно"

    # the note with money cannot go in unseen
    replies = await user.tap("Всё верно")
    assert replies[0].show_alert
    assert "Сначала решите, что делать с обязательством 3" in (replies[0].text or "")
    assert not [a.our_obligations for a in await agreements(app) if a.our_obligations]

    replies = await user.tap("🗑 3")
    assert "🗑 Предоставить спонсорство" in replies[-1].plain
    assert "↩️ Вернуть 3" in replies[-1].buttons
    replies = await user.tap("✏️ 2")
    assert "Обязательство 2 — Организация" in replies[-1].plain
    assert "Сейчас: Провести концерт ко Дню музеев" in replies[-1].plain
    replies = await user.send("ок")
    assert "Слишком коротко" in replies[-1].plain
    replies = await user.send("провести концерт ко Дню музеев в актовом зале")
    assert "2. ✏️ Провести концерт ко Дню музеев в актовом зале" in replies[-1].plain
    replies = await user.tap("Всё верно")
    [doc] = files(replies)
    assert doc.file_name == f"Договор_{MUSEUM.replace(' ', '_').replace('-', '_')}.docx"
    assert "Проект договора с «Тюменское" in (doc.text or "")
    assert doc.buttons == ["✍️ Договор подписан — внести", "✏️ Изменить обязательства"]
    assert doc.file_data is not None
    assert is_a4(doc.file_data)
    text = text_of(doc.file_data)
    assert (
        "Муниципальное автономное учреждение дополнительного образования «Дом детского "
        "творчества» г. Тюмени (далее — «Организация»), в лице директора Ивановой Марии "
        "Петровны, действующей на основании Устава, с одной стороны, и Государственное "
        "автономное учреждение культуры Тюменской области «Тюменское "
        "музейно-просветительское объединение» (далее — «Партнёр»), в лице генерального "
        "директора Сидоровой Анны Петровны, действующей на основании доверенности № 5 от "
        "01.12.2026, с другой стороны"
    ) in text
    assert "г. Тюмень" in text
    assert "2.1.1. провести выставку работ учащихся в фойе;" in text
    assert "2.1.2. провести концерт ко Дню музеев в актовом зале." in text
    assert "2.2.1. провести экскурсии по экспозиции для наших учащихся." in text
    # the raw notes never go in
    for raw in ("Выставка работ учащихся в фойе", "спонсор", "может спонсорство", "?"):
        assert raw not in text, raw
    # both parties' requisites and signature blocks
    for line in (
        "ИНН/КПП: 7707083893/773601001",
        "ОГРН: 1027700132195",
        "Адрес: 625000, г. Тюмень, ул. Республики, д. 1",
        "Тел.: +7 (3452) 63-81-24",
        "ИНН/КПП: 7203012340/720301001",
        "ОГРН: 1027200000002",
        "Эл. почта: info@tmpo.example.ru",
        "Директор",
        "____________ / М. П. Иванова",
        "Генеральный директор",
        "____________ / А. П. Сидорова",
    ):
        assert line in text, line
    assert "____________________ (" not in text  # no blank left
    [draft] = await agreements(app)
    assert draft.status == "draft"
    assert draft.our_obligations == [
        "Провести выставку работ учащихся в фойе",
        "Провести концерт ко Дню музеев в актовом зале",
    ]
    assert draft.partner_obligations == ["Провести экскурсии по экспозиции для наших учащихся"]

    # a second draft does not ask again
    await user.press(1, OpenPartner(id=pid).pack())
    replies = await user.tap("Проект договора")
    [again] = files(replies)
    assert again.file_data is not None
    assert "провести концерт ко Дню музеев в актовом зале" in text_of(again.file_data)
    # … and the caption offers to review them: the stored ones come back as kept
    replies = await user.press(
        again.message_id or 0,
        Make(action=MakeAct.OBLIGATIONS, k=DocKind.AGREEMENT, pid=pid, aid=draft.id).pack(),
    )
    assert "1. ✅ Провести выставку работ учащихся в фойе" in replies[-1].plain
    assert "из заметки" not in replies[-1].plain
    await user.send("/cancel")

    # the letter: the teacher's contacts asked once, then the file
    await user.press(1, OpenPartner(id=pid).pack())
    replies = await user.tap("Письмо-предложение")
    assert "Ваш телефон для партнёра" in replies[-1].plain
    replies = await user.send("не знаю")
    assert "Не похоже на номер телефона" in replies[-1].plain
    await user.send("8 912 345 67 89")
    replies = await user.send("petrova@example.ru")
    assert "Контакты для писем: +7 (912) 345-67-89, petrova@example.ru" in replies[-2].plain
    [letter] = files(replies)
    caption = letter.text or ""
    assert "Письмо-предложение № 1 от 26.11.2026" in caption
    assert "Не вошло в письмо" in caption and "«может спонсорство?»" in caption
    assert letter.buttons == ["✏️ Мои контакты в письмах"]
    assert letter.file_data is not None and is_a4(letter.file_data)
    text = text_of(letter.file_data)
    for line in (
        "Генеральному директору ГАУК ТО «ТМПО»",
        "Сидоровой А. П.",
        "Уважаемая Анна Петровна!",
        "26.11.2026 № 1",
        "ИНН/КПП: 7707083893/773601001",
        "— выставка работ учащихся в фойе;",
        "— концерт ко Дню музеев.",
        "— экскурсии по экспозиции для наших учащихся.",
        "Давайте вместе проведём событие или организуем реальное дело",
        "Директор",
        "М. П. Иванова",
        "Контактное лицо: Петрова Анна, педагог дополнительного образования",
        "тел. +7 (912) 345-67-89, эл. почта petrova@example.ru",
    ):
        assert line in text, line
    assert "спонсор" not in text
    async with app.sessionmaker() as session:
        contact = await session.get(MemberContact, 1)
        assert contact is not None
        assert (contact.phone, contact.email) == ("+79123456789", "petrova@example.ru")

    # the same letter again today keeps its number; the contacts are not asked again
    await user.press(1, OpenPartner(id=pid).pack())
    [same] = files(await user.tap("Письмо-предложение"))
    assert "№ 1 от 26.11.2026" in (same.text or "")
    other = await museum(app, name="Областная библиотека", contact="Женя Ким")
    replies = await user.press(1, Draft(kind="letter", partner_id=other).pack())
    # the contact person's name does not tell the gender: asked once
    assert "Женя Ким — мужчина или женщина?" in replies[-1].plain
    replies = await user.tap("Женщина")
    assert "Письмо для «Областная библиотека»: чего не хватает" in replies[-1].plain
    assert "Адресат: Должность руководителя" in replies[-1].plain
    [second] = files(await user.tap("Сформировать сейчас"))
    assert "№ 2 от 26.11.2026" in (second.text or "")
    assert second.file_data is not None
    text = text_of(second.file_data)
    assert "Уважаемая Женя!" in text
    assert "Ким Е." not in text and "Ким Ж." in text  # the addressee line: «… Ким Ж.»
    async with app.sessionmaker() as session:
        rows = (await session.execute(OutgoingLetter.__table__.select())).all()
        assert sorted(r.seq for r in rows) == [1, 2]


async def test_what_is_missing_is_listed_before_the_file(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await museum(app, offer="Выставка работ учащихся", ask="Экскурсия")
    replies = await user.press(1, Draft(kind="agr", partner_id=pid).pack())
    await user.tap("О сотрудничестве")
    replies = await user.tap("Всё верно")
    listing = replies[-1].plain
    assert f"Договор для «{MUSEUM}»: чего не хватает" in listing
    for item in (
        "Организация: Должность руководителя",
        "Организация: ФИО руководителя",
        "Организация: Юридический адрес",
        "Организация: ИНН",
        "Партнёр: ИНН",
        "Партнёр: ОГРН (ОГРНИП)",
    ):
        assert f"• {item}" in listing, item
    assert "Организация: Полное наименование" not in listing  # the registered name stands in
    assert replies[-1].buttons == [
        "📄 Сформировать сейчас",
        "🏢 Наши реквизиты",
        "🏛 Реквизиты партнёра",
    ]
    assert files(replies) == []

    # the way to our requisites and back to the document
    replies = await user.tap("Наши реквизиты")
    assert "🏢 Реквизиты организации" in replies[-1].plain
    assert "📄 Вернуться к документу" in replies[-1].buttons
    await user.tap("Руководитель")
    await user.send("директор")
    await user.send("Иванова Мария Петровна")
    replies = await user.tap("Пропустить")
    assert "📄 Вернуться к документу" in replies[-1].buttons
    replies = await user.tap("Вернуться к документу")
    listing = replies[-1].plain
    assert "Организация: ФИО руководителя" not in listing
    assert "Организация: ИНН" in listing

    [doc] = files(await user.tap("Сформировать сейчас"))
    assert doc.file_data is not None
    text = text_of(doc.file_data)
    assert "в лице директора Ивановой Марии Петровны, действующей на основании Устава" in text
    assert "ИНН/КПП: __________/__________" in text
    assert "Пустые строки впишите от руки" in (doc.text or "")
    # the requisites screen opened from the settings offers no way back
    replies = await user.send("/settings")
    replies = await user.tap("Реквизиты")
    assert "📄 Вернуться к документу" not in replies[-1].buttons


async def test_forged_document_buttons(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    pid = await museum(app)
    await user.press(1, Draft(kind="agr", partner_id=pid).pack())
    await user.tap("О сотрудничестве")
    [draft] = await agreements(app)
    stranger = make_user(user_id=2, first_name="Олег", last_name=None)
    await onboard(stranger, org_name="Другая школа", full_name="Олег Сидоров")
    for data in (
        NewDraft(action=NewDraftAct.COOPERATION, pid=pid),
        Make(action=MakeAct.GO, k=DocKind.AGREEMENT, pid=pid, aid=draft.id),
        Make(action=MakeAct.AGAIN, k=DocKind.LETTER, pid=pid),
        Make(action=MakeAct.THEIRS, k=DocKind.LETTER, pid=pid),
        Make(action=MakeAct.OBLIGATIONS, k=DocKind.AGREEMENT, pid=pid, aid=draft.id),
        Make(action=MakeAct.GO, k=DocKind.AGREEMENT, pid=pid, aid=2**70),
    ):
        replies = await stranger.press(1, data.pack())
        assert [r.method for r in replies] == ["answerCallbackQuery"], data
        assert "Не найдено" in (replies[0].text or "")
    # an agreement of another partner with this partner's id: not found either
    other = await museum(app, name="Библиотека")
    replies = await user.press(
        1, Make(action=MakeAct.GO, k=DocKind.AGREEMENT, pid=other, aid=draft.id).pack()
    )
    assert "Не найдено" in (replies[0].text or "")
    # the review's buttons of another agreement, or an item that does not exist: stale
    for data in (
        ObCb(action=ObAct.DONE, aid=draft.id + 1),
        ObCb(action=ObAct.DROP, aid=draft.id, i=99),
    ):
        replies = await user.press(1, data.pack())
        assert replies[0].text == "Эта кнопка устарела. Откройте нужный раздел заново из меню."
    async with app.sessionmaker() as session:
        row = await session.get(Agreement, draft.id)
        assert row is not None and row.our_obligations is None


async def test_the_caption_fits_whatever_is_stored(app: App, user: LocalUser) -> None:
    """The longest name, many notes left out, a refused template: under 1024 characters."""
    await onboard(user)
    notes = "\n".join(f"может спонсорство {'очень ' * 40}{i}?" for i in range(6))
    pid = await museum(app, name="Музей " + "я" * 194, offer=notes, contact=None)
    async with app.sessionmaker() as session:
        from storage.models import DocumentTemplate

        document = Document()
        document.add_paragraph("{{ org_name | upper }} {{ partner_name }} {{ our_offer }}")
        document.add_paragraph("{{ our_ask }} " + "{{ 'x' * 9 }}" * 50)
        out = io.BytesIO()
        document.save(out)
        session.add(DocumentTemplate(organisation_id=1, kind="letter", content=out.getvalue()))
        await session.commit()
    replies = await user.press(1, Draft(kind="letter", partner_id=pid).pack())
    await user.tap("Пропустить")
    await user.tap("Пропустить")
    [letter] = files(await user.tap("Сформировать сейчас"))
    caption = letter.text or ""
    assert "⚠️ Шаблон организации не подошёл" in caption
    assert "и ещё 3" in caption
    assert len(caption) <= 1024
    assert replies


async def test_a_long_list_of_obligations_fits_one_message(app: App, user: LocalUser) -> None:
    await onboard(user)
    offer = "\n".join(f"выставка {'работ учащихся ' * 20}{i}" for i in range(12))
    ask = "\n".join(f"экскурсия {'по экспозиции ' * 20}{i}" for i in range(12))
    pid = await museum(app, offer=offer, ask=ask)
    await user.press(1, Draft(kind="agr", partner_id=pid).pack())
    replies = await user.tap("О сотрудничестве")
    review = replies[-1]
    assert len(review.plain) <= 4096
    assert "15. ▫️" in review.plain and "16." not in review.plain  # at most 15 obligations
    assert len(review.buttons) == 15 * 3 + 3
    replies = await user.tap("➕ Наше")
    assert replies[0].text == (
        "В договоре уже 15 обязательств — больше не добавить. Уберите лишние или объедините их."
    )
