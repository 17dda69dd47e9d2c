"""Agreements' use cases. Each public function owns its transaction: it writes through
storage/agreements.py and commits before it returns. Partner statuses move only through
bot/domain/statuses.py.

`run_lifecycle` is the scheduled work: on each agreement's local end date it auto-prolongs
or (the day after) ends it, pauses the partner when the last agreement in force ends, and
plans the notice that tells the member (a reminder renderer only renders it). It is
idempotent: every change is a conditional UPDATE on what was read, so two processes, a
restart or a second run the same day change nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import agreements as rules
from bot.domain.statuses import Fact, after
from storage import agreements as store
from storage import orgs
from storage.models import Agreement, AgreementKind, AgreementStatus, Partner, RenewalDecision
from storage.orgs import MemberInfo
from storage.partners import change_status, get_partner
from texts import agreements as words

log = logging.getLogger(__name__)

Sessions = AsyncSession | async_sessionmaker[AsyncSession]

LIFECYCLE_JOB = "agreements:lifecycle"


@asynccontextmanager
async def _session(source: Sessions) -> AsyncIterator[AsyncSession]:
    if isinstance(source, AsyncSession):
        yield source
    else:
        async with source() as session:
            yield session


async def _agreement_ended(
    session: AsyncSession, agreement: Agreement, ended_on: date, now: datetime
) -> bool:
    """After an agreement ended: the partner is paused when no other agreement is in force
    (Fact.AGREEMENT_ENDED). True if the partner's status changed."""
    partner = await get_partner(session, agreement.organisation_id, agreement.partner_id)
    if partner is None:
        return False
    others = await store.in_force_count(
        session, agreement.organisation_id, partner.id, ended_on, exclude_id=agreement.id
    )
    target = None if others else after(partner.status, Fact.AGREEMENT_ENDED)
    if target is None:
        return False
    return await change_status(
        session, partner, target, member_id=agreement.responsible_id, now=now
    )


async def _signed(session: AsyncSession, partner: Partner, member_id: int, now: datetime) -> bool:
    """An agreement registered or prolonged (Fact.AGREEMENT_SIGNED). True if it moved."""
    target = after(partner.status, Fact.AGREEMENT_SIGNED)
    if target is None:
        return False
    return await change_status(session, partner, target, member_id=member_id, now=now)


# --------------------------------------------------------------------------- registration


@dataclass(frozen=True, slots=True)
class Registration:
    """The answers of the registration form."""

    partner_id: int
    kind: str
    number: str | None
    subject: str
    signed_on: date | None
    valid_until: date | None  # None: open-ended
    auto_prolong: bool
    prolong_months: int | None
    responsible_id: int
    scan_file_id: str | None = None
    scan_kind: str | None = None
    scan_name: str | None = None
    draft_id: int | None = None  # registering this draft as signed


@dataclass(frozen=True, slots=True)
class Registered:
    agreement: Agreement
    partner: Partner
    status_changed: bool


async def register(
    session: AsyncSession, member: MemberInfo, form: Registration, *, now: datetime
) -> Registered | None:
    """Register a signed agreement (a new one, or the member's draft); None if the partner is
    gone. The responsible member defaults to the one registering."""
    org = member.organisation_id
    partner = await get_partner(session, org, form.partner_id)
    if partner is None:
        return None
    responsible = await orgs.get_member(session, org, form.responsible_id)
    fields: dict[str, Any] = {
        "kind": form.kind or AgreementKind.COOPERATION,
        "number": form.number,
        "subject": form.subject or words.DEFAULT_SUBJECT,
        "signed_on": form.signed_on,
        "valid_until": form.valid_until,
        "auto_prolong": form.auto_prolong,
        "prolong_months": form.prolong_months,
        "responsible_id": responsible.id if responsible else member.id,
        "scan_file_id": form.scan_file_id,
        "scan_kind": form.scan_kind,
        "scan_name": form.scan_name,
    }
    draft = await store.get_agreement(session, org, form.draft_id) if form.draft_id else None
    if draft is not None and draft.status == AgreementStatus.DRAFT:
        await store.register_draft(session, draft, fields, now)
        agreement = draft
    else:
        agreement = await store.create_agreement(
            session,
            organisation_id=org,
            partner_id=partner.id,
            created_by_id=member.id,
            now=now,
            **fields,
        )
    changed = await _signed(session, partner, member.id, now)
    await store.reschedule(session, agreement, now)
    await session.commit()
    return Registered(agreement, partner, changed)


async def ensure_draft(
    session: AsyncSession,
    member: MemberInfo,
    partner_id: int,
    *,
    subject: str,
    kind: str,
    now: datetime,
    previous: Agreement | None = None,
) -> Agreement:
    """The partner's open draft, or a new one. A new draft continuing `previous` takes over
    the obligations confirmed for it and its network-form terms (they are asked once)."""
    draft = await store.ensure_draft(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner_id,
        subject=subject,
        kind=kind,
        member_id=member.id,
        now=now,
    )
    if previous is not None and draft.our_obligations is None:
        if previous.our_obligations is not None:
            await store.set_obligations(
                session,
                draft,
                previous.our_obligations,
                previous.partner_obligations or [],
                now,
            )
        if previous.network_terms is not None and draft.kind == previous.kind:
            await store.set_network_terms(session, draft, previous.network_terms, now)
    await session.commit()
    return draft


async def confirm_obligations(
    session: AsyncSession,
    agreement: Agreement,
    ours: list[str],
    theirs: list[str],
    *,
    now: datetime,
) -> None:
    """Keep the obligations the member confirmed: the agreement's documents use them and a
    second draft does not ask again."""
    await store.set_obligations(session, agreement, ours, theirs, now)
    await session.commit()


async def save_network_terms(
    session: AsyncSession, agreement: Agreement, terms: dict[str, object], *, now: datetime
) -> None:
    await store.set_network_terms(session, agreement, terms, now)
    await session.commit()


async def attach_scan(
    session: AsyncSession,
    agreement: Agreement,
    *,
    file_id: str,
    kind: str,
    name: str | None,
    now: datetime,
) -> None:
    await store.attach_scan(session, agreement, file_id=file_id, kind=kind, name=name, now=now)
    await session.commit()


# --------------------------------------------------------------------------- by hand


async def prolong(
    session: AsyncSession,
    member: MemberInfo,
    agreement: Agreement,
    partner: Partner,
    new_until: date,
    *,
    now: datetime,
) -> bool:
    """Prolong by hand to `new_until`; False if it changed meanwhile (ended, prolonged)."""
    if not await store.prolong(session, agreement, new_until, now):
        await session.rollback()
        return False
    await _signed(session, partner, member.id, now)
    await session.commit()
    return True


async def let_end(session: AsyncSession, agreement: Agreement, *, now: datetime) -> None:
    """The member decided not to prolong: no renewal reminders, the end notice stays."""
    await store.let_end(session, agreement, now)
    await session.commit()


@dataclass(frozen=True, slots=True)
class Ended:
    ended: bool  # False: it was no longer in force
    paused: bool  # the partner moved to paused (no other agreement in force)


async def end(session: AsyncSession, agreement: Agreement, *, today: date, now: datetime) -> Ended:
    """End an agreement today by hand (early, or an open-ended one)."""
    if not await store.close(session, agreement.organisation_id, agreement, today, now):
        await session.rollback()
        return Ended(False, False)
    paused = await _agreement_ended(session, agreement, today, now)
    await session.commit()
    return Ended(True, paused)


# --------------------------------------------------------------------------- settings


async def set_offsets(
    session: AsyncSession, organisation_id: int, offsets: list[int], *, now: datetime
) -> int:
    """Store the renewal offsets and replan every agreement in force; returns how many."""
    count = await store.set_offsets(session, organisation_id, offsets, now)
    await session.commit()
    return count


async def save_template(
    session: AsyncSession,
    member: MemberInfo,
    kind: str,
    content: bytes,
    *,
    file_id: str | None,
    file_name: str | None,
    now: datetime,
) -> None:
    await store.save_template(
        session,
        organisation_id=member.organisation_id,
        kind=kind,
        content=content,
        file_id=file_id,
        file_name=file_name,
        member_id=member.id,
        now=now,
    )
    await session.commit()


async def reset_template(session: AsyncSession, organisation_id: int, kind: str) -> bool:
    removed = await store.delete_template(session, organisation_id, kind)
    await session.commit()
    return removed


# --------------------------------------------------------------------------- lifecycle


@dataclass(frozen=True, slots=True)
class LifecycleRun:
    prolonged: int = 0
    ended: int = 0
    checkins: int = 0  # open-ended agreements whose next yearly check-in was planned


def _term(agreement: Agreement) -> rules.Term:
    return rules.Term(
        valid_until=agreement.valid_until,
        auto_prolong=agreement.auto_prolong,
        prolong_months=agreement.prolong_months,
        let_end=agreement.renewal_decision == RenewalDecision.LET_END,
    )


async def _apply(session: AsyncSession, agreement: Agreement, now: datetime) -> str:
    """Do what is due for one agreement on its member's local date ('' if nothing);
    commits its own transaction."""
    member = await store.recipient(session, agreement)
    zone = member.timezone if member is not None else "UTC"
    step = rules.due_on(_term(agreement), store.local_today(now, zone))
    if isinstance(step, rules.Prolong):
        # status unchanged, as before the job existed: an automatic prolongation is no
        # member's act (a partner paused by hand stays paused)
        if not await store.prolong(session, agreement, step.new_until, now):
            await session.rollback()
            return ""
        kind = store.KIND_AUTOPROLONG
    elif isinstance(step, rules.End):
        if not await store.close(session, agreement.organisation_id, agreement, step.until, now):
            await session.rollback()
            return ""
        await _agreement_ended(session, agreement, step.until, now)
        kind = store.KIND_ENDED
    else:
        return ""
    if member is not None and member.is_active:
        # a member who blocked the bot is not told later (their held rows stay cancelled)
        await store.schedule_notice(session, agreement, kind, step.until, member)
    await session.commit()
    return kind


async def _plan_checkin(session: AsyncSession, agreement: Agreement, now: datetime) -> str:
    if agreement.valid_until is not None:
        return ""
    planned = await store.plan_next_checkin(session, agreement, now)
    await session.commit()
    return store.KIND_CHECKIN if planned is not None else ""


Step = Callable[[AsyncSession, Agreement, datetime], Awaitable[str]]


async def _each(sessions: Sessions, ids: list[int], step: Step, now: datetime) -> list[str]:
    """Run `step` on each agreement still in force, each in its own transaction; one that
    fails is logged and rolled back, and the others go on."""
    done: list[str] = []
    for agreement_id in ids:
        async with _session(sessions) as session:
            try:
                agreement = await session.get(Agreement, agreement_id, populate_existing=True)
                if agreement is not None and agreement.status == AgreementStatus.ACTIVE:
                    done.append(await step(session, agreement, now))
            except Exception:
                await session.rollback()
                log.exception("agreement %s: lifecycle step failed", agreement_id)
    return done


async def run_lifecycle(sessions: Sessions, now: datetime) -> LifecycleRun:
    """Prolong or end the agreements whose day has come, pause partners left with none in
    force, plan open-ended agreements' next yearly check-in. Safe to run any number of times
    and from several processes: each change is made once."""
    # the latest local date anywhere (UTC+14): agreements ending later are surely not due
    last_day = (now + timedelta(hours=14)).date()
    async with _session(sessions) as session:
        due = [a.id for a in await store.due_for_lifecycle(session, last_day)]
        open_ended = [a.id for a in await store.without_next_checkin(session, now)]
    done = await _each(sessions, due, _apply, now)
    done += await _each(sessions, open_ended, _plan_checkin, now)
    run = LifecycleRun(
        prolonged=done.count(store.KIND_AUTOPROLONG),
        ended=done.count(store.KIND_ENDED),
        checkins=done.count(store.KIND_CHECKIN),
    )
    if run.prolonged or run.ended or run.checkins:
        log.info(
            "agreements lifecycle: %s prolonged, %s ended, %s check-ins planned",
            run.prolonged,
            run.ended,
            run.checkins,
        )
    return run


async def start_lifecycle(
    scheduler: Any,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: Callable[[], datetime],
) -> None:
    """Run the lifecycle once now (whatever came due while the bot was down), then on the
    app's APScheduler.

    Hourly rather than once a day: an agreement's day is its member's local date, and the
    notices go out at 10:00 local time. Members live from UTC+2 to UTC+12, so no single
    moment of the day is past local midnight and before 10:00 for all of them; running at
    minute 5 of every hour does each agreement's work within the first hour of its local day,
    well before its notice (a run with nothing due is two small reads)."""

    async def job() -> None:
        # a coroutine, so APScheduler's asyncio executor runs it on the loop
        try:
            await run_lifecycle(sessionmaker, clock())
        except Exception:
            log.exception("agreements lifecycle failed; the next run retries")

    await job()
    scheduler.add_job(
        job,
        "cron",
        minute=5,
        id=LIFECYCLE_JOB,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
    )
