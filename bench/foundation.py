"""Foundation benchmark: throughput of the real dispatcher, cold start and memory.

Run: `.venv/bin/python -m bench.foundation [N]` (N updates per path, default 2000).

(a) N updates fed one after another through the real dispatcher (`build_app` on a temporary
    SQLite database, a registered member, a null Bot session): a bare aiogram echo handler
    (the baseline), the /start menu, /about, and an /about page button. Target: ≥ 0.5× echo.
(b) cold start: `python -m bot` (BOT_TOKEN=42:TEST, TELEGRAM_API_URL = the fake Bot API
    server of tests/fake_api.py, a fresh database each time) and a bare aiogram echo bot
    (bench/echo_bot.py), from spawn to the first getUpdates the server receives; medians of
    5 runs each. Target: ≤ 1.25× the echo bot.
(c) resident memory (RSS) of both right after their first getUpdates. Target: ≤ +50 MiB.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.common import Result, callback_update, measure, measure_echo, null_bot, text_update
from bot.app import build_app
from bot.clock import SystemClock
from bot.config import load_settings
from handlers.about import AboutCb
from storage import orgs
from tests.fake_api import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
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
                    cache=app.dispatcher["members"],
                )
            dp, bot = app.dispatcher, null_bot()
            echo = await measure_echo(n)
            paths = [
                await measure("/start (main menu)", dp, bot, lambda i: text_update("/start"), n),
                await measure("/about", dp, bot, lambda i: text_update("/about"), n),
                await measure(
                    "/about page button",
                    dp,
                    bot,
                    lambda i: callback_update(AboutCb(page=i % 10).pack()),
                    n,
                ),
            ]
            # echo again: the machine may have sped up or slowed down meanwhile
            echo2 = await measure_echo(n)
        finally:
            await app.close()
    baseline = echo if echo.per_second >= echo2.per_second else echo2
    return [(baseline, r) for r in [echo, echo2, *paths]]


async def _first_poll(args: list[str], db_dir: str) -> tuple[float, int]:
    """Seconds from spawn to the first getUpdates, and RSS (bytes) at that moment."""
    async with FakeTelegram() as fake:
        env = {
            **os.environ,
            "BOT_TOKEN": "42:TEST",
            "TELEGRAM_API_URL": fake.url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{db_dir}/bot-{time.monotonic_ns()}.db",
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
            rss = psutil.Process(proc.pid).memory_info().rss
        finally:
            proc.kill()
            await proc.wait()
    return elapsed, rss


async def cold_start() -> None:
    bots = {
        "python -m bot": ["-m", "bot"],
        "bare aiogram echo bot": ["-m", "bench.echo_bot"],
    }
    times: dict[str, list[float]] = {name: [] for name in bots}
    memory: dict[str, list[int]] = {name: [] for name in bots}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(RUNS):  # interleaved, so both see the same machine load
            for name, args in bots.items():
                elapsed, rss = await _first_poll(args, tmp)
                times[name].append(elapsed)
                memory[name].append(rss)
    ours, echo = (statistics.median(times[n]) for n in bots)
    ours_mem, echo_mem = (statistics.median(memory[n]) / MIB for n in bots)
    print(f"\ncold start, spawn → first getUpdates (median of {RUNS}):")
    for name in bots:
        runs = " ".join(f"{t:.2f}" for t in times[name])
        print(f"  {name:<24} {statistics.median(times[name]):6.3f} s   runs: {runs}")
    print(f"  ratio {ours / echo:.2f}x   (target ≤ 1.25x)")
    print("\nresident memory after the first getUpdates (median):")
    print(f"  {'python -m bot':<24} {ours_mem:6.1f} MiB")
    print(f"  {'bare aiogram echo bot':<24} {echo_mem:6.1f} MiB")
    print(f"  difference {ours_mem - echo_mem:+.1f} MiB   (target ≤ +50 MiB)")


async def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(f"throughput: {n} updates per path through the real dispatcher (null Bot session)")
    for baseline, result in await throughput(n):
        print("  " + result.line(baseline))
    print("  target: real paths ≥ 0.50x echo")
    await cold_start()


if __name__ == "__main__":
    asyncio.run(main())
