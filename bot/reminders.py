"""The reminder engine: delivers due reminder rows (storage/models/reminders.py) exactly once
while nothing crashes, and AT LEAST ONCE across a crash.

The database is the single source of truth. APScheduler (in memory, nothing pickled) only
wakes the engine: at the next due moment, and every `safety_interval` seconds in case a
wake-up was missed (another process scheduled a row, the clock jumped…). Tests do not use
the scheduler at all: they move the injected clock and `await engine.run_due()`.

One pass (`run_due`):
  1. claims abandoned by a stopped instance are given back (see "crash" below);
  2. due pending rows are read in small batches (oldest first, `LIMIT`; the engine never
     loads all pending rows, so start-up cost does not grow with their number);
  3. rows are grouped by member and each member's rows are handled in order, members in
     parallel; a row of an inactive member (blocked the bot) is held (a reminder only tells:
     work due on a date, such as an agreement's end, is done by its own scheduled service,
     bot/services/agreements.py); a row that would arrive inside the member's quiet hours is
     postponed to their end, unless the thing it reminds of (`payload["event_at"]`) itself
     falls inside them;
  4. for each row: wait for the chat's pace (one message per `per_chat_interval` to a chat;
     see `Pace`); enter the small in-flight window (`Limits.in_flight` rows at a time);
     claim it (`UPDATE … SET status='claimed' WHERE id=? AND status='pending'`, committed:
     two instances can never both send it); mark it «sending» (committed) just before the
     call (the render is part of the call: milliseconds); render it with the feature's
     renderer (None → skipped: it no longer makes sense); send it; mark it sent
     (`… WHERE status='sending' AND claimed_by=me`).

Sending goes through the bot's one call layer (bot/telegram.py) inside `background()`: the
layer paces every send of the bot (replies and reminders share Telegram's ~30 msg/s, and a
reply to a person goes before a reminder), waits out a 429 and retries 5xx and network
errors a few times. What it gives up on comes back here: 429, 5xx and network errors → the
row goes back to pending with a backoff (1, 2, 4, 8 min…), and after `max_attempts` it is
failed; 403 (the member blocked the bot) → the member is marked inactive and all their
pending reminders held, no retry; they resume when the member comes back (`my_chat_member`,
see `member_returned`); other 4xx → failed.

Crash (kill -9, power cut) — AT-LEAST-ONCE: nothing is ever dropped because the process died.
  * A row claimed but not yet «sending» (its call never started) is given back as pending
    once the claim is older than `claim_stale_after` (2 min) and delivered then.
  * A row «sending» when the process died may or may not have reached Telegram (Telegram has
    no idempotency key). After `stale_after` (10 min, longer than the layer can spend on one
    call) it is given back as pending and delivered again: possibly a double, and at most
    one per chat (a chat's rows go one at a time). A lost reminder is worse than a rare
    repeated one: a teacher who misses a meeting because the bot crashed loses the partner.
  * A row not yet claimed is simply still pending and is delivered at start.
  Each such give-back counts as an attempt, so a row that kills the process every time ends
  failed after `max_attempts` instead of looping. Without a crash, a row is sent exactly
  once: the claim and the conditional updates make sure of that, even with two instances.
The renderer's own changes (e.g. the separate follow-up dropped) are committed with the
"sent" mark, after the call, so a row given back is rendered afresh, with the same result.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.reminder_types import ReminderRenderer
from bot.telegram import Monotonic, Sleep, background
from storage import orgs
from storage import reminders as store
from storage.models import ReminderStatus
from storage.models.meetings import DEFAULT_QUIET
from texts import Texts

log = logging.getLogger(__name__)

SAFETY_JOB = "reminders:safety"
NEXT_JOB = "reminders:next"


@dataclass(frozen=True)
class Limits:
    """The engine's own pace; the bot-wide one (~28.6 msg/s, replies first, 429 pauses) is
    the call layer's (bot/telegram.py). Tests pass `Limits.none()` so nothing ever waits."""

    per_chat_interval: float = 1.0  # seconds between two messages to one chat
    # rows claimed and rendered ahead of their send slot: bounds both the crash window
    # (claimed, not yet sent) and the database connections held while waiting
    in_flight: int = 8

    @classmethod
    def none(cls) -> Limits:
        return cls(per_chat_interval=0.0)


@dataclass
class RunStats:
    sent: int = 0
    skipped: int = 0
    held: int = 0
    postponed: int = 0
    retried: int = 0  # given back for a later attempt (429, 5xx, network after the layer)
    failed: int = 0
    lost_claims: int = 0  # claimed by someone else meanwhile
    expired: int = 0  # abandoned claims given back (or failed after max_attempts)

    def add(self, other: RunStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class Pace:
    """One message per `per_chat_interval` seconds to a chat (Telegram's per-chat limit): a
    slot per chat, the least recently used forgotten beyond `max_chats`. The sleep and the
    monotonic clock are injected; a sender sleeps once, until its reserved slot."""

    def __init__(
        self,
        limits: Limits,
        sleep: Sleep,
        max_chats: int = 100_000,
        monotonic: Monotonic = time.monotonic,
    ) -> None:
        self.limits = limits
        self._sleep = sleep
        self._monotonic = monotonic
        self._max_chats = max_chats
        self._next: OrderedDict[int, float] = OrderedDict()  # chat → its next free moment

    async def chat(self, chat_id: int) -> None:
        """Wait for the chat's turn."""
        interval = self.limits.per_chat_interval
        if interval <= 0:
            return
        now = self._monotonic()
        slot = max(now, self._next.pop(chat_id, now))
        self._next[chat_id] = slot + interval  # most recently used last
        if len(self._next) > self._max_chats:
            self._next.popitem(last=False)
        if slot > now:
            await self._sleep(slot - now)


def in_quiet_hours(local_minutes: int, quiet_from: int, quiet_to: int) -> bool:
    if quiet_from == quiet_to:
        return False
    if quiet_from < quiet_to:
        return quiet_from <= local_minutes < quiet_to
    return local_minutes >= quiet_from or local_minutes < quiet_to


def quiet_end(now_local: datetime, quiet_to: int) -> datetime:
    """The next moment the quiet hours end (local, aware)."""
    end = now_local.replace(hour=quiet_to // 60, minute=quiet_to % 60, second=0, microsecond=0)
    if end <= now_local:
        end += timedelta(days=1)
    return end


@dataclass
class _Progress:
    delivered: bool = False  # Telegram accepted the message


@dataclass
class ReminderEngine:
    bot: Bot
    sessionmaker: async_sessionmaker[AsyncSession]
    texts: Texts
    clock: Clock
    renderers: Mapping[str, ReminderRenderer]
    scheduler: Any = None  # AsyncIOScheduler; None: woken only by run_due() (tests)
    limits: Limits = field(default_factory=Limits)
    sleep: Sleep = asyncio.sleep  # the per-chat pace's, injected: tests never really wait
    instance: str = field(default_factory=lambda: f"{os.getpid()}-{uuid.uuid4().hex[:8]}")
    batch_size: int = 500
    safety_interval: float = 60.0
    # a «sending» row older than this is given back (re-delivered: at-least-once); longer
    # than the call layer can spend on one call (5 tries, 429 pauses of 30 s at most)
    stale_after: timedelta = timedelta(minutes=10)
    # a claimed row that never reached «sending» (its instance died between two commits)
    claim_stale_after: timedelta = timedelta(minutes=2)
    max_attempts: int = 5
    backoff: tuple[timedelta, ...] = (
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    )

    def __post_init__(self) -> None:
        self.pace = Pace(self.limits, self.sleep)
        self._in_flight = asyncio.Semaphore(self.limits.in_flight)
        self.totals = RunStats()
        self._lock = asyncio.Lock()
        self._again = False
        self._task: asyncio.Task[None] | None = None
        self._stopped = False

    def configure(self, *, limits: Limits | None = None, sleep: Sleep | None = None) -> None:
        """Change the pace or the sleep function (tests: `Limits.none()`, a fake sleep)."""
        if limits is not None:
            self.limits = limits
        if sleep is not None:
            self.sleep = sleep
        self.pace = Pace(self.limits, self.sleep)
        self._in_flight = asyncio.Semaphore(self.limits.in_flight)

    # ------------------------------------------------------------------ wake-ups

    async def start(self) -> None:
        """Wake now (deliver what came due while the bot was down), then keep waking."""
        self._stopped = False
        if self.scheduler is not None:
            self.scheduler.add_job(
                self._wake_job,
                "interval",
                seconds=self.safety_interval,
                id=SAFETY_JOB,
                replace_existing=True,
                max_instances=1,
                coalesce=True,
            )
        self.wake()

    async def stop(self, grace: float = 5.0) -> None:
        """No new row is claimed; the rows already being sent get `grace` seconds to finish
        (a send cut short would be delivered again after `stale_after`: a possible double)."""
        self._stopped = True
        if self.scheduler is not None:
            for job_id in (SAFETY_JOB, NEXT_JOB):
                with contextlib.suppress(Exception):  # JobLookupError: already gone
                    self.scheduler.remove_job(job_id)
        task = self._task
        if task is not None and not task.done():
            with contextlib.suppress(TimeoutError, asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(task), grace)
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _wake_job(self) -> None:
        # a coroutine, so APScheduler's asyncio executor runs it on the loop (a plain
        # function would run in a worker thread, with no event loop)
        self.wake()

    def wake(self) -> None:
        """Run a pass soon, in the background (no-op if one is running: it will rerun)."""
        if self._stopped:
            return
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._background())

    async def drain(self) -> None:
        """Wait for a background pass started by `wake()` (tests, shutdown)."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    def notify(self, due_at: datetime) -> None:
        """A feature scheduled a reminder: make sure we wake up by `due_at`."""
        if due_at <= self.clock.now():
            self.wake()
        else:
            self._schedule_next(due_at)

    async def _background(self) -> None:
        try:
            while True:
                self._again = False
                await self.run_due()
                if not self._again or self._stopped:
                    break
            async with self.sessionmaker() as session:
                upcoming = await store.next_due(session)
            if upcoming is not None:
                self._schedule_next(upcoming)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("reminder pass failed; the safety interval will retry")

    def _schedule_next(self, due_at: datetime) -> None:
        if self.scheduler is None or self._stopped or not self.scheduler.running:
            return
        # scheduler time is wall-clock time; the injected clock may differ only in tests
        delay = max(0.0, (due_at - self.clock.now()).total_seconds())
        run_date = datetime.now(UTC) + timedelta(seconds=delay + 0.05)
        job = self.scheduler.get_job(NEXT_JOB)
        next_run = getattr(job, "next_run_time", None)
        if next_run is not None and next_run <= run_date:
            return
        self.scheduler.add_job(
            self._wake_job, "date", run_date=run_date, id=NEXT_JOB, replace_existing=True
        )

    # ------------------------------------------------------------------ one pass

    async def run_due(self) -> RunStats:
        """Deliver everything due now; returns what happened. Safe to call concurrently."""
        async with self._lock:
            stats = RunStats()
            now = self.clock.now()
            async with self.sessionmaker() as session:
                stats.expired = await store.expire_claims(
                    session,
                    claimed_before=now - self.claim_stale_after,
                    sending_before=now - self.stale_after,
                    max_attempts=self.max_attempts,
                )
                await session.commit()
            if stats.expired:
                log.warning("%s abandoned reminder(s) given back for delivery", stats.expired)
            while not self._stopped:
                now = self.clock.now()
                async with self.sessionmaker() as session:
                    rows = await store.due_batch(session, now, self.batch_size)
                if not rows:
                    break
                by_member: dict[int, list[store.DueRow]] = defaultdict(list)
                for row in rows:
                    by_member[row.member_id].append(row)
                results = await asyncio.gather(
                    *(self._member(member_rows) for member_rows in by_member.values())
                )
                for result in results:
                    stats.add(result)
                if len(rows) < self.batch_size:
                    break
                if stats.sent + stats.skipped + stats.held + stats.failed == 0 and not (
                    stats.postponed or stats.retried
                ):
                    break  # nothing moved (every claim lost): do not spin
            self.totals.add(stats)
            return stats

    async def _member(self, rows: list[store.DueRow]) -> RunStats:
        stats = RunStats()
        for row in rows:
            if self._stopped:
                break
            try:
                blocked = await self._one(row, stats)
            except Exception:
                log.exception("reminder %s: unexpected error", row.id)
                blocked = False
            if blocked:
                break  # the member blocked the bot: the rest of their rows are held already
        return stats

    def _quiet_deferral(self, row: store.DueRow, now: datetime) -> datetime | None:
        quiet_from, quiet_to = DEFAULT_QUIET
        if row.quiet_from is not None and row.quiet_to is not None:
            quiet_from, quiet_to = row.quiet_from, row.quiet_to
        zone = ZoneInfo(row.timezone)
        local = now.astimezone(zone)
        if not in_quiet_hours(local.hour * 60 + local.minute, quiet_from, quiet_to):
            return None
        event_raw = (row.payload or {}).get("event_at")
        if isinstance(event_raw, str):
            event_local = datetime.fromisoformat(event_raw).astimezone(zone)
            minutes = event_local.hour * 60 + event_local.minute
            if in_quiet_hours(minutes, quiet_from, quiet_to) and event_local - local < timedelta(
                hours=12
            ):
                return None  # the meeting itself is in the quiet hours: remind anyway
        return quiet_end(local, quiet_to).astimezone(UTC)

    async def _one(self, row: store.DueRow, stats: RunStats) -> bool:
        """Handle one due row. True if the member turned out to have blocked the bot."""
        if not row.is_active:
            async with self.sessionmaker() as session:
                if await store.hold_pending(session, row.id):
                    stats.held += 1
                await session.commit()
            return False
        later = self._quiet_deferral(row, self.clock.now())
        if later is not None:
            async with self.sessionmaker() as session:
                if await store.postpone(session, row.id, later):
                    stats.postponed += 1
                await session.commit()
            return False

        await self.pace.chat(row.chat_id)
        async with self._in_flight:
            if self._stopped:  # shutting down: the row stays pending for the next start
                return False
            async with self.sessionmaker() as session:
                claimed = await store.claim(session, row.id, self.instance, self.clock.now())
                await session.commit()  # before rendering: no other instance may take it
                if not claimed:
                    stats.lost_claims += 1
                    return False
            progress = _Progress()
            try:
                return await self._deliver(row, stats, progress)
            except Exception as e:
                if progress.delivered:
                    # sent, but not marked (the database failed): the row stays «sending»
                    # and is delivered again after `stale_after` — a double, never a loss
                    log.exception("reminder %s: sent but not marked", row.id)
                    return False
                log.exception("reminder %s: unexpected error; will retry", row.id)
                return await self._retry(row, stats, f"unexpected: {e!r}")

    async def _deliver(self, row: store.DueRow, stats: RunStats, progress: _Progress) -> bool:
        renderer = self.renderers.get(row.kind)
        if renderer is None:
            await self._finish(row, ReminderStatus.FAILED, stats, f"no renderer: {row.kind}")
            return False
        async with self.sessionmaker() as session:
            # from here on the call may reach Telegram: a crash → delivered again (see above)
            if not await store.begin_sending(session, row.id, self.instance, self.clock.now()):
                stats.lost_claims += 1
                return False
            await session.commit()
            reminder = await store.get_reminder(session, row.id)
            if reminder is None:
                return False
            try:
                outgoing = await renderer(session, reminder, self.texts, self.clock.now())
            except Exception as e:
                log.exception("reminder %s: renderer failed", row.id)
                await session.rollback()
                await self._finish(row, ReminderStatus.FAILED, stats, f"render: {e!r}")
                return False
            if outgoing is None:
                await session.commit()  # whatever the renderer decided (e.g. a cancellation)
                await self._finish(row, ReminderStatus.SKIPPED, stats)
                return False
            try:
                with background():  # replies to people go first (bot/telegram.py)
                    await self.bot.send_message(
                        row.chat_id, outgoing.text, reply_markup=outgoing.markup
                    )
            except TelegramForbiddenError as e:
                await session.rollback()
                await self._blocked(row, stats, str(e))
                return True
            except (TelegramRetryAfter, TelegramServerError, TelegramNetworkError) as e:
                # the layer already tried a few times: keep the row for a later attempt
                await session.rollback()
                return await self._retry(row, stats, f"{type(e).__name__}: {e}")
            except TelegramAPIError as e:  # 400 and the like: resending will not help
                await session.rollback()
                await self._finish(row, ReminderStatus.FAILED, stats, f"{type(e).__name__}: {e}")
                return False
            progress.delivered = True
            # Sent. Keep the renderer's own changes, then mark — each its own short commit.
            await session.commit()
        await self._finish(row, ReminderStatus.SENT, stats)
        return False

    async def _finish(
        self, row: store.DueRow, status: str, stats: RunStats, error: str | None = None
    ) -> None:
        async with self.sessionmaker() as session:
            done = await store.finish(
                session, row.id, self.instance, status, now=self.clock.now(), error=error
            )
            await session.commit()
        if not done:
            log.warning("reminder %s: claim lost before marking %s", row.id, status)
            return
        if status == ReminderStatus.SENT:
            stats.sent += 1
        elif status == ReminderStatus.SKIPPED:
            stats.skipped += 1
        elif status == ReminderStatus.FAILED:
            stats.failed += 1
            log.warning("reminder %s failed: %s", row.id, error)

    async def _retry(self, row: store.DueRow, stats: RunStats, error: str) -> bool:
        attempt = row.attempts + 1
        if attempt >= self.max_attempts:
            await self._finish(row, ReminderStatus.FAILED, stats, error)
            return False
        delay = self.backoff[min(attempt - 1, len(self.backoff) - 1)]
        async with self.sessionmaker() as session:
            await store.retry_later(session, row.id, self.instance, self.clock.now() + delay, error)
            await session.commit()
        stats.retried += 1
        return False

    async def _blocked(self, row: store.DueRow, stats: RunStats, error: str) -> None:
        async with self.sessionmaker() as session:
            await store.finish(
                session,
                row.id,
                self.instance,
                ReminderStatus.HELD,
                now=self.clock.now(),
                error=error,
            )
            held = await store.hold_member(session, row.member_id)
            await session.commit()
            await orgs.set_member_active(session, row.telegram_id, False)
        stats.held += 1 + held
        log.info("member %s blocked the bot: %s reminders held", row.member_id, 1 + held)

    # ------------------------------------------------------------------ members


async def member_left(session: AsyncSession, telegram_id: int, member_id: int) -> int:
    """The member blocked the bot (my_chat_member → kicked): inactive, reminders held."""
    held = await store.hold_member(session, member_id)
    await session.commit()
    await orgs.set_member_active(session, telegram_id, False)
    return held


async def member_returned(
    session: AsyncSession,
    telegram_id: int,
    member_id: int,
    engine: ReminderEngine | None = None,
) -> int:
    """The member unblocked the bot: active again, held reminders pending (and woken)."""
    resumed = await store.resume_member(session, member_id)
    await session.commit()
    await orgs.set_member_active(session, telegram_id, True)
    if engine is not None and resumed:
        engine.wake()
    return resumed
