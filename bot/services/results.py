"""The results log: record and delete results (each owns its transaction), and the summary
of a period the coach shows at stage III ("what the partnership has given the children
this year": `year_summary`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import periods
from bot.domain.periods import Period, PeriodKind
from bot.domain.results import FieldError, Result, ResultKind, Summary, summarise, summary_lines
from bot.domain.results import validate as validate_values
from storage import results as db
from storage.history import HistoryItem
from storage.models import PartnershipResult
from storage.orgs import MemberInfo
from texts import report as report_words
from texts import results as result_words


@dataclass(frozen=True, slots=True)
class ResultDraft:
    """The answers of the results flow (untrusted until `record_result` checks them)."""

    kind: str
    day: date
    values: dict[str, object]
    partner_ids: Sequence[int] = ()
    event_id: int | None = None
    agreement_id: int | None = None
    file_id: str | None = None
    file_kind: str | None = None  # photo | document
    file_name: str | None = None


class InvalidResult(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.key}: {e.reason}" for e in errors))
        self.errors = errors


async def record_result(
    session: AsyncSession, member: MemberInfo, draft: ResultDraft, *, now: datetime
) -> PartnershipResult:
    """The result, its values checked again (raises InvalidResult) and only the
    organisation's partners, event and agreement linked."""
    kind = ResultKind(draft.kind)
    checked = validate_values(kind, draft.values)
    if isinstance(checked, list):
        raise InvalidResult(checked)
    row = await db.insert_result(
        session,
        organisation_id=member.organisation_id,
        member_id=member.id,
        kind=kind.value,
        day=draft.day,
        values=dict(checked),
        partner_ids=draft.partner_ids,
        event_id=draft.event_id,
        agreement_id=draft.agreement_id,
        file_id=draft.file_id,
        file_kind=draft.file_kind,
        file_name=draft.file_name,
        now=now,
    )
    await session.commit()
    return row


async def delete_result(session: AsyncSession, organisation_id: int, result_id: int) -> bool:
    deleted = await db.delete_result(session, organisation_id, result_id)
    await session.commit()
    return deleted


def as_result(row: db.DatedResult) -> Result:
    return Result(ResultKind(row.kind), row.day, row.values, row.partner_id, row.partners)


async def period_results(
    session: AsyncSession, organisation_id: int, start: date, end: date
) -> list[Result]:
    """The results dated start..end as bot.domain.results.Result (the first partner's id,
    every partner's name)."""
    return [as_result(r) for r in await db.results_between(session, organisation_id, start, end)]


async def summary(session: AsyncSession, organisation_id: int, start: date, end: date) -> Summary:
    """What the results of start..end add up to; `partners` counts every partner of a
    result achieved with several."""
    found = summarise(await period_results(session, organisation_id, start, end), start, end)
    partners = await db.partners_between(session, organisation_id, start, end)
    return replace(found, partners=partners)


@dataclass(frozen=True, slots=True)
class YearSummary:
    period: Period
    summary: Summary
    lines: list[str]  # Russian, one per kind with results (texts/report.py SUMMARY_*)

    @property
    def title(self) -> str:
        """«Что партнёрство дало детям за 2026/2027 учебный год»."""
        p = self.period
        named = report_words.period_for(p.kind, p.start, p.end)
        return report_words.SUMMARY_TITLE.format(period=named)


async def year_summary(
    session: AsyncSession, organisation_id: int, today: date, *, academic: bool = True
) -> YearSummary:
    """What the partnership has given the children this year (the academic year 1 September
    – 31 August by default, else the calendar year), for the coach's stage III and /results.
    Two queries; render with texts/templates/results/summary.html."""
    kind = PeriodKind.ACADEMIC_YEAR if academic else PeriodKind.THIS_YEAR
    period = periods.period_for(kind, today)
    found = await summary(session, organisation_id, period.start, period.end)
    return YearSummary(period, found, summary_lines(found))


async def history_items(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> list[HistoryItem]:
    """The partner's latest results, for its card's history (bot/services/history.py)."""
    return [
        HistoryItem(
            datetime(r.day.year, r.day.month, r.day.day, 12, tzinfo=UTC),
            "result",
            {
                "day": r.day,
                "icon": result_words.KIND_ICONS.get(r.kind, ""),
                "line": report_words.result_line(r.kind, dict(r.values)),
            },
        )
        for r in await db.partner_results(session, organisation_id, partner_id)
    ]
