"""The documents of the method's stage III (the system-building stage), made from the
organisation's data: the regulation on social partnership, the job instruction of the
specialist responsible for partnerships, the plan of joint work with partners for a period
(from the planned events and the agreements) and the table of the partnership's expert
evaluation. Their content follows the method: principles, directions of interaction,
stages, results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from bot.domain.docx_page import A4_MM
from bot.domain.paperwork.sheet import (
    Sheet,
    approval_block,
    blank,
)
from bot.domain.requisites import Requisites
from bot.domain.russian import Case, decline_phrase, parse_person
from texts import paperwork as words
from texts.coach import CRITERIA
from texts.method import DIRECTION_LABELS


def _org_genitive(ours: Requisites) -> str:
    """The organisation's full name in the genitive; an abbreviation stays as it
    is."""
    name = ours.full_name.strip() or ours.short_name.strip()
    if not name:
        return blank("full_name")
    return decline_phrase(name, Case.GENITIVE)


def _numbered_sections(
    sheet: Sheet,
    sections: Sequence[tuple[str, tuple[str, ...]]],
    values: dict[str, str],
    lists: dict[int, str],
) -> None:
    for index, (heading, clauses) in enumerate(sections):
        number = index + 1
        sheet.section(number, heading.upper())
        if index in lists:
            sheet.clause(f"{number}.1", lists[index])
            sheet.dash_list([clause.format(**values) for clause in clauses])
            continue
        for sub, clause in enumerate(clauses, 1):
            sheet.clause(f"{number}.{sub}", clause.format(**values))


def regulation(ours: Requisites) -> bytes:
    """The regulation on the social partnership of the organisation."""
    org_gen = _org_genitive(ours)
    sheet = Sheet(title=words.REGULATION_TITLE)
    approval_block(sheet, ours)
    sheet.title(words.REGULATION_TITLE, words.REGULATION_SUBTITLE.format(org_gen=org_gen))
    _numbered_sections(
        sheet, words.REGULATION_SECTIONS, {"org_gen": org_gen}, words.REGULATION_LIST_INTROS
    )
    return sheet.to_bytes()


def job_instruction(ours: Requisites, specialist_name: str = "", position: str = "") -> bytes:
    """The job instruction of the specialist responsible for social partnership."""
    org_gen = _org_genitive(ours)
    position = " ".join(position.split()) or words.INSTRUCTION_POSITION_DEFAULT
    sheet = Sheet(title=words.INSTRUCTION_TITLE)
    approval_block(sheet, ours)
    sheet.title(words.INSTRUCTION_TITLE, words.INSTRUCTION_SUBTITLE)
    _numbered_sections(
        sheet, words.INSTRUCTION_SECTIONS, {"org_gen": org_gen, "position": position}, {}
    )
    sheet.para(words.INSTRUCTION_ACQUAINTED, indent=False, before=18)
    person = parse_person(specialist_name)
    name = (
        person.full
        if person
        else blank("director_name").replace(words.HINTS["director_name"], words.HINT_SPECIALIST)
    )
    sheet.para(words.INSTRUCTION_ACQUAINTED_LINE.format(name=name), indent=False)
    return sheet.to_bytes()


def _landscape(sheet: Sheet) -> None:
    section = sheet.doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(A4_MM[1]), Mm(A4_MM[0])


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class PlanEvent:
    """An event of the organisation's plan with partners (the coach's event)."""

    title: str
    day: date
    partners: tuple[str, ...] = ()
    direction: str = ""  # storage.enums.Direction value
    responsible: str = ""


@dataclass(frozen=True)
class PlanAgreement:
    partner: str
    number: str = ""
    valid_until: date | None = None  # None: open-ended


@dataclass(frozen=True)
class PlanRow:
    title: str
    when: str
    partner: str = ""
    direction: str = ""
    responsible: str = ""
    sort_day: date | None = None


def plan_rows(
    events: Sequence[PlanEvent],
    agreements: Sequence[PlanAgreement],
    start: date,
    end: date,
) -> list[PlanRow]:
    """The plan's rows for [start, end]: every event in it; for every agreement, the review
    of joint work (and its renewal a month before it ends, when it ends in the period); the
    expert evaluation of the partnership at the end."""
    rows: list[PlanRow] = []
    for event in events:
        if start <= event.day <= end:
            rows.append(
                PlanRow(
                    title=event.title.strip(),
                    when=f"{event.day:%d.%m.%Y}",
                    partner=", ".join(p.strip() for p in event.partners if p.strip()),
                    direction=DIRECTION_LABELS.get(event.direction, ""),
                    responsible=event.responsible.strip(),
                    sort_day=event.day,
                )
            )
    for agreement in agreements:
        number = agreement.number.strip()
        ends_inside = agreement.valid_until is not None and start <= agreement.valid_until <= end
        if ends_inside and agreement.valid_until is not None:
            due = max(start, agreement.valid_until - timedelta(days=30))
            title = (
                words.PLAN_AGREEMENT_RENEWAL.format(number=number)
                if number
                else words.PLAN_AGREEMENT_RENEWAL_NO_NUMBER
            )
        elif agreement.valid_until is None or agreement.valid_until > end:
            due = end
            title = (
                words.PLAN_AGREEMENT_REVIEW.format(number=number)
                if number
                else words.PLAN_AGREEMENT_REVIEW_NO_NUMBER
            )
        else:
            continue  # ended before the period
        rows.append(
            PlanRow(
                title, words.PLAN_UNTIL.format(day=f"{due:%d.%m.%Y}"), agreement.partner, "",
                "", due,
            )
        )  # fmt: skip
    rows.sort(key=lambda row: (row.sort_day or end, row.title))
    rows.append(
        PlanRow(
            words.PLAN_EVALUATION,
            words.PLAN_UNTIL.format(day=f"{end:%d.%m.%Y}"),
            words.PLAN_ALL_PARTNERS,
            sort_day=end,
        )
    )
    return rows


def plan(ours: Requisites, period: str, rows: Sequence[PlanRow]) -> bytes:
    """The plan of joint work with social partners for a period (A4 landscape)."""
    org_gen = _org_genitive(ours)
    sheet = Sheet(title=words.PLAN_TITLE)
    _landscape(sheet)
    approval_block(sheet, ours)
    period = " ".join(period.split()) or blank("period")
    sheet.title(words.PLAN_TITLE, words.PLAN_SUBTITLE.format(org_gen=org_gen, period=period))
    table_rows: list[list[str]] = [list(words.PLAN_COLUMNS)]
    for index, row in enumerate(rows, 1):
        table_rows.append(
            [f"{index}.", row.title, row.partner, row.direction, row.when, row.responsible, ""]
        )
    if not rows:
        table_rows += [[f"{i}.", "", "", "", "", "", ""] for i in range(1, 6)]
    sheet.table(table_rows, (12, 70, 45, 50, 27, 38, 25), header=True)
    return sheet.to_bytes()


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class EvaluationRow:
    partner: str
    scores: tuple[int, ...] = ()  # one 1–5 score per criterion (texts.coach.CRITERIA)
    direction: str = ""  # storage.enums.Direction value: further joint work
    comment: str = ""


def _average(scores: Sequence[int]) -> str:
    return f"{sum(scores) / len(scores):.1f}".replace(".", ",") if scores else ""


def evaluation(ours: Requisites, period: str, rows: Sequence[EvaluationRow]) -> bytes:
    """The expert evaluation of social partnership: a row per partner, a 1–5 score per
    criterion, the average, the direction of further joint work and the expert's comment;
    empty rows to fill in by hand when there are no evaluations yet. A4 landscape."""
    org_gen = _org_genitive(ours)
    sheet = Sheet(title=words.EVALUATION_TITLE)
    _landscape(sheet)
    approval_block(sheet, ours)
    period = " ".join(period.split()) or blank("period")
    sheet.title(
        words.EVALUATION_TITLE, words.EVALUATION_SUBTITLE.format(org_gen=org_gen, period=period)
    )
    sheet.para(words.EVALUATION_SCALE, after=6)
    header = [
        words.EVALUATION_NUMBER,
        words.EVALUATION_PARTNER,
        *CRITERIA,
        words.EVALUATION_AVERAGE,
        words.EVALUATION_DIRECTION,
        words.EVALUATION_COMMENT,
    ]
    table_rows: list[list[str]] = [header]
    all_scores: list[int] = []
    for index, row in enumerate(rows, 1):
        scores = [max(1, min(5, s)) for s in row.scores[: len(CRITERIA)]]
        all_scores += scores
        cells = [str(s) for s in scores] + [""] * (len(CRITERIA) - len(scores))
        direction = DIRECTION_LABELS.get(row.direction, words.EVALUATION_NO_DIRECTION)
        comment = " ".join(row.comment.split())
        table_rows.append(
            [f"{index}.", row.partner.strip(), *cells, _average(scores), direction, comment]
        )
    if rows:
        total = ["", words.EVALUATION_TOTAL, *[""] * len(CRITERIA), _average(all_scores), "", ""]
        table_rows.append(total)
    else:
        table_rows += [[f"{i}."] + [""] * (len(header) - 1) for i in range(1, 6)]
    widths = (10, 40, *([28] * len(CRITERIA)), 18, 50, 37)
    align = ("center", "left", *(["center"] * (len(CRITERIA) + 1)), "left", "left")
    sheet.table(table_rows, widths, header=True, align=align)
    sheet.para(words.EVALUATION_RESULTS_INTRO, before=6)
    sheet.para(words.EVALUATION_EXPERTS, indent=False, before=12)
    for _ in range(2):
        sheet.para(words.EVALUATION_EXPERT_LINE, indent=False, before=6)
    return sheet.to_bytes()
