"""The coach's snapshot read on a large organisation: timings and query plans.

    python -m bench.coach_snapshot [--partners 10000] [--runs 60] [--no-extras] [--explain]

A script, not a test: it prints figures and never fails on them. The database is
bench/seed.py `seed_organisation` (10,000 partners, 100 members) in a temporary folder,
plus (unless --no-extras) what a long-lived organisation also has: meetings, agreements
(drafts among them), joint events with partners and evaluations. It times
`bot.services.coach.snapshot` plus the member's dismissals (what /next and /plan read),
each run in a fresh session as a request would, and with --explain prints SQLite's
EXPLAIN QUERY PLAN of the four snapshot statements.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bench.seed import TZ, seed_organisation
from bot.domain import coach as rules
from bot.services import coach as service
from storage import coach as store
from storage.db import create_engine
from storage.models import Agreement, Evaluation, Meeting, WorkEvent, WorkEventPartner


async def _extras(url: str, partners: int, seed: int = 11) -> None:
    """Meetings for a third of the partners, agreements for a tenth (a fifth of them
    drafts), 300 joint events with 1–3 partners each, evaluations for a twentieth."""
    rnd = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    engine = create_engine(url)
    meetings, agreements, events, links, evaluations = [], [], [], [], []
    for pid in range(1, partners + 1):
        if pid % 3 == 0:
            planned = rnd.random() < 0.3
            meetings.append(
                {
                    "organisation_id": 1,
                    "partner_id": pid,
                    "member_id": 1,
                    "starts_at": (starts := now + timedelta(days=rnd.randint(-300, 30))),
                    "ends_at": starts + timedelta(minutes=60),
                    "duration_min": 60,
                    "timezone": TZ,
                    "format": "visit",
                    "status": "planned" if planned else "done",
                    "outcome": None if planned else rnd.choice(("agreed", "again", "declined")),
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if pid % 10 == 0:
            agreements.append(
                {
                    "organisation_id": 1,
                    "partner_id": pid,
                    "kind": "coop",
                    "subject": "Сотрудничество",
                    "status": "draft" if pid % 50 == 0 else "active",
                    "valid_until": date.today() + timedelta(days=rnd.randint(-30, 700)),
                    "auto_prolong": False,
                    "prolong_count": 0,
                    "renewal_decision": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if pid % 20 == 0:
            evaluations.append(
                {
                    "organisation_id": 1,
                    "partner_id": pid,
                    "member_id": 1,
                    "benefit": 5,
                    "reliability": 4,
                    "activity": 4,
                    "fit": 3,
                    "direction": "career",
                    "created_at": now - timedelta(days=rnd.randint(0, 500)),
                }
            )
    for i in range(300):
        events.append(
            {
                "id": i + 1,
                "organisation_id": 1,
                "title": f"Совместное мероприятие {i}",
                "day": date.today() + timedelta(days=rnd.randint(-400, 120)),
                "created_at": now,
            }
        )
        for pid in rnd.sample(range(1, partners + 1), rnd.randint(1, 3)):
            links.append({"event_id": i + 1, "partner_id": pid})
    try:
        async with engine.begin() as conn:
            for table, rows in (
                (Meeting.__table__, meetings),
                (Agreement.__table__, agreements),
                (WorkEvent.__table__, events),
                (WorkEventPartner.__table__, links),
                (Evaluation.__table__, evaluations),
            ):
                if rows:
                    await conn.execute(insert(table), rows)
    finally:
        await engine.dispose()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _explain(engine: AsyncEngine, now: datetime) -> None:
    """SQLite's plan of each snapshot statement: the statement runs once as the app runs
    it, its SQL and parameters are caught on their way to the driver, and run again with
    EXPLAIN QUERY PLAN in front."""
    caught: list[tuple[str, Any]] = []

    def catch(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        caught.append((statement, params))

    event.listen(engine.sync_engine, "before_cursor_execute", catch)
    statements = store.snapshot_statements()
    params = store.window_params(1, service.window(now, TZ))
    async with engine.connect() as conn:
        for name, stmt in zip(("counters", "groups", "lists", "extras"), statements, strict=True):
            await conn.execute(stmt, params)
            sql, driver_params = caught[-1]
            rows = await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, driver_params)
            print(f"\n--- {name}")
            for row in rows:
                print(f"{row[0]:>4} {row[1]:>4}  {row[3]}")
    event.remove(engine.sync_engine, "before_cursor_execute", catch)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--no-extras", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        url = f"sqlite+aiosqlite:///{path}"
        await seed_organisation(path, partners=args.partners)
        if not args.no_extras:
            await _extras(url, args.partners)
        engine = create_engine(url)
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        now = datetime.now(UTC)
        try:
            async with engine.connect() as conn:
                await conn.execute(text("ANALYZE"))
            times: list[float] = []
            cpu: list[float] = []
            snap = None
            for i in range(args.runs + 5):
                started, started_cpu = time.perf_counter(), time.process_time()
                async with sessions() as session:
                    snap = await service.snapshot(session, 1, now, TZ)
                    await store.dismissals(session, 1, now)
                if i >= 5:  # warm-up runs left out
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
            assert snap is not None
            print(
                f"snapshot + dismissals, {args.partners} partners, {args.runs} runs: "
                f"p50 {statistics.median(times):.1f} ms, p95 {_percentile(times, 0.95):.1f} ms, "
                f"min {min(times):.1f} ms; CPU p50 {statistics.median(cpu):.1f} ms "
                f"(load average {os.getloadavg()[0]:.1f})"
            )
            print(
                f"partners {snap.partners}, suggestions "
                f"{len(rules.candidates(snap, now))}, working {snap.working}"
            )
            if args.explain:
                await _explain(engine, now)
        finally:
            await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
