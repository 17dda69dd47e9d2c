"""The generated documents read back with python-docx: the A4 page and margins of ГОСТ Р
7.0.97-2016, the declined names, the capitalised «Вы», blanks where details are missing,
no raw notes; the stage III documents; draft obligations; custom templates' placeholders."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from functools import cache

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from lxml import etree

from bot.domain.paperwork import agreement as ag
from bot.domain.paperwork import letter as lt
from bot.domain.paperwork import placeholders as ph
from bot.domain.paperwork import samples, stage3
from bot.domain.paperwork.obligations import (
    OURS,
    PARTNER,
    REVIEW_HEDGE,
    REVIEW_MONEY,
    draft,
    suggest_obligations,
)
from bot.domain.requisites import Requisites
from bot.domain.russian import Gender
from bot.domain.template_safety import check_template, inspect_docx, render_safe
from texts import paperwork as words

OURS_DETAILS = Requisites(
    full_name=(
        "Муниципальное автономное учреждение дополнительного образования "
        "«Дом детского творчества» г. Тюмени"
    ),
    short_name="МАУ ДО ДДТ",
    director_name="Иванова Мария Петровна",
    director_position="директор",
    legal_address="625000, г. Тюмень, ул. Республики, д. 1",
    inn="7707083893",
    kpp="773601001",
    ogrn="1027700132195",
    phone="+73452638124",
    email="ddt@example.ru",
)
MUSEUM = Requisites(
    full_name=(
        "Государственное автономное учреждение культуры Тюменской области "
        "«Тюменское музейно-просветительское объединение»"
    ),
    short_name="ГАУК ТО «Тюменское музейно-просветительское объединение»",
    director_name="Сидорова Анна Петровна",
    director_position="генеральный директор",
    director_basis="доверенность № 5 от 01.12.2026",
    legal_address="625000, г. Тюмень, ул. Ленина, д. 2",
)
NOTES_OFFER = "выставка работ учащихся в фойе\nпроведём концерт ко Дню города"
NOTES_ASK = "помещение для занятий\nможет спонсорство\nоплата автобуса?"


def _confirmed(side: str) -> tuple[str, ...]:
    """What a teacher confirms: the plain drafts; the ones marked for review left out."""
    return tuple(o.text for o in suggest_obligations(NOTES_OFFER, NOTES_ASK)
                 if o.side == side and not o.review)  # fmt: skip


AGREEMENT = ag.Agreement(
    ours=OURS_DETAILS,
    partner=MUSEUM,
    our_obligations=_confirmed(OURS),
    partner_obligations=_confirmed(PARTNER),
    number="12/2027",
    signed_on=date(2027, 1, 15),
    place="г. тюмень",
    directions=("events", "career"),
    valid_until=date(2028, 1, 14),
    prolong_months=12,
)


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def _cells(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


def _text(data: bytes) -> str:
    return "\n".join(_paragraphs(data) + _cells(data))


@cache
def _all_documents() -> dict[str, bytes]:
    letter = lt.Letter(ours=OURS_DETAILS, partner=MUSEUM, day=date(2027, 1, 10))
    rows = stage3.plan_rows([], [], date(2026, 9, 1), date(2027, 5, 31))
    return {
        "agreement": ag.build(AGREEMENT),
        "network": ag.build(ag.Agreement(ours=OURS_DETAILS, partner=MUSEUM, kind="network")),
        "letter": lt.build(letter),
        "regulation": stage3.regulation(OURS_DETAILS),
        "instruction": stage3.job_instruction(OURS_DETAILS),
        "plan": stage3.plan(OURS_DETAILS, "2026/2027 учебный год", rows),
        "evaluation": stage3.evaluation(OURS_DETAILS, "2026/2027 учебный год", []),
    }


# --------------------------------------------------------------------------- the page


@pytest.mark.parametrize("name", list(_all_documents()))
def test_every_document_is_a4_with_the_margins_and_font_of_the_standard(name: str) -> None:
    data = _all_documents()[name]
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    size = {round(section.page_width.mm), round(section.page_height.mm)}
    assert size == {210, 297}
    landscape = name in ("plan", "evaluation")
    assert (section.orientation == WD_ORIENT.LANDSCAPE) is landscape
    assert round(section.page_width.mm) == (297 if landscape else 210)
    margins = (section.left_margin, section.right_margin, section.top_margin,
               section.bottom_margin)  # fmt: skip
    assert [round(m.mm, 1) for m in margins] == [20, 10, 20, 20]  # stored in twips
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    # page numbers from the second page on
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header.paragraphs[0]._p.xml
    # tables at 12 pt
    for table in doc.tables:
        for run in (r for row in table.rows for c in row.cells for p in c.paragraphs
                    for r in p.runs):  # fmt: skip
            assert run.font.size == Pt(12)


@pytest.mark.parametrize("name", list(_all_documents()))
def test_every_document_is_a_sound_package(name: str) -> None:
    data = _all_documents()[name]
    assert inspect_docx(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for part in archive.namelist():
            if part.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(part))  # well-formed
    text = _text(data)
    assert "{{" not in text and "{%" not in text
    assert "None" not in text


# --------------------------------------------------------------------------- agreement


def test_agreement_parties_act_through_declined_names() -> None:
    text = _text(ag.build(AGREEMENT))
    assert (
        "(далее — «Организация»), в лице директора Ивановой Марии Петровны, действующей на "
        "основании Устава, с одной стороны, и Государственное автономное учреждение культуры"
    ) in text
    assert (
        "(далее — «Партнёр»), в лице генерального директора Сидоровой Анны Петровны, "
        "действующей на основании доверенности № 5 от 01.12.2026, с другой стороны"
    ) in text


def test_a_man_acts_and_an_unknown_gender_agrees_with_the_position() -> None:
    man = Requisites(director_name="Петров Иван Сергеевич", director_position="директор")
    unknown = Requisites(director_name="Черных Саша", director_position="директор")
    text = _text(ag.build(ag.Agreement(ours=man, partner=unknown)))
    assert "в лице директора Петрова Ивана Сергеевича, действующего на основании Устава" in text
    assert "в лице директора Черных Саши, действующего на основании Устава" in text
    text = _text(ag.build(ag.Agreement(ours=man, partner=unknown, partner_gender=Gender.FEMALE)))
    assert "в лице директора Черных Саши, действующей на основании Устава" in text


def test_agreement_number_date_place_and_term() -> None:
    data = ag.build(AGREEMENT)
    paragraphs = _paragraphs(data)
    assert paragraphs[:2] == ["ДОГОВОР № 12/2027", "о сотрудничестве (социальном партнёрстве)"]
    assert _cells(data)[:2] == ["г. Тюмень", "«15» января 2027 г."]
    text = _text(data)
    assert "Договор вступает в силу с 15 января 2027 г. и действует до 14 января 2028 г." in text
    assert "договор продлевается на 1 год на тех же условиях" in text


def test_agreement_states_the_method_principles() -> None:
    text = _text(ag.build(AGREEMENT))
    principles = (
        "равенства сторон", "добровольности", "приоритетности диалога",
        "обязательности исполнения договорённостей", "разделения ответственности",
        "взаимодополняемость", "принцип границ", "обмен продуктами деятельности",
    )  # fmt: skip
    for principle in principles:
        assert principle in text
    assert "— привлечение представителей партнёров к мероприятиям, наставничество;" in text
    assert "— профориентационная деятельность." in text


def test_confirmed_obligations_go_in_and_raw_notes_never_do() -> None:
    paragraphs = _paragraphs(ag.build(AGREEMENT))
    start = paragraphs.index("2. ОБЯЗАННОСТИ СТОРОН")
    assert paragraphs[start + 1 : start + 7] == [
        "2.1. Организация обязуется:",
        "2.1.1. провести выставку работ учащихся в фойе;",
        "2.1.2. провести концерт ко Дню города.",
        "2.2. Партнёр обязуется:",
        "2.2.1. предоставить помещение для занятий.",
        "2.3. " + words.JOINT_UNDERTAKE,
    ]
    text = _text(ag.build(AGREEMENT)).lower()
    for note in ("может спонсорство", "спонсор", "оплата автобуса", "проведём", "?"):
        assert note not in text, note


def test_unconfirmed_obligations_leave_numbered_blank_lines() -> None:
    paragraphs = _paragraphs(ag.build(ag.Agreement(ours=OURS_DETAILS, partner=MUSEUM)))
    assert f"2.1.1. {words.OBLIGATION_BLANK};" in paragraphs
    assert f"2.2.2. {words.OBLIGATION_BLANK}." in paragraphs


def test_requisites_and_signatures_of_both_parties() -> None:
    cells = _cells(ag.build(AGREEMENT))
    ours, partner = cells[-2], cells[-1]
    assert ours.split("\n") == [
        "Организация",
        OURS_DETAILS.full_name,
        "Адрес: 625000, г. Тюмень, ул. Республики, д. 1",
        "ИНН/КПП: 7707083893/773601001",
        "ОГРН: 1027700132195",
        "Тел.: +7 (3452) 63-81-24",
        "Эл. почта: ddt@example.ru",
        "",
        "Директор",
        "____________ / М. П. Иванова",
        "М.П.",
    ]
    # a partner without codes: clearly marked blank lines, listed before generating
    assert "ИНН/КПП: __________/__________" in partner
    assert "Генеральный директор\n____________ / А. П. Сидорова\nМ.П." in partner
    assert ag.missing(AGREEMENT) == [
        "Партнёр: ИНН", "Партнёр: КПП", "Партнёр: ОГРН (ОГРНИП)", "Партнёр: Телефон",
        "Партнёр: Электронная почта",
    ]  # fmt: skip


def test_missing_names_become_marked_blanks() -> None:
    text = _text(ag.build(ag.Agreement(ours=Requisites(), partner=Requisites())))
    assert "____________________ (наименование организации) (далее — «Организация»)" in text
    assert (
        "в лице ____________________ (должность руководителя) ____________________ "
        "(ФИО руководителя), действующего на основании Устава"
    ) in text
    assert "____________________ (населённый пункт)" in text
    assert "«___» ____________ 20__ г." in text


def test_network_agreement_has_the_clauses_of_a_network_form() -> None:
    network = ag.NetworkTerms(
        programme="Юный инженер",
        focus="техническая",
        volume="72 академических часа",
        our_parts=("Модуль 1. Основы конструирования",),
        partner_parts=("Модуль 2. Экскурсионный практикум",),
        our_resources=("кабинет робототехники",),
        partner_resources=("экспозиционный зал", "экскурсоводы"),
    )
    data = ag.build(ag.Agreement(ours=OURS_DETAILS, partner=MUSEUM, kind="network",
                                 network=network))  # fmt: skip
    paragraphs = _paragraphs(data)
    assert paragraphs[1] == (
        "о сетевой форме реализации дополнительной общеобразовательной программы"
    )
    text = "\n".join(paragraphs)
    assert "(далее — «Базовая организация»)" in text
    assert "(далее — «Организация-участник»)" in text
    assert (
        "реализация Сторонами в сетевой форме дополнительной общеобразовательной программы "
        "«Юный инженер»"
    ) in text
    start = paragraphs.index("2. ПОРЯДОК РЕАЛИЗАЦИИ ПРОГРАММЫ")
    assert paragraphs[start + 1 : start + 12] == [
        "2.1. Наименование Программы: «Юный инженер».",
        "2.2. Направленность Программы: техническая.",
        "2.3. Объём Программы: 72 академических часа.",
        "2.4. Базовая организация реализует следующие части (модули) Программы:",
        "— модуль 1. Основы конструирования.",
        "2.5. Организация-участник реализует следующие части (модули) Программы:",
        "— модуль 2. Экскурсионный практикум.",
        "2.6. Базовая организация использует для реализации Программы ресурсы:",
        "— кабинет робототехники.",
        "2.7. Организация-участник предоставляет для реализации Программы ресурсы:",
        "— экспозиционный зал;",
    ]
    assert "Обучающиеся по Программе являются обучающимися Базовой организации" in text
    assert "3. ОБЯЗАННОСТИ СТОРОН" in paragraphs


def test_network_agreement_lists_what_it_lacks() -> None:
    lacking = ag.missing(ag.Agreement(ours=OURS_DETAILS, partner=MUSEUM, kind="network"))
    assert "название программы" in lacking
    assert "части (модули) программы, которые реализует каждая сторона" in lacking
    assert "обязательства Базовой организации" in lacking


# --------------------------------------------------------------------------- letter

LETTER = lt.Letter(
    ours=OURS_DETAILS,
    partner=MUSEUM,
    day=date(2027, 1, 10),
    number="01-12/5",
    offer=("выставка работ наших учащихся в вашем фойе", "концерт для ваших сотрудников"),
    ask=("экскурсии по экспозиции для наших учащихся",),
    event=lt.Event("Фестиваль «Радуга талантов»", date(2027, 2, 14), "актовый зал ДДТ"),
    contact=lt.Contact(
        "петрова анна сергеевна",
        "педагог дополнительного образования",
        "+79123456789",
        "petrova@example.ru",
    ),
)


def test_letter_head_addressee_and_salutation() -> None:
    data = lt.build(LETTER)
    cells = _cells(data)
    head, addressee = cells[0].split("\n"), cells[2].split("\n")
    assert head[0] == OURS_DETAILS.full_name
    assert head[-1] == "10.01.2027 № 01-12/5"
    assert "Тел.: +7 (3452) 63-81-24" in head
    assert addressee == [
        "Генеральному директору ГАУК ТО «Тюменское музейно-просветительское объединение»",
        "Сидоровой А. П.",
    ]
    paragraphs = _paragraphs(data)
    assert paragraphs[:2] == ["О сотрудничестве", "Уважаемая Анна Петровна!"]


def test_letter_speaks_with_a_capital_you_and_the_partner_benefit_first() -> None:
    paragraphs = _paragraphs(lt.build(LETTER))
    body = paragraphs[2:8]
    assert body[0].startswith("МАУ ДО ДДТ предлагает Вам партнёрство")
    assert body[1:3] == [
        "— выставка работ наших учащихся в Вашем фойе;",
        "— концерт для Ваших сотрудников.",
    ]
    assert body[3].startswith("Давайте вместе проведём событие или организуем реальное дело.")
    assert "с Вашей стороны" in body[3]
    assert body[5] == (
        "Приглашаем Вас в гости на фестиваль «Радуга талантов» — 14 февраля 2027 г., актовый "
        "зал ДДТ. Это хорошая возможность познакомиться с нашими учащимися и педагогами и "
        "обсудить совместные планы."
    )
    text = "\n".join(paragraphs)
    assert not re.search(r"(?<![А-Яа-яЁё])(вы|вас|вам|ваш\w*)(?![А-Яа-яЁё])", text)


def test_letter_signature_and_contact() -> None:
    data = lt.build(LETTER)
    assert _cells(data)[-3:] == ["Директор", "____________", "М. П. Иванова"]
    paragraphs = _paragraphs(data)
    assert paragraphs[-2:] == [
        "Контактное лицо: Петрова Анна Сергеевна, педагог дополнительного образования",
        "тел. +7 (912) 345-67-89, эл. почта petrova@example.ru",
    ]


def test_letter_without_an_event_offers_a_meeting() -> None:
    plain = lt.Letter(ours=OURS_DETAILS, partner=MUSEUM, day=date(2027, 1, 10))
    text = _text(lt.build(plain))
    assert "Будем рады встретиться с Вами в удобное для Вас время" in text
    assert "Приглашаем" not in text
    assert "№ ____" in text


def test_letter_asks_for_the_gender_when_it_cannot_be_told() -> None:
    partner = Requisites(short_name="ООО «Север»", director_name="Черных Саша",
                         director_position="директор")  # fmt: skip
    letter = lt.Letter(ours=OURS_DETAILS, partner=partner, day=date(2027, 1, 10))
    assert words.MISSING_GENDER in lt.missing(letter)
    assert "Уважаемые коллеги!" in _paragraphs(lt.build(letter))
    told = lt.Letter(ours=OURS_DETAILS, partner=partner, day=date(2027, 1, 10),
                     addressee_gender=Gender.MALE)  # fmt: skip
    assert words.MISSING_GENDER not in lt.missing(told)
    assert "Уважаемый Саша!" in _paragraphs(lt.build(told))
    assert _cells(lt.build(told))[2].split("\n")[1] == "Черных С."


# --------------------------------------------------------------------------- stage III


def test_regulation_follows_the_method() -> None:
    paragraphs = _paragraphs(stage3.regulation(OURS_DETAILS))
    assert "ПОЛОЖЕНИЕ" in paragraphs
    assert (
        "о социальном партнёрстве Муниципального автономного учреждения дополнительного "
        "образования «Дом детского творчества» г. Тюмени"
    ) in paragraphs
    text = "\n".join(paragraphs)
    for piece in (
        "не в роли просителя",
        "приоритетности диалога во взаимодействии",
        "Принцип границ: прежде чем браться за дело",
        "— организация профориентационной деятельности;",
        "Подготовительный этап",
        "Организационный этап",
        "Системообразующий этап",
        "К каждому визиту к партнёру ведётся тщательная подготовка.",
        "«давайте вместе проведём событие или организуем реальное дело»",
        "— повышение уровня внешней оценки качества предоставления услуг",
    ):
        assert piece in text, piece
    assert _cells(stage3.regulation(OURS_DETAILS))[1].split("\n") == [
        "УТВЕРЖДАЮ",
        "Директор МАУ ДО ДДТ",
        "____________ М. П. Иванова",
        "«___» ____________ 20__ г.",
    ]


def test_job_instruction() -> None:
    data = stage3.job_instruction(OURS_DETAILS, "петрова анна сергеевна", "педагог-организатор")
    paragraphs = _paragraphs(data)
    text = "\n".join(paragraphs)
    assert "специалиста, ответственного за социальное партнёрство" in paragraphs
    assert "ответственного за социальное партнёрство: педагог-организатор." in text
    assert "2.3. Готовит каждую встречу с партнёром" in text
    assert "Организует ежегодную экспертную оценку партнёрства" in text
    assert paragraphs[-1].startswith("____________ / Петрова Анна Сергеевна /")


def test_plan_from_events_and_agreements() -> None:
    events = [
        stage3.PlanEvent("Фестиваль «Радуга талантов»", date(2027, 2, 14), ("Музей",),
                         "events", "Петрова А. С."),
        stage3.PlanEvent("Прошлогодний концерт", date(2026, 5, 1)),
        stage3.PlanEvent("Экскурсия на завод", date(2026, 10, 3), ("Завод", "Цех"), "career"),
    ]  # fmt: skip
    agreements = [
        stage3.PlanAgreement("Музей", "12/2027", date(2027, 3, 1)),
        stage3.PlanAgreement("Библиотека", "", None),
        stage3.PlanAgreement("Старый партнёр", "1", date(2026, 6, 1)),
    ]
    rows = stage3.plan_rows(events, agreements, date(2026, 9, 1), date(2027, 5, 31))
    assert [(r.title, r.when, r.partner) for r in rows] == [
        ("Экскурсия на завод", "03.10.2026", "Завод, Цех"),
        ("Подведение итогов и продление договора № 12/2027", "до 30.01.2027", "Музей"),
        ("Фестиваль «Радуга талантов»", "14.02.2027", "Музей"),
        ("Подведение итогов совместной работы по договору", "до 31.05.2027", "Библиотека"),
        (words.PLAN_EVALUATION, "до 31.05.2027", "Все партнёры"),
    ]
    data = stage3.plan(OURS_DETAILS, "2026/2027 учебный год", rows)
    cells = _cells(data)
    assert cells[cells.index("Экскурсия на завод") + 2] == "Профориентационная деятельность"
    assert list(words.PLAN_COLUMNS) == cells[2 : 2 + len(words.PLAN_COLUMNS)]
    assert (
        "совместной работы Муниципального автономного учреждения дополнительного образования "
        "«Дом детского творчества» г. Тюмени с социальными партнёрами на 2026/2027 учебный год"
    ) in _paragraphs(data)


def test_evaluation_table() -> None:
    rows = [
        stage3.EvaluationRow("Музей", (5, 4, 4, 5), "career", "Надёжный партнёр"),
        stage3.EvaluationRow("Библиотека", (3, 3, 4, 9)),
    ]
    cells = _cells(stage3.evaluation(OURS_DETAILS, "2026/2027 учебный год", rows))
    header = cells.index("№ п/п")
    width = 9
    table = [cells[i : i + width] for i in range(header, len(cells), width)]
    assert table[0][2:6] == ["Польза для детей", "Надёжность партнёра", "Активность партнёра",
                             "Соответствие программам"]  # fmt: skip
    assert table[1] == ["1.", "Музей", "5", "4", "4", "5", "4,5",
                        "Профориентационная деятельность", "Надёжный партнёр"]  # fmt: skip
    assert table[2] == ["2.", "Библиотека", "3", "3", "4", "5", "3,8", "—", ""]
    assert table[3][1] == "Средний балл по организации" and table[3][6] == "4,1"


def test_evaluation_without_data_has_rows_to_fill_in() -> None:
    cells = _cells(stage3.evaluation(OURS_DETAILS, "", []))
    assert "5." in cells
    assert "Средний балл по организации" not in cells


# --------------------------------------------------------------------------- obligations


def test_drafts_are_neutral_obligations() -> None:
    assert draft("выставка работ учащихся в фойе") == "Провести выставку работ учащихся в фойе"
    assert draft("проведём концерт ко Дню города") == "Провести концерт ко Дню города"
    assert draft("дадим помещение для занятий") == "Дать помещение для занятий"
    assert draft("помещение для занятий") == "Предоставить помещение для занятий"
    assert draft("организовать экскурсию") == "Организовать экскурсию"
    assert draft("мастер-класс инженеров") == "Провести мастер-класс инженеров"


def test_hedges_and_money_are_marked_for_review_never_pasted() -> None:
    found = suggest_obligations(
        "- выставка работ в фойе;\n2) может экскурсия?", "может спонсорство\nоплата автобуса"
    )
    assert [(o.side, o.text, o.review) for o in found] == [
        (OURS, "Провести выставку работ в фойе", ""),
        (OURS, "Провести экскурсию", REVIEW_HEDGE),
        (PARTNER, "Предоставить спонсорство", REVIEW_MONEY),
        (PARTNER, "Предоставить оплату автобуса", REVIEW_MONEY),
    ]
    assert all("может" not in o.text and "?" not in o.text for o in found)
    assert found[1].source == "может экскурсия?"
    assert set(words.OBLIGATION_REVIEW) == {REVIEW_HEDGE, REVIEW_MONEY}
    assert suggest_obligations(None, "  \n - \n") == []


# --------------------------------------------------------------------------- placeholders


def test_placeholders_keep_the_current_names_and_have_labels() -> None:
    # the names templates uploaded before these documents use
    legacy_agreement = {
        "number", "kind_title", "city", "date", "org_name", "org_representative",
        "org_details", "org_signatory", "partner_name", "partner_representative",
        "partner_details", "partner_signatory", "subject", "directions", "our_obligations",
        "partner_obligations", "term",
    }  # fmt: skip
    legacy_letter = {
        "partner_name", "partner_representative", "greeting", "org_name", "org_municipality",
        "our_offer", "our_ask", "directions", "event", "sender_name", "sender_position", "date",
    }  # fmt: skip
    assert legacy_agreement <= set(ph.AGREEMENT_PLACEHOLDERS)
    assert legacy_letter <= set(ph.LETTER_PLACEHOLDERS)
    for kind in (ph.KIND_AGREEMENT, ph.KIND_LETTER):
        lines = ph.help_lines(kind)
        assert len(lines) == len(ph.PLACEHOLDERS[kind])
    assert "{{ org_inn }} — наша организация: ИНН" in ph.help_lines(ph.KIND_AGREEMENT)
    assert "{{ org_name }} — наименование нашей организации (обязательно)" in ph.help_lines(
        ph.KIND_AGREEMENT
    )


def test_contexts_fill_every_placeholder() -> None:
    context = ph.agreement_context(AGREEMENT)
    assert set(context) == set(ph.AGREEMENT_PLACEHOLDERS)
    assert context["our_obligations"] == (
        "1. Провести выставку работ учащихся в фойе.\n2. Провести концерт ко Дню города."
    )
    assert context["partner_inn"] == "____________________ (ИНН)"
    assert context["partner_basis"] == "доверенности № 5 от 01.12.2026"
    letter = ph.letter_context(LETTER)
    assert set(letter) == set(ph.LETTER_PLACEHOLDERS)
    assert letter["greeting"] == "Уважаемая Анна Петровна!"
    assert letter["our_offer"] == (
        "1. Выставка работ наших учащихся в Вашем фойе.\n2. Концерт для Ваших сотрудников."
    )


def test_the_standard_template_renders_with_the_context() -> None:
    template = samples.standard_template(ph.KIND_AGREEMENT)
    allowed = ph.AGREEMENT_PLACEHOLDERS
    assert check_template(template, allowed, ph.REQUIRED[ph.KIND_AGREEMENT]) == []
    out = render_safe(template, ph.agreement_context(AGREEMENT), allowed=allowed)
    document = Document(io.BytesIO(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "1. Провести выставку работ учащихся в фойе." in text
    assert "в лице руководителя (директор Иванова Мария Петровна)" in text
    assert "{{" not in text
