"""The director's report (/report): `collect` reads one period of the organisation with a
fixed number of aggregate queries (storage/report.py) into `ReportData`; `build_files`
renders the .docx, the .xlsx and the chart off the event loop (`asyncio.to_thread`);
`make_report` does both and records who asked. Callable from a script (bench/) with a
session and a MemberInfo."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import coach as method
from bot.domain.periods import Period
from bot.domain.report import (
    ENDING_SOON_DAYS,
    AgreementRow,
    Change,
    EventRow,
    MeetingRow,
    ReportData,
    build_chart_png,
    build_xlsx,
    stages_from_plan,
)
from bot.services import coach as coach_service
from bot.services.results import period_results
from bot.workers import Run
from storage import report as db
from storage import results as results_db
from storage.models import AuditAction
from storage.orgs import MemberInfo
from texts import report as words


@dataclass(frozen=True, slots=True)
class ReportFiles:
    data: ReportData
    docx: bytes
    xlsx: bytes
    chart: bytes  # the phone layout, for the chat
    name: str  # the files' name without the extension


def _changes(start: dict[str, int], end: dict[str, int]) -> dict[str, Change]:
    return {key: Change(start.get(key, 0), end.get(key, 0)) for key in {*start, *end}}


async def collect(
    session: AsyncSession, member: MemberInfo, period: Period, *, now: datetime
) -> ReportData:
    """Everything the report shows, read in about fifteen queries whatever the size."""
    org, zone = member.organisation_id, ZoneInfo(member.timezone)
    today = now.astimezone(zone).date()
    seen = period.seen_until(today)
    start_at, _ = period.bounds(zone)
    end_at = Period(period.kind, seen, seen).bounds(zone)[1]  # midnight after the last seen day
    at_start = await db.partners_at(session, org, start_at)
    at_end = await db.partners_at(session, org, end_at)
    added, archived = await db.partner_moves(session, org, start_at, end_at)
    held = await db.meetings_held(session, org, start_at, end_at, now)
    cancelled, planned = await db.meeting_counts(session, org, start_at, end_at)
    agreements = await db.agreements(
        session, org, period.start, period.end, seen, seen + timedelta(days=ENDING_SOON_DAYS)
    )
    in_force = await db.agreements_in_force(session, org, seen)
    events = await db.events(session, org, period.start, period.end)
    results = await period_results(session, org, period.start, period.end)
    reached, entered = await db.pipeline(session, org, start_at, end_at)
    snapshot = await coach_service.snapshot(session, org, now, member.timezone)

    def rows(group: str) -> list[AgreementRow]:
        return [
            AgreementRow(
                a.partner, a.number, a.kind, a.signed_on, a.valid_until, a.prolongs, a.responsible
            )
            for a in agreements
            if a.group == group
        ]

    return ReportData(
        organisation=member.organisation_name,
        municipality=member.municipality,
        period=period,
        today=today,
        author=member.full_name,
        categories=_changes(db.by_key(at_start, 0), db.by_key(at_end, 0)),
        statuses=_changes(db.by_key(at_start, 1), db.by_key(at_end, 1)),
        partners_added=added,
        partners_archived=archived,
        meetings=[
            MeetingRow(m.starts_at.astimezone(zone), m.partner, m.format, m.outcome) for m in held
        ],
        meetings_cancelled=cancelled,
        meetings_planned=planned,
        agreements_signed=rows("signed"),
        agreements_prolonged=rows("prolonged"),
        agreements_ending=rows("ending"),
        agreements_in_force=in_force,
        events=[EventRow(e.day, e.title, e.direction, e.partners) for e in events],
        results=results,
        pipeline_reached=reached,
        pipeline_entered=entered,
        stages=stages_from_plan(method.plan(snapshot, now)),
    )


def render_files(data: ReportData) -> ReportFiles:
    """The three files (CPU-bound: call it in a worker thread)."""
    from bot.domain.report import build_docx  # python-docx: loaded on the first report

    page = build_chart_png(data, layout="page")
    period = data.period
    return ReportFiles(
        data=data,
        docx=build_docx(data, chart=page),
        xlsx=build_xlsx(data),
        chart=build_chart_png(data, layout="phone"),
        name=words.file_name(
            words.REPORT_FILE.format(name=words.period_name(period.kind, period.start, period.end))
        ),
    )


async def build_files(data: ReportData, run: Run = asyncio.to_thread) -> ReportFiles:
    """`run`: where the CPU-bound work goes (the bot passes bot.workers.Workers.run: another
    process)."""
    return cast(ReportFiles, await run(render_files, data))


async def make_report(
    session: AsyncSession,
    member: MemberInfo,
    period: Period,
    *,
    now: datetime,
    run: Run = asyncio.to_thread,
) -> ReportFiles:
    """Read the period, record who asked (committed: the reads end with it), then build
    the files off the event loop with no transaction open."""
    data = await collect(session, member, period, now=now)
    await results_db.audit(
        session,
        organisation_id=member.organisation_id,
        member_id=member.id,
        action=AuditAction.REPORT,
        at=now,
        detail=words.period_name(period.kind, period.start, period.end),
        rows=data.partners_total.end,
    )
    await session.commit()
    return await build_files(data, run)
