"""The agreement lifecycle: the rules of the day (bot/domain/agreements.py) and the job that
applies them (bot/services/agreements.py `run_lifecycle`): once at start-up, then on the
app's scheduler; each change exactly once, even with two processes on one database."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.app import App, build_app, on_startup
from bot.clock import FakeClock
from bot.config import Settings
from bot.domain.agreements import (
    End,
    Prolong,
    Term,
    check_end,
    check_prolong,
    due_on,
    latest_end,
    next_term,
    prolonged_until,
)
from bot.local_api import LocalSession, LocalUser
from bot.services.agreements import LIFECYCLE_JOB, run_lifecycle
from storage import agreements as store
from storage.models import Agreement, Partner, Reminder, ReminderStatus
from tests.conftest import onboard
from tests.test_agreements_flow import agreements, make_partner, register

END = date(2026, 12, 16)


def _term(until: date | None, *, auto: bool = False, let_end: bool = False) -> Term:
    return Term(valid_until=until, auto_prolong=auto, prolong_months=12, let_end=let_end)


def test_what_happens_on_a_given_day() -> None:
    # in force through its end date, ended the day after
    assert due_on(_term(END), date(2026, 12, 15)) is None
    assert due_on(_term(END), END) is None
    assert due_on(_term(END), date(2026, 12, 17)) == End(END)
    # automatic prolongation on the end date, not before; "let it end" turns it off
    assert due_on(_term(END, auto=True), date(2026, 12, 15)) is None
    assert due_on(_term(END, auto=True), END) == Prolong(END, date(2027, 12, 16))
    assert due_on(_term(END, auto=True, let_end=True), END) is None
    assert due_on(_term(END, auto=True, let_end=True), date(2026, 12, 17)) == End(END)
    # open-ended: nothing ever happens by itself
    assert due_on(_term(None), date(2099, 1, 1)) is None
    # a term missing: a year
    assert due_on(Term(END, True, None, False), END) == Prolong(END, date(2027, 12, 16))


def test_prolongation_catches_up_after_a_long_outage() -> None:
    assert prolonged_until(END, 12, END) == date(2027, 12, 16)
    # the bot was down for more than a term: as many terms as it takes to be still ahead
    assert prolonged_until(END, 12, date(2027, 12, 16)) == date(2028, 12, 16)
    assert prolonged_until(END, 6, date(2028, 1, 10)) == date(2028, 6, 16)
    assert prolonged_until(date(2027, 8, 31), 6, date(2027, 8, 31)) == date(2028, 2, 29)


def test_terms_checks() -> None:
    today = date(2026, 11, 26)
    assert check_end(date(2026, 11, 20), date(2026, 11, 20), today) == "before_signed"
    assert check_end(date(2026, 11, 25), None, today) == "past_end"
    assert check_end(today, None, today) == ""
    assert check_end(latest_end(today), None, today) == ""
    assert check_end(date(2076, 11, 27), None, today) == "too_far"
    assert check_prolong(END, END, today) == "not_later"
    assert check_prolong(date(2026, 12, 17), END, today) == ""
    assert check_prolong(date(2026, 12, 17), None, today) == "not_later"
    # an agreement already past its end may be prolonged from today on
    assert check_prolong(today, date(2026, 11, 1), today) == ""
    assert check_prolong(date(2076, 11, 27), END, today) == "too_far"


def test_next_term_continues_the_old_one() -> None:
    today = date(2026, 11, 26)
    assert next_term(END, 12, today) == (date(2026, 12, 17), date(2027, 12, 16))
    assert next_term(None, None, today) == (date(2026, 11, 27), date(2027, 11, 26))
    assert next_term(date(2026, 1, 1), 6, today) == (today, date(2027, 5, 25))
    # an end date near year 9999 (saved before dates were capped) does not overflow
    start, _ = next_term(date(9999, 12, 31), 12, today)
    assert start == latest_end(today) + timedelta(days=1)


async def test_two_processes_change_an_agreement_once(
    app: App, user: LocalUser, clock: FakeClock, settings: Settings
) -> None:
    await onboard(user)
    auto_partner = await make_partner(app)
    await register(user, auto_partner, auto=True)  # ends 16.12.2026, prolongs for a year
    ending_partner = await make_partner(app, name="Музей")
    await register(user, ending_partner)  # ends 16.12.2026
    other = await build_app(settings, clock=clock, bot_session=LocalSession())
    try:
        clock.set(datetime(2026, 12, 17, 5, 0, tzinfo=UTC))
        runs = await asyncio.gather(
            run_lifecycle(app.sessionmaker, clock.now()),
            run_lifecycle(other.sessionmaker, clock.now()),
            run_lifecycle(app.sessionmaker, clock.now()),
        )
    finally:
        await other.close()
    assert sum(r.prolonged for r in runs) == 1
    assert sum(r.ended for r in runs) == 1
    auto, ending = await agreements(app)
    assert (auto.valid_until, auto.previous_until, auto.prolong_count) == (
        date(2027, 12, 16),
        END,
        1,
    )
    assert (ending.status, ending.ended_on) == ("ended", END)
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, ending_partner)
        assert partner is not None and partner.status == "paused"
        notices = (
            await session.execute(
                select(Reminder).where(
                    Reminder.kind.in_((store.KIND_AUTOPROLONG, store.KIND_ENDED)),
                    Reminder.status == ReminderStatus.PENDING,
                    Reminder.due_at <= clock.now(),
                )
            )
        ).scalars()
        # one notice each, due now (the ones planned with the agreements, revived)
        assert sorted(r.kind for r in notices) == [store.KIND_AUTOPROLONG, store.KIND_ENDED]


async def test_start_up_runs_what_was_missed_then_schedules_the_job(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id)  # ends 16.12.2026
    start = len(user.session.sent)
    # the bot was down over the end date
    clock.set(datetime(2026, 12, 18, 9, 0, tzinfo=UTC))
    await on_startup(app)
    assert app.reminders is not None
    await app.reminders.drain()
    [agreement] = await agreements(app)
    assert (agreement.status, agreement.ended_on) == ("ended", END)
    # the end notice went out once the job had ended it (the engine starts after the job)
    ended = [s.plain for s in user.session.sent[start:] if "закончился" in s.plain]
    assert len(ended) == 1 and "«На паузе»" in ended[0]
    job = app.scheduler.get_job(LIFECYCLE_JOB)
    assert job is not None
    assert "minute='5'" in str(job.trigger)  # hourly: each member's day, before 10:00 local


async def test_open_ended_checkin_is_planned_once_a_year(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    partner_id = await make_partner(app)
    await register(user, partner_id, until=None)  # signed 20.11.2026: check-in 20.11.2027
    clock.set(datetime(2027, 11, 20, 6, 0, tzinfo=UTC))  # an hour after it came due
    for _ in range(2):
        run = await run_lifecycle(app.sessionmaker, clock.now())
        async with app.sessionmaker() as session:
            rows = (
                await session.execute(
                    select(Reminder.due_at, Reminder.status)
                    .where(Reminder.kind == store.KIND_CHECKIN)
                    .order_by(Reminder.due_at)
                )
            ).all()
        # this year's still waits for the engine; next year's is planned, once
        assert [(d.date(), s) for d, s in rows] == [
            (date(2027, 11, 20), ReminderStatus.PENDING),
            (date(2028, 11, 20), ReminderStatus.PENDING),
        ]
    assert run.checkins == 0
    async with app.sessionmaker() as session:
        [row] = (await session.execute(select(Agreement))).scalars()
        assert row.status == "active"
