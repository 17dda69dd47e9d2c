"""/export and the import of partners through the bot: the files read back with openpyxl and
csv, the preview of the mapping and first rows, the category asked once, rows checked like
the add flow, one transaction (nothing written when it fails), the rejected rows sent back
with their reasons, progress on a large file, broken and foreign files refused, who
exported and imported recorded; a spreadsheet sent outside any flow starts the import."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from bot.app import App
from bot.local_api import LocalUser, Sent
from bot.services import partners as partners_service
from storage import programs as programs_db
from storage.models import (
    AuditEntry,
    Partner,
    PartnerDirection,
    PartnerNote,
    PartnerStatusChange,
    partner_programs,
)
from tests.conftest import onboard
from tests.results_helpers import agreement, member_of, partner

Uploads = dict[str, bytes]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def send_file(user: LocalUser, uploads: Uploads, name: str, data: bytes) -> list[Sent]:
    file_id = f"f{len(uploads) + 1}"
    uploads[file_id] = data
    return await user.send_document(file_id, name)


async def partners_of(app: App, telegram_id: int = 1) -> list[Partner]:
    member = await member_of(app, telegram_id)
    async with app.sessionmaker() as session:
        found = await session.execute(
            select(Partner)
            .where(Partner.organisation_id == member.organisation_id)
            .order_by(Partner.id)
        )
        return list(found.scalars())


async def count(app: App, model: Any) -> int:
    async with app.sessionmaker() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


def documents(replies: list[Sent]) -> dict[str, bytes]:
    return {r.file_name or "": r.file_data or b"" for r in replies if r.method == "sendDocument"}


TEACHERS_TABLE = [
    ["Список социальных партнёров ДДТ"],  # a title above the header
    [],
    ["№", "Наименование организации", "Тип", "ФИО контактного лица", "Тел.", "Эл. почта",
     "Адрес", "Направления", "Примечание"],
    [1, "МАУК «Краеведческий музей»", "Культура", "Иванова Мария Петровна",
     "8 (3452) 63-81-24", "Muzey@Mail.ru", "ул. Республики, 1",
     "Профориентация; мероприятия, наставничество", "Давно дружим"],
    [2, "ООО «Ромашка»", "", "Петров П. П.", "89123456789", "", "", "", ""],
    [3, "Совет ветеранов", "", "", "", "", "", "", ""],
    [4, "Библиотека им. Пушкина", "Культура", "", "12-34", "", "", "", ""],
    [5, "Краеведческий музей", "", "", "", "", "", "", "тот же музей"],
]  # fmt: skip


async def test_import_preview_category_asked_once_and_rejected_rows(
    app: App, user: LocalUser, uploads: Uploads
) -> None:
    await onboard(user)
    await partner(app, "Школа № 5")
    replies = await user.send("/import")
    assert (
        "Пришлите файл Excel (.xlsx) или CSV (.csv) — до 5 МБ и 10\u00a0000 строк"
        in replies[-1].plain
    )
    replies = await user.send("вот")
    assert "Жду файл .xlsx или .csv" in replies[-1].plain
    replies = await send_file(user, uploads, "Партнёры.xlsx", xlsx(TEACHERS_TABLE))
    text = replies[-1].plain
    assert "строк с данными — 5" in text
    assert "В 1 из них не понял категорию" in text and "«Совет ветеранов»" in text
    assert "Какую категорию им дать?" in text
    replies = await user.send("НКО")
    assert "Выберите вариант кнопкой" in replies[-1].plain
    replies = await user.tap("НКО")
    preview = replies[-1].plain
    assert "Партнёры.xlsx · лист «Sheet»" in preview
    assert "• Наименование организации → Наименование" in preview
    assert "• Тип → Категория" in preview
    assert "• Тел. → Телефон" in preview
    assert "• № → не используется" in preview
    assert "1. МАУК «Краеведческий музей» · Культура · Иванова Мария Петровна" in preview
    assert "Без категории в таблице: «Некоммерческие организации»" in preview
    assert "Строк с данными: 5. Загружу: 3." in preview
    assert "Не загружу: 2 — телефон не распознан — 1, повтор в файле — 1" in preview
    assert await count(app, Partner) == 1  # nothing written yet
    replies = await user.send("да")
    assert "Выберите вариант кнопкой" in replies[-1].plain
    replies = await user.tap("Загрузить: 3")
    assert "Загружено партнёров: 3" in replies[-2].plain
    assert "Не загружено строк: 2" in replies[-2].plain
    rejected = documents(replies)["Не загруженные строки.xlsx"]
    ws = load_workbook(io.BytesIO(rejected)).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Строка", "Причина", "№", "Наименование организации")
    assert rows[1][:2] == (7, "Телефон не распознан: 12-34")
    assert rows[2][:2] == (8, "Повтор: этот партнёр уже есть в строке 4 файла")

    _, museum, factory, veterans = await partners_of(app)
    assert (museum.name, museum.category, museum.phone, museum.email) == (
        "МАУК «Краеведческий музей»",
        "institution",
        "+73452638124",
        "Muzey@mail.ru",  # the domain lower-cased, the mailbox as written
    )
    assert (museum.contact_person, museum.address) == (
        "Иванова Мария Петровна",
        "ул. Республики, 1",
    )
    assert (factory.category, factory.phone, factory.status) == (
        "business",
        "+79123456789",
        "potential",
    )
    assert veterans.category == "nonprofit"
    async with app.sessionmaker() as session:
        dirs = await session.execute(
            select(PartnerDirection.direction).where(PartnerDirection.partner_id == museum.id)
        )
        assert sorted(dirs.scalars()) == ["career", "events"]
        notes = await session.execute(
            select(PartnerNote.text).where(PartnerNote.partner_id == museum.id)
        )
        assert list(notes.scalars()) == ["Давно дружим"]
        changes = await session.execute(
            select(PartnerStatusChange.old_status, PartnerStatusChange.new_status).where(
                PartnerStatusChange.partner_id == factory.id
            )
        )
        assert changes.all() == [(None, "potential")]
        [entry] = (await session.execute(select(AuditEntry))).scalars().all()
    member = await member_of(app)
    assert (entry.action, entry.member_id, entry.detail) == ("import", member.id, "Партнёры.xlsx")
    assert (entry.rows, entry.imported, entry.rejected) == (5, 3, 2)
    assert (entry.at, museum.created_at) == (app.clock.now(), app.clock.now())
    # the new partners are found by the duplicate check of the add flow
    async with app.sessionmaker() as session:
        similar = await partners_service.find_similar(
            session, member.organisation_id, "Краеведческий музей"
        )
    assert [s.id for s in similar] == [museum.id]


async def test_rows_without_a_category_may_be_left_out(
    app: App, user: LocalUser, uploads: Uploads
) -> None:
    await onboard(user)
    table = [
        ["Название", "Телефон"],
        ["Совет ветеранов", ""],
        ["Музей истории", "+7 912 000-00-01"],
    ]
    await send_file(user, uploads, "list.xlsx", xlsx(table))
    replies = await user.tap("Не загружать эти строки")
    assert "Загружу: 1." in replies[-1].plain
    assert "не определена категория — 1" in replies[-1].plain
    await user.tap("Загрузить: 1")
    [museum] = await partners_of(app)
    assert (museum.name, museum.category) == ("Музей истории", "institution")


async def test_statuses_offers_responsible_and_programmes_from_the_file(
    app: App, user: LocalUser, uploads: Uploads
) -> None:
    await onboard(user)
    member = await member_of(app)
    async with app.sessionmaker() as session:
        await programs_db.insert_program(
            session,
            organisation_id=member.organisation_id,
            name="Юный краевед",
            now=app.clock.now(),
            focus_area="tourism",
        )
        await session.commit()
    table = [
        ["Наименование", "Категория", "Статус", "Что предлагаем", "О чём просим", "Ответственный",
         "Программы", "Откуда узнали"],
        ["Театр кукол", "Культура", "Активный партнёр", "", "", "Анна Петрова",
         "Юный краевед; Робототехника", "Рядом, на территории"],
        ["Завод", "Бизнес", "", "Экскурсия", "Станки", "Сидоров С. С.", "", "от Марии Ивановны"],
    ]  # fmt: skip
    await send_file(user, uploads, "t.csv".replace("csv", "xlsx"), xlsx(table))
    await user.tap("Загрузить: 2")
    theatre, factory = await partners_of(app)
    assert (theatre.status, theatre.responsible_id, theatre.source) == (
        "active",
        member.id,
        "nearby",
    )
    assert (factory.status, factory.source) == ("offer_ready", "other")
    async with app.sessionmaker() as session:
        changes = await session.execute(
            select(PartnerStatusChange.old_status, PartnerStatusChange.new_status)
            .where(PartnerStatusChange.partner_id == theatre.id)
            .order_by(PartnerStatusChange.id)
        )
        assert changes.all() == [(None, "potential"), ("potential", "active")]
        linked = await session.execute(
            select(func.count())
            .select_from(partner_programs)
            .where(partner_programs.c.partner_id == theatre.id)
        )
        assert linked.scalar_one() == 1
        notes = await session.execute(
            select(PartnerNote.partner_id, PartnerNote.text).order_by(PartnerNote.id)
        )
        assert notes.all() == [
            (theatre.id, "Программы из таблицы: Робототехника"),
            (factory.id, "Откуда узнали: от Марии Ивановны"),
            (factory.id, "Ответственный по таблице: Сидоров С. С."),
        ]


@pytest.mark.parametrize(
    ("name", "data", "answer"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "старого формата Excel"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "Файл повреждён"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)), "Это не таблица"),
        ("empty.csv", b"   \r\n", "В файле нет строк с данными"),
        ("nonames.csv", "Телефон;Адрес\r\n8912;Тюмень\r\n".encode(), "Не нашёл столбец"),
    ],
)  # fmt: skip
async def test_broken_and_foreign_files_change_nothing(
    app: App, user: LocalUser, uploads: Uploads, name: str, data: bytes, answer: str
) -> None:
    await onboard(user)
    replies = await send_file(user, uploads, name, data)
    assert answer in replies[-1].plain
    assert "Ничего не загружено" in replies[-1].plain
    assert await count(app, Partner) == 0 and await count(app, AuditEntry) == 0
    # the next file is awaited
    replies = await send_file(user, uploads, "ok.csv", "Наименование\r\nМузей\r\n".encode())
    assert "Загружу: 1." in replies[-1].plain


async def test_a_too_big_file_is_refused_before_downloading(
    app: App, user: LocalUser, uploads: Uploads
) -> None:
    from aiogram.types import Document

    await onboard(user)
    big = Document(file_id="big", file_unique_id="big", file_name="big.xlsx", file_size=6 << 20)
    replies = await user.send_message(document=big)
    assert "Файл больше 5 МБ" in replies[-1].plain
    assert "big" not in uploads


async def test_other_documents_outside_a_flow_are_not_imports(
    app: App, user: LocalUser, uploads: Uploads
) -> None:
    await onboard(user)
    replies = await send_file(user, uploads, "письмо.docx", b"PK")
    assert "Я не понял это сообщение" in replies[-1].plain
    assert await count(app, AuditEntry) == 0


async def test_a_large_file_shows_progress_and_one_failure_writes_nothing(
    app: App, user: LocalUser, uploads: Uploads, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(user)
    rows: list[list[Any]] = [["Наименование", "Категория", "Телефон"]]
    rows += [[f"Организация № {i}", "Бизнес", f"+7912{i:07d}"] for i in range(1, 1201)]
    data = xlsx(rows)
    replies = await send_file(user, uploads, "big.xlsx", data)
    assert "Загружу: 1200." in replies[-1].plain

    # a failure in the second chunk: the first one is not kept either
    from storage import transfer as transfer_db

    real = transfer_db.insert_links
    calls = {"n": 0}

    async def failing(session: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        await real(session, **kwargs)

    monkeypatch.setattr(transfer_db, "insert_links", failing)
    replies = await user.tap("Загрузить: 1200")
    assert "что-то пошло не так" in replies[-1].plain
    assert await count(app, Partner) == 0 and await count(app, PartnerStatusChange) == 0
    assert await count(app, AuditEntry) == 0
    monkeypatch.setattr(transfer_db, "insert_links", real)

    # sent again: a progress message shows how far it has gone
    await send_file(user, uploads, "big.xlsx", data)
    replies = await user.tap("Загрузить: 1200")
    progress = [
        r
        for r in app.bot.session.sent
        if r.method == "editMessageText" and "из 1200" in (r.text or "")
    ]  # type: ignore[attr-defined]
    assert progress and "Записываю партнёров: 1200 из 1200" in progress[-1].plain
    assert "Загружено партнёров: 1200" in replies[-1].plain
    assert await count(app, Partner) == 1200
    assert await count(app, PartnerStatusChange) == 1200


async def test_export_reads_back_and_is_recorded(app: App, user: LocalUser) -> None:
    await onboard(user)
    member = await member_of(app)
    museum = await partner(
        app,
        "МАУК «Краеведческий музей»",
        contact_person="Иванова Мария Петровна",
        phone="+73452638124",
        email="muzey@mail.ru",
        offer="Концерт",
        ask="Экскурсии",
        directions=("career",),
    )
    await partner(app, "ООО «Ромашка»", "business")
    await agreement(app, museum, signed_on=date(2026, 1, 15), valid_until=None, number="12")
    replies = await user.send("/export")
    files = documents(replies)
    assert set(files) == {"Партнёры 26.11.2026.xlsx", "Партнёры 26.11.2026.csv"}
    assert "База партнёров выгружена" in replies[-1].plain
    assert "Партнёров: 2, встреч: 0, договоров: 1" in replies[-1].plain
    book = load_workbook(io.BytesIO(files["Партнёры 26.11.2026.xlsx"]))
    assert book.sheetnames == ["Партнёры", "Встречи", "Договоры"]
    sheet = book["Партнёры"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["Наименование"] == "МАУК «Краеведческий музей»"
    assert first["Статус"] == "Предложение готово"
    assert first["Телефон"] == "+7 (3452) 63-81-24" or "63-81-24" in str(first["Телефон"])
    assert first["Направления взаимодействия"] == "Профориентация"
    assert first["Ответственный"] == "Анна Петрова"
    assert first["Договор №"] == "12" and first["Договор действует до"] == "бессрочный"
    raw = files["Партнёры 26.11.2026.csv"]
    assert raw.startswith(codecs.BOM_UTF8)
    lines = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    assert lines[0][0] == "Наименование" and len(lines) == 3
    replies = await user.tap("CSV встреч и договоров")
    assert set(documents(replies)) == {"Встречи 26.11.2026.csv", "Договоры 26.11.2026.csv"}
    async with app.sessionmaker() as session:
        entries = (
            (await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars().all()
        )
    assert [(e.action, e.member_id, e.rows) for e in entries] == [
        ("export", member.id, 2),
        ("export", member.id, 2),
    ]


async def test_export_round_trips_through_import(
    app: App, user: LocalUser, uploads: Uploads, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    await partner(
        app,
        "МАУК «Краеведческий музей»",
        contact_person="Иванова Мария Петровна",
        phone="+73452638124;ext=102",
        email="muzey@mail.ru",
        address="ул. Республики, 1",
        offer="Концерт",
        ask="Экскурсии",
        directions=("career", "events"),
        source="nearby",
    )
    await partner(app, "ООО «Ромашка»", "business", phone="+79123456789")
    files = documents(await user.send("/export"))
    exported = files["Партнёры 26.11.2026.xlsx"]
    # into the same database: every row is known, nothing is doubled
    replies = await send_file(user, uploads, "Партнёры 26.11.2026.xlsx", exported)
    assert "загружать нечего" in replies[-2].plain
    assert len(await partners_of(app)) == 2
    # into another organisation: the same partners, field by field
    other = make_user(user_id=2, first_name="Олег", last_name="Иванов")
    await onboard(other, org_name="ЦДТ «Радуга»", full_name="Олег Иванов")
    uploads["x"] = files["Партнёры 26.11.2026.csv"]
    replies = await other.send_document("x", "Партнёры.csv")
    assert "Загружу: 2." in replies[-1].plain
    assert "(не загружается)" in replies[-1].plain  # the agreement's columns, the dates
    await other.tap("Загрузить: 2")
    mine = await partners_of(app)
    theirs = await partners_of(app, telegram_id=2)
    fields = ("name", "category", "status", "contact_person", "phone", "email", "address",
              "offer", "ask", "source")  # fmt: skip
    assert [[getattr(p, f) for f in fields] for p in theirs] == [
        [getattr(p, f) for f in fields] for p in mine
    ]
