"""Foundation benchmark: throughput of the real dispatcher, cold start and memory.

Run: `.venv/bin/python -m bench.foundation [N] [--no-cold]` (N updates per path and round,
default 2000; --no-cold skips (b) and (c)).

(a) N updates fed one after another through the real dispatcher (`build_app` on a temporary
    SQLite database, a registered member, a null Bot session): a bare aiogram echo handler
    (the baseline), the /start menu, /about, and an /about page button. Target: ≥ 0.5× echo.
(b) cold start: `python -m bot` (BOT_TOKEN=42:TEST, TELEGRAM_API_URL = the fake Bot API
    server of tests/fake_api.py, a fresh database each time) and a bare aiogram echo bot
    (bench/echo_bot.py), from spawn to the first getUpdates the server receives; medians of
    5 runs each. Target: ≤ 1.25× the echo bot.
(c) resident memory (RSS) of both right after their first getUpdates, and once they have
    answered a first message. Target: ≤ +50 MiB.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from aiogram.types import Update

from bench.common import Result, callback_update, measure, measure_echo, null_bot, text_update
from bot.app import build_app
from bot.clock import SystemClock
from bot.config import load_settings
from handlers.about.pages import AboutCb
from storage import migrate, orgs
from storage.db import create_engine
from tests.fake_api import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
ROUNDS = 5
MIB = 1024 * 1024


async def throughput(n: int) -> list[tuple[Result, Result]]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            bot_token=None, telegram_api_url=None, database_url=f"sqlite+aiosqlite:///{tmp}/b.db"
        )
        app = await build_app(settings)
        try:
            async with app.sessionmaker() as session:
                await orgs.create_organisation_with_admin(
                    session,
                    name="МАУ ДО «Дом детского творчества»",
                    municipality="г. Тюмень",
                    timezone="Asia/Yekaterinburg",
                    telegram_id=1,
                    chat_id=1,
                    full_name="Анна Петрова",
                    position="педагог дополнительного образования",
                    now=SystemClock().now(),
                )
            dp, bot = app.dispatcher, null_bot()
            paths: list[tuple[str, Callable[[int], Update]]] = [
                ("/start (main menu)", lambda i: text_update("/start")),
                ("/about", lambda i: text_update("/about")),
                ("/about page button", lambda i: callback_update(AboutCb(page=i % 10).pack())),
            ]
            # interleaved rounds, the best round of each path: the machine's load changes
            # while it runs, and it hits every path alike this way
            best: dict[str, Result] = {}
            for _ in range(ROUNDS):
                results = [await measure_echo(n)]
                for name, make in paths:
                    results.append(await measure(name, dp, bot, make, n))
                for result in results:
                    if result.name not in best or result.per_second > best[result.name].per_second:
                        best[result.name] = result
        finally:
            await app.close()
    echo = best.pop("bare echo (baseline)")
    return [(echo, echo), *((echo, r) for r in best.values())]


async def _first_poll(args: list[str], db_dir: str, db_file: str = "") -> tuple[float, int, int]:
    """Seconds from spawn to the first getUpdates; RSS (bytes) at that moment and after
    the bot has answered its first message. `db_file`: an existing database (a restart);
    otherwise a fresh one (first start: the migrations run)."""
    database = db_file or f"{db_dir}/bot-{time.monotonic_ns()}.db"
    async with FakeTelegram() as fake:
        env = {
            **os.environ,
            "BOT_TOKEN": "42:TEST",
            "TELEGRAM_API_URL": fake.url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
            "LOG_LEVEL": "WARNING",
        }
        started = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            cwd=ROOT,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            await fake.wait_polling(timeout=60)
            assert fake.first_get_updates_at is not None
            elapsed = fake.first_get_updates_at - started
            process = psutil.Process(proc.pid)
            rss_start = process.memory_info().rss
            fake.inject_text(1, "/start")
            await fake.wait_message(1, timeout=60)
            rss_answered = process.memory_info().rss
        finally:
            proc.kill()
            await proc.wait()
    return elapsed, rss_start, rss_answered


async def cold_start() -> None:
    bots = {
        "python -m bot": ["-m", "bot"],
        "bare aiogram echo bot": ["-m", "bench.echo_bot"],
        "python -m bot, restart": ["-m", "bot"],
    }
    times: dict[str, list[float]] = {name: [] for name in bots}
    memory: dict[str, list[int]] = {name: [] for name in bots}
    answered: dict[str, list[int]] = {name: [] for name in bots}
    with tempfile.TemporaryDirectory() as tmp:
        existing = f"{tmp}/existing.db"
        engine = create_engine(f"sqlite+aiosqlite:///{existing}")
        await migrate.upgrade(engine)
        await engine.dispose()
        for _ in range(RUNS):  # interleaved, so all see the same machine load
            for name, args in bots.items():
                db_file = existing if name.endswith("restart") else ""
                elapsed, rss, rss_answered = await _first_poll(args, tmp, db_file)
                times[name].append(elapsed)
                memory[name].append(rss)
                answered[name].append(rss_answered)
    ours, echo, restart = (statistics.median(times[n]) for n in bots)
    print(
        f"\ncold start, spawn → first getUpdates (median of {RUNS}; the first start migrates "
        "a fresh database, the restart finds it at head):"
    )
    for name in bots:
        runs = " ".join(f"{t:.2f}" for t in times[name])
        print(f"  {name:<24} {statistics.median(times[name]):6.3f} s   runs: {runs}")
    print(
        f"  ratio, first start {ours / echo:.2f}x; restart {restart / echo:.2f}x   (target ≤ 1.25x)"
    )
    for title, figures in (
        ("right after the first getUpdates", memory),
        ("after answering the first message", answered),
    ):
        ours_mem, echo_mem, _ = (statistics.median(figures[n]) / MIB for n in bots)
        print(f"\nresident memory {title} (median):")
        print(f"  {'python -m bot':<24} {ours_mem:6.1f} MiB")
        print(f"  {'bare aiogram echo bot':<24} {echo_mem:6.1f} MiB")
        print(f"  difference {ours_mem - echo_mem:+.1f} MiB   (target ≤ +50 MiB)")


async def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 2000
    print(
        f"throughput: {n} updates per path through the real dispatcher (null Bot session), "
        f"best of {ROUNDS} interleaved rounds"
    )
    for baseline, result in await throughput(n):
        print("  " + result.line(baseline))
    print("  target: real paths ≥ 0.50x echo")
    if "--no-cold" not in sys.argv:
        await cold_start()


if __name__ == "__main__":
    asyncio.run(main())
