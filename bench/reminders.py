"""Reminder engine benchmark.

    .venv/bin/python -m bench.reminders [--n 10000] [--pending 100000] [--skip-fanout]

1. Fan-out: `n` meeting reminders ("2 hours before") due in the same minute for `n` members,
   rendered by the real renderer and sent by the real engine through the fake Telegram Bot
   API server over HTTP (tests/fake_api.py) enforcing 30 sends/s overall and 1/s per chat
   (429 with retry_after above it). Prints the delivery rate, 429s, lost and doubled.
2. Start-up: build the app and run the engine's first pass on a database with `pending`
   future reminders against an empty one (the engine must not load them all); resident
   memory of each.
3. Date phrase parsing (bot/dates.py) after warm-up: p50 / p95.
The bare aiogram echo handler is measured in the same run as the usual baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import func, insert, select

from bench.common import measure_echo
from bot.app import App, build_app
from bot.clock import FakeClock
from bot.config import load_settings
from bot.domain import dates
from bot.reminders import Limits
from storage.models import (
    Meeting,
    Member,
    Organisation,
    Partner,
    Reminder,
    ReminderStatus,
)
from tests.fake_api import FakeTelegram

T = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)  # 10:00 in Tyumen: outside the quiet hours
TZ = "Asia/Yekaterinburg"
CHUNK = 5000


def _settings(db: Path, api_url: str | None = None) -> Any:
    return load_settings(
        bot_token="4242:BENCH" if api_url else None,
        telegram_api_url=api_url,
        database_url=f"sqlite+aiosqlite:///{db}",
        default_timezone=TZ,
    )


async def _populate(app: App, members: int, reminders: int, due_at: datetime) -> None:
    """One organisation, `members` members, one meeting per member, `reminders` rows."""
    async with app.sessionmaker() as session:
        org = Organisation(
            name="ДДТ", municipality="Тюмень", timezone=TZ, invite_code="bench", created_at=T,
            updated_at=T,
        )  # fmt: skip
        session.add(org)
        await session.flush()
        org_id = org.id
        partner = Partner(
            organisation_id=org_id, name="Краеведческий музей", name_norm="краеведческий музей",
            category="institution", status="meeting_planned", status_changed_at=T,
            contact_person="Ирина Сергеевна", phone="+73452123456", address="ул. Ленина, 2",
            offer="выставка работ кружковцев", ask="экскурсии для детей", created_at=T,
            updated_at=T,
        )  # fmt: skip
        session.add(partner)
        await session.flush()
        partner_id = partner.id
        await session.commit()
        for start in range(0, members, CHUNK):
            ids = range(start + 1, min(members, start + CHUNK) + 1)
            await session.execute(
                insert(Member),
                [
                    {
                        "organisation_id": org_id,
                        "telegram_id": i,
                        "chat_id": i,
                        "full_name": f"Педагог {i}",
                        "position": "педагог",
                        "role": "teacher",
                        "timezone": TZ,
                        "is_active": True,
                        "consent_at": T,
                        "created_at": T,
                        "updated_at": T,
                    }
                    for i in ids
                ],
            )
            await session.execute(
                insert(Meeting),
                [
                    {
                        "organisation_id": org_id,
                        "partner_id": partner_id,
                        "member_id": i,
                        "starts_at": due_at + timedelta(hours=2),
                        "duration_min": 60,
                        "timezone": TZ,
                        "place": "ул. Ленина, 2",
                        "purpose": "знакомство",
                        "format": "visit",
                        "status": "planned",
                        "created_at": T,
                        "updated_at": T,
                    }
                    for i in ids
                ],
            )
            await session.commit()
        for start in range(0, reminders, CHUNK):
            ids = range(start + 1, min(reminders, start + CHUNK) + 1)
            await session.execute(
                insert(Reminder),
                [
                    {
                        "organisation_id": org_id,
                        "member_id": (i - 1) % members + 1,
                        "kind": "meeting.soon",
                        "ref_id": (i - 1) % members + 1,
                        "due_at": due_at,
                        "status": ReminderStatus.PENDING,
                        "idempotency_key": f"bench:{i}",
                        "attempts": 0,
                        "created_at": T,
                        "payload": {"event_at": (due_at + timedelta(hours=2)).isoformat()},
                    }
                    for i in ids
                ],
            )
            await session.commit()


@dataclass
class ServerReport:
    too_many: int
    sends: list[tuple[Any, bool, float]]  # (chat_id, ok, server time) of every sendMessage


def _serve(conn: Connection) -> None:
    async def main() -> None:
        fake = FakeTelegram(rate_limit=30, per_chat_limit=True, check_html=True)
        await fake.start()
        conn.send(fake.url)
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # until told to stop
        sends = [(c.chat_id, c.ok, c.at) for c in fake.sent if c.method == "sendMessage"]
        conn.send(ServerReport(fake.too_many_requests, sends))
        await fake.stop()

    asyncio.run(main())


class ServerProcess:
    """The fake Bot API in its own process, like a remote server: its 30/s window is not
    disturbed by the bot's own work (same loop or same GIL)."""

    def __init__(self) -> None:
        self._conn, child = multiprocessing.Pipe()
        self._proc = multiprocessing.get_context("fork").Process(
            target=_serve, args=(child,), daemon=True
        )
        self.url = ""

    def __enter__(self) -> ServerProcess:
        self._proc.start()
        self.url = self._conn.recv()
        return self

    def report(self) -> ServerReport:
        self._conn.send("stop")
        report: ServerReport = self._conn.recv()
        return report

    def __exit__(self, *exc: object) -> None:
        self._proc.join(10)
        if self._proc.is_alive():
            self._proc.kill()


async def fanout(n: int, workdir: Path) -> None:
    print(f"\n== fan-out: n={n} reminders due in the same minute, {n} members ==")
    with ServerProcess() as server:
        clock = FakeClock(T)
        app = await build_app(_settings(workdir / "fanout.db", server.url), clock=clock)
        try:
            await _populate(app, n, n, T + timedelta(seconds=30))
            engine = app.reminders
            assert engine is not None
            engine.configure(limits=Limits())  # production pace: 28.6/s, 1/s per chat
            clock.set(T + timedelta(minutes=1))
            started = time.perf_counter()
            stats = await engine.run_due()
            elapsed = time.perf_counter() - started
            report = server.report()
            sends = [(chat, at) for chat, ok, at in report.sends if ok]
            per_chat = Counter(chat for chat, _ in sends)
            async with app.sessionmaker() as session:
                not_sent = (
                    await session.execute(
                        select(func.count())
                        .select_from(Reminder)
                        .where(Reminder.status != ReminderStatus.SENT)
                    )
                ).scalar_one()
            if sends:
                span = sends[-1][1] - sends[0][1]
                rate = (len(sends) - 1) / span if span > 0 else float("inf")
            else:
                rate = 0.0
            lost = n - len(per_chat)
            doubled = sum(count - 1 for count in per_chat.values() if count > 1)
            print(f"delivered            {len(sends)} of {n} in {elapsed:.1f} s")
            print(f"delivery rate        {rate:.2f} msg/s (first→last send; target ≥ 28)")
            print(f"429 answers          {report.too_many} (target 0)")
            print(f"lost                 {lost} (rows not sent: {not_sent}) (target 0)")
            print(f"doubled              {doubled} (target 0)")
            print(f"engine stats         {stats}")
        finally:
            await app.close()


async def _startup_once(db: Path) -> tuple[float, float]:
    gc.collect()
    proc = psutil.Process()
    started = time.perf_counter()
    app = await build_app(_settings(db), clock=FakeClock(T))
    engine = app.reminders
    assert engine is not None
    await engine.start()
    await engine.drain()
    elapsed = time.perf_counter() - started
    rss = proc.memory_info().rss / 2**20
    await app.close()
    return elapsed, rss


async def startup(pending: int, workdir: Path, repeat: int = 11) -> None:
    print(f"\n== start-up: {pending} pending reminders (due later) vs an empty database ==")
    empty, full = workdir / "empty.db", workdir / "full.db"
    for db, count in ((empty, 0), (full, pending)):
        app = await build_app(_settings(db), clock=FakeClock(T))
        if count:
            await _populate(app, 1000, count, T + timedelta(days=3))
        await app.close()
    results: dict[str, list[tuple[float, float]]] = {"empty": [], "full": []}
    for _ in range(repeat):  # interleaved, so drift affects both alike
        results["empty"].append(await _startup_once(empty))
        results["full"].append(await _startup_once(full))
    med = {k: statistics.median(t for t, _ in v) for k, v in results.items()}
    rss = {k: max(r for _, r in v) for k, v in results.items()}
    print(f"empty database       {med['empty'] * 1000:8.1f} ms (median of {repeat})")
    print(f"{pending} pending     {med['full'] * 1000:8.1f} ms (median of {repeat})")
    best = {k: min(t for t, _ in v) for k, v in results.items()}
    print(f"ratio                {med['full'] / med['empty']:8.3f}x (target ≤ 1.1)")
    print(
        f"best of {repeat}           {best['empty'] * 1000:.1f} vs {best['full'] * 1000:.1f} ms, "
        f"ratio {best['full'] / best['empty']:.3f}x (less sensitive to a busy machine)"
    )
    print(f"resident memory      {rss['empty']:.0f} MiB vs {rss['full']:.0f} MiB (process RSS)")


def parsing(rounds: int = 300) -> None:
    print("\n== date phrase parsing after warm-up ==")
    phrases = [
        "завтра в 15:00", "в пятницу 10:30", "25.12 14:00", "через 2 дня в 11", "15:00",
        "сегодня в 18:30", "послезавтра", "1 декабря в 9:00", "в 9 утра", "31.02 10:00",
        "через неделю", "в следующий четверг в 11",
    ]  # fmt: skip
    t0 = time.perf_counter()
    dates.warm_up()
    warm = time.perf_counter() - t0
    now = T
    durations: list[float] = []
    for _ in range(rounds):
        for phrase in phrases:
            started = time.perf_counter()
            dates.parse_moment(phrase, now, TZ)
            durations.append(time.perf_counter() - started)
    durations.sort()
    p50 = statistics.median(durations) * 1000
    p95 = durations[int(len(durations) * 0.95) - 1] * 1000
    print(f"warm-up (once)       {warm * 1000:.0f} ms (dateparser import + first parse)")
    print(f"grammar phrases      p50 {p50:.3f} ms  p95 {p95:.3f} ms (target p95 < 5 ms)")
    fallback: list[float] = []
    for _ in range(50):
        started = time.perf_counter()
        dates.parse_moment("в среду, 2 декабря, в 10:00", now, TZ)
        fallback.append(time.perf_counter() - started)
    fallback.sort()
    print(f"dateparser fallback  p95 {fallback[int(len(fallback) * 0.95) - 1] * 1000:.3f} ms")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="reminders in the fan-out")
    parser.add_argument("--pending", type=int, default=100_000, help="for the start-up test")
    parser.add_argument("--skip-fanout", action="store_true")
    args = parser.parse_args()
    echo = await measure_echo()
    print(echo.line())
    parsing()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        await startup(args.pending, workdir)
        if not args.skip_fanout:
            await fanout(args.n, workdir)


if __name__ == "__main__":
    asyncio.run(main())
