"""Writing .xlsx and .csv files: one `Sheet` of typed cells → bytes. Every sheet has a bold
header row, frozen panes under it, an auto-filter and column widths from its content; dates
are Excel dates (DD.MM.YYYY). The CSV is UTF-8 with a BOM and `;` between fields: what Excel
in a Russian locale opens with Cyrillic intact and the columns split."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.domain.plain_text import XML_ILLEGAL
from texts import spreadsheets as words

DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
EXCEL_CELL = 32_767  # Excel's limit of characters in a cell

Cell = str | int | float | date | datetime | bool | None


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[float] | None = None  # characters; None: from the content


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    """An .xlsx of these sheets (openpyxl's write-only mode: rows streamed, little memory)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(book: Any, sheet: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(_sheet_title(sheet.title))
    widths = sheet.widths or column_widths(sheet.headers, sheet.rows)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(sheet.headers), 1))
    ws.auto_filter.ref = f"A1:{last}{len(sheet.rows) + 1}"
    bold, wrap = Font(bold=True), Alignment(vertical="top", wrap_text=True)
    header = []
    for title in sheet.headers:
        cell = WriteOnlyCell(ws, value=_clean_text(title))
        cell.font, cell.alignment = bold, wrap
        header.append(cell)
    ws.append(header)
    for row in sheet.rows:
        ws.append([_excel_cell(ws, value, WriteOnlyCell) for value in row])


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "-"


def _clean_text(value: str) -> str:
    return XML_ILLEGAL.sub("", value)[:EXCEL_CELL]


def _excel_cell(ws: Any, value: Cell, make: Any) -> Any:
    if isinstance(value, datetime):  # before date: a datetime is a date
        cell = make(ws, value=value.replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = make(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, bool):
        return words.YES if value else words.NO
    if isinstance(value, str):
        text = _clean_text(value)
        if text.startswith("="):  # openpyxl would write a formula: keep the typed text
            cell = make(ws, value=text)
            cell.data_type = "s"
            return cell
        return text
    return value


def column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, sample: int = 300
) -> list[float]:
    """Widths in characters: the longest of the header's words and of the first `sample`
    values (their first line), between 8 and 60."""
    widths = []
    for index, title in enumerate(headers):
        longest = max((len(w) for w in title.split()), default=4) + 2
        for row in rows[:sample]:
            value = row[index] if index < len(row) else None
            longest = max(longest, _shown_length(value))
        widths.append(float(min(max(longest + 1, 8), 60)))
    return widths


def _shown_length(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value)
    return len(text.split("\n", 1)[0])


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with BOM, `;`-separated, CRLF: Excel in a Russian locale opens it as a table
    with Cyrillic intact. Dates as 31.12.2026 (Excel reads them as dates), decimals with a
    comma; a text starting like a formula (=, +, -, @) is prefixed with an apostrophe (CSV
    injection, OWASP's advice)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return words.YES if value else words.NO
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
