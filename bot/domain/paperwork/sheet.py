"""The pieces every generated document is made of: an A4 page of GOST R 7.0.97-2016
(bot.domain.docx_page), titles, numbered clauses, lists, tables, an approval block, the
requisites of a party and the marked blank line that stands for a missing value."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from bot.domain.contacts import display_phone
from bot.domain.docx_page import TABLE_PT, new_document
from bot.domain.requisites import Requisites
from bot.domain.russian import (
    Case,
    Gender,
    decline_person,
    initials_surname,
    is_proper_name,
    parse_person,
)
from bot.domain.russian import position_of as _position_of
from texts import paperwork as words

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
TEXT_WIDTH_MM = 180  # A4 210 mm less the margins of 20 and 10 mm


def blank(field: str) -> str:
    """The marked blank line for a missing value, with a hint of what belongs there."""
    hint = words.HINTS.get(field)
    return words.BLANK_HINT.format(hint=hint) if hint else words.BLANK


def value_or_blank(value: str, field: str) -> str:
    value = " ".join((value or "").split())
    return value or blank(field)


def long_date(day: date) -> str:
    """The day, the month in the genitive, the year."""
    month = words.MONTHS_GENITIVE[day.month - 1]
    return words.LONG_DATE.format(day=day.day, month=month, year=day.year)


def quoted_date(day: date | None) -> str:
    """The day in quotation marks, the month, the year; the blank when there is no day."""
    if day is None:
        return words.DATE_BLANK
    month = words.MONTHS_GENITIVE[day.month - 1]
    return words.QUOTED_DATE.format(day=day.day, month=month, year=day.year)


def plural(n: int, forms: tuple[str, str, str]) -> str:
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def lower_first(text: str) -> str:
    """A small first letter inside a sentence; abbreviations, names and places keep
    their capital."""
    if not text:
        return text
    first_word = text.split()[0]
    abbreviation = first_word[1:2].isupper()
    if first_word[:1].isupper() and not abbreviation and not is_proper_name(first_word):
        return text[:1].lower() + text[1:]
    return text


def clean_items(items: Sequence[str]) -> list[str]:
    """Confirmed obligations as list items: stripped, without the teacher's end marks,
    a small first letter unless the item starts with an abbreviation or a proper name."""
    out = []
    for item in items:
        text = " ".join(item.split()).strip().rstrip(".;,")
        if not text:
            continue
        out.append(lower_first(text))
    return out


# --------------------------------------------------------------------------- people


def director_gender(requisites: Requisites, gender: Gender | None = None) -> Gender | None:
    from bot.domain.russian import detect_gender

    return gender or detect_gender(parse_person(requisites.director_name))


def signatory(requisites: Requisites, case: Case, gender: Gender | None = None) -> str:
    """The director's position and name in a case; blanks for what is missing."""
    position = requisites.director_position.strip()
    position_text = _position_of(position, case) if position else blank("director_position")
    person = parse_person(requisites.director_name)
    if person is None:
        name = blank("director_name")
    else:
        name = decline_person(person, case, director_gender(requisites, gender))
    return words.SIGNATORY.format(position=position_text, name=name)


def signature_name(requisites: Requisites) -> str:
    """The initials and the surname under a signature."""
    person = parse_person(requisites.director_name)
    return initials_surname(person) if person else words.INITIALS_BLANK


def requisites_lines(requisites: Requisites) -> list[str]:
    """The requisites block of a party: address, codes, bank, contacts."""
    r = requisites
    lines = [words.REQ_ADDRESS.format(value=value_or_blank(r.legal_address, "legal_address"))]
    if r.postal_address.strip() and r.postal_address.strip() != r.legal_address.strip():
        lines.append(words.REQ_POSTAL.format(value=r.postal_address.strip()))
    inn = value_or_blank(r.inn, "inn") if r.inn else words.BLANK_SHORT
    if r.is_entrepreneur:
        lines.append(words.REQ_INN.format(inn=inn))
        lines.append(words.REQ_OGRNIP.format(value=r.ogrn or words.BLANK_SHORT))
    else:
        kpp = r.kpp or words.BLANK_SHORT
        lines.append(words.REQ_INN_KPP.format(inn=inn, kpp=kpp))
        lines.append(words.REQ_OGRN.format(value=r.ogrn or words.BLANK_SHORT))
    if r.has_bank:
        lines.append(words.REQ_BANK.format(value=r.bank_name or words.BLANK_SHORT))
        lines.append(words.REQ_BIK.format(value=r.bik or words.BLANK_SHORT))
        lines.append(words.REQ_ACCOUNT.format(value=r.account or words.BLANK_SHORT))
        if r.corr_account:
            lines.append(words.REQ_CORR.format(value=r.corr_account))
    lines.append(words.REQ_PHONE.format(value=display_phone(r.phone) or words.BLANK_SHORT))
    lines.append(words.REQ_EMAIL.format(value=r.email or words.BLANK_SHORT))
    if r.website:
        lines.append(words.REQ_SITE.format(value=r.website))
    return lines


# --------------------------------------------------------------------------- the sheet


def _page_numbers(document: object) -> None:
    """Page numbers at the top centre from the second page on (GOST R 7.0.97-2016, 5.2)."""
    section = document.sections[0]  # type: ignore[attr-defined]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class Sheet:
    """A document being written, paragraph by paragraph."""

    def __init__(self, title: str = "") -> None:
        self.doc = new_document()
        _page_numbers(self.doc)
        if title:
            self.doc.core_properties.title = title
        self.doc.core_properties.language = "ru-RU"

    def para(
        self,
        text: str = "",
        *,
        align: str = "justify",
        bold: bool = False,
        indent: bool = True,
        before: int = 0,
        after: int = 0,
        keep: bool = False,
        size: float | None = None,
    ) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        _fill(paragraph, text, align=align, bold=bold, indent=indent, size=size)
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = keep
        return paragraph

    def title(self, *lines: str) -> None:
        for index, line in enumerate(lines):
            last = index == len(lines) - 1
            self.para(line, align="center", bold=True, indent=False, after=12 if last else 0)

    def section(self, number: int, title: str) -> None:
        self.para(f"{number}. {title}", align="center", bold=True, indent=False, before=6,
                  after=6, keep=True)  # fmt: skip

    def clause(self, number: str, text: str) -> None:
        self.para(f"{number}. {text}")

    def dash_list(self, items: Sequence[str]) -> None:
        """«— item;» lines, the last one ending with a full stop."""
        cleaned = [item.strip().rstrip(".;,") for item in items if item.strip()]
        for index, item in enumerate(cleaned):
            end = "." if index == len(cleaned) - 1 else ";"
            self.para(f"— {item}{end}")

    def table(
        self,
        rows: Sequence[Sequence[str | Sequence[str]]],
        widths_mm: Sequence[float],
        *,
        grid: bool = True,
        header: bool = False,
        align: Sequence[str] | None = None,
    ) -> Table:
        table: Table = self.doc.add_table(rows=len(rows), cols=len(widths_mm))
        if grid:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        for r, values in enumerate(rows):
            cells = table.rows[r].cells
            for c, value in enumerate(values):
                cells[c].width = Mm(widths_mm[c])
                cell_align = align[c] if align else "left"
                set_cell(cells[c], value, bold=header and r == 0,
                         align="center" if header and r == 0 else cell_align)  # fmt: skip
        if header:
            _repeat_header(table)
        return table

    def text_width_mm(self) -> float:
        section = self.doc.sections[0]
        width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        return round(width / 36000, 1)  # EMU per millimetre

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _fill(
    paragraph: Paragraph,
    text: str,
    *,
    align: str = "left",
    bold: bool = False,
    indent: bool = False,
    size: float | None = None,
) -> None:
    paragraph.alignment = ALIGN[align]
    if not indent:
        paragraph.paragraph_format.first_line_indent = Mm(0)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size is not None:
            run.font.size = Pt(size)


def set_cell(
    cell: _Cell, text: str | Sequence[str], *, bold: bool = False, align: str = "left"
) -> None:
    """A table cell's text at the table size (12 pt); a sequence gives one paragraph each."""
    lines = [text] if isinstance(text, str) else list(text)
    first = cell.paragraphs[0]
    for index, line in enumerate(lines or [""]):
        paragraph = first if index == 0 else cell.add_paragraph()
        _fill(paragraph, line, align=align, bold=bold, size=TABLE_PT)


def _repeat_header(table: Table) -> None:
    """The header row repeats on every page the table runs over."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    properties.append(mark)


def approval_block(sheet: Sheet, requisites: Requisites) -> None:
    """The approval block (approved: position, organisation, signature, date),
    in the right half of the page."""
    position = requisites.director_position.strip()
    position = position[:1].upper() + position[1:] if position else blank("director_position")
    name = requisites.name or blank("short_name")
    lines = [
        words.APPROVE,
        f"{position} {name}",
        f"{words.SIGNATURE} {signature_name(requisites)}",
        words.APPROVAL_DATE,
    ]
    sheet.table([["", lines]], (sheet.text_width_mm() - 100, 100), grid=False)
    sheet.para("", after=6)
