"""Queries of the method coach: the organisation's facts the rules read, and the coach's own
tables. Nothing here commits (bot/services/coach.py does) and nothing knows the rules:
`snapshot_rows` returns plain values, which bot/services/coach.py shapes into the domain's
`Snapshot`.

`snapshot_rows` reads everything with FOUR queries whatever the number of partners (scalar
subqueries; one GROUP BY over partners; one UNION ALL of top-K lists, meetings without an
outcome included; stage-I answers and documents together).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
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
    WorkEvent,
    WorkEventPartner,
)
from storage.partners import valid_id

WORKING = (PartnerStatus.AGREEMENT_SIGNED.value, PartnerStatus.ACTIVE.value)
FURTHER = (PartnerStatus.NEGOTIATING.value, *WORKING)
NOT_MET = (PartnerStatus.POTENTIAL.value, PartnerStatus.OFFER_READY.value)


# --------------------------------------------------------------------------- snapshot


def _filled(column: Any) -> ColumnElement[bool]:
    return func.coalesce(func.trim(column), "") != ""


# the names of the top-K partner lists in `SnapshotRows.lists`
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
COUNTERS: tuple[str, ...] = (
    "members",
    "programmes",
    "events",
    "events_upcoming",
    "evaluations",
    "agreements",
    "working_directions",
    "categories_met",
    "agreed_meetings",
)

# (category, status, partners, with offer and ask, with a responsible, with a direction,
#  in an event of the window, evaluated since the year start)
GroupRow = tuple[str, str, int, int, int, int, int, int]
# (partner id, partner name, category, since (status change, meeting start, agreement
#  end), id of the meeting or agreement the row is about, else 0)
ListRow = tuple[int, str, str, datetime | None, int]


@dataclass(frozen=True, slots=True)
class SnapshotRows:
    """What `snapshot_rows` read, as plain values."""

    counters: dict[str, int]  # COUNTERS → count
    groups: list[GroupRow]  # archived partners left out, declined ones in
    lists: dict[str, list[ListRow]]  # LISTS → at most `limit` rows, in the order to offer
    answers: dict[int, str]  # stage-I question → answer
    documents: set[str]  # every adopted kind, marks included


def _statements(
    org: int,
    *,
    today: date,
    window_start: date,
    year_start: datetime,
    now: datetime,
    expiring_until: date,
    limit: int,
) -> tuple[Any, Any, Any, Any]:
    """The four snapshot statements."""
    live = and_(Partner.organisation_id == org, Partner.archived_at.is_(None))
    has_offer = and_(_filled(Partner.offer), _filled(Partner.ask))
    has_direction = exists().where(PartnerDirection.partner_id == Partner.id)
    in_event = exists().where(
        WorkEventPartner.partner_id == Partner.id,
        WorkEventPartner.event_id == WorkEvent.id,
        WorkEvent.day >= window_start,
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
        .limit(limit)
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
        .limit(limit)
        .subquery()
    )
    # agreements in force ending by `expiring_until` with no renewal decision and no
    # automatic prolongation (as storage.agreements.expiring_undecided, minus auto-prolong);
    # the date goes in the datetime column: read back as that day's midnight UTC
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
            Agreement.valid_until <= expiring_until,
            Agreement.renewal_decision != RenewalDecision.LET_END,
            Agreement.auto_prolong.is_(False),
            Partner.archived_at.is_(None),
        )
        .order_by(Agreement.valid_until, Agreement.id)
        .limit(limit)
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


def _aware(since: Any) -> datetime | None:
    if isinstance(since, str):  # UNION ALL returns raw SQLite text
        since = datetime.fromisoformat(since)
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return since  # type: ignore[no-any-return]


async def snapshot_rows(
    session: AsyncSession,
    organisation_id: int,
    *,
    today: date,
    window_start: date,
    year_start: datetime,
    now: datetime,
    expiring_until: date,
    limit: int,
) -> SnapshotRows:
    """The organisation's facts the coach reads, with four queries whatever its size:
    counters; partners per category and status; the first `limit` partners of every list
    (events counted from `window_start`, evaluations from `year_start`, agreements ending
    by `expiring_until`); stage-I answers and adopted documents."""
    counters_stmt, groups_stmt, candidates_stmt, extras_stmt = _statements(
        organisation_id,
        today=today,
        window_start=window_start,
        year_start=year_start,
        now=now,
        expiring_until=expiring_until,
        limit=limit,
    )
    counters = (await session.execute(counters_stmt)).one()
    groups: list[GroupRow] = [
        (category, status, n, offer or 0, resp or 0, dirs or 0, event or 0, evaluated or 0)
        for category, status, n, offer, resp, dirs, event, evaluated in await session.execute(
            groups_stmt
        )
    ]
    lists: dict[str, list[ListRow]] = {name: [] for name in LISTS}
    for name, pid, pname, category, since, ref in await session.execute(candidates_stmt):
        lists[name].append((pid, pname, category, _aware(since), ref or 0))
    answers: dict[int, str] = {}
    documents: set[str] = set()
    for kind, number, value in await session.execute(extras_stmt):
        if kind == "q":
            answers[int(number)] = value
        else:
            documents.add(value)
    return SnapshotRows(
        counters={name: int(n or 0) for name, n in zip(COUNTERS, counters, strict=True)},
        groups=groups,
        lists=lists,
        answers=answers,
        documents=documents,
    )


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
    session: AsyncSession,
    organisation_id: int,
    member_id: int,
    key: str,
    until: datetime,
    *,
    forget_before: datetime,
) -> None:
    """Hide a suggestion from this member until `until`; the member's dismissals that
    ended by `forget_before` are forgotten."""
    await session.execute(
        delete(CoachDismissal).where(
            CoachDismissal.member_id == member_id,
            or_(CoachDismissal.key == key, CoachDismissal.until <= forget_before),
        )
    )
    session.add(
        CoachDismissal(organisation_id=organisation_id, member_id=member_id, key=key, until=until)
    )


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
    """Insert or replace the organisation's answer to a stage-I question."""
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


# --------------------------------------------------------------------------- documents


async def documents(session: AsyncSession, organisation_id: int, *, exclude: str) -> set[str]:
    """The kinds adopted, but `exclude` (a mark kept among them that is no document)."""
    result = await session.execute(
        select(AdoptedDocument.kind).where(
            AdoptedDocument.organisation_id == organisation_id,
            AdoptedDocument.kind != exclude,
        )
    )
    return set(result.scalars())


async def adopted(session: AsyncSession, organisation_id: int, kind: str) -> bool:
    row = await session.get(AdoptedDocument, (organisation_id, kind))
    return row is not None


async def toggle_document(
    session: AsyncSession, organisation_id: int, member_id: int, kind: str, now: datetime
) -> bool:
    """Mark the kind adopted, or no longer adopted. True when now adopted."""
    row = await session.get(AdoptedDocument, (organisation_id, kind))
    if row is not None:
        await session.delete(row)
        return False
    session.add(
        AdoptedDocument(
            organisation_id=organisation_id, kind=kind, member_id=member_id, adopted_at=now
        )
    )
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
    responsible person only if a member of the organisation."""
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
    await session.flush()
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
    await session.flush()
    return row


def _latest_evaluation_of(organisation_id: int, partner_id: int, *columns: Any) -> Any:
    return (
        select(*columns)
        .where(Evaluation.organisation_id == organisation_id, Evaluation.partner_id == partner_id)
        .order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
        .limit(1)
    )


async def latest_evaluation(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> Evaluation | None:
    if not valid_id(partner_id):
        return None
    result = await session.execute(_latest_evaluation_of(organisation_id, partner_id, Evaluation))
    return result.scalar_one_or_none()


# --------------------------------------------------------------------------- card history


async def history_items(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> list[HistoryItem]:
    """The partner's latest joint events of the work plan and its latest evaluation."""
    items: list[HistoryItem] = []
    if not valid_id(partner_id):
        return items
    events = (
        select(WorkEvent.title, WorkEvent.day, WorkEvent.direction)
        .join(WorkEventPartner, WorkEventPartner.event_id == WorkEvent.id)
        .where(
            WorkEvent.organisation_id == organisation_id,
            WorkEventPartner.partner_id == partner_id,
        )
        .order_by(WorkEvent.day.desc(), WorkEvent.id.desc())
        .limit(5)
    )
    for row in await session.execute(events):
        at = datetime(row.day.year, row.day.month, row.day.day, 12, tzinfo=UTC)
        items.append(
            HistoryItem(
                at, "event", {"title": row.title, "day": row.day, "direction": row.direction}
            )
        )
    # the latest evaluation's columns only
    scores = _latest_evaluation_of(
        organisation_id,
        partner_id,
        Evaluation.created_at,
        Evaluation.benefit,
        Evaluation.reliability,
        Evaluation.activity,
        Evaluation.fit,
        Evaluation.comment,
        Evaluation.direction,
    )
    found = await session.execute(scores)
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
