"""The director's report (/report) as files: `ReportData` (plain numbers and rows the
service reads from SQL) → `build_docx` (A4, the organisation's header, seven sections and
the chart), `build_xlsx` (every row, one sheet per section) and `build_chart_png` (one
picture of 2–4 panels for the chat; `layout="page"` for the .docx).

Pure and synchronous (CPU-bound: the service runs them with `asyncio.to_thread`).
`build_docx` is loaded on first use: python-docx stays out of the bot's start-up.
"""

from typing import TYPE_CHECKING

from bot.domain.report.chart import build_chart_png
from bot.domain.report.data import (
    DOCX_LIST_LIMIT,
    ENDING_SOON_DAYS,
    AgreementRow,
    Change,
    EventRow,
    MeetingRow,
    ReportData,
    funnel_from_statuses,
    stages_from_plan,
)
from bot.domain.report.workbook import build_xlsx

if TYPE_CHECKING:
    from bot.domain.report.document import build_docx


def __getattr__(name: str) -> object:
    if name == "build_docx":
        from bot.domain.report.document import build_docx

        return build_docx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DOCX_LIST_LIMIT",
    "ENDING_SOON_DAYS",
    "AgreementRow",
    "Change",
    "EventRow",
    "MeetingRow",
    "ReportData",
    "build_chart_png",
    "build_docx",
    "build_xlsx",
    "funnel_from_statuses",
    "stages_from_plan",
]
