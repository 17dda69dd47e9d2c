"""An agreement ends or auto-prolongs on its day even when the member blocked the bot, exactly
once: the work is the daily lifecycle job's, the reminder only tells (and a member who
blocked the bot is not told later). A revived reminder row starts afresh."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from bot.reminders import Limits, member_left
from bot.services.agreements import run_lifecycle
from storage import agreements as agreements_db
from storage import reminders as store
from storage.models import Agreement, AgreementStatus, Member, Partner, Reminder, ReminderStatus
from tests.conftest import onboard
from tests.meetings_helpers import engine_of, member_row
from tests.test_agreements_flow import make_partner, register


async def _deactivate(app: App) -> None:
    async with app.sessionmaker() as session:
        await session.execute(update(Member).values(is_active=False))
        await session.commit()


async def _rows(app: App, kind: str) -> list[Reminder]:
    async with app.sessionmaker() as session:
        result = await session.execute(
            select(Reminder).where(Reminder.kind == kind).order_by(Reminder.due_at)
        )
        return list(result.scalars())


async def _agreement(app: App) -> Agreement:
    async with app.sessionmaker() as session:
        return (await session.execute(select(Agreement))).scalar_one()


def _sent_count(app: App) -> int:
    return len(app.bot.session.sent)  # type: ignore[attr-defined]


async def test_agreement_ends_although_the_member_blocked_the_bot(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)  # ends 16.12.2026
    await _deactivate(app)
    engine = engine_of(app)
    engine.configure(limits=Limits.none())
    start = _sent_count(app)

    clock.set(datetime(2026, 12, 17, 5, 0, tzinfo=UTC))
    run = await run_lifecycle(app.sessionmaker, clock.now())
    assert (run.prolonged, run.ended) == (0, 1)
    stats = await engine.run_due()
    assert stats.sent == 0
    assert _sent_count(app) == start  # nothing went to the blocked chat
    agreement = await _agreement(app)
    assert agreement.status == AgreementStatus.ENDED
    assert agreement.ended_on == date(2026, 12, 16)
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, partner_id)
    assert partner is not None and partner.status == "paused"
    # the end notice will never be sent (not later either, should the member come back)
    [ended] = await _rows(app, agreements_db.KIND_ENDED)
    assert ended.status == ReminderStatus.CANCELLED
    # exactly once: the job running again (hourly, another process) changes nothing
    run = await run_lifecycle(app.sessionmaker, clock.now())
    assert (run.prolonged, run.ended) == (0, 0)
    assert (await engine.run_due()).sent == 0 and _sent_count(app) == start
    again = await _agreement(app)
    assert (again.status, again.ended_on, again.updated_at) == (
        agreement.status,
        agreement.ended_on,
        agreement.updated_at,
    )
    # the ordinary renewal reminders were not sent either
    assert ReminderStatus.SENT not in {
        r.status for r in await _rows(app, agreements_db.KIND_RENEWAL)
    }


async def test_agreement_auto_prolongs_although_the_member_blocked_the_bot(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id, auto=True)  # ends 16.12.2026, prolongs for a year
    [auto] = await _rows(app, agreements_db.KIND_AUTOPROLONG)
    me = await member_row(app)
    async with app.sessionmaker() as session:
        # blocked via my_chat_member: the auto-prolongation notice is held with the rest (the
        # prolongation itself does not depend on it)
        await member_left(session, me.telegram_id, me.id)
    assert [r.status for r in await _rows(app, agreements_db.KIND_AUTOPROLONG)] == [
        ReminderStatus.HELD
    ]
    engine = engine_of(app)
    engine.configure(limits=Limits.none())
    start = _sent_count(app)

    clock.set(auto.due_at)
    run = await run_lifecycle(app.sessionmaker, clock.now())
    assert (run.prolonged, run.ended) == (1, 0)
    stats = await engine.run_due()
    assert stats.sent == 0 and _sent_count(app) == start
    agreement = await _agreement(app)
    assert agreement.status == AgreementStatus.ACTIVE
    assert agreement.valid_until == date(2027, 12, 16)
    assert agreement.prolong_count == 1
    [done, *_] = await _rows(app, agreements_db.KIND_AUTOPROLONG)
    assert done.id == auto.id and done.status == ReminderStatus.CANCELLED  # never sent
    # exactly once: again the same day, and the next hour
    for later in (clock.now(), clock.now() + timedelta(hours=1)):
        run = await run_lifecycle(app.sessionmaker, later)
        assert (run.prolonged, run.ended) == (0, 0)
    again = await _agreement(app)
    assert (again.valid_until, again.prolong_count) == (date(2027, 12, 16), 1)


async def test_active_member_still_gets_the_end_notice(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)
    engine = engine_of(app)
    engine.configure(limits=Limits.none())
    clock.set(datetime(2026, 12, 17, 5, 0, tzinfo=UTC))
    await run_lifecycle(app.sessionmaker, clock.now())
    await engine.run_due()
    [ended] = await _rows(app, agreements_db.KIND_ENDED)
    assert ended.status == ReminderStatus.SENT


async def test_revived_reminder_starts_afresh(app: App, user: LocalUser) -> None:
    await onboard(user)
    me = await member_row(app)
    due = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    async with app.sessionmaker() as session:
        first = await store.schedule(
            session,
            organisation_id=me.organisation_id,
            member_id=me.id,
            kind="meeting.eve",
            ref_id=7,
            due_at=due,
            payload={"event_at": "old"},
        )
        first.attempts = 3
        first.claimed_by = "gone"
        first.claimed_at = due
        first.last_error = "500"
        await session.commit()
        assert await store.cancel_for(session, kinds=("meeting.eve",), ref_id=7) == 1
        await session.commit()
        # another organisation's call does not touch it
        assert (
            await store.cancel_for(
                session, kinds=("meeting.eve",), ref_id=7, organisation_id=me.organisation_id + 1
            )
            == 0
        )
        again = await store.schedule(
            session,
            organisation_id=me.organisation_id,
            member_id=me.id,
            kind="meeting.eve",
            ref_id=7,
            due_at=due,
            payload={"event_at": "new"},
        )
        await session.commit()
        assert again.id == first.id
    async with app.sessionmaker() as session:
        row = await session.get(Reminder, first.id)
        assert row is not None
        assert row.status == ReminderStatus.PENDING
        assert row.payload == {"event_at": "new"}
        assert row.due_at == due
        assert (row.attempts, row.claimed_by, row.claimed_at, row.last_error) == (
            0,
            None,
            None,
            None,
        )
        assert [
            r.id for r in await store.pending_for(session, kinds=("meeting.eve",), ref_id=7)
        ] == [row.id]
        assert (
            await store.pending_for(
                session, kinds=("meeting.eve",), ref_id=7, organisation_id=me.organisation_id + 1
            )
            == []
        )
