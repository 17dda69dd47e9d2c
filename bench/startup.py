"""Cold start and memory: `python -m bot` against the bare aiogram echo bot, same fake API.

    python -m bench.startup [--rounds 5] [--partners 10000] [--members 100]

Cold start = from spawning the process to its first getUpdates at the fake Bot API server;
best of `--rounds`, bot and echo taking turns. The bot starts on a database already at the
latest migration with one organisation of `--partners` partners (an operator's restart);
a few rounds on a fresh database file (migrations run) are shown for information.
Memory = VmRSS of the process after its first answered message (the bot: a member's
/partners; the echo bot: a text). Targets: cold start ≤ 1.25× echo; RSS ≤ echo + 50 MiB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import BenchError, Child, User, workdir
from bench.seed import seed_organisation
from tests.fake_api import FakeTelegram

START_RATIO = 1.25
RSS_EXTRA_MIB = 50.0


@dataclass
class Runs:
    starts: list[float] = field(default_factory=list)  # seconds
    rss: list[float] = field(default_factory=list)  # MiB after the first answered message
    peak: list[float] = field(default_factory=list)  # VmHWM, MiB

    def line(self, name: str) -> str:
        if not self.starts:
            return f"{name:<34} not measured"
        rss = f"{statistics.median(self.rss):8.1f}" if self.rss else f"{'—':>8}"
        peak = f"{statistics.median(self.peak):8.1f}" if self.peak else f"{'—':>8}"
        best, middle = min(self.starts) * 1000, statistics.median(self.starts) * 1000
        return f"{name:<34} {best:8.0f} {middle:8.0f} {rss} {peak}"


async def one_round(
    module: str, tmp: Path, db_path: Path | None, first: tuple[int, str, str] | None
) -> tuple[float, float | None, float | None]:
    """Spawn, time the first poll, answer one message, read the memory, stop."""
    async with FakeTelegram() as fake:
        child = Child(module, fake, tmp, db_path)
        try:
            started = await child.start()
            rss = peak = None
            if first is not None:
                user_id, text, expect = first
                await User(fake, user_id).send(text, expect, timeout=30)
                rss, peak = child.rss_mib(), child.status("VmHWM") / 1024
            return started, rss, peak
        finally:
            await child.stop()


async def main(args: argparse.Namespace) -> int:
    began = time.perf_counter()
    async with workdir() as tmp:
        db_path = tmp / "bench.db"
        seeded = await seed_organisation(db_path, partners=args.partners, members=args.members)
        member = seeded.member_telegram_ids[0]
        bot, echo, fresh = Runs(), Runs(), Runs()
        try:
            for i in range(args.rounds):
                s, rss, peak = await one_round("bench.echo_bot", tmp, None, (7, "привет", "привет"))
                echo.starts.append(s)
                echo.rss.append(rss or 0)
                echo.peak.append(peak or 0)
                s, rss, peak = await one_round(
                    "bot", tmp, db_path, (member, "/partners", "Партнёры")
                )
                bot.starts.append(s)
                bot.rss.append(rss or 0)
                bot.peak.append(peak or 0)
                print(
                    f"  round {i + 1}: echo {echo.starts[-1] * 1000:.0f} ms, "
                    f"bot {bot.starts[-1] * 1000:.0f} ms",
                    file=sys.stderr,
                    flush=True,
                )
            for i in range(args.fresh):
                s, _, _ = await one_round("bot", tmp, tmp / f"fresh{i}.db", None)
                fresh.starts.append(s)
        except BenchError as e:
            print(f"startup: {e}", file=sys.stderr)
            return 1

    ratio = min(bot.starts) / min(echo.starts)
    extra = statistics.median(bot.rss) - statistics.median(echo.rss)
    print(
        f"\nbench.startup: {args.partners} partners; best and median of {args.rounds} rounds; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    print(f"{'':<34} {'best ms':>8} {'med. ms':>8} {'RSS MiB':>8} {'HWM MiB':>8}")
    print(echo.line("echo bot (bench/echo_bot.py)"))
    print(bot.line("bot, database at head"))
    print(fresh.line(f"bot, fresh database ({args.fresh} runs)"))
    print(
        f"\ncold start: bot ÷ echo = {ratio:.2f}× (target ≤ {START_RATIO}×: "
        f"{'yes' if ratio <= START_RATIO else 'NO'})"
    )
    print(
        f"memory after the first answered message: bot − echo = {extra:+.1f} MiB "
        f"(target ≤ +{RSS_EXTRA_MIB:.0f} MiB: {'yes' if extra <= RSS_EXTRA_MIB else 'NO'})"
    )
    print(
        "cold start: spawn → first getUpdates; RSS: /proc/<pid>/status VmRSS after the first "
        f"reply (HWM: VmHWM, the peak so far). {time.perf_counter() - began:.0f} s in all."
    )
    return 0


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--fresh", type=int, default=2, help="rounds on a fresh database")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=100)
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse())))
