"""The director's report as files, read back: the .docx with python-docx (A4, the
organisation's header, the period, the sections' tables, the chart), the .xlsx with openpyxl
(sheets, frozen panes, filters, dates typed as dates, every row) and the chart's PNG (its
panels). `synthetic_year()` builds a big year (2,000 partners, 10,000 meetings, 500
agreements, 1,000 results) for the size test and for timing by hand."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image

from bot.domain.coach import Snapshot, plan
from bot.domain.periods import Period, PeriodKind, period_for
from bot.domain.report import (
    DOCX_LIST_LIMIT,
    AgreementRow,
    Change,
    EventRow,
    MeetingRow,
    ReportData,
    build_chart_png,
    build_docx,
    build_xlsx,
    funnel_from_statuses,
    stages_from_plan,
)
from bot.domain.results import Result, ResultKind
from storage.enums import PIPELINE_ORDER, Direction, PartnerCategory, PartnerStatus

TODAY = date(2026, 11, 26)
QUARTER = period_for(PeriodKind.THIS_QUARTER, TODAY)  # 01.10.2026 – 31.12.2026
PNG = b"\x89PNG\r\n\x1a\n"


def small_report(**changes: object) -> ReportData:
    values: dict[str, object] = {
        "organisation": "МАУ ДО «Дом детского творчества»",
        "municipality": "г. Тюмень",
        "period": QUARTER,
        "today": TODAY,
        "author": "Петрова Анна Ивановна",
        "categories": {
            "business": Change(2, 5),
            "institution": Change(3, 3),
            "parents": Change(1, 0),
        },
        "statuses": {"potential": Change(4, 3), "active": Change(2, 5)},
        "partners_added": 3,
        "partners_archived": 1,
        "meetings": [
            MeetingRow(datetime(2026, 10, 5, 10), "Музей", "visit", "agreed"),
            MeetingRow(datetime(2026, 10, 20, 15), "Музей", "host", "again"),
            MeetingRow(datetime(2026, 11, 2, 11), "Завод", "visit", "working"),
            MeetingRow(datetime(2026, 11, 20, 9), "Библиотека", "online", None),
        ],
        "meetings_cancelled": 2,
        "meetings_planned": 5,
        "agreements_signed": [
            AgreementRow("Музей", "12", "coop", date(2026, 10, 7), date(2027, 10, 6)),
            AgreementRow("Завод", None, "network", date(2026, 11, 3), None),
        ],
        "agreements_prolonged": [
            AgreementRow("Библиотека", "3", "coop", date(2025, 1, 10), date(2027, 1, 9), 1),
        ],
        "agreements_ending": [
            AgreementRow("Театр", "7", "coop", date(2025, 12, 1), date(2026, 12, 15)),
        ],
        "agreements_in_force": 6,
        "events": [
            EventRow(date(2026, 12, 10), "Ёлка в музее", "events", ("Музей",)),
            EventRow(date(2026, 10, 15), "Экскурсия на завод", "career", ("Завод", "Музей")),
            EventRow(date(2026, 11, 1), "Семинар", None),
        ],
        "results": [
            Result(ResultKind.PRIZE, date(2026, 10, 30), {"contest": "Юный техник",
                   "level": "regional", "place": "1 место", "children": 3}, 1, "Завод"),
            Result(ResultKind.SERVICES, date(2026, 11, 2), {"service": "Группа «Эколог»",
                   "children": 12, "gifted": 2, "disabled": 1}, 2, "Музей"),
            # before the quarter: not in the report
            Result(ResultKind.PRIZE, date(2026, 9, 30), {"contest": "Старый",
                   "level": "municipal"}),
        ],
        "pipeline_reached": {"potential": 8, "offer_ready": 6, "meeting_planned": 5,
                             "negotiating": 4, "agreement_signed": 3, "active": 2},
        "pipeline_entered": {"potential": 3, "active": 1},
        "stages": ((True, True, True, False), (True, False, False, False), (False,) * 4),
    }  # fmt: skip
    values.update(changes)
    return ReportData(**values)  # type: ignore[arg-type]


def _tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="PNG")
    return out.getvalue()


TINY_PNG = _tiny_png()  # the chart has its own tests: the .docx ones need a picture only


def _docx(data: ReportData) -> Document:
    return Document(io.BytesIO(build_docx(data, chart=TINY_PNG)))


@pytest.fixture(scope="module")
def small_docx() -> Document:
    return _docx(small_report())


def _texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _table(document: Document, first_header: str) -> list[list[str]]:
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows[0][0] == first_header:
            return rows
    raise AssertionError(f"no table starting with {first_header!r}")


# --------------------------------------------------------------------------- .docx


def test_docx_page_and_header(small_docx: Document) -> None:
    document = small_docx
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 20 and round(section.right_margin.mm) == 10
    texts = _texts(document)
    assert texts[:6] == [
        "МАУ ДО «Дом детского творчества»",
        "г. Тюмень",
        "",
        "ОТЧЁТ О РАЗВИТИИ СОЦИАЛЬНОГО ПАРТНЁРСТВА",
        "за IV квартал 2026 г.",
        "(01.10.2026 – 31.12.2026)",
    ]
    first = document.paragraphs[0]
    assert first.runs[0].bold and first.alignment == 1  # centred
    # the letterhead's rule under the municipality
    assert document.paragraphs[1]._p.pPr.find(qn("w:pBdr")) is not None
    assert "Дата составления: 26 ноября 2026 г." in texts
    assert "Составитель: Петрова Анна Ивановна" in texts
    assert "Период ещё не закончился: данные на 26 ноября 2026 г." in texts


def test_docx_of_a_finished_custom_period() -> None:
    period = Period(PeriodKind.CUSTOM, date(2026, 9, 1), date(2026, 10, 31))
    texts = _texts(_docx(small_report(period=period, author="")))
    assert "за период с 01.09.2026 по 31.10.2026" in texts
    assert not any(t.startswith("(01.09.2026") for t in texts)  # the dates are the title
    assert not any(t.startswith("Период ещё не закончился") for t in texts)
    assert not any(t.startswith("Составитель") for t in texts)


def test_docx_partners_tables(small_docx: Document) -> None:
    document = small_docx
    categories = _table(document, "Категория")
    assert categories[0] == ["Категория", "На начало периода", "На конец периода", "Изменение"]
    assert len(categories) == 1 + len(PartnerCategory) + 1  # every category and the total
    assert ["Бизнес и работодатели", "2", "5", "+3"] in categories
    assert ["Родители", "1", "0", "−1"] in categories
    assert ["Органы государственной власти", "0", "0", "0"] in categories
    assert categories[-1] == ["Всего", "6", "8", "+2"]
    statuses = _table(document, "Статус")
    assert len(statuses) == 1 + len(PartnerStatus)
    assert ["Активный партнёр", "2", "5", "+3"] in statuses
    assert "Новых партнёров за период: 3; перенесено в архив: 1." in _texts(document)
    # table headers repeat on every page
    header_row = document.tables[0].rows[0]._tr
    assert header_row.trPr.find(qn("w:tblHeader")) is not None


def test_docx_meetings_agreements_events(small_docx: Document) -> None:
    document = small_docx
    texts = _texts(document)
    assert "Проведено встреч: 4; отменено: 2; запланировано на будущее: 5." in texts
    assert _table(document, "Итог встречи") == [
        ["Итог встречи", "Встреч"],
        ["Договорились", "1"],
        ["Уже работаем вместе", "1"],
        ["Нужна ещё встреча", "1"],
        ["Отказались", "0"],
        ["Итог не записан", "1"],
        ["Всего", "4"],
    ]
    assert ["Мы едем к ним", "2"] in _table(document, "Формат встречи")
    assert (
        "Заключено договоров: 2; продлено: 1; действуют на конец периода: 6; истекают в "
        "ближайшие 30 дней: 1." in texts
    )
    partners = [t for t in document.tables if t.rows[0].cells[0].text == "Партнёр"]
    assert [[c.text for c in r.cells] for r in partners[0].rows] == [
        ["Партнёр", "№", "Дата заключения", "Действует до"],
        ["Музей", "12", "07.10.2026", "06.10.2027"],
        ["Завод", "", "03.11.2026", "бессрочный"],
    ]
    assert len(partners) == 3  # signed, prolonged, ending soon
    assert "Истекают в ближайшие 30 дней" in texts
    assert _table(document, "Дата")[1:] == [  # events by day
        ["15.10.2026", "Экскурсия на завод", "Завод, Музей"],
        ["01.11.2026", "Семинар", ""],
        ["10.12.2026", "Ёлка в музее", "Музей"],
    ]
    assert ["Не указано", "1"] in _table(document, "Направление")


def test_docx_results_pipeline_method_chart(small_docx: Document) -> None:
    document = small_docx
    texts = _texts(document)
    # the summary without the chat's emoji (Times New Roman has none)
    assert "Призовых мест: 1 (региональных — 1, награждено 3 ребёнка)" in texts
    assert "Новых групп и услуг: 1, в них 12 детей, одарённых — 2, с ОВЗ — 1" in texts
    kinds = _table(document, "Результат")
    assert kinds[-1] == ["Всего", "2"]
    details = [t for t in document.tables if t.rows[0].cells[0].text == "Дата"][1]
    assert [c.text for c in details.rows[1].cells] == [
        "30.10.2026",
        "Призовое место",
        "Юный техник — региональный уровень, 1 место, 3 ребёнка",
        "Завод",
    ]
    assert len(details.rows) == 3  # the result of September is outside the quarter
    assert _table(document, "Этап")[1] == ["Потенциальный", "8", "3"]
    assert _table(document, "Этап")[-1] == ["Активный партнёр", "2", "1"]
    assert "I. Подготовительный этап: выполнено 3 из 4" in texts
    assert "III. Системообразующий этап: выполнено 0 из 4" in texts
    method = [t for t in document.tables if t.rows[0].cells[0].text == "Ожидаемый результат этапа"]
    assert [c.text for c in method[0].rows[4].cells] == [
        "Есть база данных существующих образовательных программ",
        "нет",
    ]
    assert "Диаграммы" in texts
    shapes = document.inline_shapes
    assert len(shapes) == 1
    assert round(shapes[0].width.mm) == 180  # the page's text width
    image = document.part.related_parts[
        shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    ]
    assert image.blob == TINY_PNG


def test_docx_lists_are_cut_with_a_pointer_to_the_xlsx() -> None:
    many = [
        AgreementRow(f"Партнёр {i}", str(i), "coop", date(2026, 10, 1), None) for i in range(45)
    ]
    document = _docx(small_report(agreements_signed=many))
    signed = next(t for t in document.tables if t.rows[0].cells[0].text == "Партнёр")
    assert len(signed.rows) == 1 + DOCX_LIST_LIMIT
    assert "…и ещё 15 — полный список в таблице .xlsx" in _texts(document)


def test_docx_renders_its_own_chart_and_empty_sections() -> None:
    empty = ReportData("Школа", "", QUARTER, TODAY)
    document = Document(io.BytesIO(build_docx(empty)))
    texts = _texts(document)
    assert "Проведено встреч: 0; отменено: 0; запланировано на будущее: 0." in texts
    assert "Результатов пока не записано." in texts
    assert "Проведено и запланировано совместных мероприятий: 0." in texts
    assert len(document.inline_shapes) == 1
    assert _table(document, "Категория")[-1] == ["Всего", "0", "0", "0"]


# --------------------------------------------------------------------------- .xlsx


def _book(data: ReportData):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(build_xlsx(data)))


def test_xlsx_sheets_and_their_shape() -> None:
    book = _book(small_report())
    assert book.sheetnames == [
        "Сводка",
        "Партнёры",
        "Встречи",
        "Договоры",
        "Мероприятия",
        "Результаты",
        "Воронка",
        "Методика",
    ]
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert ws["A1"].font.b, ws.title
        assert ws.column_dimensions["A"].width >= 8


def test_xlsx_summary_has_typed_values() -> None:
    ws = _book(small_report())["Сводка"]
    figures = {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}
    assert figures["Организация"].value == "МАУ ДО «Дом детского творчества»"
    assert figures["Период"].value == "IV квартал 2026 г."
    assert figures["Начало периода"].is_date
    assert figures["Начало периода"].value == datetime(2026, 10, 1)
    assert figures["Начало периода"].number_format == "DD.MM.YYYY"
    assert figures["Конец периода"].value == datetime(2026, 12, 31)
    assert figures["Дата составления"].value == datetime(2026, 11, 26)
    assert figures["Партнёров на начало периода"].value == 6
    assert figures["Партнёров на конец периода"].value == 8
    assert figures["Проведено встреч"].value == 4
    assert figures["Договоров истекает в ближайшие 30 дней"].value == 1
    assert figures["Результатов партнёрства"].value == 2


def test_xlsx_rows() -> None:
    book = _book(small_report())
    partners = [[c.value for c in row] for row in book["Партнёры"].iter_rows(min_row=2)]
    assert len(partners) == len(PartnerCategory) + len(PartnerStatus)
    assert ["Категория", "Бизнес и работодатели", 2, 5, 3] in partners
    assert ["Статус", "Потенциальный", 4, 3, -1] in partners
    meetings = [[c.value for c in row] for row in book["Встречи"].iter_rows()]
    assert meetings[0] == [
        "Партнёр",
        "Встреч",
        "Договорились",
        "Уже работаем вместе",
        "Нужна ещё встреча",
        "Отказались",
        "Итог не записан",
        "Последняя встреча",
    ]
    assert meetings[1] == ["Музей", 2, 1, 0, 1, 0, 0, datetime(2026, 10, 20, 15)]
    assert meetings[2:] == [
        ["Библиотека", 1, 0, 0, 0, 0, 1, datetime(2026, 11, 20, 9)],
        ["Завод", 1, 0, 1, 0, 0, 0, datetime(2026, 11, 2, 11)],  # «работаем»: counted
    ]
    assert book["Встречи"]["H2"].number_format == "DD.MM.YYYY HH:MM"
    agreements = [[c.value for c in row] for row in book["Договоры"].iter_rows(min_row=2)]
    assert [row[0] for row in agreements] == ["Заключён", "Заключён", "Продлён", "Истекает"]
    assert agreements[1][1:6] == [
        "Завод",
        None,
        "О сетевой форме реализации программы",
        datetime(2026, 11, 3),
        "бессрочный",
    ]
    results = [[c.value for c in row] for row in book["Результаты"].iter_rows(min_row=2)]
    assert [r[1] for r in results] == ["Призовое место", "Новая группа или услуга"]
    assert results[1][2] == "Группа «Эколог»: 12 детей, одарённых — 2, с ОВЗ — 1"
    events = [[c.value for c in row] for row in book["Мероприятия"].iter_rows(min_row=2)]
    assert events[0] == [datetime(2026, 10, 15), "Экскурсия на завод", "Профориентация",
                         "Завод, Музей"]  # fmt: skip
    pipeline = [[c.value for c in row] for row in book["Воронка"].iter_rows(min_row=2)]
    assert pipeline[0] == ["Потенциальный", 8, 3]
    assert pipeline[-1] == ["Активный партнёр", 2, 1]
    method = [[c.value for c in row] for row in book["Методика"].iter_rows(min_row=2)]
    assert len(method) == 12
    assert method[0][2] == "да" and method[3][2] == "нет"


# --------------------------------------------------------------------------- chart


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG)
    with Image.open(io.BytesIO(png)) as image:
        return image.size


@pytest.mark.parametrize(
    ("changes", "panels"),
    [
        ({}, 4),
        ({"meetings": []}, 3),
        ({"results": []}, 3),
        ({"meetings": [], "results": []}, 2),
    ],
)
def test_chart_panels(changes: dict[str, object], panels: int) -> None:
    width, height = _size(build_chart_png(small_report(**changes)))
    assert width == 1080  # a phone's screen, read without zooming
    assert height == round((0.9 + 3.3 * panels) * 150)


def test_chart_page_layout_two_by_two() -> None:
    width, height = _size(build_chart_png(small_report(), layout="page"))
    assert (width, height) == (1650, round((0.8 + 4.0 * 2) * 150))


def test_chart_of_an_empty_organisation() -> None:
    width, height = _size(build_chart_png(ReportData("Школа", "", QUARTER, TODAY)))
    assert (width, height) == (1080, round((0.9 + 3.3 * 2) * 150))


# --------------------------------------------------------------------------- helpers


def test_funnel_from_current_statuses() -> None:
    funnel = funnel_from_statuses(
        {"potential": 5, "offer_ready": 1, "negotiating": 2, "active": 3, "declined": 9}
    )
    assert funnel == {
        "potential": 11,
        "offer_ready": 6,
        "meeting_planned": 5,
        "negotiating": 5,
        "agreement_signed": 3,
        "active": 3,
    }


def test_stages_from_the_coach_plan() -> None:
    stages = stages_from_plan(plan(Snapshot(programmes=2), datetime(2026, 11, 26)))
    assert len(stages) == 3 and all(len(s) == 4 for s in stages)
    assert stages[0] == (False, False, False, True)  # only the programmes are there


# --------------------------------------------------------------------------- a big year


def synthetic_year(
    partners: int = 2_000,
    meetings: int = 10_000,
    agreements: int = 500,
    results: int = 1_000,
    events: int = 300,
    seed: int = 14,
) -> ReportData:
    """A busy organisation's calendar year 2026, seen on 26 November."""
    rnd = random.Random(seed)
    names = [f"Партнёр №{i} «Организация дополнительного образования»" for i in range(partners)]
    categories = {c.value: Change(0, 0) for c in PartnerCategory}
    for _ in range(partners):
        code = rnd.choice(list(PartnerCategory)).value
        old = categories[code]
        categories[code] = Change(old.start + (rnd.random() < 0.7), old.end + 1)
    statuses = {s.value: Change(rnd.randint(0, 300), rnd.randint(0, 300)) for s in PartnerStatus}
    start = datetime(2026, 1, 9, 9)
    meeting_rows = [
        MeetingRow(
            start + timedelta(hours=rnd.randint(0, 24 * 320)),
            rnd.choice(names),
            rnd.choice(("visit", "host", "online", "invite")),
            rnd.choice(("agreed", "again", "declined", None)),
        )
        for _ in range(meetings)
    ]
    agreement_rows = [
        AgreementRow(
            rnd.choice(names),
            str(i),
            rnd.choice(("coop", "network", "other")),
            date(2026, 1, 1) + timedelta(days=rnd.randint(0, 320)),
            rnd.choice((None, date(2027, 1, 1) + timedelta(days=rnd.randint(0, 700)))),
            rnd.randint(0, 3),
            "Петрова Анна Ивановна",
        )
        for i in range(agreements)
    ]
    details = {
        ResultKind.PRIZE: {"contest": "Юный техник", "level": "regional", "children": 3},
        ResultKind.PROGRAMME: {"programme": "Робототехника", "change": "updated"},
        ResultKind.SATISFACTION: {"survey": "Родители", "percent": 91.0, "respondents": 40},
        ResultKind.ASSESSMENT: {"assessment": "НОКО", "outcome": "высокий", "score": 96.0},
        ResultKind.SERVICES: {"service": "Группа", "children": 15, "gifted": 2, "disabled": 1},
    }
    result_rows = []
    for i in range(results):
        kind = rnd.choice(list(ResultKind))
        day = date(2026, 1, 1) + timedelta(days=rnd.randint(0, 320))
        result_rows.append(Result(kind, day, details[kind], i % partners, names[i % partners]))
    event_rows = [
        EventRow(
            date(2026, 1, 1) + timedelta(days=rnd.randint(0, 364)),
            f"Совместное мероприятие {i}",
            rnd.choice([*Direction, None]),
            tuple(rnd.sample(names, 2)),
        )
        for i in range(events)
    ]
    return ReportData(
        organisation="МАУ ДО «Дом детского творчества» г. Тюмени",
        municipality="г. Тюмень",
        period=period_for(PeriodKind.THIS_YEAR, TODAY),
        today=TODAY,
        author="Петрова Анна Ивановна, заместитель директора",
        categories=categories,
        statuses=statuses,
        partners_added=600,
        partners_archived=25,
        meetings=meeting_rows,
        meetings_cancelled=300,
        meetings_planned=120,
        agreements_signed=agreement_rows[:300],
        agreements_prolonged=agreement_rows[300:420],
        agreements_ending=agreement_rows[420:],
        agreements_in_force=430,
        events=event_rows,
        results=result_rows,
        pipeline_reached={s.value: partners // (i + 1) for i, s in enumerate(PIPELINE_ORDER)},
        pipeline_entered={s.value: partners // (3 * i + 3) for i, s in enumerate(PIPELINE_ORDER)},
        stages=((True,) * 4, (True, True, False, False), (False, True, False, False)),
    )


def test_a_big_year_fits_in_the_files() -> None:
    data = synthetic_year()
    document = _docx(data)
    assert max(len(t.rows) for t in document.tables) <= DOCX_LIST_LIMIT + 1
    assert "Проведено встреч: 10\u00a0000; отменено: 300; запланировано на будущее: 120." in (
        _texts(document)
    )
    book = _book(data)
    assert book["Договоры"].max_row == 1 + 500
    assert book["Результаты"].max_row == 1 + 1_000
    meetings = book["Встречи"]
    assert sum(meetings.cell(row, 2).value for row in range(2, meetings.max_row + 1)) == 10_000
    assert book["Мероприятия"].max_row == 1 + 300
