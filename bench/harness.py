"""The benchmark harness: the real app as a child process against the fake Bot API server.

The fake server (tests/fake_api.FakeTelegram) runs in the benchmark's own process; the bot is
started as an operator starts it — `python -m bot` with BOT_TOKEN, TELEGRAM_API_URL,
DATABASE_URL and LOG_LEVEL in the environment — or, for the baseline, `python -m
bench.echo_bot`, a bare aiogram echo bot with long polling over the same fake API.

Users act on what they see: they type texts and press inline buttons by their label.
Latency of one reply = arrival of the awaited reply call at the fake server − the moment the
update was handed out in a getUpdates response (`FakeTelegram.delivered_at`); `Reply` also
keeps the time since the update was queued (`since_sent`), which includes any wait for the
bot to poll. Throughput = replies per second of `closed_loop`: a fixed number of users, each
sending its next update when its previous reply came.

`during(heavy, probe)` measures another user's replies while heavy work runs (issue 14:
"no other user's update waits more than 200 ms").
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tests.fake_api import Call, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "42:BENCH"
START_TIMEOUT = 60.0  # a cold interpreter on a busy shared machine
REPLY_TIMEOUT = 15.0
MESSAGES = frozenset({"sendMessage", "editMessageText", "sendDocument", "sendPhoto"})
_CLK_TCK = os.sysconf("SC_CLK_TCK")

T = TypeVar("T")
Expect = str | Callable[[Call], bool] | None


class BenchError(RuntimeError):
    """A path could not be measured (no reply, an unexpected reply…)."""


# ---------------------------------------------------------------------------- processes


class Child:
    """`python -m <module>` as a child process, its output in a log file."""

    def __init__(
        self, module: str, fake: FakeTelegram, workdir: Path, db_path: Path | None = None
    ) -> None:
        self.module = module
        self.fake = fake
        self.db_path = db_path
        self.workdir = workdir
        self.log_path = workdir / f"{module.replace('.', '_')}.log"
        self.proc: asyncio.subprocess.Process | None = None
        self.started_in: float | None = None  # seconds from spawn to the first getUpdates

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": self.fake.url,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # compiled modules are cached (as on an operator's machine) in the run's own
            # folder, whatever PYTHONDONTWRITEBYTECODE says: the source tree stays clean
            "PYTHONPYCACHEPREFIX": str(self.workdir / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if self.db_path is not None:
            env["DATABASE_URL"] = f"sqlite+aiosqlite:///{self.db_path}"
        return env

    async def start(self, timeout: float = START_TIMEOUT) -> float:
        """Spawn, wait for its first getUpdates; seconds from spawn to that call."""
        first = len(self.fake.calls)
        env = self.env()
        with self.log_path.open("ab") as log:
            spawned = time.perf_counter()
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                self.module,
                cwd=ROOT,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )

        def polled() -> bool:
            return any(c.method == "getUpdates" for c in self.fake.calls[first:])

        wait = asyncio.ensure_future(self.fake.wait_until(polled, timeout))
        exited = asyncio.ensure_future(self.proc.wait())
        await asyncio.wait({wait, exited}, return_when=asyncio.FIRST_COMPLETED)
        if not wait.done():
            wait.cancel()
            raise BenchError(f"{self.module} exited with {self.proc.returncode}:\n{self.tail()}")
        exited.cancel()
        try:
            wait.result()
        except AssertionError:
            raise BenchError(f"{self.module} did not poll in {timeout}s:\n{self.tail()}") from None
        call = next(c for c in self.fake.calls[first:] if c.method == "getUpdates")
        self.started_in = call.at - spawned
        return self.started_in

    async def stop(self) -> None:
        """SIGTERM (a clean stop), SIGKILL after 10 s."""
        proc = self.proc
        if proc is None or proc.returncode is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            await proc.wait()

    def status(self, key: str) -> int:
        """A /proc/<pid>/status value in KiB (VmRSS, VmHWM)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        raise KeyError(key)

    def rss_mib(self) -> float:
        return self.status("VmRSS") / 1024

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLK_TCK

    def tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""


@contextlib.asynccontextmanager
async def workdir() -> Any:
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        yield Path(name)


@contextlib.asynccontextmanager
async def running(
    module: str,
    workdir: Path,
    db_path: Path | None = None,
    **fake_options: Any,
) -> Any:
    """A fresh fake server and `module` polling it: yields (fake, child)."""
    async with FakeTelegram(**fake_options) as fake:
        child = Child(module, fake, workdir, db_path)
        try:
            await child.start()
            yield fake, child
        finally:
            await child.stop()


# ---------------------------------------------------------------------------- users


@dataclass
class Reply:
    call: Call
    latency: float  # seconds: reply arrival − update handed out by getUpdates
    since_sent: float  # seconds: reply arrival − update queued at the server


def _matcher(chat_id: int, expect: Expect, methods: frozenset[str]) -> Callable[[Call], bool]:
    def match(call: Call) -> bool:
        if not call.ok or call.method not in methods or call.chat_id != chat_id:
            return False
        if expect is None:
            return True
        if isinstance(expect, str):
            return expect in call.plain
        return expect(call)

    return match


class User:
    """One person in a private chat with the bot."""

    def __init__(self, fake: FakeTelegram, user_id: int, first_name: str = "Анна") -> None:
        self.fake = fake
        self.user_id = user_id
        self.first_name = first_name
        self.lock = asyncio.Lock()  # one update of this user in flight at a time

    async def send(
        self,
        text: str,
        expect: Expect = None,
        *,
        methods: Iterable[str] = MESSAGES,
        timeout: float = REPLY_TIMEOUT,
    ) -> Reply:
        """Type `text`; the first reply call (of `methods`) matching `expect`."""
        since = self.fake.mark()
        update = self.fake.inject_text(self.user_id, text, self.first_name)
        return await self._reply(update, since, expect, methods, timeout, text)

    async def send_document(
        self,
        data: bytes,
        file_name: str,
        expect: Expect = None,
        *,
        methods: Iterable[str] = MESSAGES,
        timeout: float = REPLY_TIMEOUT,
    ) -> Reply:
        """Send a file (the fake server serves it to getFile and the download); the first
        reply call (of `methods`) matching `expect`."""
        since = self.fake.mark()
        update = self.fake.inject_document(self.user_id, data, file_name)
        return await self._reply(update, since, expect, methods, timeout, file_name)

    async def press(
        self,
        label: str,
        expect: Expect = None,
        *,
        methods: Iterable[str] = MESSAGES,
        timeout: float = REPLY_TIMEOUT,
    ) -> Reply:
        """Press the newest inline button whose label contains `label`."""
        try:
            message_id, data = self.fake.find_button(self.user_id, label)
        except LookupError as e:
            raise BenchError(f"{e}; last messages: {self.last_texts()}") from None
        since = self.fake.mark()
        update = self.fake.inject_callback(self.user_id, message_id, data, self.first_name)
        return await self._reply(update, since, expect, methods, timeout, f"[{label}]")

    async def _reply(
        self,
        update: dict[str, Any],
        since: int,
        expect: Expect,
        methods: Iterable[str],
        timeout: float,
        what: str,
    ) -> Reply:
        queued = time.perf_counter()
        match = _matcher(self.user_id, expect, frozenset(methods))
        try:
            call = await self.fake.wait_for(match, timeout, since)
        except AssertionError:
            raise BenchError(
                f"user {self.user_id}: no reply to {what!r} matching {expect!r} in {timeout}s; "
                f"got: {self.last_texts(since)}"
            ) from None
        delivered = self.fake.delivered_at.get(update["update_id"], queued)
        return Reply(call, call.at - delivered, call.at - queued)

    def last_texts(self, since: int = 0, count: int = 4) -> list[str]:
        calls = [c for c in self.fake.sent[since:] if c.chat_id == self.user_id]
        return [f"{c.method}:{c.status}:{c.plain[:80]!r}" for c in calls[-count:]]


def users(fake: FakeTelegram, ids: Iterable[int]) -> list[User]:
    return [User(fake, i) for i in ids]


# ---------------------------------------------------------------------------- figures


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (0 < share ≤ 1) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # seconds
    waits: list[float] = field(default_factory=list)  # seconds since queued
    wall: float = 0.0  # seconds the loop ran
    cpu: float = 0.0  # CPU seconds of the measured child over `wall`
    harness_cpu: float = 0.0  # CPU seconds of this process (fake server, users) over `wall`
    failures: list[str] = field(default_factory=list)  # probes that got no reply (`during`)

    @property
    def n(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.n / self.wall if self.wall else 0.0

    def ms(self, share: float, *, waits: bool = False) -> float:
        values = self.waits if waits else self.latencies
        return percentile(values, share) * 1000 if values else float("nan")

    @property
    def p50(self) -> float:
        return self.ms(0.5)

    @property
    def p95(self) -> float:
        return self.ms(0.95)

    @property
    def max_ms(self) -> float:
        return max(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def cpu_share(self) -> float:
        return self.cpu / self.wall if self.wall else 0.0

    def add(self, other: Stats) -> None:
        self.latencies += other.latencies
        self.waits += other.waits
        self.wall += other.wall
        self.cpu += other.cpu
        self.harness_cpu += other.harness_cpu
        self.failures += other.failures


Job = Callable[[], Awaitable[Reply]]


async def closed_loop(
    jobs: Iterable[tuple[User, Job]],
    concurrency: int,
    child: Child,
    *,
    seconds: float | None = None,
    gap: float = 0.0,
) -> Stats:
    """Run the jobs with `concurrency` workers, each taking the next job when its previous
    reply came (a user's jobs never overlap); every job's reply is one sample. With
    `seconds`, no job starts after that time (the ones under way finish); `gap`: a worker
    waits this long after a reply before its next job."""
    queue = iter(jobs)
    stats = Stats()
    deadline = time.perf_counter() + seconds if seconds is not None else float("inf")

    async def worker() -> None:
        for user, job in queue:
            if time.perf_counter() > deadline:
                return
            async with user.lock:
                reply = await job()
            stats.latencies.append(reply.latency)
            stats.waits.append(reply.since_sent)
            if gap:
                await asyncio.sleep(gap)

    cpu = child.cpu_seconds()
    harness_cpu = time.process_time()
    started = time.perf_counter()
    workers = [asyncio.ensure_future(worker()) for _ in range(concurrency)]
    try:
        await asyncio.gather(*workers)
    finally:
        for w in workers:
            w.cancel()
    stats.wall = time.perf_counter() - started
    stats.cpu = child.cpu_seconds() - cpu
    stats.harness_cpu = time.process_time() - harness_cpu
    return stats


async def echo_loop(
    fake: FakeTelegram,
    child: Child,
    samples: int,
    concurrency: int,
    *,
    seconds: float | None = None,
) -> Stats:
    """The baseline: `samples` texts to the echo bot from `concurrency` users at a time
    (fewer if `seconds` run out first)."""
    people = users(fake, range(900_001, 900_001 + max(concurrency, 1) * 4))
    counter = itertools.count()

    def job(user: User) -> tuple[User, Job]:
        text = f"эхо {next(counter)}"
        return user, lambda: user.send(text, text)

    return await closed_loop(
        (job(people[i % len(people)]) for i in range(samples)), concurrency, child, seconds=seconds
    )


async def during(heavy: Awaitable[T], probe: Job, *, pause: float = 0.05) -> tuple[T, Stats]:
    """Run `heavy` and, until it finishes, let another user send `probe` again and again
    (`pause` seconds apart). Returns heavy's result and the probe's figures; use
    `Stats.ms(share, waits=True)` for the time from sending (it includes any wait for the
    bot to poll, which a blocked event loop would make long). A probe that gets no reply is
    kept in `Stats.failures`, and probing goes on."""
    task = asyncio.ensure_future(heavy)
    stats = Stats()
    started = time.perf_counter()
    try:
        while not task.done():
            try:
                reply = await probe()
            except BenchError as e:
                stats.failures.append(str(e))
            else:
                stats.latencies.append(reply.latency)
                stats.waits.append(reply.since_sent)
            await asyncio.wait({task}, timeout=pause)
        result = task.result()
    finally:
        task.cancel()
    stats.wall = time.perf_counter() - started
    return result, stats


def probe_line(what: str, probe: Stats, target_ms: float = 200.0) -> str:
    """One line on `during`'s probe: from sending, p50/p95/max, and replies that never came."""
    lost = f", {len(probe.failures)} without a reply in time" if probe.failures else ""
    if not probe.waits:
        return f"{what}: no reply at all{lost} (target ≤ {target_ms:.0f} ms: NO)"
    worst = max(probe.waits) * 1000
    met = "yes" if worst <= target_ms and not probe.failures else "NO"
    first = f"; first: {probe.failures[0][:160]}" if probe.failures else ""
    return (
        f"{what}, {probe.n} replies{lost}, from sending: p50 {probe.ms(0.5, waits=True):.1f} "
        f"ms, p95 {probe.ms(0.95, waits=True):.1f} ms, max {worst:.1f} ms "
        f"(target ≤ {target_ms:.0f} ms: {met}){first}"
    )
