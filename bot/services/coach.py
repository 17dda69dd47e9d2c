"""The method coach's use cases: the organisation's `Snapshot` the rules read, and the
coach's writes (dismissals, stage-I answers, the «team aware» mark, documents, events of the
work plan, evaluations), each committed here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import coach as rules
from storage import coach as store
from storage.agreements import EXPIRING_DAYS
from storage.enums import PartnerStatus
from storage.orgs import MemberInfo

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
}


def _year_start(now: datetime, zone: ZoneInfo) -> datetime:
    local = now.astimezone(zone)
    return datetime(local.year, 1, 1, tzinfo=zone).astimezone(UTC)


# --------------------------------------------------------------------------- snapshot


async def snapshot(
    session: AsyncSession, organisation_id: int, now: datetime, tz: str
) -> rules.Snapshot:
    """Everything the coach's rules need, read now (four queries whatever the size)."""
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    rows = await store.snapshot_rows(
        session,
        organisation_id,
        today=today,
        window_start=today - timedelta(days=EVENT_WINDOW_DAYS),
        year_start=_year_start(now, zone),
        now=now,
        expiring_until=today + timedelta(days=EXPIRING_DAYS),
        limit=rules.CANDIDATES,
    )
    return build_snapshot(rows, today)


def build_snapshot(rows: store.SnapshotRows, today: date) -> rules.Snapshot:
    """The domain's view of what storage read: totals over categories and statuses (declined
    partners counted by status only), partner lists as `PartnerRef`s."""
    by_category: dict[str, int] = {}
    by_status: dict[str, int] = {}
    totals = dict.fromkeys(
        ("partners", "offer", "resp", "dir", "working", "working_ev", "working_dir"), 0
    )
    totals |= {"active": 0, "active_eval": 0}
    for category, status, n, n_offer, n_resp, n_dir, n_event, n_eval in rows.groups:
        by_status[status] = by_status.get(status, 0) + n
        if status == PartnerStatus.DECLINED:
            continue
        by_category[category] = by_category.get(category, 0) + n
        totals["partners"] += n
        totals["offer"] += n_offer
        totals["resp"] += n_resp
        totals["dir"] += n_dir
        if status in WORKING:
            totals["working"] += n
            totals["working_ev"] += n_event
            totals["working_dir"] += n_dir
        if status == PartnerStatus.ACTIVE:
            totals["active"] += n
            totals["active_eval"] += n_eval
    refs = {
        field: tuple(rules.PartnerRef(*row) for row in rows.lists[name])
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
        with_offer=totals["offer"],
        with_direction=totals["dir"],
        with_responsible=totals["resp"],
        working=totals["working"],
        working_in_events=totals["working_ev"],
        working_with_direction=totals["working_dir"],
        working_directions=counters["working_directions"],
        active=totals["active"],
        active_evaluated=totals["active_eval"],
        categories_met=counters["categories_met"],
        events=counters["events"],
        events_upcoming=counters["events_upcoming"],
        evaluations=counters["evaluations"],
        agreements=counters["agreements"],
        today=today,
        team_aware=rules.TEAM_AWARE in rows.documents,
        agreed_meetings=counters["agreed_meetings"],
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
