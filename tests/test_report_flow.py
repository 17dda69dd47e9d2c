"""/report: the director asks for this quarter (or two typed dates) and gets the chart in the
chat, a .docx and an .xlsx that open cleanly (read back with python-docx and openpyxl), with
the figures of the organisation's history: statuses at the period's start and end from the
status changes, meetings held and their outcomes, agreements signed, prolonged and ending
soon, joint events, results, the pipeline and the method's stages."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import App
from bot.domain.periods import Period, PeriodKind
from bot.local_api import LocalUser, Sent
from bot.services import report as service
from bot.services import results as results_service
from storage import partners as partners_db
from storage import report as db
from storage.enums import PartnerCategory, PartnerStatus
from storage.models import Agreement, AuditEntry, Meeting, Partner
from storage.orgs import get_member_info
from tests.conftest import onboard
from tests.results_helpers import agreement, event, member_of, partner
from texts import method

TZ = 5  # Tyumen


def local(year: int, month: int, day: int, hour: int = 12) -> datetime:
    """A moment given in Tyumen's local time, as aware UTC."""
    return datetime(year, month, day, hour, tzinfo=UTC) - timedelta(hours=TZ)


async def _status(app: App, partner_id: int, status: PartnerStatus, at: datetime) -> None:
    async with app.sessionmaker() as session:
        row = await session.get(Partner, partner_id)
        assert row is not None
        await partners_db.change_status(session, row, status, member_id=None, now=at)
        await session.commit()


async def _archive(app: App, partner_id: int, at: datetime) -> None:
    async with app.sessionmaker() as session:
        row = await session.get(Partner, partner_id)
        assert row is not None
        await partners_db.set_archived(session, row, True, now=at)
        await session.commit()


async def _meeting(
    app: App,
    partner_id: int,
    at: datetime,
    status: str,
    outcome: str | None = None,
    fmt: str = "visit",
) -> None:
    member = await member_of(app)
    async with app.sessionmaker() as session:
        session.add(
            Meeting(
                organisation_id=member.organisation_id,
                partner_id=partner_id,
                member_id=member.id,
                starts_at=at,
                timezone="Asia/Yekaterinburg",
                format=fmt,
                status=status,
                outcome=outcome,
            )
        )
        await session.commit()


async def _result(
    app: App, kind: str, day: date, values: dict[str, Any], partners: list[int]
) -> None:
    member = await member_of(app)
    async with app.sessionmaker() as session:
        info = await get_member_info(session, member.telegram_id)
        assert info is not None
        draft = results_service.ResultDraft(kind, day, values, partners)
        await results_service.record_result(session, info, draft, now=app.clock.now())


async def history(app: App) -> dict[str, int]:
    """A quarter of work (IV 2026, seen until 26.11.2026) and some before it."""
    museum = await partner(app, "Краеведческий музей", now=local(2026, 9, 1))
    await _status(app, museum, PartnerStatus.OFFER_READY, local(2026, 9, 5))
    await _status(app, museum, PartnerStatus.NEGOTIATING, local(2026, 10, 10))
    await _status(app, museum, PartnerStatus.AGREEMENT_SIGNED, local(2026, 10, 15))
    await _status(app, museum, PartnerStatus.ACTIVE, local(2026, 11, 1))
    factory = await partner(app, "ООО «Тюменский завод»", "business", now=local(2026, 10, 5))
    library = await partner(app, "Библиотека", now=local(2026, 8, 1))
    await _archive(app, library, local(2026, 10, 20))
    parents = await partner(app, "Родительский комитет", "parents", now=local(2026, 9, 10))
    await _status(app, parents, PartnerStatus.DECLINED, local(2026, 10, 12))
    # this morning: the last seen day counts
    late = await partner(app, "Театр", now=local(2026, 11, 26, 8))
    await _status(app, late, PartnerStatus.ACTIVE, local(2026, 11, 26, 9))

    await _meeting(app, museum, local(2026, 9, 20), "done", "agreed")  # before the quarter
    await _meeting(app, museum, local(2026, 10, 10, 11), "done", "agreed")
    await _meeting(app, parents, local(2026, 10, 12), "done", "declined", "host")
    await _meeting(app, factory, local(2026, 11, 25), "planned")  # held, no outcome yet
    await _meeting(app, factory, local(2026, 11, 1), "cancelled")
    await _meeting(app, museum, local(2026, 12, 5), "planned")

    await agreement(
        app, museum, signed_on=date(2026, 10, 15), valid_until=date(2027, 10, 14), number="12"
    )
    await agreement(
        app, museum, signed_on=date(2025, 11, 1), valid_until=date(2026, 12, 10), number="5"
    )
    prolonged = await agreement(
        app, parents, signed_on=date(2025, 1, 10), valid_until=date(2027, 10, 31), number="3"
    )
    async with app.sessionmaker() as session:
        row = await session.get(Agreement, prolonged)
        assert row is not None
        row.prolong_count, row.previous_until = 1, date(2026, 10, 31)
        await session.commit()
    await agreement(app, factory, signed_on=None, valid_until=None, number=None, status="draft")

    await event(app, "Экскурсия на завод", date(2026, 10, 20), [factory, museum])
    await event(app, "Ёлка в музее", date(2026, 12, 10), [museum])
    await event(app, "Сентябрьская встреча", date(2026, 9, 15), [museum])

    prize = {"contest": "Юный техник", "level": "regional", "place": "1 место", "children": 3}
    await _result(app, "prize", date(2026, 10, 30), prize, [museum])
    await _result(
        app, "services", date(2026, 11, 2), {"service": "Эколог", "children": 12}, [factory]
    )
    await _result(app, "prize", date(2026, 9, 20), {"contest": "Старый", "level": "municipal"}, [])
    return {"museum": museum, "factory": factory, "library": library, "parents": parents}


def _docs(replies: list[Sent]) -> dict[str, bytes]:
    found = {}
    for r in replies:
        if r.method == "sendDocument" and r.file_name and r.file_data is not None:
            found[r.file_name.rsplit(".", 1)[-1]] = r.file_data
    return found


def _table(document: Any, first_header: str) -> list[list[str]]:
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == first_header:
            return rows
    raise LookupError(first_header)


async def test_this_quarter_as_docx_xlsx_and_chart(app: App, user: LocalUser) -> None:
    await onboard(user)
    await history(app)
    replies = await user.send("/report")
    assert "Отчёт для директора" in replies[-1].plain
    assert replies[-1].buttons == [
        "📅 Этот квартал",
        "⏮ Прошлый квартал",
        "🗓 Этот год",
        "🎒 Учебный год",
        "✏️ Свои даты",
    ]
    replies = await user.tap("Этот квартал")
    assert "Готовлю отчёт за IV квартал 2026 г." in replies[1].plain
    files = _docs(replies)
    assert set(files) == {"png", "docx", "xlsx"}
    names = [r.file_name for r in replies if r.method == "sendDocument"]
    assert names[1] == "Отчёт о партнёрстве IV квартал 2026 г.docx"
    done = replies[-1]
    assert done.method == "editMessageText"
    assert "Отчёт за IV квартал 2026 г. готов" in done.plain
    assert "Партнёров на конец периода: 4 (+1 за период)" in done.plain
    assert "Проведено встреч: 3" in done.plain
    assert "Заключено договоров: 1, продлено: 1" in done.plain
    assert done.plain.endswith("Период ещё не закончился: данные на 26 ноября 2026 г.")

    # the chart: a PNG for a phone's screen
    assert files["png"].startswith(b"\x89PNG")

    # the .docx: A4, the organisation's header, the figures
    document = Document(io.BytesIO(files["docx"]))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "МАУ ДО «Дом детского творчества»" and texts[1] == "г. Тюмень"
    assert "ЗА IV КВАРТАЛ 2026 Г." in " ".join(texts).upper()
    assert "Составитель: Анна Петрова" in texts
    assert "Новых партнёров за период: 2; перенесено в архив: 1." in texts
    categories = _table(document, "Категория")
    by_label = {row[0]: row[1:] for row in categories[1:]}
    assert by_label["Органы государственной власти"] == ["0", "0", "0"]
    assert by_label["Бизнес и работодатели"] == ["0", "1", "+1"]
    institutions = method.CATEGORY_LABELS[PartnerCategory.INSTITUTION]
    assert by_label[institutions] == ["2", "2", "0"]  # the library archived, the theatre came
    assert by_label["Родители"] == ["1", "1", "0"]
    assert categories[-1] == ["Всего", "3", "4", "+1"]
    statuses = {row[0]: row[1:] for row in _table(document, "Статус")[1:]}
    assert statuses["Потенциальный"] == ["2", "1", "−1"]
    assert statuses["Предложение готово"][:2] == ["1", "0"]
    assert statuses["Активный партнёр"] == ["0", "2", "+2"]
    assert statuses["Отказ"][:2] == ["0", "1"]
    assert "Проведено встреч: 3; отменено: 1; запланировано на будущее: 1." in texts
    outcomes = {row[0]: row[1] for row in _table(document, "Итог встречи")[1:]}
    assert outcomes["Договорились"] == "1" and outcomes["Итог не записан"] == "1"
    assert (
        "Заключено договоров: 1; продлено: 1; действуют на конец периода: 3; "
        "истекают в ближайшие 30 дней: 1." in texts
    )
    assert "Проведено и запланировано совместных мероприятий: 2." in texts
    results = _table(document, "Результат")
    assert results[-1] == ["Всего", "2"]
    pipeline = {row[0]: row[1:] for row in _table(document, "Этап")[1:]}
    assert pipeline["Потенциальный"] == ["5", "2"]
    assert pipeline["Переговоры"] == ["2", "1"]
    assert pipeline["Активный партнёр"] == ["2", "2"]
    assert any(p.text.startswith("III этап") or "III" in p.text for p in document.paragraphs)
    assert document.inline_shapes  # the chart

    # the .xlsx: every section's rows
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert book.sheetnames == [
        "Сводка", "Партнёры", "Встречи", "Договоры", "Мероприятия", "Результаты",
        "Воронка", "Методика",
    ]  # fmt: skip
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(min_row=2, values_only=True)}
    assert summary["Партнёров на начало периода"] == 3
    assert summary["Проведено встреч"] == 3
    assert summary["Договоров истекает в ближайшие 30 дней"] == 1
    assert summary["Совместных мероприятий"] == 2
    assert summary["Результатов партнёрства"] == 2
    assert summary["Начало периода"] == datetime(2026, 10, 1)
    agreements = list(book["Договоры"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[2]) for row in agreements] == [
        ("Заключён", "Краеведческий музей", "12"),
        ("Продлён", "Родительский комитет", "3"),
        ("Истекает", "Краеведческий музей", "5"),
    ]
    events = list(book["Мероприятия"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in events] == ["Экскурсия на завод", "Ёлка в музее"]
    assert events[0][3] == "Краеведческий музей, ООО «Тюменский завод»"
    results_rows = list(book["Результаты"].iter_rows(min_row=2, values_only=True))
    assert [row[3] for row in results_rows] == ["Краеведческий музей", "ООО «Тюменский завод»"]
    assert len(list(book["Методика"].iter_rows(min_row=2))) == 12

    # who asked, and when
    async with app.sessionmaker() as session:
        [entry] = (await session.execute(select(AuditEntry))).scalars().all()
    member = await member_of(app)
    assert (entry.action, entry.member_id, entry.at) == ("report", member.id, app.clock.now())
    assert entry.detail == "IV квартал 2026 г."


async def test_typed_dates(app: App, user: LocalUser) -> None:
    await onboard(user)
    await history(app)
    await user.send("/report")
    replies = await user.tap("Свои даты")
    assert "01.09.2026–31.12.2026" in replies[-1].plain
    replies = await user.send("31.12.2026–01.09.2026")
    assert "Начало периода позже его конца" in replies[-1].plain
    assert "За какой период?" in replies[-1].plain
    replies = await user.send("с 1 сентября по 31 октября 2026")
    done = replies[-1].plain
    assert "Отчёт за период с 01.09.2026 по 31.10.2026 готов" in done
    assert "Период ещё не закончился" not in done
    files = _docs(replies)
    book = load_workbook(io.BytesIO(files["xlsx"]))
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(min_row=2, values_only=True)}
    # on 1 September: the library only; by 31 October the museum, the committee and the
    # factory came, the library was archived
    assert (summary["Партнёров на начало периода"], summary["Партнёров на конец периода"]) == (
        1,
        3,
    )
    assert summary["Проведено встреч"] == 3  # 20.09, 10.10, 12.10
    assert summary["Результатов партнёрства"] == 2  # 20.09 and 30.10


async def test_statuses_at_a_moment_and_the_pipeline(app: App, user: LocalUser) -> None:
    await onboard(user)
    ids = await history(app)
    member = await member_of(app)
    org = member.organisation_id
    async with app.sessionmaker() as session:
        at = local(2026, 10, 13, 0)
        rows = await db.partners_at(session, org, at)
        assert sorted(rows) == [
            ("business", "potential", 1),
            ("institution", "negotiating", 1),
            ("institution", "potential", 1),  # the library, archived later
            ("parents", "declined", 1),
        ]
        reached, entered = await db.pipeline(session, org, local(2026, 10, 1, 0), at)
        assert reached == {
            "potential": 4, "offer_ready": 1, "meeting_planned": 1, "negotiating": 1,
            "agreement_signed": 0, "active": 0,
        }  # fmt: skip
        assert entered == {"potential": 1, "negotiating": 1}
        # a partner inserted without history counts with its current status
        await partners_db.bulk_insert(
            session,
            [
                {
                    "name": "Без истории",
                    "category": "state",
                    "status": "active",
                    "organisation_id": org,
                    "created_at": local(2026, 1, 1),
                    "updated_at": local(2026, 1, 1),
                    "status_changed_at": local(2026, 1, 1),
                }
            ],
        )
        assert ("state", "active", 1) in await db.partners_at(session, org, at)
        reached, _ = await db.pipeline(session, org, local(2026, 10, 1, 0), at)
        assert reached["active"] == 1 and reached["potential"] == 5
        await session.rollback()
    assert ids["library"]


async def test_report_of_an_empty_organisation(app: App, user: LocalUser) -> None:
    await onboard(user)
    replies = await user.send("/report")
    replies = await user.tap("Учебный год")
    files = _docs(replies)
    document = Document(io.BytesIO(files["docx"]))
    assert "Результатов пока не записано." in [p.text for p in document.paragraphs]
    assert "2026-2027 учебный год" in (replies[2].file_name or "")


async def test_only_members_get_reports(app: App, make_user: Any) -> None:
    stranger = make_user(user_id=5, first_name="Гость", last_name=None)
    for command in ("/report", "/export", "/results", "/import"):
        replies = await stranger.send(command)
        assert all(r.method == "sendMessage" for r in replies)
        assert "/start" in replies[-1].plain
    replies = await stranger.press(1, "rpt:quarter")
    assert replies[0].show_alert
    assert not [r for r in app.bot.session.sent if r.method == "sendDocument"]  # type: ignore[attr-defined]


async def test_service_callable_from_a_script(app: App, user: LocalUser) -> None:
    await onboard(user)
    await history(app)
    member = await member_of(app)
    async with app.sessionmaker() as session:
        info = await get_member_info(session, member.telegram_id)
        assert info is not None
        period = Period(PeriodKind.THIS_YEAR, date(2026, 1, 1), date(2026, 12, 31))
        files = await service.make_report(session, info, period, now=app.clock.now())
    assert files.name == "Отчёт о партнёрстве 2026 год"
    assert files.data.partners_total.end == 4
    assert files.docx[:2] == b"PK" and files.xlsx[:2] == b"PK"
