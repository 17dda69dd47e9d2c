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
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    case,
    delete,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.enums import Direction, PartnerStatus
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
    PartnerTerm,
    Program,
    RenewalDecision,
    StageOneAnswer,
    WorkEvent,
    WorkEventPartner,
)
from storage.partners import norm, valid_id

WORKING = (PartnerStatus.AGREEMENT_SIGNED.value, PartnerStatus.ACTIVE.value)
FURTHER = (PartnerStatus.NEGOTIATING.value, *WORKING)
NOT_MET = (PartnerStatus.POTENTIAL.value, PartnerStatus.OFFER_READY.value)


# --------------------------------------------------------------------------- snapshot


def _filled(column: Any) -> ColumnElement[bool]:
    return func.coalesce(func.trim(column), "") != ""


# What makes a partner's normalised name look like a regional employment service (the
# method's «региональные службы занятости населения»): «Центр занятости населения», the
# «Работа России» staffing centres, «ЦЗН …».
EMPLOYMENT_NAMES: tuple[str, ...] = ("занятости", "работа россии", "цзн")
PREFIX_LETTERS = 5

# the names of the top-K lists in `SnapshotRows.lists`
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
    "held",
)
# lists offered latest first (the others: oldest first)
LATEST_FIRST = frozenset({"held"})
COUNTERS: tuple[str, ...] = (
    "members",
    "programmes",
    "events",
    "events_upcoming",
    "events_held",
    "evaluations",
    "evaluations_direction",
    "agreements",
    "drafts",
    "working_directions",
    "career",
    "employment",
)
# (category, status, partners, with a responsible, with a direction, met, negotiated;
#  working ones only: in an event of the window, evaluated since the year start)
GroupRow = tuple[str, str, int, int, int, int, int, int, int]
# (partner id, partner name, category, since (status change; created for the responsible
#  list; a meeting's start; an agreement's or an event's day), id of the meeting,
#  agreement, draft or event the row is about, else 0; a meeting's length in minutes)
ListRow = tuple[int, str, str, datetime | None, int, int]


@dataclass(frozen=True, slots=True)
class SnapshotRows:
    """What `snapshot_rows` read, as plain values."""

    counters: dict[str, int]  # COUNTERS → count
    groups: list[GroupRow]  # archived partners left out, declined ones in
    lists: dict[str, list[ListRow]]  # LISTS → at most `limit` rows, in the order to offer
    answers: dict[int, str]  # stage-I answer per question
    documents: set[str]  # every adopted kind, marks included


@dataclass(frozen=True, slots=True)
class Window:
    """The moments a snapshot counts from."""

    today: date  # the member's local date
    window_start: date  # events counted from this day ("the last year or ahead")
    year_start: datetime  # evaluations counted from this moment
    now: datetime
    expiring_until: date  # agreements ending by this day ask for a decision
    limit: int  # rows per list


def _count(*where: Any) -> Any:
    return select(func.count()).where(*where).scalar_subquery()


def _flag(condition: Any, *, unless: Any = None) -> Any:
    """1 when `condition` holds, else 0; `unless` (cheap, checked first) gives 0 without
    evaluating `condition` (a correlated subquery)."""
    if unless is None:
        return case((condition, 1), else_=0)
    return case((unless, 0), (condition, 1), else_=0)


def _names_with(org: Any, listed: Any, phrases: Sequence[str]) -> Any:
    """A listed partner's name has one of `phrases`, found by the name index
    (partner_terms): each word of the phrase begins one of the name's terms (its first five
    letters: «занятости» finds «занятость»; a short word such as «цзн» whole)."""
    found: list[Any] = []
    for phrase in phrases:
        where = [listed]
        for word in norm(phrase).split():
            prefix = word[:PREFIX_LETTERS]
            term = aliased(PartnerTerm)
            where += [
                term.organisation_id == org,
                term.partner_id == Partner.id,
                term.term >= prefix,
                term.term < prefix[:-1] + chr(ord(prefix[-1]) + 1),
            ]
        found.append(exists().where(*where))
    return or_(false(), *found)


def _part(name: str, *columns: Any) -> Any:
    return select(literal(name).label("list"), *columns)


def window_params(organisation_id: int, window: Window) -> dict[str, Any]:
    """The values of the snapshot statements' bound parameters."""
    return {
        "org": organisation_id,
        "today": window.today,
        "window_start": window.window_start,
        "year_start": window.year_start,
        "now": window.now,
        "expiring_until": window.expiring_until,
        "limit": window.limit,
    }


def snapshot_statements() -> tuple[Any, Any, Any, Any]:
    """The four snapshot statements, with bound parameters (`window_params`); built once,
    on first use, like prepared statements (bench/coach_snapshot.py prints their plans).

    Every per-partner fact is read from indexes (storage/models/coach.py lists the ones
    the coach adds), never from the partners' rows; the lists walk an index in the order
    they offer and stop after `limit` rows (a list whose filter names several statuses is
    one part per status, merged in `snapshot_rows`)."""
    if _STATEMENTS:
        return _STATEMENTS[0]
    org: Any = bindparam("org")
    today: Any = bindparam("today")
    limit: Any = bindparam("limit")
    window_start: Any = bindparam("window_start")
    year_start: Any = bindparam("year_start")
    now: Any = bindparam("now")
    expiring_until: Any = bindparam("expiring_until")
    live = and_(Partner.organisation_id == org, Partner.archived_at.is_(None))
    listed = and_(live, Partner.status != PartnerStatus.DECLINED.value)
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
    held_meeting = exists().where(
        Meeting.partner_id == Partner.id, Meeting.status == MeetingStatus.DONE
    )
    agreed_meeting = exists().where(
        Meeting.partner_id == Partner.id,
        Meeting.status == MeetingStatus.DONE,
        Meeting.outcome == MeetingOutcome.AGREED,
    )
    with_partner = exists().where(WorkEventPartner.event_id == WorkEvent.id)
    joint = and_(WorkEvent.organisation_id == org, WorkEvent.day >= window_start)
    further = Partner.status.in_(FURTHER)
    declined = Partner.status == PartnerStatus.DECLINED.value
    not_working = Partner.status.not_in(WORKING)

    # 1. counters
    career = or_(
        exists().where(
            PartnerDirection.direction == Direction.CAREER.value,
            PartnerDirection.partner_id == Partner.id,
            listed,
        ),
        exists().where(joint, WorkEvent.direction == Direction.CAREER.value),
    )
    employment = _names_with(org, listed, EMPLOYMENT_NAMES)
    counters = select(
        _count(Member.organisation_id == org, Member.is_active.is_(True)),
        _count(Program.organisation_id == org),
        _count(joint, with_partner),
        _count(WorkEvent.organisation_id == org, WorkEvent.day >= today),
        _count(joint, with_partner, WorkEvent.held_at.is_not(None)),
        _count(Evaluation.organisation_id == org, Evaluation.created_at >= year_start),
        _count(
            Evaluation.organisation_id == org,
            Evaluation.created_at >= year_start,
            Evaluation.direction.is_not(None),
        ),
        _count(
            Agreement.organisation_id == org,
            Agreement.status == AgreementStatus.ACTIVE,
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= today),
        ),
        _count(Agreement.organisation_id == org, Agreement.status == AgreementStatus.DRAFT),
        select(func.count(func.distinct(PartnerDirection.direction)))
        .join(Partner, Partner.id == PartnerDirection.partner_id)
        .where(live, Partner.status.in_(WORKING))
        .scalar_subquery(),
        case((career, 1), else_=0),
        case((career, case((employment, 1), else_=0)), else_=0),  # asked only if it matters
    )
    # 2. per category and status, from indexes
    groups = (
        select(
            Partner.category,
            Partner.status,
            func.count(),
            func.sum(_flag(Partner.responsible_id.is_not(None))),
            func.sum(_flag(has_direction, unless=declined)),  # counted over the listed
            func.sum(case((further, 1), (held_meeting, 1), else_=0)),
            func.sum(case((further, 1), (agreed_meeting, 1), else_=0)),
            func.sum(_flag(in_event, unless=not_working)),
            func.sum(_flag(evaluated, unless=not_working)),
        )
        .where(live)
        .group_by(Partner.category, Partner.status)
    )
    # 3. the top candidates of every list, in one UNION ALL
    had_meeting = exists().where(  # planned, or held and reported
        Meeting.partner_id == Partner.id, Meeting.status != MeetingStatus.CANCELLED
    )
    signed_agreement = exists().where(
        Agreement.partner_id == Partner.id, Agreement.status == AgreementStatus.ACTIVE
    )
    draft = (
        select(func.max(Agreement.id))
        .where(Agreement.partner_id == Partner.id, Agreement.status == AgreementStatus.DRAFT)
        .scalar_subquery()
    )
    zero = literal(0)

    def partners(
        name: str, where: Any, order: Any, ref: Any = zero, *statuses: PartnerStatus
    ) -> list[Any]:
        """One part per status (each walks its index in order), or one for `where` alone."""
        wheres = [Partner.status == s.value for s in statuses] or [true()]
        return [
            _part(name, Partner.id, Partner.name, Partner.category, order, ref.label("ref"), zero)
            .where(live, status, where)
            .order_by(order, Partner.id)
            .limit(limit)
            for status in wheres
        ]

    not_met = (PartnerStatus.POTENTIAL, PartnerStatus.OFFER_READY)
    working = (PartnerStatus.AGREEMENT_SIGNED, PartnerStatus.ACTIVE)
    parts: list[Any] = [
        *partners("offer", not_(has_offer), Partner.status_changed_at, zero, *not_met),
        *partners(
            "meeting", and_(has_offer, not_(had_meeting)), Partner.status_changed_at, zero, *not_met
        ),
        *partners(
            "negotiating",
            not_(signed_agreement),
            Partner.status_changed_at,
            draft,
            PartnerStatus.NEGOTIATING,
        ),
        *partners(
            "responsible",
            and_(
                Partner.responsible_id.is_(None),
                Partner.status.not_in((PartnerStatus.DECLINED.value, PartnerStatus.PAUSED.value)),
            ),
            Partner.created_at,
        ),
        *partners("event", not_(in_event), Partner.status_changed_at, zero, *working),
        *partners("evaluate", not_(evaluated), Partner.status_changed_at, zero, *working),
        *partners("direction", not_(has_direction), Partner.status_changed_at, zero, *working),
    ]
    # an agreement in force though the status says otherwise (set by hand): from the
    # organisation's agreements (a partner with two of them comes twice: merged once)
    parts.append(
        _part(
            "event",
            Partner.id,
            Partner.name,
            Partner.category,
            Partner.status_changed_at,
            zero,
            zero,
        )
        .select_from(Agreement)
        .join(Partner, Partner.id == Agreement.partner_id)
        .where(
            Agreement.organisation_id == org,
            Agreement.status == AgreementStatus.ACTIVE,
            live,
            Partner.status.not_in(
                (*WORKING, PartnerStatus.DECLINED.value, PartnerStatus.PAUSED.value)
            ),
            not_(in_event),
        )
        .order_by(Partner.status_changed_at, Partner.id)
        .limit(limit)
    )
    # meetings whose start passed and have no outcome written (the caller drops those
    # still going on: their length is the last column)
    parts.append(
        _part(
            "report",
            Partner.id,
            Partner.name,
            Partner.category,
            Meeting.starts_at,
            Meeting.id,
            Meeting.duration_min,
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
    )
    # agreements in force ending by `expiring_until` with no renewal decision and no
    # automatic prolongation (as storage.agreements.expiring_undecided, minus auto-prolong);
    # the date goes in the datetime column: read back as that day's midnight UTC
    parts.append(
        _part(
            "renewal",
            Partner.id,
            Partner.name,
            Partner.category,
            Agreement.valid_until,
            Agreement.id,
            zero,
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
    )
    # events of the last year whose day passed and that are not marked held, latest first
    parts.append(
        _part("held", zero, WorkEvent.title, literal(""), WorkEvent.day, WorkEvent.id, zero)
        .where(joint, WorkEvent.day < today, WorkEvent.held_at.is_(None))
        .order_by(WorkEvent.day.desc(), WorkEvent.id.desc())
        .limit(limit)
    )
    candidates = union_all(*(select(p.subquery()) for p in parts))
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
    _STATEMENTS.append((counters, groups, candidates, extras))
    return _STATEMENTS[0]


_STATEMENTS: list[tuple[Any, Any, Any, Any]] = []


def _aware(since: Any) -> datetime | None:
    if isinstance(since, str):  # UNION ALL returns raw SQLite text
        since = datetime.fromisoformat(since)
    elif isinstance(since, date) and not isinstance(since, datetime):
        since = datetime(since.year, since.month, since.day)
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return since  # type: ignore[no-any-return]


def _merged(name: str, rows: list[ListRow], limit: int) -> list[ListRow]:
    """A list read in parts (one per status): in the order to offer, the first `limit`."""
    rows = list({(r[0], r[4]) if r[0] else (0, r[4]): r for r in rows}.values())
    rows.sort(key=lambda r: (r[3] or datetime.min.replace(tzinfo=UTC), r[0], r[4]))
    if name in LATEST_FIRST:
        rows.reverse()
    return rows[:limit]


async def snapshot_rows(
    session: AsyncSession, organisation_id: int, window: Window
) -> SnapshotRows:
    """The organisation's facts the coach reads, with four queries whatever its size:
    counters; partners per category and status; the first `window.limit` rows of every
    list; stage-I answers and adopted documents. Meetings still going on (their end is
    after `window.now`) are not among those to report."""
    counters_stmt, groups_stmt, candidates_stmt, extras_stmt = snapshot_statements()
    params = window_params(organisation_id, window)
    counters = (await session.execute(counters_stmt, params)).one()
    groups: list[GroupRow] = [
        (row[0], row[1], *(int(n or 0) for n in row[2:]))
        for row in await session.execute(groups_stmt, params)
    ]
    lists: dict[str, list[ListRow]] = {name: [] for name in LISTS}
    rows = await session.execute(candidates_stmt, params)
    for name, pid, pname, category, since, ref, minutes in rows:
        when = _aware(since)
        if name == "report" and when and when + timedelta(minutes=minutes or 0) > window.now:
            continue  # still going on: not past yet
        lists[name].append((pid, pname, category, when, ref or 0, minutes or 0))
    answers: dict[int, str] = {}
    documents: set[str] = set()
    for kind, number, value in await session.execute(extras_stmt, params):
        if kind == "q":
            answers[int(number)] = value
        else:
            documents.add(value)
    return SnapshotRows(
        counters={name: int(n or 0) for name, n in zip(COUNTERS, counters, strict=True)},
        groups=groups,
        lists={name: _merged(name, rows, window.limit) for name, rows in lists.items()},
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
    partner_ids: tuple[int, ...] = ()
    responsible_id: int | None = None
    held_at: datetime | None = None
    children: int | None = None
    prize: str | None = None
    photo_file_id: str | None = None


async def _own_partners(
    session: AsyncSession, organisation_id: int, partner_ids: Sequence[int]
) -> list[int]:
    """The organisation's own partners among `partner_ids` (untrusted), in that order."""
    ids = [i for i in dict.fromkeys(partner_ids) if valid_id(i)]
    if not ids:
        return []
    result = await session.execute(
        select(Partner.id).where(Partner.organisation_id == organisation_id, Partner.id.in_(ids))
    )
    own = set(result.scalars())
    return [i for i in ids if i in own]


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
    valid = await _own_partners(session, organisation_id, partner_ids)
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


async def event_of(session: AsyncSession, organisation_id: int, event_id: int) -> WorkEvent | None:
    """The organisation's event (ids from callbacks are untrusted)."""
    if not valid_id(event_id):
        return None
    result = await session.execute(
        select(WorkEvent).where(
            WorkEvent.id == event_id, WorkEvent.organisation_id == organisation_id
        )
    )
    return result.scalar_one_or_none()


async def set_event_partners(
    session: AsyncSession, event: WorkEvent, partner_ids: Sequence[int]
) -> list[int]:
    """The event's partners become the organisation's own among `partner_ids`."""
    valid = await _own_partners(session, event.organisation_id, partner_ids)
    await session.execute(delete(WorkEventPartner).where(WorkEventPartner.event_id == event.id))
    session.add_all(WorkEventPartner(event_id=event.id, partner_id=pid) for pid in valid)
    await session.flush()
    return valid


async def delete_event(session: AsyncSession, organisation_id: int, event_id: int) -> bool:
    if not valid_id(event_id):
        return False
    await session.execute(delete(WorkEventPartner).where(WorkEventPartner.event_id == event_id))
    result = await session.execute(
        delete(WorkEvent).where(
            WorkEvent.id == event_id, WorkEvent.organisation_id == organisation_id
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def under_agreement(
    session: AsyncSession, organisation_id: int, partner_ids: Sequence[int], day: date
) -> set[int]:
    """Those of `partner_ids` with an agreement in force on `day` (signed, not ended by
    then)."""
    if not partner_ids:
        return set()
    result = await session.execute(
        select(Agreement.partner_id).where(
            Agreement.organisation_id == organisation_id,
            Agreement.partner_id.in_(list(partner_ids)),
            Agreement.status == AgreementStatus.ACTIVE,
            or_(Agreement.signed_on.is_(None), Agreement.signed_on <= day),
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= day),
        )
    )
    return set(result.scalars())


async def _event_rows(session: AsyncSession, events: list[WorkEvent]) -> list[EventRow]:
    if not events:
        return []
    ids = [e.id for e in events]
    names: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    result = await session.execute(
        select(WorkEventPartner.event_id, Partner.id, Partner.name)
        .join(Partner, Partner.id == WorkEventPartner.partner_id)
        .where(WorkEventPartner.event_id.in_(ids))
        .order_by(Partner.name_norm)
    )
    for event_id, pid, name in result:
        names[event_id].append((pid, name))
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
            tuple(name for _, name in names[e.id]),
            tuple(pid for pid, _ in names[e.id]),
            e.responsible_id,
            e.held_at,
            e.children,
            e.prize,
            e.photo_file_id,
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
    ahead, before = list(upcoming.scalars()), list(past.scalars())
    rows = await _event_rows(session, ahead + before)  # partners and people read once
    return rows[: len(ahead)], rows[len(ahead) :]


async def get_event(session: AsyncSession, organisation_id: int, event_id: int) -> EventRow | None:
    row = await event_of(session, organisation_id, event_id)
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
