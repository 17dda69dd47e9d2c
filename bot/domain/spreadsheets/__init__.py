"""Spreadsheets in and out: /export of the partner database (.xlsx with partners, meetings and
agreements sheets; .csv), and the import of partners from a teacher's own .xlsx or .csv.

Export: `export_xlsx(partners, meetings, agreements, tz=...)` and `export_csv(partners)` take
plain rows (`PartnerExport`, `MeetingExport`, `AgreementExport`, filled by the service from
SQL) and return the file's bytes. Every sheet has a bold header row, frozen panes under it, an
auto-filter and column widths from its content; dates are Excel dates (DD.MM.YYYY), meeting
times are local to the member. The CSV is UTF-8 with a BOM and `;` between fields: what
Excel in a Russian locale opens with Cyrillic intact and the columns split.

Import, in the order a handler runs it:
  1. `read_table(data, filename)` → `Table` (or `ReadError` with a reason a teacher reads):
     .xlsx through openpyxl's read-only mode, .csv with its encoding (UTF-8 with or without
     BOM, UTF-16 with BOM, cp1251) and delimiter (`;`, `,`, tab, `|`) found; size, rows and
     the archive's unpacked size are checked before and while reading, so a broken or
     hostile file costs little and changes nothing;
  2. `recognise_columns(table.headers)` → `ColumnMap` (which column is which field; the
     usual Russian and English header variants, case, ё, spaces and punctuation ignored,
     a typo tolerated) and `ColumnMap.preview()` for the confirmation message;
  3. `unknown_categories(table, columns)` → how many rows need the category asked once;
  4. `check_rows(table, columns, is_duplicate, default_category=...)` → rows ready for the
     database and rejected rows with their reasons (each row checked like the add flow:
     phone and e-mail normalised, lengths, duplicates in the database and in the file);
  5. `rejected_file(rejected, table.headers)` → an .xlsx of the rejected rows with a reason
     column, for the teacher to fix and send again.

The package: writing.py (sheets → bytes), export.py, reading.py, columns.py, rows.py.
"""

from bot.domain.spreadsheets.columns import (
    FIELDS,
    IMPORTED,
    ColumnMap,
    header_key,
    recognise_columns,
)
from bot.domain.spreadsheets.export import (
    AgreementExport,
    MeetingExport,
    PartnerExport,
    agreement_rows,
    agreements_csv,
    export_csv,
    export_xlsx,
    meeting_rows,
    meetings_csv,
    partner_rows,
)
from bot.domain.spreadsheets.reading import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED,
    ReadError,
    ReadReason,
    Table,
    cell_text,
    read_table,
    require_name,
)
from bot.domain.spreadsheets.rows import (
    FIELD_LIMITS,
    ImportRow,
    Rejected,
    RejectReason,
    basic_key,
    check_rows,
    guess_category,
    preview_rows,
    rejected_file,
    split_contacts,
    unknown_categories,
)
from bot.domain.spreadsheets.writing import Cell, Sheet, column_widths, write_csv, write_workbook

__all__ = [
    "FIELDS", "FIELD_LIMITS", "IMPORTED", "MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "MAX_UNPACKED",
    "AgreementExport", "Cell", "ColumnMap", "ImportRow", "MeetingExport", "PartnerExport",
    "ReadError", "ReadReason", "RejectReason", "Rejected", "Sheet", "Table",
    "agreement_rows", "agreements_csv", "basic_key", "cell_text", "check_rows", "column_widths",
    "export_csv", "export_xlsx", "guess_category", "header_key", "meeting_rows", "meetings_csv",
    "partner_rows", "preview_rows", "read_table", "recognise_columns", "rejected_file",
    "require_name", "split_contacts", "unknown_categories", "write_csv", "write_workbook",
]  # fmt: skip
