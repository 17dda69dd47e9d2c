"""The report as an .xlsx: a summary sheet of figures, then one sheet per section with every
row (the .docx cuts long lists). Sheets share the export's look (bot/domain/spreadsheets):
bold header, frozen panes, auto-filter, widths from the content, dates as dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.report.data import (
    ENDING_SOON_DAYS,
    MEETING_OUTCOMES,
    AgreementRow,
    ReportData,
    outcome_of,
)
from bot.domain.spreadsheets.writing import Cell, Sheet, write_workbook
from texts import method
from texts import report as words


def build_xlsx(data: ReportData) -> bytes:
    return write_workbook(
        (
            _summary(data),
            _partners(data),
            _meetings(data),
            _agreements(data),
            _events(data),
            _results(data),
            _pipeline(data),
            _method(data),
        )
    )


def _summary(data: ReportData) -> Sheet:
    period = data.period
    total = data.partners_total
    figures: dict[str, Cell] = {
        "organisation": data.organisation,
        "period": words.period_name(period.kind, period.start, period.end),
        "from": period.start,
        "to": period.end,
        "compiled": data.today,
        "partners_start": total.start,
        "partners_end": total.end,
        "added": data.partners_added,
        "archived": data.partners_archived,
        "meetings_held": len(data.meetings),
        "meetings_cancelled": data.meetings_cancelled,
        "meetings_planned": data.meetings_planned,
        "agreements_signed": len(data.agreements_signed),
        "agreements_prolonged": len(data.agreements_prolonged),
        "agreements_in_force": data.agreements_in_force,
        "agreements_ending": len(data.agreements_ending),
        "events": len(data.events),
        "results": data.result_summary().total,
    }
    rows: list[list[Cell]] = [
        [words.FIGURES[key].format(days=ENDING_SOON_DAYS), value] for key, value in figures.items()
    ]
    return Sheet(words.SHEET_SUMMARY, (words.COL_FIGURE, words.COL_VALUE), rows, (44.0, 40.0))


def _partners(data: ReportData) -> Sheet:
    rows: list[list[Cell]] = [
        [words.GROUP_CATEGORY, method.CATEGORY_LABELS[code], c.start, c.end, c.delta]
        for code, c in data.category_rows()
    ]
    rows += [
        [words.GROUP_STATUS, method.STATUS_LABELS[code], c.start, c.end, c.delta]
        for code, c in data.status_rows()
    ]
    headers = (
        words.COL_GROUP,
        words.COL_CATEGORY + " / " + words.COL_STATUS.lower(),
        words.COL_AT_START,
        words.COL_AT_END,
        words.COL_CHANGE,
    )
    return Sheet(words.SHEET_PARTNERS, headers, rows)


def _meetings(data: ReportData) -> Sheet:
    """Meetings per partner (how many, their outcomes, the last one): a director's view of
    thousands of meetings; the full log is in /export's «Встречи» sheet."""
    outcomes = MEETING_OUTCOMES
    by_partner: dict[str, list[int]] = {}
    last: dict[str, datetime] = {}
    for m in data.meetings:
        counts = by_partner.setdefault(m.partner, [0] * (len(outcomes) + 1))
        counts[0] += 1
        counts[1 + outcomes.index(outcome_of(m.outcome))] += 1
        when = m.when.replace(tzinfo=None)
        if m.partner not in last or when > last[m.partner]:
            last[m.partner] = when
    order = sorted(by_partner, key=lambda name: (-by_partner[name][0], name))
    rows: list[list[Cell]] = [[name, *by_partner[name], last[name]] for name in order]
    headers = (
        words.COL_PARTNER,
        words.COL_MEETINGS,
        *(words.OUTCOME_LABELS.get(code, words.NO_OUTCOME) for code in outcomes),
        words.COL_LAST_MEETING,
    )
    return Sheet(words.SHEET_MEETINGS, headers, rows)


def _agreement_rows(group: str, rows: Sequence[AgreementRow]) -> list[list[Cell]]:
    return [
        [
            words.AGREEMENT_GROUPS[group],
            r.partner,
            r.number,
            words.AGREEMENT_KINDS.get(r.kind, r.kind),
            r.signed_on,
            r.valid_until or words.OPEN_ENDED,
            r.prolongs,
            r.responsible or None,
        ]
        for r in rows
    ]


def _agreements(data: ReportData) -> Sheet:
    rows = (
        _agreement_rows("signed", data.agreements_signed)
        + _agreement_rows("prolonged", data.agreements_prolonged)
        + _agreement_rows("ending", data.agreements_ending)
    )
    headers = (
        words.COL_AGREEMENT_GROUP,
        words.COL_PARTNER,
        words.COL_NUMBER,
        words.COL_KIND,
        words.COL_SIGNED,
        words.COL_UNTIL,
        words.COL_PROLONGS,
        words.COL_RESPONSIBLE,
    )
    return Sheet(words.SHEET_AGREEMENTS, headers, rows)


def _events(data: ReportData) -> Sheet:
    rows: list[list[Cell]] = [
        [
            e.day,
            e.title,
            words.DIRECTION_LABELS.get(e.direction, e.direction) if e.direction else None,
            ", ".join(e.partners) or None,
        ]
        for e in sorted(data.events, key=lambda e: e.day)
    ]
    headers = (words.COL_DAY, words.COL_EVENT, words.COL_DIRECTION, words.COL_PARTNERS)
    return Sheet(words.SHEET_EVENTS, headers, rows)


def _results(data: ReportData) -> Sheet:
    chosen = sorted((r for r in data.results if r.day in data.period), key=lambda r: r.day)
    rows: list[list[Cell]] = [
        [r.day, words.RESULT_SHORT[r.kind], r.line(), r.partner or None] for r in chosen
    ]
    headers = (words.COL_DAY, words.COL_RESULT_KIND, words.COL_DETAILS, words.COL_PARTNER)
    return Sheet(words.SHEET_RESULTS, headers, rows)


def _pipeline(data: ReportData) -> Sheet:
    rows: list[list[Cell]] = [
        [method.STATUS_LABELS[status], reached, entered]
        for status, reached, entered in data.pipeline_rows()
    ]
    return Sheet(
        words.SHEET_PIPELINE, (words.COL_STAGE, words.COL_REACHED, words.COL_ENTERED), rows
    )


def _method(data: ReportData) -> Sheet:
    rows: list[list[Cell]] = []
    for stage, done in zip(method.STAGES, data.stages, strict=False):
        items = stage["items"]
        assert isinstance(items, tuple)
        for item, flag in zip(items, done, strict=False):
            rows.append([str(stage["title"]), str(item), flag])
    return Sheet(words.SHEET_METHOD, (words.COL_METHOD_STAGE, words.COL_ITEM, words.COL_DONE), rows)
