"""/export and the import of partners from a spreadsheet: the files read back with openpyxl
and csv (headers, frozen panes, filters, dates typed as dates, BOM, Cyrillic), the round
trip export → import, the teacher's own tables (encodings, delimiters, titles above the
header, header variants), each row checked like the add flow, and the files refused with
their words."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from datetime import UTC, date, datetime
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from bot.domain import spreadsheets as sp
from bot.domain.spreadsheets import reading
from texts import spreadsheets as words

MUSEUM = sp.PartnerExport(
    name="МАУК «Краеведческий музей»",
    category="institution",
    status="active",
    directions=("career", "events"),
    contact_person="Иванова Мария Петровна",
    phone="+73452638124;ext=102",
    email="muzey@mail.ru",
    address="г. Тюмень, ул. Республики, 1",
    source="nearby",
    offer="Концерт воспитанников; выставка",
    ask="Экскурсии, мастер-класс",
    responsible="Петрова Анна",
    programmes=("Юный краевед", "Музейное дело"),
    last_meeting=date(2026, 10, 1),
    agreement=True,
    agreement_number="12",
    agreement_signed=date(2026, 1, 15),
    agreement_until=None,
    created=date(2025, 5, 4),
)
FACTORY = sp.PartnerExport(
    name='ООО "Сибирь"',
    category="business",
    status="potential",
    phone="+79123456789",
    agreement=True,
    agreement_number="7",
    agreement_signed=date(2026, 2, 1),
    agreement_until=date(2027, 1, 31),
)
TRICKY = sp.PartnerExport(name='=HYPERLINK("http://x")', category="nonprofit", status="paused")
PARTNERS = [MUSEUM, FACTORY, TRICKY]
MEETINGS = [
    sp.MeetingExport(
        "МАУК «Краеведческий музей»",
        datetime(2026, 10, 1, 5, 30, tzinfo=UTC),
        "visit",
        "done",
        "agreed",
        place="Музей",
        purpose="Знакомство",
        next_step="Подписать договор",
        member="Петрова Анна",
    ),
    sp.MeetingExport('ООО "Сибирь"', datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "host", "planned"),
]
AGREEMENTS = [
    sp.AgreementExport(
        "МАУК «Краеведческий музей»",
        "12",
        "coop",
        "Совместная работа",
        "active",
        date(2026, 1, 15),
        None,
        True,
        1,
    ),
    sp.AgreementExport('ООО "Сибирь"', None, "network", "Сетевая программа", "draft"),
]


def never(name: str) -> bool:
    return False


def _xlsx(rows: list[list[Any]], title: str = "Лист1") -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(data: bytes, filename: str, **kwargs: Any) -> tuple[list[sp.ImportRow], list[Any]]:
    table = sp.read_table(data, filename)
    columns = sp.recognise_columns(table.headers)
    return sp.check_rows(table, columns, kwargs.pop("is_duplicate", never), **kwargs)


# =========================================================================== export


def test_export_xlsx_sheets_headers_panes_filters() -> None:
    book = load_workbook(
        io.BytesIO(sp.export_xlsx(PARTNERS, MEETINGS, AGREEMENTS, tz="Asia/Yekaterinburg"))
    )
    assert book.sheetnames == ["Партнёры", "Встречи", "Договоры"]
    partners = book["Партнёры"]
    assert [c.value for c in partners[1]] == list(words.PARTNER_COLUMNS.values())
    assert partners.freeze_panes == "A2"
    assert partners.auto_filter.ref == "A1:S4"
    assert partners["A1"].font.b
    assert partners.max_row == 4
    assert partners.column_dimensions["A"].width >= len("МАУК «Краеведческий музей»")
    assert partners.column_dimensions["A"].width <= 60
    assert book["Встречи"].auto_filter.ref == "A1:J3"
    assert book["Договоры"].auto_filter.ref == "A1:K3"
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"


def test_export_xlsx_values() -> None:
    book = load_workbook(
        io.BytesIO(sp.export_xlsx(PARTNERS, MEETINGS, AGREEMENTS, tz="Asia/Yekaterinburg"))
    )
    ws = book["Партнёры"]
    row = {h: c for h, c in zip(words.PARTNER_COLUMNS, ws[2], strict=True)}
    assert row["name"].value == "МАУК «Краеведческий музей»"
    assert (
        row["category"].value
        == "Учреждения других ведомств (культура, наука, спорт, здравоохранение)"
    )
    assert row["status"].value == "Активный партнёр"
    assert row["directions"].value == "Мероприятия, наставничество; Профориентация"
    assert row["phone"].value == "+7 (3452) 63-81-24 доб. 102"
    assert row["source"].value == "Рядом, на территории"
    assert row["programmes"].value == "Юный краевед; Музейное дело"
    for key, day in (
        ("last_meeting", datetime(2026, 10, 1)),
        ("agreement_signed", datetime(2026, 1, 15)),
        ("created", datetime(2025, 5, 4)),
    ):
        assert row[key].is_date and row[key].value == day, key
        assert row[key].number_format == "DD.MM.YYYY"
    assert row["agreement_until"].value == "бессрочный"
    assert row["archived"].value is None
    factory = {h: c for h, c in zip(words.PARTNER_COLUMNS, ws[3], strict=True)}
    assert factory["agreement_until"].value == datetime(2027, 1, 31)
    assert factory["phone"].value == "+7 (912) 345-67-89"
    tricky = ws["A4"]
    assert tricky.value == '=HYPERLINK("http://x")' and tricky.data_type == "s"  # not a formula
    meeting = [c.value for c in book["Встречи"][2]]
    assert meeting[:5] == [
        "МАУК «Краеведческий музей»",
        datetime(2026, 10, 1, 10, 30),
        "Мы едем к ним",
        "Итоги записаны",
        "Договорились",
    ]
    assert book["Встречи"]["B2"].number_format == "DD.MM.YYYY HH:MM"
    agreements = [[c.value for c in r] for r in book["Договоры"].iter_rows(min_row=2)]
    assert agreements[0][:9] == [
        "МАУК «Краеведческий музей»",
        "12",
        "О сотрудничестве",
        "Совместная работа",
        "Действует",
        datetime(2026, 1, 15),
        "бессрочный",
        "да",
        1,
    ]
    assert agreements[1][4:7] == ["Черновик", None, None]  # a draft has no term yet
    assert agreements[1][7] == "нет"


def test_export_csv_bom_delimiter_dates_and_guard() -> None:
    data = sp.export_csv(PARTNERS)
    assert data.startswith(codecs.BOM_UTF8)
    text = data[3:].decode("utf-8")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == list(words.PARTNER_COLUMNS.values())
    assert len(rows) == 4
    museum = dict(zip(words.PARTNER_COLUMNS, rows[1], strict=True))
    assert museum["name"] == "МАУК «Краеведческий музей»"  # Cyrillic and «ёлочки» intact
    assert museum["phone"] == "8 (3452) 63-81-24 доб. 102"  # no «+» for Excel to compute
    assert museum["agreement_signed"] == "15.01.2026"
    assert museum["offer"] == "Концерт воспитанников; выставка"  # quoted, not split
    assert rows[3][0] == '\'=HYPERLINK("http://x")'  # CSV injection guard


def test_meetings_and_agreements_csv() -> None:
    meetings = list(
        csv.reader(
            io.StringIO(sp.meetings_csv(MEETINGS, tz="Europe/Moscow")[3:].decode()), delimiter=";"
        )
    )
    assert meetings[1][:3] == ["МАУК «Краеведческий музей»", "01.10.2026 08:30", "Мы едем к ним"]
    agreements = list(
        csv.reader(io.StringIO(sp.agreements_csv(AGREEMENTS)[3:].decode()), delimiter=";")
    )
    assert agreements[1][5:8] == ["15.01.2026", "бессрочный", "да"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_export_reads_back_with_every_column(kind: str) -> None:
    data = (
        sp.export_xlsx(PARTNERS, MEETINGS, AGREEMENTS, tz="UTC")
        if kind == "xlsx"
        else sp.export_csv(PARTNERS)
    )
    table = sp.read_table(data, f"partners.{kind}")
    assert table.sheet == ("Партнёры" if kind == "xlsx" else "")
    columns = sp.recognise_columns(table.headers)
    assert dict(columns.fields) == {field: i for i, field in enumerate(words.PARTNER_COLUMNS)}
    good, rejected = sp.check_rows(table, columns, never)
    assert rejected == []
    museum, factory, tricky = good
    assert (museum.name, museum.category, museum.status) == (
        "МАУК «Краеведческий музей»",
        "institution",
        "active",
    )
    assert museum.directions == ("events", "career")
    assert (museum.phone, museum.email) == ("+73452638124;ext=102", "muzey@mail.ru")
    assert (museum.contact_person, museum.address) == (
        "Иванова Мария Петровна",
        "г. Тюмень, ул. Республики, 1",
    )
    assert (museum.offer, museum.ask, museum.source) == (MUSEUM.offer, MUSEUM.ask, "nearby")
    assert (museum.responsible, museum.programmes) == (
        "Петрова Анна",
        "Юный краевед; Музейное дело",
    )
    assert not museum.category_guessed and museum.notes == ()
    assert (factory.phone, factory.status) == ("+79123456789", "potential")
    assert tricky.name == '=HYPERLINK("http://x")' and tricky.status == "paused"
    assert [row.line for row in good] == [2, 3, 4]


def test_preview_of_the_export_says_what_is_not_imported() -> None:
    table = sp.read_table(sp.export_xlsx(PARTNERS, tz="UTC"), "p.xlsx")
    preview = dict(sp.recognise_columns(table.headers).preview())
    assert preview["Наименование"] == "Наименование"
    assert preview["Последняя встреча"] == "Последняя встреча (не загружается)"
    assert sp.preview_rows(table, sp.recognise_columns(table.headers), 1)[0]["name"] == MUSEUM.name


# =========================================================================== reading


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8-sig", ";"),
        ("utf-8", ";"),
        ("cp1251", ";"),
        ("cp1251", ","),
        ("utf-8", "\t"),
        ("utf-16", "\t"),
    ],
)
def test_csv_encodings_and_delimiters(encoding: str, delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["Наименование", "Телефон", "Адрес"])
    writer.writerow(["Ёлочка, детский сад", "8 (3452) 63-81-24", "ул. Ленина, 5; корп. 2"])
    writer.writerow(["Библиотека им. Пушкина", "", "ул. Мира, 1, к. 3"])
    table = sp.read_table(out.getvalue().encode(encoding), "база.csv")
    assert table.headers == ("Наименование", "Телефон", "Адрес")
    assert table.rows[0] == ("Ёлочка, детский сад", "8 (3452) 63-81-24", "ул. Ленина, 5; корп. 2")
    assert table.rows[1] == ("Библиотека им. Пушкина", "", "ул. Мира, 1, к. 3")


def test_csv_quoted_newlines_blank_rows_and_ragged_rows() -> None:
    text = (
        "Наименование;Что предлагаем;Телефон\r\n"
        '"Музей";"Концерт\nи выставка";\r\n'
        ";;\r\n"
        "\r\n"
        "Театр;Спектакль\r\n"
        "Завод;;89123456789;лишнее\r\n"
    )
    table = sp.read_table(text.encode("utf-8"), "p.csv")
    assert table.headers == ("Наименование", "Что предлагаем", "Телефон", "")
    assert table.rows == [
        ("Музей", "Концерт\nи выставка", "", ""),
        ("Театр", "Спектакль", "", ""),
        ("Завод", "", "89123456789", "лишнее"),
    ]
    assert table.lines == [2, 5, 6]  # the blank rows keep their numbers


def test_xlsx_title_rows_numbers_and_dates() -> None:
    data = _xlsx(
        [
            ["Список социальных партнёров МАУ ДО ДДТ"],
            [None],
            ["№", "Организация", "Тел.", "Дата договора", "Доля"],
            [1, "Музей", 83452638124, datetime(2026, 1, 15), 0.5],
            [2, "Театр", 79123456789.0, date(2026, 3, 1), 12.25],
        ]
    )
    table = sp.read_table(data, "партнёры.xlsx")
    assert table.header_line == 3
    assert table.headers == ("№", "Организация", "Тел.", "Дата договора", "Доля")
    assert table.rows[0] == ("1", "Музей", "83452638124", "15.01.2026", "0,5")
    assert table.rows[1] == ("2", "Театр", "79123456789", "01.03.2026", "12,25")
    assert table.lines == [4, 5]
    assert table.sheet == "Лист1"


def test_xlsx_first_sheet_with_data_is_read() -> None:
    book = Workbook()
    book.active.title = "Пустой"  # type: ignore[union-attr]
    second = book.create_sheet("Партнёры")
    second.append(["Наименование"])
    second.append(["Музей"])
    out = io.BytesIO()
    book.save(out)
    table = sp.read_table(out.getvalue(), "x.xlsx")
    assert (table.sheet, table.rows) == ("Партнёры", [("Музей",)])


def _refusal(data: bytes, filename: str, **kwargs: Any) -> sp.ReadError:
    with pytest.raises(sp.ReadError) as caught:
        sp.read_table(data, filename, **kwargs)
    return caught.value


def test_too_big_is_refused_before_reading() -> None:
    error = _refusal(b"a" * (sp.MAX_BYTES + 1), "big.csv")
    assert error.reason is sp.ReadReason.TOO_BIG
    assert error.text() == "Файл больше 5 МБ. Разделите таблицу на части и пришлите по очереди."


def test_too_many_rows_is_refused_while_reading() -> None:
    lines = ["Наименование"] + [f"Партнёр {i}" for i in range(sp.MAX_ROWS + 1)]
    error = _refusal("\n".join(lines).encode(), "many.csv")
    assert error.reason is sp.ReadReason.TOO_MANY_ROWS
    assert "10\u00a0000 строк" in error.text()
    exactly = sp.read_table("\n".join(lines[:-1]).encode(), "ok.csv")
    assert len(exactly.rows) == sp.MAX_ROWS


def test_too_many_xlsx_rows() -> None:
    data = _xlsx([["Наименование"]] + [[f"П{i}"] for i in range(30)])
    assert _refusal(data, "x.xlsx", max_rows=29).reason is sp.ReadReason.TOO_MANY_ROWS
    assert len(sp.read_table(data, "x.xlsx", max_rows=30).rows) == 30


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _with_part(xlsx: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[name] = content
    return _zip(parts)


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"", "empty.csv", sp.ReadReason.EMPTY),
        (b"   \r\n", "blank.csv", sp.ReadReason.EMPTY),
        ("Наименование;Телефон\r\n".encode(), "header.csv", sp.ReadReason.EMPTY),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls", sp.ReadReason.OLD_XLS),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "secret.xlsx",
            sp.ReadReason.ENCRYPTED,
        ),
        (_zip({"word/document.xml": b"<w/>"}), "letter.docx", sp.ReadReason.NOT_TABLE),
        (_zip({"word/document.xml": b"<w/>"}), "renamed.xlsx", sp.ReadReason.NOT_TABLE),
        (b"PK\x03\x04 truncated", "cut.xlsx", sp.ReadReason.BROKEN),
        (b"not a zip at all", "fake.xlsx", sp.ReadReason.BROKEN),
        (b"%PDF-1.7\n\x00\x01\x02\x03binary", "scan.pdf", sp.ReadReason.NOT_TABLE),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo", sp.ReadReason.NOT_TABLE),
        (
            "Наименование\r\nМузей\x01\x02\x03\x04\x05\x06\x07\x08".encode() * 3,
            "junk.csv",
            sp.ReadReason.NOT_TABLE,
        ),
        (_zip({"xl/workbook.xml": b"<broken"}), "half.xlsx", sp.ReadReason.BROKEN),
    ],
)
def test_foreign_and_broken_files(data: bytes, filename: str, reason: sp.ReadReason) -> None:
    error = _refusal(data, filename)
    assert error.reason is reason
    assert error.text() == words.READ_ERRORS[reason].format(limit="")


def test_refusal_words() -> None:
    assert (
        sp.ReadError(sp.ReadReason.OLD_XLS)
        .text()
        .startswith("Это файл старого формата Excel (.xls)")
    )
    assert (
        sp.ReadError(sp.ReadReason.NOT_TABLE).text()
        == "Это не таблица. Пришлите файл Excel (.xlsx) или CSV (.csv)."
    )
    for reason in sp.ReadReason:
        assert "{" not in sp.ReadError(reason).text()


def test_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_UNPACKED", 1_000_000)
    data = _with_part(_xlsx([["Наименование"], ["Музей"]]), "xl/media/zeros.bin", b"\0" * 2_000_000)
    assert len(data) < 30_000  # two megabytes of zeros pack into a few kilobytes
    assert _refusal(data, "bomb.xlsx").reason is sp.ReadReason.ZIP_BOMB


def test_entity_declarations_are_refused() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
        b'"&lol;&lol;&lol;&lol;">]><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
    )
    data = _with_part(_xlsx([["Наименование"], ["Музей"]]), "xl/sharedStrings.xml", evil)
    error = _refusal(data, "evil.xlsx")
    assert (error.reason, error.detail) == (sp.ReadReason.BROKEN, "DTD")


def test_no_name_column() -> None:
    table = sp.read_table("Телефон;E-mail\r\n89123456789;a@b.ru\r\n".encode(), "x.csv")
    columns = sp.recognise_columns(table.headers)
    with pytest.raises(sp.ReadError) as caught:
        sp.require_name(columns)
    assert caught.value.text().startswith("Не нашёл столбец с наименованием организации")
    sp.require_name(sp.recognise_columns(("Наименование",)))


# =========================================================================== columns


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Наименование", "name"),
        ("НАИМЕНОВАНИЕ ОРГАНИЗАЦИИ", "name"),
        ("Наименование организации-партнёра", "name"),
        ("Организация", "name"),
        ("Название", "name"),
        ("Полное наименование", "name"),
        ("Наименовние", "name"),  # a typo
        ("Партнер", "name"),
        ("Company", "name"),
        ("Контактное лицо", "contact_person"),
        ("Контактное лицо (ФИО)", "contact_person"),
        ("ФИО руководителя", "contact_person"),
        ("Контакты", "contacts"),
        ("Телефон", "phone"),
        ("Тел.", "phone"),
        ("Телефон (рабочий)", "phone"),
        ("Рабочий телефон", "phone"),
        ("Телфон", "phone"),
        ("Phone", "phone"),
        ("E-mail", "email"),
        ("e-mail:", "email"),
        ("Е-mail", "email"),  # a Cyrillic Е
        ("Email", "email"),
        ("Эл. почта", "email"),
        ("Электронная почта", "email"),
        ("Адрес электронной почты", "email"),
        ("Адрес", "address"),
        ("Юридический адрес", "address"),
        ("Категория", "category"),
        ("Категория партнёра", "category"),
        ("Тип организации", "category"),
        ("Статус", "status"),
        ("Направления", "directions"),
        ("Что предлагаем", "offer"),
        ("О чем просим", "ask"),  # е for ё
        ("Примечание", "note"),
        ("Ответственный", "responsible"),
    ],
)
def test_header_variants(header: str, field: str) -> None:
    columns = sp.recognise_columns(["№", header])
    assert dict(columns.fields) == {field: 1}, header


@pytest.mark.parametrize("header", ["№", "", "Сумма", "Дата рождения", "Строка", "Причина", "x"])
def test_headers_not_recognised(header: str) -> None:
    assert dict(sp.recognise_columns([header]).fields) == {}


def test_each_field_takes_its_best_column() -> None:
    columns = sp.recognise_columns(
        [
            "Организация",
            "Наименование",
            "Телефон рабочий",
            "Телефон",
            "Адрес",
            "Адрес электронной почты",
        ]
    )
    assert dict(columns.fields) == {"name": 0, "phone": 3, "address": 4, "email": 5}
    preview = dict(columns.preview())
    assert preview["Наименование"] == "не используется"  # the leftmost of equals wins
    assert preview["Телефон рабочий"] == "не используется"  # an exact header beats it
    assert preview["Телефон"] == "Телефон"


# =========================================================================== rows


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Бизнес", "business"),
        ("бизнес и работодатели", "business"),
        ("🏭 Бизнес, работодатели", "business"),
        ("НКО", "nonprofit"),
        ("Родители", "parents"),
        ("Выпускники и интересные люди", "graduates"),
        ("Органы государственной власти", "state"),
        ("institution", "institution"),
        ('ООО "Сибирь"', "business"),
        ("ИП Иванов И. И.", "business"),
        ("ПАО Сбербанк", "business"),
        ("Тюменский аккумуляторный завод", "business"),
        ("АНО «Центр волонтёров»", "nonprofit"),
        ("Тюменская региональная общественная организация «Дети»", "nonprofit"),
        ("МАУК «Городская библиотека»", "institution"),
        ("Тюменский драматический театр", "institution"),
        ("ГАУЗ ТО «Областная больница № 2»", "institution"),
        ("Тюменский государственный университет", "institution"),
        ("Департамент культуры Тюменской области", "state"),
        ("Управление МВД по Тюменской области", "state"),
        ("Администрация города Ишима", "municipal"),
        ("Комитет по делам молодёжи", "municipal"),
        ("Родительский комитет 5 «А» класса", "parents"),
        ("Выпускник 2010 года Сидоров", "graduates"),
        ("Органы власти", "state"),
        ("Органы местной власти", "municipal"),
        ("Образование", "institution"),
        ("Управление образования администрации г. Тюмени", "municipal"),
        ("Департамент образования и науки", "state"),
        ("Иванов Иван Иванович", None),
        ("", None),
    ],
)
def test_guess_category(text: str, category: str | None) -> None:
    assert sp.guess_category(text) == category


def _rows(
    rows: list[list[str]], headers: list[str] | None = None, **kwargs: Any
) -> tuple[list[sp.ImportRow], list[sp.Rejected]]:
    head = headers or [
        "Наименование",
        "Категория",
        "Телефон",
        "E-mail",
        "Контактное лицо",
        "Направления",
        "Статус",
    ]
    table = sp.Table(
        tuple(head),
        [tuple(r + [""] * (len(head) - len(r))) for r in rows],
        list(range(2, len(rows) + 2)),
    )
    return sp.check_rows(
        table, sp.recognise_columns(head), kwargs.pop("is_duplicate", never), **kwargs
    )


def test_rows_normalised_like_the_add_flow() -> None:
    good, rejected = _rows(
        [
            [
                "  Музей  истории ",
                "Культура",
                "8 (3452) 63-81-24 доб. 102",
                "Muzey@Mail.RU",
                "Иванова М. П.",
                "Профориентация; обучение педагогов",
                "Переговоры",
            ],
            [
                "Завод «Энергия»",
                "",
                "89123456789, 8 (3452) 11-22-33",
                "a@zavod.ru; b@zavod.ru",
                "-",
                "",
                "",
            ],
        ]
    )
    assert rejected == []
    museum, factory = good
    assert museum.name == "Музей истории"
    assert (museum.category, museum.category_guessed) == ("institution", False)
    assert museum.phone == "+73452638124;ext=102"
    assert museum.email == "Muzey@mail.ru"
    assert museum.directions == ("career", "training")
    assert museum.status == "negotiating"
    assert (factory.category, factory.category_guessed) == ("business", True)  # from the name
    assert factory.phone == "+79123456789" and factory.email == "a@zavod.ru"
    assert factory.contact_person is None  # «-» means nothing
    assert factory.status == "potential"
    assert factory.notes == ("Другие телефоны: +7 (3452) 11-22-33", "Другие e-mail: b@zavod.ru")


def test_contacts_column_is_split() -> None:
    good, rejected = _rows(
        [["Музей", "Иванова Мария Петровна, тел. 8 (3452) 63-81-24, muzey@mail.ru"]],
        headers=["Наименование", "Контакты"],
    )
    assert rejected == []
    assert (good[0].contact_person, good[0].phone, good[0].email) == (
        "Иванова Мария Петровна",
        "+73452638124",
        "muzey@mail.ru",
    )


def test_split_contacts() -> None:
    person, phones, emails = sp.split_contacts(
        "Петров П.П. +7 912 345-67-89; моб. 8-922-000-11-22 petrov@ya.ru"
    )
    assert person == "Петров П.П."
    assert phones == ["+79123456789", "+79220001122"]
    assert emails == ["petrov@ya.ru"]


@pytest.mark.parametrize(
    ("row", "reason", "text"),
    [
        (["", "Бизнес", "89123456789"], "no_name", "Нет наименования"),
        (["Я", "Бизнес"], "length", "«Наименование»: нужно от 2 до 200 символов, сейчас 1"),
        (["М" * 201, "Бизнес"], "length", "«Наименование»: нужно от 2 до 200 символов, сейчас 201"),
        (["Музей", "", "12-34"], "bad_phone", "Телефон не распознан: 12-34"),
        (["Музей", "", "", "muzey@"], "bad_email", "E-mail не распознан: muzey@"),
        (
            ["Музей", "", "", "", "И"],
            "length",
            "«Контактное лицо»: нужно от 2 до 200 символов, сейчас 1",
        ),
        (
            ["Музей", "", "", "", "", "Рыбалка"],
            "bad_direction",
            "Направление не распознано: Рыбалка",
        ),
        (
            ["Музей", "", "", "", "", "Профориентация, рыбалка"],
            "bad_direction",
            "Направление не распознано: Профориентация, рыбалка",
        ),
        (["Музей", "", "", "", "", "", "Лучший"], "bad_status", "Статус не распознан: Лучший"),
        (["Иванов Иван", ""], "no_category", "Не удалось определить категорию"),
        (["Иванов Иван", "Прочее"], "bad_category", "Категория не распознана: Прочее"),
    ],
)
def test_rejected_rows(row: list[str], reason: str, text: str) -> None:
    good, rejected = _rows([row])
    assert good == []
    assert [(r.line, r.reason.value, r.text()) for r in rejected] == [(2, reason, text)]
    assert rejected[0].cells[: len(row)] == tuple(row)


def test_category_asked_once_for_the_rest() -> None:
    rows = [["Иванов Иван"], ["Музей"], ["Петрова Ольга", "Прочее"]]
    head = ["Наименование", "Категория"]
    table = sp.Table(tuple(head), [tuple(r + [""] * (2 - len(r))) for r in rows], [2, 3, 4])
    columns = sp.recognise_columns(head)
    assert sp.unknown_categories(table, columns) == 2
    good, rejected = sp.check_rows(table, columns, never, default_category="graduates")
    assert rejected == []
    assert [(g.name, g.category, g.category_guessed) for g in good] == [
        ("Иванов Иван", "graduates", True),
        ("Музей", "institution", True),
        ("Петрова Ольга", "graduates", True),
    ]


def test_duplicates_in_the_file_and_in_the_database() -> None:
    known = {"краеведческий музей"}
    good, rejected = _rows(
        [
            ["Театр «Ёлка»", "Культура"],
            ["ТЕАТР  ЁЛКА", "Культура"],
            ["Краеведческий музей", "Культура"],
            ["М", "Культура"],  # refused for its length: does not claim a name
            ["м", "Культура"],
        ],
        is_duplicate=lambda name: sp.basic_key(name) in known,
    )
    assert [g.name for g in good] == ["Театр «Ёлка»"]
    assert [(r.line, r.reason.value, r.text()) for r in rejected] == [
        (3, "duplicate_file", "Повтор: этот партнёр уже есть в строке 2 файла"),
        (4, "duplicate_db", "Такой партнёр уже есть в базе"),
        (5, "length", "«Наименование»: нужно от 2 до 200 символов, сейчас 1"),
        (6, "length", "«Наименование»: нужно от 2 до 200 символов, сейчас 1"),
    ]


def test_a_key_function_from_the_service() -> None:
    def legal_forms_dropped(name: str) -> str:
        return sp.basic_key(name).removeprefix("ооо ").strip()

    good, rejected = _rows(
        [['ООО "Сибирь"', "Бизнес"], ["Сибирь", "Бизнес"]], key=legal_forms_dropped
    )
    assert len(good) == 1 and rejected[0].reason is sp.RejectReason.DUPLICATE_FILE


def test_free_text_source_is_kept_as_a_note() -> None:
    good, _ = _rows(
        [["Музей", "Культура", "Рядом, на территории"], ["Театр", "Культура", "от Марии"]],
        headers=["Наименование", "Категория", "Откуда узнали"],
    )
    assert good[0].source == "nearby" and good[0].notes == ()
    assert good[1].source == "other" and good[1].notes == ("Откуда узнали: от Марии",)


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    _rows(
        [[f"Партнёр {i}", "Бизнес"] for i in range(1_200)],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(500, 1_200), (1_000, 1_200), (1_200, 1_200)]


def test_rejected_file() -> None:
    _, rejected = _rows([["Музей", "", "12-34"], ["", "Бизнес", "89123456789"]])
    headers = [
        "Наименование",
        "Категория",
        "Телефон",
        "E-mail",
        "Контактное лицо",
        "Направления",
        "Статус",
    ]
    book = load_workbook(io.BytesIO(sp.rejected_file(rejected, headers)))
    ws = book.active
    assert ws is not None and ws.title == "Не загружены"
    assert [c.value for c in ws[1]] == ["Строка", "Причина", *headers]
    assert [c.value for c in ws[2]][:5] == [
        2,
        "Телефон не распознан: 12-34",
        "Музей",
        None,
        "12-34",
    ]
    assert [c.value for c in ws[3]][:3] == [3, "Нет наименования", None]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:I3"
    # fixed and sent again, the two added columns are ignored
    table = sp.read_table(sp.rejected_file(rejected, headers), "fixed.xlsx")
    assert sp.recognise_columns(table.headers).fields["name"] == 2
    assert "Строка" not in dict(sp.recognise_columns(table.headers).preview()).values()


def test_a_big_import_round_trip() -> None:
    partners = [
        sp.PartnerExport(
            f"Организация-партнёр № {i}",
            "business",
            "potential",
            phone=f"+7912{i:07d}",
            email=f"org{i}@example.ru",
        )
        for i in range(2_000)
    ]
    data = sp.export_xlsx(partners, tz="UTC")
    table = sp.read_table(data, "export.xlsx")
    assert len(table.rows) == 2_000
    good, rejected = sp.check_rows(table, sp.recognise_columns(table.headers), never)
    assert len(good) == 2_000 and rejected == []
    assert good[-1].phone == "+79120001999"


def test_rows_word() -> None:
    assert [words.rows_word(n) for n in (1, 3, 5, 11, 21, 104)] == [
        "1 строка",
        "3 строки",
        "5 строк",
        "11 строк",
        "21 строка",
        "104 строки",
    ]


def test_contact_labels_are_not_the_persons_name() -> None:
    person, phones, emails = sp.split_contacts(
        "Сидорова Ольга; Тел.: 8 (3452) 63-81-24; E-mail: olga@mail.ru"
    )
    assert (person, phones, emails) == ("Сидорова Ольга", ["+73452638124"], ["olga@mail.ru"])


def test_excel_sep_hint_line() -> None:
    text = "sep=,\r\nНаименование,Адрес\r\nМузей,ул. Мира; д. 1\r\n"
    table = sp.read_table(text.encode(), "x.csv")
    assert table.headers == ("Наименование", "Адрес")
    assert (table.rows, table.lines) == ([("Музей", "ул. Мира; д. 1")], [2])
