"""Reminder fan-out under Telegram's limits: the real bot process, the fake Bot API.

    python -m bench.reminders [--n 500] [--probe] [--stall 20]

`--n` members each have a meeting in two hours whose «two hours before» reminder (kind
"meeting.soon") is due now (bench/seed.py inserts the rows; no quiet hours). `python -m bot`
starts and its reminder engine delivers them through the fake server, which answers 429
above 30 sends per second overall or 1 per second to one chat (as Telegram does). Prints
messages per second, 429 answers, lost (a member without a reminder) and doubled (a member
with two or more), and the rows' final status. Targets: ≥ 28 msg/s, 0 × 429, 0 lost, 0
doubled.

`--probe`: meanwhile other members (5, taking turns) send /help again and again, 5 times a
second in all; prints their p50/p95/max from sending against 200 ms (issue 14). Their
replies share the 30/s limit with the reminders.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import itertools
import os
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path

from bench.harness import BenchError, Child, Stats, User, during, probe_line, workdir
from bench.seed import seed_fanout
from tests.fake_api import Call, FakeTelegram

TARGET_RATE = 28.0
PROBES = 5


def _window_max(times: list[float]) -> int:
    """The most sends in any one-second window."""
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def _delivered(fake: FakeTelegram, recipients: set[int], stall: float, limit: float) -> None:
    """Until every recipient got a reminder, nothing new arrived for `stall` s, or `limit` s."""
    ended = time.perf_counter() + limit

    def count() -> int:
        return len({c.chat_id for c in fake.sent if c.ok and c.chat_id in recipients})

    seen = -1
    while time.perf_counter() < ended:
        now = count()
        if now >= len(recipients):
            return
        if now == seen:
            return  # stalled
        seen = now
        try:
            more = functools.partial(lambda before: count() > before, seen)
            await fake.wait_until(more, min(stall, ended - time.perf_counter()))
        except AssertionError:
            return


def _statuses(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as db:
        return dict(db.execute("SELECT status, count(*) FROM reminders GROUP BY status").fetchall())


async def main(args: argparse.Namespace) -> int:
    began = time.perf_counter()
    async with workdir() as tmp:
        db_path = tmp / "fanout.db"
        ids = await seed_fanout(db_path, n=args.n, probe_members=PROBES)
        recipients = set(ids)
        async with FakeTelegram(rate_limit=30, per_chat_limit=True) as fake:
            child = Child("bot", fake, tmp, db_path)
            spawned = time.perf_counter()
            probe: Stats | None = None
            try:
                await child.start()
                limit = args.n / 10 + 60  # far beyond the pace it should keep
                wait = _delivered(fake, recipients, args.stall, limit)
                if args.probe:  # each chat at most once a second, as Telegram allows
                    turns = itertools.cycle([User(fake, ids[-1] + 1 + i) for i in range(PROBES)])
                    _, probe = await during(
                        wait,
                        lambda: next(turns).send("/help", "Команды", timeout=5),
                        pause=1 / PROBES,
                    )
                else:
                    await wait
            except BenchError as e:
                print(f"reminders: {e}", file=sys.stderr)
                return 1
            finally:
                await child.stop()
            log = child.tail(100_000)
        statuses = _statuses(db_path)

    sends: list[Call] = [
        c for c in fake.sent if c.method == "sendMessage" and c.chat_id in recipients
    ]
    ok = [c for c in sends if c.ok]
    per_chat = Counter(c.chat_id for c in ok)
    times = sorted(c.at for c in ok)
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    lost = len(recipients) - len(per_chat)
    doubled = sum(n - 1 for n in per_chat.values() if n > 1)
    refused = sum(1 for c in sends if c.status == 429)
    other = Counter(c.status for c in sends if not c.ok and c.status != 429)
    met = rate >= TARGET_RATE and fake.too_many_requests == 0 and lost == 0 and doubled == 0
    print(
        f"\nbench.reminders: {args.n} reminders due now, fake Bot API at 30/s overall and "
        f"1/s per chat; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    if times:
        print(
            f"first poll {child.started_in or 0:.1f} s and first reminder "
            f"{times[0] - spawned:.1f} s after spawn; {len(ok)} delivered in "
            f"{times[-1] - times[0]:.1f} s"
        )
    print(
        f"rate: {rate:.1f} msg/s (target ≥ {TARGET_RATE:.0f}); busiest second: {_window_max(times)}"
    )
    print(
        f"429 answers: {fake.too_many_requests} ({refused} to reminders); lost: {lost}; "
        f"doubled: {doubled}; other errors: {dict(other) or 'none'}"
    )
    print(f"rows afterwards: {statuses}")
    print(f"targets met: {'yes' if met else 'NO'}")
    if probe is not None:
        print(probe_line("other members' /help meanwhile", probe))
    if "Traceback" in log:
        print("\nthe bot logged errors:\n" + log[-3000:], file=sys.stderr)
    print(f"{time.perf_counter() - began:.0f} s in all.")
    return 0


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.reminders")
    parser.add_argument("--n", type=int, default=500, help="members with a reminder due now")
    parser.add_argument("--probe", action="store_true", help="another member chats meanwhile")
    parser.add_argument(
        "--stall", type=float, default=20.0, help="give up after this many seconds without a send"
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse())))
