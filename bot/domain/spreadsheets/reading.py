"""Reading a teacher's .xlsx or .csv into a `Table` of text cells, or a `ReadError` with the
reason a teacher reads. .xlsx through openpyxl's read-only mode after the archive is checked
(encrypted, unpacked size, DTDs); .csv with its encoding (UTF-8 with or without BOM, UTF-16
with BOM, cp1251) and delimiter (`;`, `,`, tab, `|`) found. Size and rows are checked before
and while reading, so a broken or hostile file costs little and changes nothing."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from bot.domain.spreadsheets.columns import ColumnMap, recognise_columns
from texts import spreadsheets as words

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000  # rows of data (after the header)
MAX_COLUMNS = 60
MAX_UNPACKED = 64 * 1024 * 1024  # .xlsx: all its parts together, uncompressed
MAX_PARTS = 2_000  # .xlsx: files inside the archive
MAX_EMPTY_RUN = 1_000  # this many empty rows in a row end the sheet (formatting to row 1M)
HEADER_SCAN = 20  # the header is looked for among the first non-empty rows


class ReadReason(StrEnum):
    TOO_BIG = "too_big"
    TOO_MANY_ROWS = "too_many_rows"
    EMPTY = "empty"
    NOT_TABLE = "not_table"  # a picture, a .docx, a PDF, an .ods…
    OLD_XLS = "old_xls"  # Excel 97–2003 binary
    ENCRYPTED = "encrypted"  # a password-protected workbook
    BROKEN = "broken"
    ZIP_BOMB = "zip_bomb"
    ENCODING = "encoding"
    NO_NAME_COLUMN = "no_name_column"  # raised by handlers via `require_name`
    NOT_DOWNLOADED = "not_downloaded"  # Telegram did not give the file


class ReadError(Exception):
    def __init__(self, reason: ReadReason, detail: str = "") -> None:
        super().__init__(reason.value, detail)
        self.reason = reason
        self.detail = detail

    def text(self) -> str:
        """What the teacher reads."""
        limit = {
            ReadReason.TOO_BIG: str(MAX_BYTES // (1024 * 1024)),
            ReadReason.TOO_MANY_ROWS: f"{MAX_ROWS:,}".replace(",", "\u00a0"),
        }.get(self.reason, "")
        return words.READ_ERRORS[self.reason].format(limit=limit)


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]  # every row as long as `headers`; empty rows left out
    lines: list[int]  # each row's number in the file, as Excel shows it
    sheet: str = ""
    header_line: int = 1


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and .xlsx encrypted with a password
_ZIP = b"PK\x03\x04"
_TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")


def read_table(data: bytes, filename: str = "", *, max_rows: int = MAX_ROWS) -> Table:
    """The file's first sheet with data as text cells, the header row found among its
    first rows (titles above the table are skipped). Raises ReadError."""
    if len(data) > MAX_BYTES:
        raise ReadError(ReadReason.TOO_BIG)
    if not data.strip():
        raise ReadError(ReadReason.EMPTY)
    name = (filename or "").lower()
    if data.startswith(_OLE):
        encrypted = name.endswith((".xlsx", ".xlsm"))
        raise ReadError(ReadReason.ENCRYPTED if encrypted else ReadReason.OLD_XLS)
    rows: Generator[tuple[int, list[str]]] | None = None
    try:
        if data.startswith(_ZIP):
            sheet, rows = _xlsx_rows(data)
        elif name.endswith((".xlsx", ".xlsm", ".xls")):
            raise ReadError(ReadReason.BROKEN)
        elif name.endswith(_TEXT_EXTENSIONS) or "." not in name.rsplit("/", 1)[-1]:
            sheet, rows = "", _csv_rows(data)
        else:
            raise ReadError(ReadReason.NOT_TABLE)
        return _table(rows, sheet, max_rows)
    except ReadError:
        raise
    except Exception as error:  # a malformed file breaks the libraries in many ways
        raise ReadError(ReadReason.BROKEN, type(error).__name__) from error
    finally:
        if rows is not None:
            rows.close()  # the workbook too, when reading stopped early


def _table(rows: Iterator[tuple[int, list[str]]], sheet: str, max_rows: int) -> Table:
    head: list[tuple[int, list[str]]] = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SCAN:
            break
    if not head:
        raise ReadError(ReadReason.EMPTY)
    at = _header_index(head)
    header_line, header = head[at]
    body: list[tuple[int, list[str]]] = head[at + 1 :]
    if len(body) > max_rows:
        raise ReadError(ReadReason.TOO_MANY_ROWS)
    for item in rows:
        body.append(item)
        if len(body) > max_rows:
            raise ReadError(ReadReason.TOO_MANY_ROWS)
    if not body:
        raise ReadError(ReadReason.EMPTY)
    width = min(max(len(header), *(len(cells) for _, cells in body)), MAX_COLUMNS)
    headers = tuple((header + [""] * width)[:width])
    padded = [tuple((cells + [""] * width)[:width]) for _, cells in body]
    return Table(headers, padded, [line for line, _ in body], sheet, header_line)


def _header_index(head: list[tuple[int, list[str]]]) -> int:
    """The first row where a name column and another known column are recognised, else
    the first row with the most recognised columns, else the first row."""
    best, best_count = 0, 0
    for index, (_, cells) in enumerate(head):
        found = recognise_columns(cells).fields
        if "name" in found and len(found) >= 2:
            return index
        if len(found) > best_count:
            best, best_count = index, len(found)
    return best


def _trimmed(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    return cells


# --------------------------------------------------------------------------- .xlsx


def _xlsx_rows(data: bytes) -> tuple[str, Generator[tuple[int, list[str]]]]:
    _check_archive(data)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises KeyError, ValueError, lxml errors…
        raise ReadError(ReadReason.BROKEN, type(error).__name__) from error
    sheets = list(book.worksheets)
    if not sheets:
        book.close()
        raise ReadError(ReadReason.EMPTY)
    # the first sheet with a non-empty row
    for ws in sheets:
        rows = _sheet_rows(ws)
        first = next(rows, None)
        if first is not None:
            return ws.title, _closing(book, _chain(first, rows))
    book.close()
    raise ReadError(ReadReason.EMPTY)


def _chain(
    first: tuple[int, list[str]], rest: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    yield first
    yield from rest


def _closing(book: Any, rows: Iterator[tuple[int, list[str]]]) -> Generator[tuple[int, list[str]]]:
    try:
        yield from rows
    finally:
        book.close()


def _sheet_rows(ws: Any) -> Iterator[tuple[int, list[str]]]:
    # Without the declared dimensions each row is as long as its last cell: a sheet claiming
    # A1:XFD1048576 (some generators write that) is neither padded to 16 384 columns nor
    # followed by a million empty rows, and cells past a too-small claim are not lost.
    ws.reset_dimensions()
    empty_run = 0
    for line, row in enumerate(ws.iter_rows(values_only=True), start=1):
        values = row[:MAX_COLUMNS]
        last = len(values)
        while last and (values[last - 1] is None or values[last - 1] == ""):
            last -= 1
        cells = _trimmed([cell_text(v) for v in values[:last]])
        if cells:
            empty_run = 0
            yield line, cells
        else:
            empty_run += 1
            if empty_run > MAX_EMPTY_RUN:
                return


def _check_archive(data: bytes) -> None:
    """A workbook, not encrypted, not unpacking into more than MAX_UNPACKED bytes, no DTD
    in its XML. zipfile never returns more than a part's declared size, so the declared
    total bounds what openpyxl can unpack; every part is still read once here, to refuse
    DTDs (entity expansion: defusedxml is not installed) and bad CRCs before openpyxl."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise ReadError(ReadReason.ZIP_BOMB)
        if "xl/workbook.xml" not in {info.filename for info in infos}:
            raise ReadError(ReadReason.NOT_TABLE)
        if any(info.flag_bits & 0x1 for info in infos):
            raise ReadError(ReadReason.ENCRYPTED)
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise ReadError(ReadReason.ZIP_BOMB)
        for info in infos:
            with archive.open(info) as part:
                tail = b""
                while chunk := part.read(1 << 16):
                    window = tail + chunk
                    if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                        raise ReadError(ReadReason.BROKEN, "DTD")
                    tail = chunk[-16:]
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as error:
        raise ReadError(ReadReason.BROKEN, type(error).__name__) from error
    except (OSError, EOFError, ValueError) as error:
        raise ReadError(ReadReason.BROKEN, type(error).__name__) from error


def cell_text(value: object) -> str:
    """A cell as the text a person sees: 89123456789 stored as a number stays digits,
    dates as 31.12.2026."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return words.YES if value else words.NO
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}".replace(".", ",")
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


# --------------------------------------------------------------------------- .csv

_DELIMITERS = (";", ",", "\t", "|")
_SAMPLE = 64 * 1024


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    elif b"\x00" in data[:_SAMPLE]:
        raise ReadError(ReadReason.NOT_TABLE)  # binary (or UTF-16 without a BOM: rare)
    else:
        # strict UTF-8 rarely decodes cp1251 text by accident; cp1251 decodes almost anything,
        # so it comes last (Excel's «CSV (разделители — запятые)» in a Russian Windows)
        encodings = ("utf-8", "cp1251")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE]
        controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
        if controls > len(sample) // 100:
            raise ReadError(ReadReason.NOT_TABLE)
        return text
    raise ReadError(ReadReason.ENCODING)


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number of columns (more than
    one) most often. csv.Sniffer is not used: on Russian tables it often picks a letter or
    the comma inside addresses; the real parser tried with each candidate does not."""
    sample = text[:_SAMPLE]
    cut = len(text) > _SAMPLE
    best, best_score = ";", (False, 0, 0)
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            continue
        if cut:
            rows = rows[:-1]
        widths = [len(_trimmed(list(r))) for r in rows[:50] if any(c.strip() for c in r)]
        if not widths:
            continue
        mode, times = Counter(widths).most_common(1)[0]
        score = (mode > 1, times, mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_SEP_LINE = re.compile(r"sep=(.)\r?\n")  # Excel's hint line; Excel hides it, so do we


def _csv_rows(data: bytes) -> Generator[tuple[int, list[str]]]:
    text = _decode(data)
    if (hint := _SEP_LINE.match(text)) is not None:
        delimiter, text = hint.group(1), text[hint.end() :]
    else:
        delimiter = _delimiter(text)
    return _csv_records(csv.reader(io.StringIO(text), delimiter=delimiter))


def _unguarded(cell: str) -> str:
    """Without the apostrophe `write_csv` (and Excel) puts before a formula-like text."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def _csv_records(reader: Iterator[list[str]]) -> Generator[tuple[int, list[str]]]:
    try:
        for line, record in enumerate(reader, start=1):
            cells = _trimmed([_unguarded(cell.strip()) for cell in record[:MAX_COLUMNS]])
            if cells:
                yield line, cells
    except csv.Error as error:
        raise ReadError(ReadReason.BROKEN, str(error)[:60]) from error


def require_name(columns: ColumnMap) -> None:
    """A table without a column of organisation names cannot be imported."""
    if not columns.has_name:
        raise ReadError(ReadReason.NO_NAME_COLUMN)
