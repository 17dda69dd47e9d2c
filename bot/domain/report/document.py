"""The report as a .docx for the director: the A4 page of bot/domain/docx_page.py, the
organisation's header, the period, seven sections of figures and short tables (lists cut at
DOCX_LIST_LIMIT rows: the .xlsx has them all) and the chart."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from bot.domain.docx_page import A4_MM, MARGINS_MM, TABLE_PT, new_document
from bot.domain.report.data import DOCX_LIST_LIMIT, ENDING_SOON_DAYS, AgreementRow, ReportData
from bot.domain.results import summary_lines
from texts import method
from texts import report as words

TEXT_WIDTH_MM = A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]


def build_docx(data: ReportData, *, chart: bytes | None = None) -> bytes:
    """The .docx; `chart` is the PNG of `build_chart_png(data, layout="page")` (rendered
    here when not given: the service renders it once for both files)."""
    document = new_document()
    _header(document, data)
    _partners(document, data)
    _meetings(document, data)
    _agreements(document, data)
    _events(document, data)
    _results(document, data)
    _pipeline(document, data)
    _method(document, data)
    if chart is None:
        from bot.domain.report.chart import build_chart_png

        chart = build_chart_png(data, layout="page")
    _heading(document, words.SECTION_CHARTS)
    document.add_picture(io.BytesIO(chart), width=Mm(TEXT_WIDTH_MM))
    document.paragraphs[-1].paragraph_format.first_line_indent = Cm(0)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- blocks


def _centred(document: Any, text: str, *, bold: bool = False, size: int | None = None) -> Any:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return paragraph


def _bottom_border(paragraph: Any) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _header(document: Any, data: ReportData) -> None:
    last = _centred(document, data.organisation, bold=True)
    if data.municipality:
        last = _centred(document, data.municipality, size=12)
    _bottom_border(last)  # the letterhead's rule under the organisation's name
    document.add_paragraph()
    _centred(document, words.REPORT_TITLE.upper(), bold=True)
    period = data.period
    _centred(document, words.period_for(period.kind, period.start, period.end), bold=True)
    if period.kind != "custom":
        _centred(document, f"({words.short_date(period.start)} – {words.short_date(period.end)})")
    document.add_paragraph()
    _plain(document, words.COMPILED_ON.format(date=words.long_date(data.today)))
    if data.author:
        _plain(document, words.COMPILED_BY.format(author=data.author))
    if not period.is_over(data.today):
        _plain(document, words.DATA_AS_OF.format(date=words.long_date(data.today)))


def _plain(document: Any, text: str) -> Any:
    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    return paragraph


def _heading(document: Any, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True


def _caption(document: Any, text: str) -> None:
    paragraph = _plain(document, text)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.runs[0].italic = True


def _table(
    document: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric: Sequence[int] = (),
    total: Sequence[object] | None = None,
) -> None:
    """A bordered table, 12 pt, its header row bold and repeated on every page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fill(table.rows[0], headers, numeric, bold=True)
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for row in rows:
        _fill(table.add_row(), row, numeric)
    if total is not None:
        _fill(table.add_row(), total, numeric, bold=True)


def _fill(row: Any, values: Sequence[object], numeric: Sequence[int], bold: bool = False) -> None:
    for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = Cm(0)
        if index in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run("" if value is None else str(value))
        run.font.size = Pt(TABLE_PT)
        run.bold = bold


def _signed(delta: int) -> str:
    return f"+{delta}" if delta > 0 else ("\u2212" + str(-delta) if delta < 0 else "0")


def _more(document: Any, total: int) -> None:
    if total > DOCX_LIST_LIMIT:
        _plain(document, words.MORE_IN_XLSX.format(n=total - DOCX_LIST_LIMIT))


# --------------------------------------------------------------------------- sections


def _partners(document: Any, data: ReportData) -> None:
    _heading(document, words.SECTION_PARTNERS)
    _plain(
        document,
        words.PARTNERS_MOVES.format(added=data.partners_added, archived=data.partners_archived),
    )
    headers = (words.COL_AT_START, words.COL_AT_END, words.COL_CHANGE)
    total = data.partners_total
    _caption(document, words.PARTNERS_BY_CATEGORY)
    _table(
        document,
        (words.COL_CATEGORY, *headers),
        [
            (method.CATEGORY_LABELS[code], c.start, c.end, _signed(c.delta))
            for code, c in data.category_rows()
        ],
        numeric=(1, 2, 3),
        total=(words.TOTAL, total.start, total.end, _signed(total.delta)),
    )
    _caption(document, words.PARTNERS_BY_STATUS)
    _table(
        document,
        (words.COL_STATUS, *headers),
        [
            (method.STATUS_LABELS[code], c.start, c.end, _signed(c.delta))
            for code, c in data.status_rows()
        ],
        numeric=(1, 2, 3),
    )


def _meetings(document: Any, data: ReportData) -> None:
    _heading(document, words.SECTION_MEETINGS)
    _plain(
        document,
        words.MEETINGS_SUMMARY.format(
            held=words.number(len(data.meetings)),
            cancelled=words.number(data.meetings_cancelled),
            planned=words.number(data.meetings_planned),
        ),
    )
    if not data.meetings:
        return
    outcomes = data.outcome_counts()
    _table(
        document,
        (words.COL_OUTCOME, words.COL_MEETINGS),
        [(words.OUTCOME_LABELS.get(code, words.NO_OUTCOME), n) for code, n in outcomes.items()],
        numeric=(1,),
        total=(words.TOTAL, len(data.meetings)),
    )
    _caption(document, words.COL_FORMAT)
    _table(
        document,
        (words.COL_FORMAT, words.COL_MEETINGS),
        [(words.FORMAT_LABELS.get(code, code), n) for code, n in data.format_counts().items()],
        numeric=(1,),
    )


def _agreement_rows(rows: Sequence[AgreementRow]) -> list[tuple[object, ...]]:
    return [
        (
            r.partner,
            r.number or "",
            words.short_date(r.signed_on) if r.signed_on else "",
            words.short_date(r.valid_until) if r.valid_until else words.OPEN_ENDED,
        )
        for r in rows[:DOCX_LIST_LIMIT]
    ]


def _agreements(document: Any, data: ReportData) -> None:
    _heading(document, words.SECTION_AGREEMENTS)
    _plain(
        document,
        words.AGREEMENTS_SUMMARY.format(
            signed=len(data.agreements_signed),
            prolonged=len(data.agreements_prolonged),
            in_force=data.agreements_in_force,
            ending=len(data.agreements_ending),
            days=ENDING_SOON_DAYS,
        ),
    )
    headers = (words.COL_PARTNER, words.COL_NUMBER, words.COL_SIGNED, words.COL_UNTIL)
    for title, rows in (
        (words.AGREEMENTS_SIGNED, data.agreements_signed),
        (words.AGREEMENTS_PROLONGED, data.agreements_prolonged),
        (words.AGREEMENTS_ENDING.format(days=ENDING_SOON_DAYS), data.agreements_ending),
    ):
        if rows:
            _caption(document, title)
            _table(document, headers, _agreement_rows(rows), numeric=(1, 2, 3))
            _more(document, len(rows))


def _events(document: Any, data: ReportData) -> None:
    _heading(document, words.SECTION_EVENTS)
    _plain(document, words.EVENTS_SUMMARY.format(n=len(data.events)))
    if not data.events:
        return
    _table(
        document,
        (words.COL_DIRECTION, words.COL_EVENTS),
        [
            (words.DIRECTION_LABELS.get(code, words.NO_DIRECTION), n)
            for code, n in data.direction_counts().items()
        ],
        numeric=(1,),
    )
    _caption(document, words.EVENTS_LIST)
    events = sorted(data.events, key=lambda e: e.day)
    _table(
        document,
        (words.COL_DAY, words.COL_EVENT, words.COL_PARTNERS),
        [
            (words.short_date(e.day), e.title, ", ".join(e.partners))
            for e in events[:DOCX_LIST_LIMIT]
        ],
        numeric=(0,),
    )
    _more(document, len(events))


def _results(document: Any, data: ReportData) -> None:
    _heading(document, words.SECTION_RESULTS)
    summary = data.result_summary()
    for line in summary_lines(summary):
        _plain(document, _no_emoji(line))
    if not summary.total:
        return
    _table(
        document,
        (words.COL_RESULT_KIND, words.COL_RESULTS),
        [(words.RESULT_KINDS[kind], n) for kind, n in summary.by_kind.items()],
        numeric=(1,),
        total=(words.TOTAL, summary.total),
    )
    chosen = sorted(
        (r for r in data.results if r.day in data.period), key=lambda r: (r.day, r.kind)
    )
    _caption(document, words.RESULTS_LIST)
    _table(
        document,
        (words.COL_DAY, words.COL_RESULT_KIND, words.COL_DETAILS, words.COL_PARTNER),
        [
            (words.short_date(r.day), words.RESULT_SHORT[r.kind], r.line(), r.partner)
            for r in chosen[:DOCX_LIST_LIMIT]
        ],
        numeric=(0,),
    )
    _more(document, len(chosen))


def _no_emoji(line: str) -> str:
    """Summary lines start with an emoji for the chat; Times New Roman has none."""
    return words.plain(line)


def _pipeline(document: Any, data: ReportData) -> None:
    _heading(document, words.SECTION_PIPELINE)
    _table(
        document,
        (words.COL_STAGE, words.COL_REACHED, words.COL_ENTERED),
        [
            (method.STATUS_LABELS[status], reached, entered)
            for status, reached, entered in data.pipeline_rows()
        ],
        numeric=(1, 2),
    )
    note = _plain(document, words.PIPELINE_NOTE)
    note.runs[0].font.size = Pt(TABLE_PT)


def _method(document: Any, data: ReportData) -> None:
    _heading(document, words.SECTION_METHOD)
    for stage, done in zip(method.STAGES, data.stages, strict=False):
        items = stage["items"]
        assert isinstance(items, tuple)
        _caption(
            document,
            words.METHOD_STAGE.format(title=stage["title"], done=sum(done), total=len(items)),
        )
        _table(
            document,
            (words.COL_ITEM, words.COL_DONE),
            [
                (item, words.ITEM_DONE if flag else words.ITEM_OPEN)
                for item, flag in zip(items, done, strict=False)
            ],
            numeric=(1,),
        )
