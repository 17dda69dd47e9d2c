"""Queries of the method coach: the organisation snapshot and the coach's own tables.

`read_snapshot` reads everything the rules need with FOUR queries whatever the number of
partners (scalar subqueries; one GROUP BY over partners; one UNION ALL of top-K lists,
meetings without an outcome included; stage-I answers and documents together).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.coach import CANDIDATES, TEAM_AWARE, PartnerRef, Snapshot
from storage.agreements import EXPIRING_DAYS
from storage.enums import PartnerStatus
from storage.history import HistoryItem
from storage.models import (
    AdoptedDocument,
    Agreement,
    AgreementStatus,
    CoachDismissal,
    Evaluation,
    Meeting,
    MeetingOutcome,
    MeetingStatus,
    Member,
    Partner,
    PartnerDirection,
    Program,
    RenewalDecision,
    StageOneAnswer,
    UTCDateTime,
    WorkEvent,
    WorkEventPartner,
)
from storage.partners import valid_id

WORKING = (PartnerStatus.AGREEMENT_SIGNED.value, PartnerStatus.ACTIVE.value)
FURTHER = (PartnerStatus.NEGOTIATING.value, *WORKING)
NOT_MET = (PartnerStatus.POTENTIAL.value, PartnerStatus.OFFER_READY.value)
EVENT_WINDOW_DAYS = 365


# --------------------------------------------------------------------------- snapshot


def _filled(column: Any) -> ColumnElement[bool]:
    return func.coalesce(func.trim(column), "") != ""


def _local_today(now: datetime, tz: str) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def _year_start(now: datetime, tz: str) -> datetime:
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    return datetime(local.year, 1, 1, tzinfo=zone).astimezone(UTC)


LISTS: tuple[str, ...] = (
    "offer",
    "meeting",
    "negotiating",
    "responsible",
    "event",
    "evaluate",
    "direction",
    "report",
    "renewal",
)


@functools.cache
def _statements() -> tuple[Any, Any, Any, Any]:
    """The four snapshot statements, built once with bound parameters :org, :today,
    :window (first day of the event window) and :year_start (UTC)."""
    org = bindparam("org", type_=Integer())
    today = bindparam("today", type_=Date())
    window = bindparam("window", type_=Date())
    year_start = bindparam("year_start", type_=UTCDateTime())
    now = bindparam("now", type_=UTCDateTime())
    live = and_(Partner.organisation_id == org, Partner.archived_at.is_(None))
    has_offer = and_(_filled(Partner.offer), _filled(Partner.ask))
    has_direction = exists().where(PartnerDirection.partner_id == Partner.id)
    in_event = exists().where(
        WorkEventPartner.partner_id == Partner.id,
        WorkEventPartner.event_id == WorkEvent.id,
        WorkEvent.day >= window,
    )
    evaluated = exists().where(
        Evaluation.partner_id == Partner.id, Evaluation.created_at >= year_start
    )

    def _count(*where: Any) -> Any:
        return select(func.count()).where(*where).scalar_subquery()

    # 1. counters
    counters = select(
        _count(Member.organisation_id == org, Member.is_active.is_(True)),
        _count(Program.organisation_id == org),
        _count(WorkEvent.organisation_id == org),
        _count(WorkEvent.organisation_id == org, WorkEvent.day >= today),
        _count(Evaluation.organisation_id == org),
        _count(
            Agreement.organisation_id == org,
            Agreement.status.in_((AgreementStatus.DRAFT, AgreementStatus.ACTIVE)),
        ),
        select(func.count(func.distinct(PartnerDirection.direction)))
        .join(Partner, Partner.id == PartnerDirection.partner_id)
        .where(live, Partner.status.in_(WORKING))
        .scalar_subquery(),
        select(func.count(func.distinct(Partner.category)))
        .where(
            live,
            or_(
                Partner.status.in_(FURTHER),
                exists().where(
                    Meeting.partner_id == Partner.id, Meeting.status == MeetingStatus.DONE
                ),
            ),
        )
        .scalar_subquery(),
        # partners with a meeting that ended "agreed" (negotiations recorded, step 5)
        select(func.count(func.distinct(Meeting.partner_id)))
        .join(Partner, Partner.id == Meeting.partner_id)
        .where(
            live,
            Meeting.status == MeetingStatus.DONE,
            Meeting.outcome == MeetingOutcome.AGREED,
        )
        .scalar_subquery(),
    )
    # 2. per category and status
    groups = (
        select(
            Partner.category,
            Partner.status,
            func.count(),
            func.sum(case((has_offer, 1), else_=0)),
            func.sum(case((Partner.responsible_id.is_not(None), 1), else_=0)),
            func.sum(case((has_direction, 1), else_=0)),
            func.sum(case((in_event, 1), else_=0)),
            func.sum(case((evaluated, 1), else_=0)),
        )
        .where(live)
        .group_by(Partner.category, Partner.status)
    )
    # 3. the top candidates of every partner rule, in one UNION ALL
    had_meeting = exists().where(  # planned, or held and reported
        Meeting.partner_id == Partner.id, Meeting.status != MeetingStatus.CANCELLED
    )
    has_agreement = exists().where(
        Agreement.partner_id == Partner.id,
        Agreement.status.in_((AgreementStatus.DRAFT, AgreementStatus.ACTIVE)),
    )
    signed_agreement = exists().where(
        Agreement.partner_id == Partner.id, Agreement.status == AgreementStatus.ACTIVE
    )
    lists: dict[str, Any] = {
        "offer": (and_(Partner.status.in_(NOT_MET), not_(has_offer)), Partner.created_at),
        "meeting": (
            and_(Partner.status.in_(NOT_MET), has_offer, not_(had_meeting)),
            Partner.created_at,
        ),
        "negotiating": (
            and_(Partner.status == PartnerStatus.NEGOTIATING.value, not_(has_agreement)),
            Partner.status_changed_at,
        ),
        "responsible": (
            and_(
                Partner.status.not_in((PartnerStatus.DECLINED.value, PartnerStatus.PAUSED.value)),
                Partner.responsible_id.is_(None),
            ),
            Partner.created_at,
        ),
        "event": (
            and_(
                or_(
                    Partner.status.in_(WORKING),
                    and_(
                        Partner.status.not_in(
                            (PartnerStatus.DECLINED.value, PartnerStatus.PAUSED.value)
                        ),
                        signed_agreement,
                    ),
                ),
                not_(in_event),
            ),
            Partner.status_changed_at,
        ),
        "evaluate": (
            and_(Partner.status == PartnerStatus.ACTIVE.value, not_(evaluated)),
            Partner.status_changed_at,
        ),
        "direction": (
            and_(Partner.status.in_(WORKING), not_(has_direction)),
            Partner.status_changed_at,
        ),
    }
    assert tuple(lists) == LISTS[:-2]
    parts = [
        select(
            literal(name).label("list"),
            Partner.id,
            Partner.name,
            Partner.category,
            Partner.status_changed_at,
            literal(0).label("ref"),
        )
        .where(live, where)
        .order_by(order, Partner.id)
        .limit(CANDIDATES)
        .subquery()
        for name, (where, order) in lists.items()
    ]
    # meetings that took place (their start passed) and have no outcome written yet
    parts.append(
        select(
            literal("report").label("list"),
            Partner.id,
            Partner.name,
            Partner.category,
            Meeting.starts_at,
            Meeting.id.label("ref"),
        )
        .join(Partner, Partner.id == Meeting.partner_id)
        .where(
            Meeting.organisation_id == org,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.starts_at < now,
            Partner.archived_at.is_(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(CANDIDATES)
        .subquery()
    )
    # agreements in force ending within EXPIRING_DAYS with no renewal decision and no
    # automatic prolongation (as storage.agreements.expiring_undecided, minus auto-prolong);
    # the date goes in the datetime column: read back as that day's midnight UTC
    expiring = bindparam("expiring_until", type_=Date())
    parts.append(
        select(
            literal("renewal").label("list"),
            Partner.id,
            Partner.name,
            Partner.category,
            Agreement.valid_until,
            Agreement.id.label("ref"),
        )
        .join(Partner, Partner.id == Agreement.partner_id)
        .where(
            Agreement.organisation_id == org,
            Agreement.status == AgreementStatus.ACTIVE,
            Agreement.valid_until >= today,
            Agreement.valid_until <= expiring,
            Agreement.renewal_decision != RenewalDecision.LET_END,
            Agreement.auto_prolong.is_(False),
            Partner.archived_at.is_(None),
        )
        .order_by(Agreement.valid_until, Agreement.id)
        .limit(CANDIDATES)
        .subquery()
    )
    candidates = union_all(*(select(p) for p in parts))
    # 4. stage-I answers and adopted documents
    extras = union_all(
        select(
            literal("q").label("k"),
            StageOneAnswer.question.label("n"),
            StageOneAnswer.text.label("v"),
        ).where(StageOneAnswer.organisation_id == org),
        select(literal("d"), literal(0), AdoptedDocument.kind).where(
            AdoptedDocument.organisation_id == org
        ),
    )
    return counters, groups, candidates, extras


async def read_snapshot(
    session: AsyncSession, organisation_id: int, now: datetime, tz: str
) -> Snapshot:
    """The organisation's data as the rules see it: four queries whatever its size."""
    today = _local_today(now, tz)
    params = {
        "org": organisation_id,
        "today": today,
        "window": today - timedelta(days=EVENT_WINDOW_DAYS),
        "year_start": _year_start(now, tz),
        "now": now,
        "expiring_until": today + timedelta(days=EXPIRING_DAYS),
    }
    counters_stmt, groups_stmt, candidates_stmt, extras_stmt = _statements()
    counters = (await session.execute(counters_stmt, params)).one()
    groups = await session.execute(groups_stmt, params)
    candidates = await session.execute(candidates_stmt, params)
    extras = await session.execute(extras_stmt, params)

    (
        members,
        programmes,
        events,
        upcoming,
        evaluations,
        agreements,
        working_dirs,
        met,
        agreed_meetings,
    ) = counters
    by_category: dict[str, int] = {}
    by_status: dict[str, int] = {}
    totals = dict.fromkeys(
        (
            "partners",
            "offer",
            "resp",
            "dir",
            "working",
            "working_ev",
            "working_dir",
            "active",
            "active_eval",
        ),
        0,
    )
    for category, status, n, n_offer, n_resp, n_dir, n_event, n_eval in groups:
        by_status[status] = by_status.get(status, 0) + n
        if status == PartnerStatus.DECLINED.value:
            continue
        by_category[category] = by_category.get(category, 0) + n
        totals["partners"] += n
        totals["offer"] += n_offer or 0
        totals["resp"] += n_resp or 0
        totals["dir"] += n_dir or 0
        if status in WORKING:
            totals["working"] += n
            totals["working_ev"] += n_event or 0
            totals["working_dir"] += n_dir or 0
        if status == PartnerStatus.ACTIVE.value:
            totals["active"] += n
            totals["active_eval"] += n_eval or 0
    refs: dict[str, list[PartnerRef]] = {name: [] for name in LISTS}
    for name, pid, pname, category, since, ref in candidates:
        if isinstance(since, str):  # UNION ALL returns raw SQLite text
            since = datetime.fromisoformat(since)
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        refs[name].append(PartnerRef(pid, pname, category, since, ref or 0))
    answers: dict[int, str] = {}
    documents: set[str] = set()
    for kind, number, value in extras:
        if kind == "q":
            answers[int(number)] = value
        else:
            documents.add(value)
    team_aware = TEAM_AWARE in documents
    documents.discard(TEAM_AWARE)
    return Snapshot(
        members=members,
        answers=answers,
        programmes=programmes,
        documents=frozenset(documents),
        partners=totals["partners"],
        by_category=by_category,
        by_status=by_status,
        with_offer=totals["offer"],
        with_direction=totals["dir"],
        with_responsible=totals["resp"],
        working=totals["working"],
        working_in_events=totals["working_ev"],
        working_with_direction=totals["working_dir"],
        working_directions=working_dirs,
        active=totals["active"],
        active_evaluated=totals["active_eval"],
        categories_met=met,
        events=events,
        events_upcoming=upcoming,
        evaluations=evaluations,
        agreements=agreements,
        need_offer=tuple(refs["offer"]),
        need_meeting=tuple(refs["meeting"]),
        negotiating=tuple(refs["negotiating"]),
        need_responsible=tuple(refs["responsible"]),
        need_event=tuple(refs["event"]),
        need_evaluation=tuple(refs["evaluate"]),
        need_direction=tuple(refs["direction"]),
        unreported=tuple(refs["report"]),
        expiring=tuple(refs["renewal"]),
        today=today,
        team_aware=team_aware,
        agreed_meetings=agreed_meetings or 0,
    )


async def snapshot(session: AsyncSession, organisation_id: int, now: datetime, tz: str) -> Snapshot:
    """Everything the coach's rules need, read now."""
    return await read_snapshot(session, organisation_id, now, tz)


# --------------------------------------------------------------------------- dismissals


async def dismissals(session: AsyncSession, member_id: int, now: datetime) -> dict[str, datetime]:
    """Keys the member put off, with the moment each comes back (only those still hidden)."""
    result = await session.execute(
        select(CoachDismissal.key, CoachDismissal.until).where(
            CoachDismissal.member_id == member_id, CoachDismissal.until > now
        )
    )
    return {k: v for k, v in result}


async def dismiss(
    session: AsyncSession, organisation_id: int, member_id: int, key: str, until: datetime
) -> None:
    """Hide a suggestion from this member until `until`; commits."""
    await session.execute(
        delete(CoachDismissal).where(
            CoachDismissal.member_id == member_id,
            or_(CoachDismissal.key == key, CoachDismissal.until <= until - timedelta(days=30)),
        )
    )
    session.add(
        CoachDismissal(organisation_id=organisation_id, member_id=member_id, key=key, until=until)
    )
    await session.commit()


# --------------------------------------------------------------------------- stage I


async def answers(session: AsyncSession, organisation_id: int) -> dict[int, str]:
    result = await session.execute(
        select(StageOneAnswer.question, StageOneAnswer.text).where(
            StageOneAnswer.organisation_id == organisation_id
        )
    )
    return {k: v for k, v in result}


async def save_answer(
    session: AsyncSession,
    organisation_id: int,
    member_id: int,
    question: int,
    text: str,
    now: datetime,
) -> None:
    """Insert or replace the organisation's answer to a stage-I question; commits."""
    result = await session.execute(
        select(StageOneAnswer).where(
            StageOneAnswer.organisation_id == organisation_id,
            StageOneAnswer.question == question,
        )
    )
    row = result.scalar_one_or_none()
    if row is None:
        session.add(
            StageOneAnswer(
                organisation_id=organisation_id,
                question=question,
                text=text,
                member_id=member_id,
                updated_at=now,
            )
        )
    else:
        row.text = text
        row.member_id = member_id
        row.updated_at = now
    await session.commit()


# --------------------------------------------------------------------------- documents


async def documents(session: AsyncSession, organisation_id: int) -> set[str]:
    """The typical documents adopted (the «Коллектив в курсе» mark is not one)."""
    result = await session.execute(
        select(AdoptedDocument.kind).where(
            AdoptedDocument.organisation_id == organisation_id,
            AdoptedDocument.kind != TEAM_AWARE,
        )
    )
    return set(result.scalars())


async def team_aware(session: AsyncSession, organisation_id: int) -> bool:
    row = await session.get(AdoptedDocument, (organisation_id, TEAM_AWARE))
    return row is not None


async def set_team_aware(
    session: AsyncSession, organisation_id: int, member_id: int, on: bool, now: datetime
) -> None:
    """Tick (or untick) «Коллектив в курсе» (stage I, item 1); commits. Idempotent."""
    if await team_aware(session, organisation_id) != on:
        await toggle_document(session, organisation_id, member_id, TEAM_AWARE, now)


async def toggle_document(
    session: AsyncSession, organisation_id: int, member_id: int, kind: str, now: datetime
) -> bool:
    """Mark the document adopted, or no longer adopted; commits. True when now adopted."""
    row = await session.get(AdoptedDocument, (organisation_id, kind))
    if row is not None:
        await session.delete(row)
        await session.commit()
        return False
    session.add(
        AdoptedDocument(
            organisation_id=organisation_id, kind=kind, member_id=member_id, adopted_at=now
        )
    )
    await session.commit()
    return True


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    title: str
    day: date
    direction: str | None
    responsible: str | None
    partners: tuple[str, ...]


async def create_event(
    session: AsyncSession,
    *,
    organisation_id: int,
    member_id: int,
    title: str,
    day: date,
    partner_ids: Sequence[int],
    direction: str | None,
    responsible_id: int | None,
    now: datetime,
) -> WorkEvent:
    """Insert the event with the organisation's own partners among `partner_ids` and the
    responsible person only if a member of the organisation; commits."""
    ids = [i for i in dict.fromkeys(partner_ids) if valid_id(i)]
    valid: list[int] = []
    if ids:
        result = await session.execute(
            select(Partner.id).where(
                Partner.organisation_id == organisation_id, Partner.id.in_(ids)
            )
        )
        valid = list(result.scalars())
    if responsible_id is not None:
        responsible_id = await member_in(session, organisation_id, responsible_id)
    row = WorkEvent(
        organisation_id=organisation_id,
        title=title,
        day=day,
        direction=direction,
        responsible_id=responsible_id,
        created_by_id=member_id,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    session.add_all(WorkEventPartner(event_id=row.id, partner_id=pid) for pid in valid)
    await session.commit()
    return row


async def _event_rows(session: AsyncSession, events: list[WorkEvent]) -> list[EventRow]:
    if not events:
        return []
    ids = [e.id for e in events]
    names: dict[int, list[str]] = {i: [] for i in ids}
    result = await session.execute(
        select(WorkEventPartner.event_id, Partner.name)
        .join(Partner, Partner.id == WorkEventPartner.partner_id)
        .where(WorkEventPartner.event_id.in_(ids))
        .order_by(Partner.name_norm)
    )
    for event_id, name in result:
        names[event_id].append(name)
    member_ids = {e.responsible_id for e in events if e.responsible_id is not None}
    people: dict[int, str] = {}
    if member_ids:
        found = await session.execute(
            select(Member.id, Member.full_name).where(Member.id.in_(member_ids))
        )
        people = {k: v for k, v in found}
    return [
        EventRow(
            e.id,
            e.title,
            e.day,
            e.direction,
            people.get(e.responsible_id) if e.responsible_id else None,
            tuple(names[e.id]),
        )
        for e in events
    ]


async def list_events(
    session: AsyncSession, organisation_id: int, today: date, *, limit: int = 10
) -> tuple[list[EventRow], list[EventRow]]:
    """(upcoming, soonest first; past, latest first), at most `limit` of each."""
    upcoming = await session.execute(
        select(WorkEvent)
        .where(WorkEvent.organisation_id == organisation_id, WorkEvent.day >= today)
        .order_by(WorkEvent.day, WorkEvent.id)
        .limit(limit)
    )
    past = await session.execute(
        select(WorkEvent)
        .where(WorkEvent.organisation_id == organisation_id, WorkEvent.day < today)
        .order_by(WorkEvent.day.desc(), WorkEvent.id.desc())
        .limit(limit)
    )
    return (
        await _event_rows(session, list(upcoming.scalars())),
        await _event_rows(session, list(past.scalars())),
    )


async def get_event(session: AsyncSession, organisation_id: int, event_id: int) -> EventRow | None:
    if not valid_id(event_id):
        return None
    result = await session.execute(
        select(WorkEvent).where(
            WorkEvent.id == event_id, WorkEvent.organisation_id == organisation_id
        )
    )
    row = result.scalar_one_or_none()
    if row is None:
        return None
    return (await _event_rows(session, [row]))[0]


async def member_in(session: AsyncSession, organisation_id: int, member_id: int) -> int | None:
    """The member's id if it is one of the organisation's active members (ids from callbacks
    are untrusted), else None."""
    if not valid_id(member_id):
        return None
    found = await session.execute(
        select(Member.id).where(
            Member.id == member_id,
            Member.organisation_id == organisation_id,
            Member.is_active.is_(True),
        )
    )
    return found.scalar_one_or_none()


async def member_names(session: AsyncSession, organisation_id: int) -> list[tuple[int, str]]:
    result = await session.execute(
        select(Member.id, Member.full_name)
        .where(Member.organisation_id == organisation_id, Member.is_active.is_(True))
        .order_by(Member.id)
        .limit(20)
    )
    return [(mid, name) for mid, name in result]


async def partner_names(
    session: AsyncSession, organisation_id: int, ids: Sequence[int]
) -> dict[int, str]:
    wanted = [i for i in ids if valid_id(i)]
    if not wanted:
        return {}
    result = await session.execute(
        select(Partner.id, Partner.name).where(
            Partner.organisation_id == organisation_id, Partner.id.in_(wanted)
        )
    )
    return {k: v for k, v in result}


# --------------------------------------------------------------------------- evaluations


async def add_evaluation(
    session: AsyncSession,
    *,
    organisation_id: int,
    partner_id: int,
    member_id: int,
    scores: Sequence[int],
    comment: str | None,
    direction: str | None,
    now: datetime,
) -> Evaluation:
    benefit, reliability, activity, fit = scores
    row = Evaluation(
        organisation_id=organisation_id,
        partner_id=partner_id,
        member_id=member_id,
        benefit=benefit,
        reliability=reliability,
        activity=activity,
        fit=fit,
        comment=comment,
        direction=direction,
        created_at=now,
    )
    session.add(row)
    await session.commit()
    return row


# built once (a partner card reads these): see storage/partners.py
def _latest_evaluation_of(*columns: Any) -> Any:
    return (
        select(*columns)
        .where(
            Evaluation.organisation_id == bindparam("org"),
            Evaluation.partner_id == bindparam("pid"),
        )
        .order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
        .limit(1)
    )


_LATEST_EVALUATION = _latest_evaluation_of(Evaluation)
_LATEST_SCORES = _latest_evaluation_of(
    Evaluation.created_at,
    Evaluation.benefit,
    Evaluation.reliability,
    Evaluation.activity,
    Evaluation.fit,
    Evaluation.comment,
    Evaluation.direction,
)  # the card's history: the same row, its columns only
_EVENTS_OF = (
    select(WorkEvent.title, WorkEvent.day, WorkEvent.direction)
    .join(WorkEventPartner, WorkEventPartner.event_id == WorkEvent.id)
    .where(
        WorkEvent.organisation_id == bindparam("org"),
        WorkEventPartner.partner_id == bindparam("pid"),
    )
    .order_by(WorkEvent.day.desc(), WorkEvent.id.desc())
    .limit(5)
)


async def latest_evaluation(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> Evaluation | None:
    if not valid_id(partner_id):
        return None
    result = await session.execute(_LATEST_EVALUATION, {"org": organisation_id, "pid": partner_id})
    return result.scalar_one_or_none()


# --------------------------------------------------------------------------- card history


async def history_items(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> list[HistoryItem]:
    """The partner's latest joint events of the work plan and its latest evaluation."""
    items: list[HistoryItem] = []
    if not valid_id(partner_id):
        return items
    for row in await session.execute(_EVENTS_OF, {"org": organisation_id, "pid": partner_id}):
        at = datetime(row.day.year, row.day.month, row.day.day, 12, tzinfo=UTC)
        items.append(
            HistoryItem(
                at, "event", {"title": row.title, "day": row.day, "direction": row.direction}
            )
        )
    found = await session.execute(_LATEST_SCORES, {"org": organisation_id, "pid": partner_id})
    latest = found.first()
    if latest is not None:
        items.append(
            HistoryItem(
                latest.created_at,
                "evaluation",
                {
                    "scores": (latest.benefit, latest.reliability, latest.activity, latest.fit),
                    "comment": latest.comment,
                    "direction": latest.direction,
                },
            )
        )
    return items
