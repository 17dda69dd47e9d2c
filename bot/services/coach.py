"""The method coach's use cases: the organisation's `Snapshot` the rules read, and the
coach's writes (dismissals, stage-I answers, the «team aware» mark, documents, events of the
work plan, evaluations), each committed here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import coach as rules
from bot.domain.statuses import Fact, after
from bot.services import tasks
from storage import coach as store
from storage.agreements import EXPIRING_DAYS
from storage.enums import PartnerStatus
from storage.orgs import MemberInfo
from storage.partners import change_status, get_partner

EVENT_WINDOW_DAYS = 365  # a working partner is "in the work plan" with an event this recent
FORGET_DISMISSALS_DAYS = 30  # dismissals that ended this long before a new one are dropped
WORKING = (PartnerStatus.AGREEMENT_SIGNED, PartnerStatus.ACTIVE)

# Snapshot field ← list of storage/coach.py
LIST_FIELDS = {
    "need_offer": "offer",
    "need_meeting": "meeting",
    "negotiating": "negotiating",
    "need_responsible": "responsible",
    "need_event": "event",
    "need_evaluation": "evaluate",
    "need_direction": "direction",
    "unreported": "report",
    "expiring": "renewal",
    "unheld": "held",
}

# Other features' due items (tasks) for /next: each source is called with the session, the
# member and the member's local date, and returns `DueItem`s (bot/domain/coach.py). Plug a
# feature in by listing its function here and its button kind in handlers/coach/actions.py.
DueSource = Callable[[AsyncSession, MemberInfo, date], Awaitable[Sequence[rules.DueItem]]]
DUE_SOURCES: tuple[DueSource, ...] = (tasks.due_items,)


def _year_start(now: datetime, zone: ZoneInfo) -> datetime:
    local = now.astimezone(zone)
    return datetime(local.year, 1, 1, tzinfo=zone).astimezone(UTC)


# --------------------------------------------------------------------------- snapshot


def window(now: datetime, tz: str) -> store.Window:
    """What a snapshot read at `now` by a member in zone `tz` counts from."""
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    return store.Window(
        today=today,
        window_start=today - timedelta(days=EVENT_WINDOW_DAYS),
        year_start=_year_start(now, zone),
        now=now,
        expiring_until=today + timedelta(days=EXPIRING_DAYS),
        limit=rules.CANDIDATES,
    )


async def snapshot(
    session: AsyncSession,
    organisation_id: int,
    now: datetime,
    tz: str,
    *,
    due: Sequence[rules.DueItem] = (),
) -> rules.Snapshot:
    """Everything the coach's rules need, read now (four queries whatever the size);
    `due`: other features' due items for /next (see `due_items`)."""
    span = window(now, tz)
    rows = await store.snapshot_rows(session, organisation_id, span)
    return build_snapshot(rows, span.today, due=due)


async def due_items(
    session: AsyncSession, member: MemberInfo, today: date
) -> tuple[rules.DueItem, ...]:
    """The due items of every source in `DUE_SOURCES`, for /next."""
    found: list[rules.DueItem] = []
    for source in DUE_SOURCES:
        found.extend(await source(session, member, today))
    return tuple(found)


def build_snapshot(
    rows: store.SnapshotRows, today: date, *, due: Sequence[rules.DueItem] = ()
) -> rules.Snapshot:
    """The domain's view of what storage read: totals over categories and statuses (declined
    partners counted by status only, and for the categories met), lists as `PartnerRef`s."""
    by_category: dict[str, int] = {}
    by_status: dict[str, int] = {}
    met_categories: set[str] = set()
    totals = dict.fromkeys(
        ("partners", "resp", "dir", "met", "negotiated", "working", "working_ev"), 0
    )
    totals |= dict.fromkeys(("working_eval", "working_dir"), 0)
    for row in rows.groups:
        category, status, n, n_resp, n_dir, n_met, n_negotiated, n_event, n_eval = row
        by_status[status] = by_status.get(status, 0) + n
        if n_met:
            met_categories.add(category)
        if status == PartnerStatus.DECLINED:
            continue
        by_category[category] = by_category.get(category, 0) + n
        totals["partners"] += n
        totals["resp"] += n_resp
        totals["dir"] += n_dir
        totals["met"] += n_met
        totals["negotiated"] += n_negotiated
        if status in WORKING:
            totals["working"] += n
            totals["working_ev"] += n_event
            totals["working_eval"] += n_eval
            totals["working_dir"] += n_dir
    refs = {
        field: tuple(rules.PartnerRef(*row[:5]) for row in rows.lists[name])
        for field, name in LIST_FIELDS.items()
    }
    counters = rows.counters
    return rules.Snapshot(
        members=counters["members"],
        answers=rows.answers,
        programmes=counters["programmes"],
        documents=frozenset(rows.documents - {rules.TEAM_AWARE}),
        partners=totals["partners"],
        by_category=by_category,
        by_status=by_status,
        with_direction=totals["dir"],
        with_responsible=totals["resp"],
        met=totals["met"],
        negotiated=totals["negotiated"],
        working=totals["working"],
        working_in_events=totals["working_ev"],
        working_with_direction=totals["working_dir"],
        working_directions=counters["working_directions"],
        working_evaluated=totals["working_eval"],
        categories_met=len(met_categories),
        events=counters["events"],
        events_upcoming=counters["events_upcoming"],
        events_held=counters["events_held"],
        evaluations=counters["evaluations"],
        evaluations_direction=counters["evaluations_direction"],
        agreements=counters["agreements"],
        drafts=counters["drafts"],
        career=bool(counters["career"]),
        employment=counters["employment"],
        due=tuple(due),
        today=today,
        team_aware=rules.TEAM_AWARE in rows.documents,
        total_categories=len(rules.CATEGORY_ORDER),
        **refs,
    )


# --------------------------------------------------------------------------- writes


async def dismiss(session: AsyncSession, member: MemberInfo, key: str, now: datetime) -> None:
    """ "Not now": hide the suggestion `key` from this member for a few days; commits."""
    until = rules.dismiss_until(now)
    await store.dismiss(
        session,
        member.organisation_id,
        member.id,
        key,
        until,
        forget_before=until - timedelta(days=FORGET_DISMISSALS_DAYS),
    )
    await session.commit()


async def save_answer(
    session: AsyncSession, member: MemberInfo, question: int, text: str, now: datetime
) -> None:
    """The organisation's answer to a stage-I question (a new one replaces it); commits."""
    await store.save_answer(session, member.organisation_id, member.id, question, text, now)
    await session.commit()


async def set_team_aware(
    session: AsyncSession, member: MemberInfo, on: bool, now: datetime
) -> None:
    """Tick (or untick) the "team aware" mark (stage I, item 2); idempotent; commits."""
    org = member.organisation_id
    if await store.adopted(session, org, rules.TEAM_AWARE) != on:
        await store.toggle_document(session, org, member.id, rules.TEAM_AWARE, now)
    await session.commit()


async def toggle_document(
    session: AsyncSession, member: MemberInfo, kind: str, now: datetime
) -> bool:
    """Mark a typical document adopted, or no longer adopted; commits. True when adopted."""
    adopted = await store.toggle_document(session, member.organisation_id, member.id, kind, now)
    await session.commit()
    return adopted


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
) -> int:
    """An event of the work plan with the organisation's own partners among `partner_ids`
    (and the responsible person only if one of its members); commits. Returns its id."""
    row = await store.create_event(
        session,
        organisation_id=organisation_id,
        member_id=member_id,
        title=title,
        day=day,
        partner_ids=partner_ids,
        direction=direction,
        responsible_id=responsible_id,
        now=now,
    )
    await session.commit()
    return row.id


@dataclass(frozen=True, slots=True)
class EventChange:
    """Fields of an event to change (None: keep); `clear_direction` empties it."""

    title: str | None = None
    day: date | None = None
    direction: str | None = None
    clear_direction: bool = False
    responsible_id: int | None = None
    partner_ids: Sequence[int] | None = None


async def update_event(
    session: AsyncSession, organisation_id: int, event_id: int, change: EventChange
) -> bool:
    """Change an event of the organisation's work plan; commits. False if it is gone."""
    event = await store.event_of(session, organisation_id, event_id)
    if event is None:
        return False
    if change.title is not None:
        event.title = change.title
    if change.day is not None:
        event.day = change.day
    if change.direction is not None or change.clear_direction:
        event.direction = change.direction
    if change.responsible_id is not None:
        found = await store.member_in(session, organisation_id, change.responsible_id)
        event.responsible_id = found if found is not None else event.responsible_id
    if change.partner_ids is not None:
        await store.set_event_partners(session, event, change.partner_ids)
    await session.commit()
    return True


async def delete_event(session: AsyncSession, organisation_id: int, event_id: int) -> bool:
    """Delete an event of the work plan with its partner links; commits."""
    deleted = await store.delete_event(session, organisation_id, event_id)
    await session.commit()
    return deleted


@dataclass(frozen=True, slots=True)
class Held:
    """A joint event marked held: its own facts (the results log builds on them)."""

    children: int | None
    partner_ids: Sequence[int]  # the partners involved
    prize: str | None
    photo_file_id: str | None


async def mark_held(
    session: AsyncSession,
    member: MemberInfo,
    event_id: int,
    held: Held,
    *,
    now: datetime,
) -> list[int] | None:
    """Mark the event held with its facts; the partners involved become its partners, and
    those with an agreement in force on its day are reported Fact.EVENT_HELD (a signed
    partner becomes active, bot/domain/statuses.py). Commits. Returns the partners whose
    status moved, or None when the event is gone."""
    org = member.organisation_id
    event = await store.event_of(session, org, event_id)
    if event is None:
        return None
    involved = await store.set_event_partners(session, event, held.partner_ids)
    event.held_at = now
    event.children = held.children
    event.prize = held.prize
    event.photo_file_id = held.photo_file_id
    moved: list[int] = []
    for pid in sorted(await store.under_agreement(session, org, involved, event.day)):
        partner = await get_partner(session, org, pid)
        target = after(partner.status, Fact.EVENT_HELD) if partner is not None else None
        if partner is not None and target is not None:
            await change_status(session, partner, target, member_id=member.id, now=now)
            moved.append(pid)
    await session.commit()
    return moved


async def add_evaluation(
    session: AsyncSession,
    member: MemberInfo,
    *,
    partner_id: int,
    scores: Sequence[int],
    comment: str | None,
    direction: str | None,
    now: datetime,
) -> None:
    """An expert evaluation of the partnership (one score per criterion); commits."""
    await store.add_evaluation(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner_id,
        member_id=member.id,
        scores=scores,
        comment=comment,
        direction=direction,
        now=now,
    )
    await session.commit()
