"""The reminder engine: exactly once without a crash, at least once across one; restarts, 429,
403, 5xx, quiet hours, late delivery.

The conversation runs over the in-process LocalSession (`app`); delivery goes through the fake
Telegram Bot API server over HTTP (`fake_api`) from a second app on the same database — which
is also what a restart looks like. Nothing sleeps: the clock is moved and `run_due()` awaited.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import SendMessage
from aiogram.types import Chat, ChatMemberBanned, ChatMemberMember, ChatMemberUpdated, Update, User
from sqlalchemy import update

from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import Settings, load_settings
from bot.local_api import LocalSession, LocalUser
from bot.reminders import Limits, Pace
from bot.telegram import Pacer, TelegramCalls
from storage import reminders as store
from storage.models import Member, Reminder, ReminderStatus
from tests.conftest import onboard
from tests.fake_api import FakeTelegram
from tests.meetings_helpers import (
    NoSleep,
    add_partner,
    engine_of,
    member_row,
    plan,
    reminder_rows,
)

EVE = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # 18:00 local the evening before
SOON = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)  # 13:00 local, 2 h before 15:00
END = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # the meeting has ended

AppFactory = Callable[[], Coroutine[Any, Any, App]]


@pytest.fixture
async def remote(
    settings: Settings, clock: FakeClock, fake_api: FakeTelegram
) -> AsyncIterator[AppFactory]:
    """Build apps on the same database that talk to the fake Bot API over HTTP."""
    built: list[App] = []

    async def _make() -> App:
        remote_settings = load_settings(
            bot_token="4242:TEST",
            telegram_api_url=fake_api.url,
            database_url=settings.database_url,
            default_timezone=settings.default_timezone,
        )
        layer = TelegramCalls(pacer=Pacer(per_second=0, sleep=NoSleep()), sleep=NoSleep())
        application = await build_app(remote_settings, clock=clock, telegram=layer)
        engine_of(application).configure(limits=Limits.none(), sleep=NoSleep())
        built.append(application)
        return application

    yield _make
    for application in built:
        await application.close()


async def planned(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)  # tomorrow (Friday 27.11) at 15:00 local


def messages_to(fake: FakeTelegram, chat_id: int = 1) -> list[str]:
    return [
        c.plain for c in fake.sent if c.method == "sendMessage" and c.ok and c.chat_id == chat_id
    ]


async def test_due_reminder_sent_once_even_with_two_instances(
    app: App, user: LocalUser, clock: FakeClock, fake_api: FakeTelegram, remote: AppFactory
) -> None:
    await planned(app, user)
    first, second = await remote(), await remote()
    clock.set(EVE)
    a, b = await asyncio.gather(engine_of(first).run_due(), engine_of(second).run_due())
    assert a.sent + b.sent == 1
    assert (await engine_of(first).run_due()).sent == 0
    texts = messages_to(fake_api)
    assert len(texts) == 1 and "Завтра встреча" in texts[0]
    rows = await reminder_rows(app)
    assert [r.status for r in rows] == ["sent", "pending", "pending"]


async def test_restart_between_due_and_send(
    app: App, user: LocalUser, clock: FakeClock, fake_api: FakeTelegram, remote: AppFactory
) -> None:
    """Due while the bot was down: the next start delivers it once."""
    await planned(app, user)
    before = await remote()
    await before.close()  # stops before anything came due
    clock.set(EVE + timedelta(minutes=30))
    after = await remote()
    assert (await engine_of(after).run_due()).sent == 1
    again = await remote()
    assert (await engine_of(again).run_due()).sent == 0
    assert len(messages_to(fake_api)) == 1


async def _left_behind(app: App, clock: FakeClock, status: str) -> Reminder:
    """The evening reminder as a killed instance left it: claimed, or «sending»."""
    clock.set(EVE)
    [eve] = [r for r in await reminder_rows(app) if r.kind == "meeting.eve"]
    async with app.sessionmaker() as session:
        assert await store.claim(session, eve.id, "dead-instance", clock.now())
        if status == ReminderStatus.SENDING:
            assert await store.begin_sending(session, eve.id, "dead-instance", clock.now())
        await session.commit()
    return eve


async def test_a_claim_that_died_before_sending_is_delivered_after_a_short_expiry(
    app: App, user: LocalUser, clock: FakeClock, fake_api: FakeTelegram, remote: AppFactory
) -> None:
    await planned(app, user)
    eve = await _left_behind(app, clock, ReminderStatus.CLAIMED)
    engine = engine_of(await remote())
    assert (await engine.run_due()).sent == 0  # a fresh claim may be a live instance's
    clock.advance(engine.claim_stale_after + timedelta(seconds=1))
    stats = await engine.run_due()
    assert (stats.expired, stats.sent) == (1, 1)
    assert len(messages_to(fake_api)) == 1
    async with app.sessionmaker() as session:
        row = await session.get(Reminder, eve.id)
        assert row is not None and row.status == ReminderStatus.SENT and row.attempts == 1
        assert "abandoned" in (row.last_error or "")


async def test_a_send_cut_by_a_crash_is_delivered_again_after_expiry(
    app: App, user: LocalUser, clock: FakeClock, fake_api: FakeTelegram, remote: AppFactory
) -> None:
    """The instance died mid-send: Telegram may have the message or not. At least once:
    after `stale_after` it is delivered again (one possible double), never dropped."""
    await planned(app, user)
    eve = await _left_behind(app, clock, ReminderStatus.SENDING)
    engine = engine_of(await remote())
    clock.advance(engine.claim_stale_after + timedelta(seconds=1))
    assert (await engine.run_due()).sent == 0  # «sending»: the call may still be running
    clock.advance(engine.stale_after)
    stats = await engine.run_due()
    assert (stats.expired, stats.sent) == (1, 1)
    texts = messages_to(fake_api)
    assert len(texts) == 1 and "Завтра встреча" in texts[0]
    assert (await engine.run_due()).sent == 0  # and only once more
    async with app.sessionmaker() as session:
        row = await session.get(Reminder, eve.id)
        assert row is not None and row.status == ReminderStatus.SENT
        assert "outcome unknown" in (row.last_error or "")


async def test_a_row_that_keeps_dying_ends_failed(
    app: App, user: LocalUser, clock: FakeClock, fake_api: FakeTelegram, remote: AppFactory
) -> None:
    """A reminder that kills the process every time is not retried for ever."""
    await planned(app, user)
    eve = await _left_behind(app, clock, ReminderStatus.SENDING)
    engine = engine_of(await remote())
    async with app.sessionmaker() as session:
        await session.execute(
            update(Reminder).where(Reminder.id == eve.id).values(attempts=engine.max_attempts - 1)
        )
        await session.commit()
    clock.advance(engine.stale_after + timedelta(seconds=1))
    stats = await engine.run_due()
    assert (stats.expired, stats.sent) == (1, 0)
    async with app.sessionmaker() as session:
        row = await session.get(Reminder, eve.id)
        assert row is not None and row.status == ReminderStatus.FAILED
    assert messages_to(fake_api) == []


async def test_429_is_waited_out_by_the_call_layer(
    app: App, user: LocalUser, clock: FakeClock, fake_api: FakeTelegram, remote: AppFactory
) -> None:
    await planned(app, user)
    bot_app = await remote()
    sleep = NoSleep()
    bot_app.telegram.configure(sleep=sleep)
    fake_api.fail_next("sendMessage", 429, count=2, retry_after=3)
    clock.set(EVE)
    stats = await engine_of(bot_app).run_due()
    assert (stats.sent, stats.retried) == (1, 0)
    assert sleep.waits.count(3) == 2  # waited retry_after each time (the injected sleep)
    assert len(messages_to(fake_api)) == 1
    assert [c.status for c in fake_api.sent if c.method == "sendMessage"] == [429, 429, 200]


async def test_429_beyond_the_layer_keeps_the_row_for_later(
    app: App, user: LocalUser, clock: FakeClock, fake_api: FakeTelegram, remote: AppFactory
) -> None:
    await planned(app, user)
    engine = engine_of(await remote())
    fake_api.fail_next("sendMessage", 429, count=5, retry_after=3)
    clock.set(EVE)
    assert (await engine.run_due()).retried == 1
    clock.advance(timedelta(minutes=1))
    assert (await engine.run_due()).sent == 1
    assert len(messages_to(fake_api)) == 1


async def test_403_holds_then_my_chat_member_resumes(
    app: App, user: LocalUser, clock: FakeClock, fake_api: FakeTelegram, remote: AppFactory
) -> None:
    await planned(app, user)
    bot_app = await remote()
    engine = engine_of(bot_app)
    fake_api.block(1)
    clock.set(EVE)
    stats = await engine.run_due()
    assert stats.sent == 0 and stats.held == 3  # this one and the two still to come
    assert fake_api.errors[("sendMessage", 403)] == 1  # no retry loop
    member = await member_row(app)
    assert member.is_active is False
    assert {r.status for r in await reminder_rows(app)} == {ReminderStatus.HELD}
    clock.set(SOON)
    assert (await engine.run_due()).sent == 0
    assert fake_api.errors[("sendMessage", 403)] == 1

    # the teacher unblocks the bot
    fake_api.blocked.clear()
    tg_user = User(id=1, is_bot=False, first_name="Анна")
    event = ChatMemberUpdated(
        chat=Chat(id=1, type="private"),
        from_user=tg_user,
        date=clock.now(),
        old_chat_member=ChatMemberBanned(
            user=User(id=4242, is_bot=True, first_name="b"), until_date=0
        ),
        new_chat_member=ChatMemberMember(user=User(id=4242, is_bot=True, first_name="b")),
    )
    await bot_app.dispatcher.feed_update(bot_app.bot, Update(update_id=1, my_chat_member=event))
    member = await member_row(app)
    assert member.is_active is True
    await engine.drain()  # coming back woke the engine: held reminders went out at once
    await engine.run_due()
    # the evening reminder is late: the 2-hour one (due now) covers it; nothing doubles
    texts = messages_to(fake_api)
    assert len(texts) == 1 and "Через 2 часа" in texts[0]
    statuses = {r.kind: r.status for r in await reminder_rows(app)}
    assert statuses == {
        "meeting.eve": ReminderStatus.SKIPPED,
        "meeting.soon": ReminderStatus.SENT,
        "meeting.followup": ReminderStatus.PENDING,
    }


async def test_burst_of_5xx_retries_with_backoff_then_gives_up(
    app: App, user: LocalUser, clock: FakeClock, fake_api: FakeTelegram, remote: AppFactory
) -> None:
    await planned(app, user)
    bot_app = await remote()
    engine = engine_of(bot_app)
    fake_api.fail_next("sendMessage", 502, count=3)  # the layer tries again at once
    clock.set(EVE)
    assert (await engine.run_due()).sent == 1
    tries = bot_app.telegram.attempts
    # beyond the layer's tries: the row comes back later, with a growing backoff
    fake_api.fail_next("sendMessage", 502, count=2 * tries)
    clock.set(SOON)
    assert (await engine.run_due()).retried == 1
    assert (await engine.run_due()).sent == 0  # backoff: not due again yet
    clock.advance(timedelta(minutes=1))
    assert (await engine.run_due()).retried == 1
    clock.advance(timedelta(minutes=2))
    assert (await engine.run_due()).sent == 1
    assert len(messages_to(fake_api)) == 2

    # a server that keeps failing: bounded, then failed
    fake_api.fail_next("sendMessage", 500, count=1000)
    clock.set(END + timedelta(minutes=1))
    for _ in range(engine.max_attempts):
        await engine.run_due()
        clock.advance(timedelta(minutes=10))
    followup = next(r for r in await reminder_rows(app) if r.kind == "meeting.followup")
    assert followup.status == ReminderStatus.FAILED
    assert followup.attempts == engine.max_attempts - 1


async def test_quiet_hours_postpone_unless_meeting_is_inside(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    engine = engine_of(app)
    engine.configure(limits=Limits.none(), sleep=NoSleep())
    await plan(user, pid, "послезавтра в 9:00")  # Sat 28.11 09:00 local; 2 h before = 07:00
    await plan(user, pid, "29.11 7:30")  # the meeting itself is in the quiet hours
    sent_before = len(user.session.sent)

    clock.set(datetime(2026, 11, 27, 13, 0, tzinfo=UTC))  # 18:00 local: the evening before
    assert (await engine.run_due()).sent == 1
    clock.set(datetime(2026, 11, 28, 2, 0, tzinfo=UTC))  # 07:00 local
    stats = await engine.run_due()
    assert stats.postponed == 1 and stats.sent == 0
    clock.set(datetime(2026, 11, 28, 3, 0, tzinfo=UTC))  # 08:00 local: quiet hours over
    stats = await engine.run_due()
    assert stats.sent == 1
    assert "Через 2 часа" in user.session.sent[-1].plain

    clock.set(datetime(2026, 11, 28, 13, 0, tzinfo=UTC))  # 18:00 local, eve of the 2nd one
    assert (await engine.run_due()).sent == 2  # and "how did it go?" for the 1st one
    last_two = " ".join(s.plain for s in user.session.sent[-2:])
    assert "Как прошла встреча" in last_two and "Завтра встреча" in last_two
    clock.set(datetime(2026, 11, 29, 0, 30, tzinfo=UTC))  # 05:30 local, meeting at 07:30
    stats = await engine.run_due()
    assert (stats.sent, stats.postponed) == (1, 0)
    assert "Через 2 часа" in user.session.sent[-1].plain
    assert len(user.session.sent) > sent_before


async def test_bot_down_through_the_meeting_asks_how_it_went_once(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await planned(app, user)
    engine = engine_of(app)
    engine.configure(limits=Limits.none(), sleep=NoSleep())
    start = len(user.session.sent)
    clock.set(END + timedelta(minutes=5))  # everything came due while the bot was down
    stats = await engine.run_due()
    sent = [s for s in user.session.sent[start:] if s.method == "sendMessage"]
    assert len(sent) == 1
    assert "Как прошла встреча" in sent[0].plain
    assert stats.sent == 1
    rows = {r.kind: r.status for r in await reminder_rows(app)}
    assert rows == {
        "meeting.eve": ReminderStatus.SENT,  # replaced by the question
        "meeting.soon": ReminderStatus.SKIPPED,
        "meeting.followup": ReminderStatus.CANCELLED,
    }


async def test_inactive_member_rows_are_held_without_sending(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await planned(app, user)
    engine = engine_of(app)
    engine.configure(limits=Limits.none(), sleep=NoSleep())
    async with app.sessionmaker() as session:
        await session.execute(update(Member).values(is_active=False))
        await session.commit()
    clock.set(EVE)
    stats = await engine.run_due()
    assert (stats.sent, stats.held) == (0, 1)


async def test_next_due_and_wake_do_not_load_everything(app: App, user: LocalUser) -> None:
    await planned(app, user)
    async with app.sessionmaker() as session:
        assert await store.next_due(session) == EVE


async def test_scheduler_wakes_the_engine_at_the_next_due_moment(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    """APScheduler (in memory) only wakes the engine; the row is the truth."""
    await planned(app, user)
    engine = engine_of(app)
    engine.configure(limits=Limits.none(), sleep=NoSleep())
    delivered = asyncio.Event()
    session = user.session
    session.on_event = lambda event: delivered.set() if event.method == "sendMessage" else None
    clock.set(EVE - timedelta(milliseconds=200))
    app.scheduler.start()
    await engine.start()  # nothing due yet: the next wake-up is planned for EVE
    await engine.drain()
    assert not delivered.is_set()
    assert app.scheduler.get_job("reminders:next") is not None
    assert app.scheduler.get_job("reminders:safety") is not None
    clock.set(EVE)
    await asyncio.wait_for(delivered.wait(), 5)  # event-driven, no fixed sleep
    await engine.drain()
    assert [r.status for r in await reminder_rows(app)] == ["sent", "pending", "pending"]


class FlakyNetwork(LocalSession):
    """LocalSession whose first `failures` sendMessage calls fail at the network level."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def make_request(self, bot: Any, method: Any, timeout: int | None = None) -> Any:
        if isinstance(method, SendMessage) and self.failures > 0:
            self.failures -= 1
            raise TelegramNetworkError(method=method, message="connection reset")
        return await super().make_request(bot, method, timeout)


async def test_network_errors_retry_in_the_layer_then_with_backoff(
    app: App, user: LocalUser, clock: FakeClock, settings: Settings
) -> None:
    await planned(app, user)
    layer = TelegramCalls(pacer=Pacer(per_second=0), sleep=NoSleep())
    flaky = FlakyNetwork(failures=2)
    other = await build_app(settings, clock=clock, bot_session=flaky, telegram=layer)
    try:
        engine = engine_of(other)
        engine.configure(limits=Limits.none(), sleep=NoSleep())
        clock.set(EVE)
        assert (await engine.run_due()).sent == 1  # two resets, the third try went through
        flaky.failures = layer.attempts + 1
        clock.set(SOON)
        assert (await engine.run_due()).retried == 1
        clock.advance(timedelta(minutes=1))
        assert (await engine.run_due()).sent == 1
        assert [s.method for s in flaky.sent] == ["sendMessage", "sendMessage"]
    finally:
        await other.close()


async def test_blocking_the_bot_holds_reminders_at_once(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await planned(app, user)
    bot_user = User(id=42, is_bot=True, first_name="b")
    event = ChatMemberUpdated(
        chat=Chat(id=1, type="private"),
        from_user=User(id=1, is_bot=False, first_name="Анна"),
        date=clock.now(),
        old_chat_member=ChatMemberMember(user=bot_user),
        new_chat_member=ChatMemberBanned(user=bot_user, until_date=0),
    )
    await app.dispatcher.feed_update(app.bot, Update(update_id=99, my_chat_member=event))
    assert (await member_row(app)).is_active is False
    assert {r.status for r in await reminder_rows(app)} == {ReminderStatus.HELD}


class FakeTime:
    """A monotonic clock that only the injected sleep moves."""

    def __init__(self) -> None:
        self.now = 100.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))
        self.now += seconds


async def test_pace_spaces_messages_to_one_chat() -> None:
    time = FakeTime()
    pace = Pace(Limits(per_chat_interval=1.0), time.sleep, monotonic=time.monotonic)
    await pace.chat(1)
    await pace.chat(2)  # another chat: no wait
    assert time.waits == []
    await pace.chat(1)  # the same chat: one interval later
    assert time.waits == [1.0]
    time.now += 5
    await pace.chat(1)  # long after: no wait
    assert time.waits == [1.0]
    free = Pace(Limits.none(), time.sleep, monotonic=time.monotonic)
    for _ in range(3):
        await free.chat(1)
    assert time.waits == [1.0]
