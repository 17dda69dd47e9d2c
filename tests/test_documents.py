"""Documents from .docx templates: values with «ёлочки», quotes and ampersands; custom
templates checked (unknown / missing placeholders, not a .docx, broken syntax); the old
template stays when a new one is refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from docx import Document

from bot.app import App
from bot.domain import documents
from bot.local_api import LocalUser
from handlers.shared.callbacks import Draft
from tests.conftest import onboard
from tests.test_agreements_flow import files, make_partner

SIDE = documents.Side(
    org_name='МАУ ДО «ДДТ» & "Радуга" <центр>',
    municipality="г. Тюмень",
    member_name="Анна Петрова",
    member_position="педагог",
)
PARTNER = documents.PartnerSide(
    name='ООО «Рога & Копыта» "Север"',
    contact_person="Иван <Иванов>",
    address="ул. Республики, 1",
    phone="+73452000000",
    email="a&b@example.ru",
    offer="Концерт «Весна» & выставка\nЭкскурсия для сотрудников",
    ask="Мастер-класс инженеров",
    directions=("career", "equipment"),
)


def _docx(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_agreement_draft_contains_the_values() -> None:
    terms = documents.Terms(
        kind="coop",
        number="7 & 8",
        subject='Проект «Инженеры будущего» & "Профи"',
        signed_on=date(2027, 1, 15),
        valid_until=date(2028, 1, 14),
        auto_prolong=True,
        prolong_months=12,
    )
    data = documents.render(
        documents.standard_template("agr"), documents.agreement_context(SIDE, PARTNER, terms)
    )
    text = documents.document_text(data)
    for expected in (
        'МАУ ДО «ДДТ» & "Радуга" <центр>',
        'ООО «Рога & Копыта» "Север"',
        "Иван <Иванов>",
        "Эл. почта: a&b@example.ru",
        "№ 7 & 8",
        'Проект «Инженеры будущего» & "Профи"',
        "Концерт «Весна» & выставка",
        "Экскурсия для сотрудников",
        "Мастер-класс инженеров",
        "Профориентационная деятельность",
        "Развитие материально-технического оснащения",
        "с 15 января 2027 г. и действует до 14 января 2028 г. включительно",
        "продлевается на 1 год",
        "15 января 2027 г.",
    ):
        assert expected in text, expected
    assert "{{" not in text


def test_letter_is_one_page_and_filled() -> None:
    data = documents.render(
        documents.standard_template("letter"),
        documents.letter_context(SIDE, PARTNER, date(2026, 11, 26)),
    )
    text = documents.document_text(data)
    assert "Уважаемый(ая) Иван <Иванов>!" in text
    assert "Что мы можем сделать для вас" in text
    assert "Концерт «Весна» & выставка" in text
    assert "Мастер-класс инженеров" in text
    assert "Приглашаем вас в гости на одно из наших ярких событий (дату подберём вместе" in text
    assert "Давайте вместе" in text
    assert "26 ноября 2026 г." in text
    assert len(text) < 2500  # one page


def test_empty_offer_and_ask_leave_blanks() -> None:
    partner = documents.PartnerSide(name="Музей")
    context = documents.agreement_context(SIDE, partner, documents.Terms())
    text = documents.document_text(documents.render(documents.standard_template("agr"), context))
    assert "1. ________________" in text
    assert "действует в течение одного года" in text
    assert "№ ____" in text


def test_standard_templates_pass_their_own_validation() -> None:
    for kind in documents.KINDS:
        assert documents.validate_template(kind, documents.standard_template(kind)).ok
        assert documents.placeholders(documents.standard_template(kind)) == set(
            documents.FIELDS[kind]
        )


def test_custom_template_validation() -> None:
    good = _docx(
        "Договор {{ number }} между {{ org_name }} и {{ partner_name }}",
        "{{ subject }}",
        "{{ our_obligations }} / {{ partner_obligations }}",
        "{{ term }}",
    )
    assert documents.validate_template("agr", good).ok

    unknown = _docx(
        "{{ org_name }} {{ partner_name }} {{ subject }} {{ our_obligations }}",
        "{{ partner_obligations }} {{ term }} {{ director }} {{ inn }}",
    )
    check = documents.validate_template("agr", unknown)
    assert (check.ok, check.error, check.unknown) == (False, "placeholders", ["director", "inn"])

    missing = _docx("{{ org_name }} и {{ partner_name }}")
    check = documents.validate_template("agr", missing)
    assert not check.ok
    assert check.missing == ["our_obligations", "partner_obligations", "subject", "term"]

    assert documents.validate_template("agr", b"%PDF-1.4 not a docx").error == "not_docx"
    assert documents.validate_template("agr", b"PK\x03\x04broken zip").error == "not_docx"
    broken = _docx("{{ org_name ", "{% for x in %}")
    assert documents.validate_template("agr", broken).error == "syntax"
    # no escaping from the sandbox through a template
    sneaky = _docx(
        "{{ org_name.__class__.__mro__ }} {{ partner_name }} {{ subject }} {{ term }}",
        "{{ our_obligations }} {{ partner_obligations }}",
    )
    assert not documents.validate_template("agr", sneaky).ok


def test_a_broken_file_is_never_produced() -> None:
    with pytest.raises(documents.DocumentError):
        documents.render(b"not a docx", {"org_name": "x"})
    # a template whose placeholder is not filled fails instead of leaving «{{ … }}» behind
    with pytest.raises(documents.DocumentError):
        documents.render(_docx("{{ unknown_field }}"), {})


async def test_replace_template_through_the_bot(
    app: App, user: LocalUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    uploads: dict[str, bytes] = {
        "bad-1": _docx("{{ org_name }} {{ partner_name }} {{ director }}"),
        "bad-2": b"just text",
        "good-1": _docx(
            "СВОЙ ШАБЛОН {{ org_name }} и {{ partner_name }}",
            "{{ subject }} | {{ our_obligations }} | {{ partner_obligations }} | {{ term }}",
        ),
    }

    async def fake_fetch(bot: object, file_id: str) -> bytes:
        return uploads[file_id]

    monkeypatch.setattr("handlers.agreements.templates.fetch_file", fake_fetch)
    await onboard(user)
    partner_id = await make_partner(app)
    await user.send("/agreements")
    replies = await user.tap("Шаблоны документов")
    assert "Договор: стандартный" in replies[-1].plain
    replies = await user.tap("Заменить своим: Договор")
    assert "partner_name" in replies[-1].plain

    replies = await user.send("просто текст")
    assert "файлом .docx" in replies[-1].plain
    replies = await user.send_document("bad-1", "шаблон.docx")
    text = replies[-1].plain
    assert "Неизвестные поля: director" in text
    assert "Не хватает полей: our_obligations, partner_obligations, subject, term" in text
    assert "Остаётся прежний шаблон" in text
    replies = await user.send_document("bad-2", "шаблон.docx")
    assert "Это не файл Word .docx" in replies[-1].plain

    # the standard template is still used
    [doc] = files(await user.press(1, Draft(kind="agr", partner_id=partner_id).pack()))
    assert doc.file_data is not None
    assert "СВОЙ ШАБЛОН" not in documents.document_text(doc.file_data)

    replies = await user.send_document("good-1", "шаблон.docx")
    assert "заменён" in replies[-1].plain
    [doc] = files(await user.press(1, Draft(kind="agr", partner_id=partner_id).pack()))
    assert doc.file_data is not None
    text = documents.document_text(doc.file_data)
    assert "СВОЙ ШАБЛОН МАУ ДО «Дом детского творчества»" in text
    assert "Площадка для занятий клуба «Книгочей»" in text

    # download it back, then return to the standard one
    await user.send("/agreements")
    await user.tap("Шаблоны документов")
    [current] = files(await user.tap("Скачать: Договор"))
    assert current.file_data == uploads["good-1"]
    replies = await user.tap("Вернуть стандартный")
    assert "снова стандартный" in replies[-1].plain
    [doc] = files(await user.press(1, Draft(kind="agr", partner_id=partner_id).pack()))
    assert doc.file_data is not None
    assert "СВОЙ ШАБЛОН" not in documents.document_text(doc.file_data)


def test_same_text_as_docxtpl_itself() -> None:
    """The prepared-template fast path gives what docxtpl's own render gives."""
    from docxtpl import DocxTemplate

    context = documents.agreement_context(SIDE, PARTNER, documents.Terms(number="1"))
    ours = documents.document_text(documents.render(documents.standard_template("agr"), context))
    doc = DocxTemplate(io.BytesIO(documents.standard_template("agr")))
    doc.render(context, jinja_env=documents._env(), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    assert documents.document_text(out.getvalue()) == ours
    with zipfile.ZipFile(
        io.BytesIO(documents.render(documents.standard_template("agr"), context))
    ) as z:
        assert z.testzip() is None
        assert sorted(z.namelist()) == sorted(
            zipfile.ZipFile(io.BytesIO(documents.standard_template("agr"))).namelist()
        )


def _text(kind: str, context: dict[str, str]) -> str:
    """The rendered document, opened with python-docx: paragraphs and table cells."""
    data = documents.render(documents.standard_template(kind), context)
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


RESPONSIBLE = documents.Side(
    org_name="МАУ ДО «Дом детского творчества»",
    municipality="г. Тюмень",
    member_name="Анна Петрова",
    member_position="педагог",
    representative_name="Сидорова Ольга Петровна",
    representative_position="директор",
)
FACTORY = documents.PartnerSide(
    name="ООО «Тюменский завод»",
    contact_person="Петрова Мария Ивановна",
    phone="+79123456789;ext=12",
    offer="помощь в проведении недели книги\n- Концерт к Дню библиотек;",
    ask="Экскурсия для учащихся; наставник для проекта.",
)


def test_agreement_wording_needs_no_declension() -> None:
    text = _text("agr", documents.agreement_context(RESPONSIBLE, FACTORY, documents.Terms()))
    # the representatives in the nominative after a dash, never «в лице Сидорова Ольга»
    assert (
        "МАУ ДО «Дом детского творчества» (далее — «Организация») в лице представителя — "
        "Сидорова Ольга Петровна (директор), с одной стороны, и ООО «Тюменский завод» "
        "(далее — «Партнёр») в лице представителя — Петрова Мария Ивановна, с другой стороны"
    ) in text
    assert "в лице Сидорова" not in text and "в лице Петрова" not in text
    # our side is filled (the signature line too), the phone is shown readable
    assert "____________ / Сидорова Ольга Петровна" in text
    assert "____________ / Петрова Мария Ивановна" in text
    assert "Телефон: +7 (912) 345-67-89 доб. 12" in text
    assert "+79123456789" not in text
    # obligations as natural numbered items, not bare phrases after «обязуется:»
    assert (
        "3.1. Организация предоставляет Партнёру:\n"
        "1. Помощь в проведении недели книги.\n"
        "2. Концерт к Дню библиотек.\n"
        "3.2. Партнёр предоставляет Организации:\n"
        "1. Экскурсия для учащихся.\n"
        "2. Наставник для проекта.\n"
    ) in text
    assert "обязуется:" not in text
    assert "1.1. Совместная деятельность Сторон" in text and "учёта интересов.\n" in text


def test_agreement_without_a_representative_leaves_a_blank_for_name_and_position() -> None:
    side = documents.Side("Школа № 1", "г. Тюмень", "", "")
    text = _text(
        "agr",
        documents.agreement_context(side, documents.PartnerSide(name="Музей"), documents.Terms()),
    )
    assert (
        text.count("в лице представителя — ________________________________ (ФИО, должность)") == 2
    )


@pytest.mark.parametrize(
    ("contact", "expected"),
    [
        ("Петрова Мария Ивановна", "Уважаемая Мария Ивановна!"),
        ("Мария Ивановна Петрова", "Уважаемая Мария Ивановна!"),
        ("Сидоров Иван Петрович", "Уважаемый Иван Петрович!"),
        ("Бабич Иван Сергеевич", "Уважаемый Иван Сергеевич!"),
        ("Кузнецова Анна Ильинична", "Уважаемая Анна Ильинична!"),
        ("Смирнов Фома Кузьмич", "Уважаемый Фома Кузьмич!"),
        ("ПЕТРОВА МАРИЯ ИВАНОВНА", "Уважаемая Мария Ивановна!"),
        ("Петрова Мария Ивановна, директор", "Уважаемая Мария Ивановна!"),
        ("Ольга Смирнова", "Уважаемый(ая) Ольга Смирнова!"),
        ("Иван Бабич", "Уважаемый(ая) Иван Бабич!"),
        ("Смирнова О. П.", "Уважаемый(ая) Смирнова О. П.!"),
        ("Мария", "Уважаемый(ая) Мария!"),
        (None, "Уважаемые коллеги!"),
    ],
)
def test_letter_salutation(contact: str | None, expected: str) -> None:
    partner = documents.PartnerSide(name="Музей", contact_person=contact)
    text = _text("letter", documents.letter_context(SIDE, partner, date(2026, 11, 26)))
    assert f"\n{expected}\n" in text


def test_letter_invites_to_an_event_and_proposes_a_joint_deed() -> None:
    event = documents.event_text("Новогодний концерт", date(2026, 12, 25))
    text = _text(
        "letter", documents.letter_context(RESPONSIBLE, FACTORY, date(2026, 11, 26), event)
    )
    assert (
        "Приглашаем вас в гости на одно из наших ярких событий — «Новогодний концерт» "
        "(25 декабря 2026 г.). Вы увидите наших ребят и педагогов в деле"
    ) in text
    assert "Давайте вместе проведём событие или организуем реальное дело" in text
    assert "к нам в гости:" not in text and "дату и формат согласуем" not in text
    assert "Что мы можем сделать для вас:\n1. Помощь в проведении недели книги." in text
    # a title with its own quotes is not quoted twice
    assert documents.event_text("Фестиваль «Радуга»", date(2026, 12, 20)) == (
        "одно из наших ярких событий — Фестиваль «Радуга» (20 декабря 2026 г.)"
    )


def test_items_text() -> None:
    assert documents.items_text("1) выставка;\n2. концерт\n\n— площадка!") == (
        "1. Выставка.\n2. Концерт.\n3. Площадка!"
    )
    assert documents.items_text("  ") == documents.items_text(None)
    assert documents.items_text(" - ;") == documents.items_text(None)


async def test_the_draft_is_signed_by_the_responsible_member(app: App, user: LocalUser) -> None:
    await onboard(user)
    partner_id = await make_partner(app, contact="Смирнова Ольга Петровна")
    async with app.sessionmaker() as session:
        from storage.models import Partner

        partner = await session.get(Partner, partner_id)
        assert partner is not None
        partner.phone = "+79123456789;ext=12"
        await session.commit()
    [doc] = files(await user.press(1, Draft(kind="agr", partner_id=partner_id).pack()))
    assert doc.file_data is not None
    text = documents.document_text(doc.file_data)
    assert (
        "в лице представителя — Анна Петрова (педагог дополнительного образования), с одной "
        "стороны" in text
    )
    assert "в лице представителя — Смирнова Ольга Петровна, с другой стороны" in text
    assert "____________ / Анна Петрова" in text
    assert "Телефон: +7 (912) 345-67-89 доб. 12" in text
    [letter] = files(await user.press(1, Draft(kind="letter", partner_id=partner_id).pack()))
    assert letter.file_data is not None
    assert "\nУважаемая Ольга Петровна!\n" in documents.document_text(letter.file_data)
