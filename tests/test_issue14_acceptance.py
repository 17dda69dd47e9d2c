"""Issue 14, done when: «a teacher imports a spreadsheet of 30 partners with the usual Russian
headers (two rows rejected with reasons, one duplicate caught), records a prize won at a
regional contest with a partner, asks /report for this quarter and gets a .docx with charts
and an .xlsx that open cleanly (checked by reading them back with python-docx and openpyxl),
and /export gives an .xlsx that round-trips through /import without duplicates.»

The two rejected rows: a telephone that is not one, and an organisation already in the
teacher's database (the duplicate caught)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from docx import Document
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from bot.app import App
from bot.local_api import LocalUser, Sent
from storage.models import AuditEntry, Partner, PartnershipResult, ResultPartner
from tests.conftest import onboard
from tests.results_helpers import partner

HEADERS = ["№ п/п", "Наименование организации", "Категория", "Контактное лицо", "Телефон",
           "E-mail", "Адрес", "Примечание"]  # fmt: skip
ROWS = [
    ("МАУК «Краеведческий музей»", "Культура", "Иванова Мария Петровна", "8 (3452) 46-11-23"),
    ("АО «Тюменский аккумуляторный завод»", "Бизнес", "Сидоров Олег", "+7 (3452) 28-30-00"),
    ("Городская библиотека № 5", "Культура", "Петрова Анна", "8-912-000-00-05"),
    ("ООО «Сибирский хлеб»", "Бизнес", "Кузнецов Иван", "12-34"),  # not a telephone
    ("Тюменский драматический театр", "Культура", "", "8 (3452) 40-90-35"),
    ("Администрация Калининского округа", "Местное самоуправление", "Орлова Н. В.", ""),
    ("Департамент образования и науки Тюменской области", "Органы власти", "", ""),
    ("ТРОО «Союз добровольцев»", "НКО", "Морозов Д.", "89220000008"),
    ("Родительский комитет 3 «Б»", "Родители", "Смирнова Е.", ""),
    ("Выпускник Николай Ветров", "Выпускники", "Ветров Николай", "89220000010"),
    ("ТИУ", "Наука", "Козлов А. А.", "8 (3452) 28-36-60"),
    ("Колледж цифровых технологий", "Образование", "", ""),
    ("ПАО «Сбербанк», Тюменское отделение", "Бизнес", "", "8 800 555-55-50"),
    ("Зоопарк «Тюменский»", "Культура", "", ""),
    ("Станция юных натуралистов", "Образование", "", ""),
    ("Пожарно-спасательная часть № 3", "Органы власти", "", "8 (3452) 39-01-01"),
    ("ООО «Агрофирма Подгорная»", "Бизнес", "", ""),
    ("Музей истории дома XIX–XX вв.", "Культура", "", ""),
    ("Фонд «Дети Тюмени»", "НКО", "", ""),
    ("Тюменская филармония", "Культура", "", ""),
    ("Детская поликлиника № 1", "Здравоохранение", "", ""),
    ("Совет ветеранов Ленинского округа", "НКО", "", ""),
    ("Типография «Эпицентр»", "Бизнес", "", ""),
    ("Спортивная школа олимпийского резерва", "Спорт", "", ""),
    ("Кванториум «Тюмень»", "Образование", "", ""),
    ("Почётный гражданин Тюмени Иванов И. И.", "Выпускники", "", ""),
    ("Семья Пахомовых", "Родители", "", ""),
    ("Городская дума", "Местное самоуправление", "", ""),
    ("ООО «IT-Парк»", "Бизнес", "", ""),
    ("Планетарий «Звёздный»", "Культура", "", ""),
]


def teachers_table() -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Партнёры"
    ws.append(HEADERS)
    for number, (name, category, person, phone) in enumerate(ROWS, start=1):
        email = f"info{number}@example.ru" if number % 3 == 0 else ""
        ws.append([number, name, category, person, phone, email, "г. Тюмень", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sent_files(replies: list[Sent]) -> dict[str, bytes]:
    return {r.file_name or "": r.file_data or b"" for r in replies if r.method == "sendDocument"}


async def count(app: App, model: Any) -> int:
    async with app.sessionmaker() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_issue_14_done_when(app: App, user: LocalUser, uploads: dict[str, bytes]) -> None:
    await onboard(user)
    # added by hand in September
    museum = await partner(app, "Краеведческий музей", now=datetime(2026, 9, 15, 5, tzinfo=UTC))

    # 1. the spreadsheet of 30 partners
    uploads["table"] = teachers_table()
    replies = await user.send_document("table", "Социальные партнёры.xlsx")
    preview = replies[-1].plain
    assert "• Наименование организации → Наименование" in preview
    assert "• Контактное лицо → Контактное лицо" in preview
    assert "1. МАУК «Краеведческий музей» · Культура · Иванова Мария Петровна" in preview
    assert "Строк с данными: 30. Загружу: 28." in preview
    assert "Не загружу: 2 — уже есть в базе — 1, телефон не распознан — 1" in preview
    replies = await user.tap("Загрузить: 28")
    assert "Загружено партнёров: 28" in replies[-2].plain
    assert "Не загружено строк: 2" in replies[-2].plain
    book = load_workbook(io.BytesIO(sent_files(replies)["Не загруженные строки.xlsx"]))
    ws = book.active
    assert ws is not None
    rejected = [row[:4] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert rejected == [
        (2, "Такой партнёр уже есть в базе", "1", "МАУК «Краеведческий музей»"),
        (5, "Телефон не распознан: 12-34", "4", "ООО «Сибирский хлеб»"),
    ]
    assert await count(app, Partner) == 29
    async with app.sessionmaker() as session:
        categories = dict(
            (
                await session.execute(
                    select(Partner.category, func.count()).group_by(Partner.category)
                )
            ).all()
        )
    assert categories == {
        "business": 5, "institution": 13, "municipal": 2, "nonprofit": 3, "parents": 2,
        "graduates": 2, "state": 2,
    }  # fmt: skip

    # 2. a prize won at a regional contest with a partner
    await user.send("/results")
    await user.tap("Записать результат")
    await user.tap("Призовое место")
    await user.send("Конкурс «Юные техники Тюмени»")
    await user.tap("Региональный")
    await user.send("1 место")
    await user.send("4")
    await user.tap("Сегодня")
    replies = await user.send("аккумулятор")
    assert replies[-1].buttons[0] == "АО «Тюменский аккумуляторный завод»"
    await user.tap("аккумуляторный")
    await user.tap("Готово")
    replies = await user.send("⏭ Пропустить")
    assert "Результат записан" in replies[0].plain
    async with app.sessionmaker() as session:
        result = (await session.execute(select(PartnershipResult))).scalar_one()
        linked = (await session.execute(select(ResultPartner.partner_id))).scalar_one()
        factory = (
            await session.execute(select(Partner).where(Partner.name.contains("аккумулятор")))
        ).scalar_one()
    assert (result.kind, result.values["level"], linked) == ("prize", "regional", factory.id)

    # 3. the report for this quarter
    await user.send("/report")
    replies = await user.tap("Этот квартал")
    files = sent_files(replies)
    chart = files["Отчёт о партнёрстве IV квартал 2026 г.png"]
    assert chart.startswith(b"\x89PNG")
    document = Document(io.BytesIO(files["Отчёт о партнёрстве IV квартал 2026 г.docx"]))
    assert document.paragraphs[0].text == "МАУ ДО «Дом детского творчества»"
    assert len(document.inline_shapes) == 1  # the charts, on the page
    image = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert document.part.related_parts[image].blob.startswith(b"\x89PNG")
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    total = [cell.text for cell in tables["Категория"].rows[-1].cells]
    assert total == ["Всего", "1", "29", "+28"]
    results = [[cell.text for cell in row.cells] for row in tables["Дата"].rows]
    assert results[1][1:] == [
        "Призовое место",
        "Конкурс «Юные техники Тюмени» — региональный уровень, 1 место, 4 ребёнка",
        "АО «Тюменский аккумуляторный завод»",
    ]
    workbook = load_workbook(io.BytesIO(files["Отчёт о партнёрстве IV квартал 2026 г.xlsx"]))
    summary = {r[0]: r[1] for r in workbook["Сводка"].iter_rows(min_row=2, values_only=True)}
    assert (summary["Новых партнёров"], summary["Результатов партнёрства"]) == (28, 1)
    [prize] = list(workbook["Результаты"].iter_rows(min_row=2, values_only=True))
    assert prize[1:] == (
        "Призовое место",
        "Конкурс «Юные техники Тюмени» — региональный уровень, 1 место, 4 ребёнка",
        "АО «Тюменский аккумуляторный завод»",
    )

    # 4. /export, sent back to /import: nothing doubled
    replies = await user.send("/export")
    exported = sent_files(replies)["Партнёры 26.11.2026.xlsx"]
    partners_sheet = load_workbook(io.BytesIO(exported))["Партнёры"]
    assert partners_sheet.max_row == 30  # the header and 29 partners
    await user.send("/import")
    uploads["export"] = exported
    replies = await user.send_document("export", "Партнёры 26.11.2026.xlsx")
    assert "загружать нечего: все 29 строк не прошли проверку" in replies[-2].plain
    back = load_workbook(io.BytesIO(sent_files(replies)["Не загруженные строки.xlsx"])).active
    assert back is not None
    reasons = {row[1] for row in back.iter_rows(min_row=2, values_only=True)}
    assert reasons == {"Такой партнёр уже есть в базе"}
    assert await count(app, Partner) == 29
    async with app.sessionmaker() as session:
        actions = (await session.execute(select(AuditEntry.action).order_by(AuditEntry.id))).all()
    assert [a for (a,) in actions] == ["import", "report", "export"]
    assert museum
