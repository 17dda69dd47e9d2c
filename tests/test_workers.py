"""Heavy work in the worker process (bot/workers.py), as the running bot does it: the
report, the export and an import go through pickling into another process and back."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from openpyxl import Workbook, load_workbook

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import Settings
from bot.local_api import LocalSession, LocalUser
from bot.workers import Workers
from tests.conftest import onboard
from tests.meetings_helpers import add_partner


@pytest.fixture
async def app_with_workers(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    application = await build_app(
        settings, clock=clock, bot_session=LocalSession(), workers=Workers()
    )
    yield application
    await application.close()


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_report_export_and_import_run_in_the_worker_process(app_with_workers: App) -> None:
    app = app_with_workers
    assert app.workers is not None
    assert isinstance(app.bot.session, LocalSession)
    user = LocalUser(app.dispatcher, app.bot, app.bot.session)
    await onboard(user)
    await add_partner(app, name="Краеведческий музей")

    await user.send("/report")
    replies = await user.tap("Этот год")
    files = {r.file_name.rsplit(".", 1)[-1] for r in replies if r.file_name}
    assert files == {"png", "docx", "xlsx"}

    replies = await user.send("/export")
    [xlsx] = [r for r in replies if r.file_name and r.file_name.endswith(".xlsx")]
    assert xlsx.file_data is not None
    names = [c.value for c in load_workbook(io.BytesIO(xlsx.file_data)).worksheets[0]["A"]]
    assert "Краеведческий музей" in names

    await user.send("/import")
    data = _xlsx(
        [
            ["Наименование", "Категория", "Телефон"],
            ["Библиотека им. Пушкина", "Культура", "+7 3452 46-12-34"],
            ["Завод", "Бизнес", "12"],  # a phone that is no phone: rejected
        ]
    )
    await user.send_document("table", "Партнёры.xlsx", data=data)
    replies = await user.tap("Загрузить: 1")
    rejected = [r for r in replies if r.file_name and r.file_name.endswith(".xlsx")]
    assert len(rejected) == 1 and rejected[0].file_data  # built in the worker process
    assert any("Загружено партнёров: 1" in r.plain for r in replies)
