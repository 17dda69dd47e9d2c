"""Performance as a user feels it: the real bot over HTTP, an organisation of 10,000 partners.

    python -m bench.latency [--partners 10000] [--members 100] [--users 10]
                            [--samples 150] [--load-samples 300] [--rounds 1] [--budget 12]
                            [--paths list,page,search,card,next,add] [--during PATH]

`python -m bot` runs as a child process against the fake Bot API server (tests/fake_api.py),
on a SQLite file seeded before it starts (bench/seed.py). Members act on what they see: they
type, and press inline buttons by their label. For each path:

* p50/p95 from the update handed out by getUpdates to the reply's arrival, members taking
  turns one at a time (`--samples` replies; the add flow: half of the members each round);
* replies/s with `--users` members at a time, each sending its next update when its
  previous reply came (`--load-samples`; the add flow: the other half), ÷ the bare aiogram
  echo bot (bench/echo_bot.py) over the same fake API, measured right before with the same
  number of users; also the p95 under that load and the bot's CPU share.

Targets: p95 < 50 ms; ≥ 0.5× echo for reads, ≥ 0.33× for add-flow steps (writes).
`--during PATH`: while PATH runs under load, one more member sends /help again and again;
prints its p50/p95/max from sending (a wait for the bot to poll counts) against 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import itertools
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import (
    MESSAGES,
    BenchError,
    Child,
    Job,
    Reply,
    Stats,
    User,
    closed_loop,
    during,
    echo_loop,
    probe_line,
    running,
    users,
    workdir,
)
from bench.seed import ADJECTIVES, WORDS, seed_organisation
from storage.enums import Direction, PartnerCategory, PartnerSource
from tests.fake_api import FakeTelegram
from texts import buttons, method
from texts import partners as labels

P95_MS = 50.0
READ_RATIO = 0.5
WRITE_RATIO = 0.33
PATHS = ("list", "page", "search", "card", "next", "add")
ECHO_MIN = 400  # echo replies per throughput measurement, at least…
ECHO_SECONDS = 2.0  # …unless this time runs out first


WINDOW = 1.0  # seconds: the bot's send budget refills in this time
GAP = 0.1  # seconds between one person's taps (a fast one)


@dataclass
class Row:
    name: str
    write: bool
    bot: Stats = field(default_factory=Stats)  # one update at a time: latency
    load: Stats = field(default_factory=Stats)  # `--users` at a time: replies/s
    echo: Stats = field(default_factory=Stats)  # the echo bot, one at a time
    echo_load: Stats = field(default_factory=Stats)  # the echo bot, `--users` at a time
    error: str | None = None
    probe: Stats | None = None

    @property
    def ratio(self) -> float:
        return self.load.rate / self.echo_load.rate if self.echo_load.rate else float("nan")

    @property
    def target(self) -> float:
        return WRITE_RATIO if self.write else READ_RATIO

    def verdict(self) -> str:
        if self.error:
            return "not measured"
        misses = [] if self.bot.p95 < P95_MS else ["p95"]
        misses += [] if self.ratio >= self.target else ["ratio"]
        return "NO: " + ", ".join(misses) if misses else "yes"


@dataclass
class Bench:
    args: argparse.Namespace
    bot_fake: FakeTelegram
    bot: Child
    echo_fake: FakeTelegram
    echo: Child
    load: list[User]  # the members driving the load
    warm: User  # warms every path up before it is measured
    probe: User  # the other user of --during
    rows: dict[str, Row] = field(default_factory=dict)
    names: Iterator[str] = field(default_factory=lambda: iter(()))
    duplicates: int = 0

    def cycle(self, samples: int) -> list[User]:
        return list(itertools.islice(itertools.cycle(self.load), samples))

    async def measure(
        self,
        path: str,
        name: str,
        people: list[User],
        act: Callable[[User], Awaitable[Reply]],
        sequential: int,
        *,
        seconds: float | None = None,
    ) -> Row:
        """`act` once for each of `people`: the first `sequential` one at a time (latency),
        the others `--users` at a time (replies/s), each right after the echo bot did the
        same; accumulated into the row `name`. `seconds`: a time limit for each of the two."""
        row = self.rows.setdefault(name, Row(name, write=path == "add"))
        first, rest = people[:sequential], people[sequential:]
        users_ = self.args.users
        try:
            if first:
                echo = echo_loop(self.echo_fake, self.echo, min(len(first), 50), 1, seconds=1)
                row.echo.add(await echo)
                # the bot sends at most 28 messages in any second (Telegram's budget, shared
                # by all chats: bot/telegram.py); the load phase before used it up, and one
                # person never taps 28 times a second: let it refill, then leave a gap
                await asyncio.sleep(WINDOW)
                row.bot.add(
                    await closed_loop(_jobs(first, act), 1, self.bot, seconds=seconds, gap=GAP)
                )
            if rest:
                samples = max(len(rest), ECHO_MIN)
                echo = echo_loop(self.echo_fake, self.echo, samples, users_, seconds=ECHO_SECONDS)
                row.echo_load.add(await echo)
                heavy = closed_loop(_jobs(rest, act), users_, self.bot, seconds=seconds)
                if self.args.during == path:
                    load, probe = await during(heavy, self.probe_job, pause=self.args.pause)
                    row.probe = probe if row.probe is None else _added(row.probe, probe)
                else:
                    load = await heavy
                row.load.add(load)
        except BenchError as e:
            row.error = str(e)
            raise
        _progress(row)
        return row

    def probe_job(self) -> Awaitable[Reply]:
        return self.probe.send("/help", "Команды", timeout=5)

    async def reset(self) -> None:
        """After a failure: every member leaves whatever flow it was in."""
        for user in [*self.load, self.warm]:
            with contextlib.suppress(BenchError):
                await user.send("/cancel")


def _added(a: Stats, b: Stats) -> Stats:
    a.add(b)
    return a


def _progress(row: Row) -> None:
    print(
        f"  {row.name:<34} p50 {row.bot.p50:6.1f} ms  p95 {row.bot.p95:6.1f} ms  "
        f"{row.load.rate:6.1f}/s  echo {row.echo_load.rate:6.1f}/s",
        file=sys.stderr,
        flush=True,
    )


def _jobs(
    people: Iterable[User], act: Callable[[User], Awaitable[Reply]]
) -> Iterator[tuple[User, Job]]:
    for user in people:
        yield user, (lambda u=user: act(u))


# ---------------------------------------------------------------------------- the paths


async def _list(user: User) -> Reply:
    return await user.send("/partners", "Партнёры")


async def _page(user: User) -> Reply:
    return await user.press(buttons.FORWARD, "страница", methods={"editMessageText"})


async def _search(user: User) -> Reply:
    return await user.send("краевед", "по запросу")


async def _next(user: User) -> Reply:
    return await user.send("/next")


def groups(partners: int) -> range:
    """Search texts «№ g», one a member: each finds the one partner numbered g."""
    return range(100, max(100, min(1000, partners // 10)))


async def run_reads(bench: Bench, paths: set[str]) -> None:
    seq, load = bench.args.samples, bench.args.load_samples
    simple = (
        ("list", "/partners (page 1)", _list),
        ("page", "▶️ next page", _page),  # every member pages through its own list
        ("search", "search «краевед» (many found)", _search),
    )
    budget = bench.args.budget / 2
    for path, name, act in simple:
        if path in paths:
            await act(bench.warm)
            await bench.measure(path, name, bench.cycle(seq + load), act, seq, seconds=budget)
        if path == "list" and "page" in paths:  # not timed: a list to page through
            people = [u for u in [bench.warm, *bench.load] if not _has(u, buttons.FORWARD)]
            await _each(bench, people, _list)
    if "card" in paths:
        await _card_round(bench, [(bench.warm, 99)], 1)  # «№ 99»: not a measured group
        found = groups(bench.args.partners)
        wanted = seq + load
        if len(found) < min(wanted, len(bench.load)):
            raise BenchError(f"card: --partners {bench.args.partners} is too few for «№ g» groups")
        picked = random.Random(11).sample(list(found), min(wanted, len(found)))
        half = len(bench.load) * seq // wanted
        started = time.perf_counter()
        for start in range(0, len(picked), len(bench.load)):
            chunk = picked[start : start + len(bench.load)]
            await _card_round(bench, list(zip(bench.load, chunk, strict=False)), half)
            if time.perf_counter() - started > bench.args.budget:
                break
    if "next" in paths:
        await _next(bench.warm)
        await bench.measure("next", "/next", bench.cycle(seq + load), _next, seq, seconds=budget)


def _has(user: User, label: str) -> bool:
    try:
        user.fake.find_button(user.user_id, label)
    except LookupError:
        return False
    return True


async def _each(bench: Bench, people: list[User], act: Callable[[User], Awaitable[Reply]]) -> None:
    """`act` for each of `people`, not measured."""
    await closed_loop(_jobs(people, act), bench.args.users, bench.bot)


async def _card_round(bench: Bench, pairs: list[tuple[User, int]], sequential: int) -> None:
    """Each member searches «№ g» (its own g): one partner has that number, and its card —
    one nobody opened before — is the answer (numbers are matched whole)."""
    group = {user.user_id: g for user, g in pairs}
    people = [user for user, _ in pairs]

    async def search_card(user: User) -> Reply:
        return await user.send(f"№ {group[user.user_id]}", "Статус")

    if len(pairs) == 1:  # the warm-up
        await search_card(people[0])
        return
    await bench.measure(
        "card", "card never opened (found by «№ g»)", people, search_card, sequential
    )


# ---------------------------------------------------------------------------- the add flow

SYLLABLES = ("ра", "ко", "ми", "ту", "ле", "са", "но", "ви", "да", "ре", "лу", "зо", "фе", "ки")


def _names(seed: int = 5) -> Iterator[str]:
    """Names in the organisation's vocabulary (so the duplicate check has candidates) with an
    invented word that makes each one new."""
    rnd = random.Random(seed)
    while True:
        word = "".join(rnd.choice(SYLLABLES) for _ in range(4)).capitalize()
        yield f"{rnd.choice(ADJECTIVES).capitalize()} {rnd.choice(WORDS)} «{word}»"


@dataclass(frozen=True)
class Step:
    name: str
    act: Callable[[Bench, User], Awaitable[Reply]]


async def _name_step(bench: Bench, user: User) -> Reply:
    reply = await user.send(
        next(bench.names),
        lambda c: "модели партнёрства" in c.plain or "уже есть" in c.plain,
    )
    if "уже есть" in reply.call.plain:  # a look-alike: add anyway (counted, not timed)
        bench.duplicates += 1
        await user.press(labels.ADD_ANYWAY, "модели партнёрства")
    return reply


ADD_STEPS: tuple[Step, ...] = (
    Step("/add", lambda b, u: u.send("/add", "Как называется")),
    Step("name", _name_step),
    Step(
        "category",
        lambda b, u: u.press(method.CATEGORY_SHORT[PartnerCategory.INSTITUTION], "Откуда узнали"),
    ),
    Step("source", lambda b, u: u.press(method.SOURCE_LABELS[PartnerSource.NEARBY], "контактное")),
    Step("contact person", lambda b, u: u.send("Ольга Ивановна Смирнова", "Телефон")),
    Step("phone", lambda b, u: u.send("8 (3452) 63-81-24", "почта")),
    Step("e-mail", lambda b, u: u.send("info@museum72.ru", "Адрес партнёра")),
    Step("address", lambda b, u: u.send("г. Тюмень, ул. Ленина, 2", "предложить")),
    Step("offer", lambda b, u: u.send("Выставка работ учащихся в фойе музея", "попросим")),
    Step("ask", lambda b, u: u.send("Экскурсии для кружка краеведов", "Направления")),
    Step(
        "directions (a tick)",
        lambda b, u: u.press(
            method.DIRECTION_SHORT[Direction.CAREER], methods={"editMessageReplyMarkup", *MESSAGES}
        ),
    ),
    Step("done (saved, card)", lambda b, u: u.press(buttons.DONE, "Ответственный")),
)


async def run_add(bench: Bench) -> None:
    for step in ADD_STEPS:  # warm-up: one partner added by the warm-up member
        await step.act(bench, bench.warm)
    half = len(bench.load) // 2
    for _ in range(bench.args.rounds):
        for step in ADD_STEPS:
            act = functools.partial(step.act, bench)
            await bench.measure("add", f"add: {step.name}", bench.load, act, half)


# ---------------------------------------------------------------------------- report


def table(rows: Iterable[Row]) -> str:
    head = (
        f"{'path':<36} {'p50 ms':>7} {'p95 ms':>7} {'replies/s':>9} {'echo r/s':>8} "
        f"{'ratio':>6}  {'target':<17} {'met?':<14} {'p95@load':>8} {'bot CPU':>7} {'n':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        target = f"p95<{P95_MS:.0f}, ≥{r.target:.2f}×"
        if r.error:
            dashes = " ".join(f"{'—':>{w}}" for w in (7, 7, 9, 8, 6))
            lines.append(f"{r.name:<36} {dashes}  {target:<17} not measured")
            continue
        lines.append(
            f"{r.name:<36} {r.bot.p50:7.1f} {r.bot.p95:7.1f} {r.load.rate:9.1f} "
            f"{r.echo_load.rate:8.1f} {r.ratio:6.2f}  {target:<17} {r.verdict():<14} "
            f"{r.load.p95:8.1f} {r.load.cpu_share:7.0%} {f'{r.bot.n}/{r.load.n}':>8}"
        )
    return "\n".join(lines)


def report(bench: Bench, started: float) -> None:
    args = bench.args
    rows = list(bench.rows.values())
    echo = Stats()
    for r in rows:
        echo.add(r.echo)
    print()
    print(
        f"bench.latency: {args.partners} partners, {args.members} members; latency one update at "
        f"a time, replies/s with {args.users} users at a time; load average "
        f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    print(table(rows))
    for r in rows:
        if r.error:
            print(f"\n{r.name}: {r.error}")
    load = Stats()
    for r in rows:
        load.add(r.echo_load)
    print(
        f"\necho bot, one update at a time: p50 {echo.p50:.1f} ms, p95 {echo.p95:.1f} ms "
        f"({echo.n} replies); under load it used {load.cpu_share:.0%} of a core and this "
        f"process (fake server and users) {load.harness_cpu / (load.wall or 1):.0%}"
    )
    if bench.duplicates:
        print(f"add: {bench.duplicates} names were taken for look-alikes (answered «add anyway»)")
    for r in rows:
        if r.probe is not None:
            print(probe_line(f"during «{r.name}» under load: another member's /help", r.probe))
    print(
        "latency: getUpdates hands the update out → the awaited reply call arrives (for «done», "
        "the card after «saved»); p95@load: the same under the replies/s load; bot CPU: share "
        "of one core the bot used under load; n: replies one at a time / under load. "
        f"{time.perf_counter() - started:.0f} s in all."
    )


async def main(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    paths = set(args.paths.split(","))
    unknown = paths - set(PATHS)
    if unknown or (args.during and args.during not in PATHS):
        raise SystemExit(f"unknown path: {sorted(unknown) or args.during}; choose from {PATHS}")
    async with workdir() as tmp:
        db_path = Path(tmp) / "bench.db"
        seeded = await seed_organisation(db_path, partners=args.partners, members=args.members)
        print(
            f"seeded {seeded.partners} partners, {args.members} members in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        async with (
            running("bench.echo_bot", tmp) as (echo_fake, echo),
            running("bot", tmp, db_path) as (bot_fake, bot),
        ):
            ids = seeded.member_telegram_ids
            people = users(bot_fake, ids)
            bench = Bench(
                args,
                bot_fake,
                bot,
                echo_fake,
                echo,
                load=people[1:-1],
                warm=people[0],
                probe=people[-1],
                names=_names(),
            )
            await bench.probe.send("/help", "Команды")
            await echo_loop(echo_fake, echo, 300, args.users)  # the echo bot warms up too
            try:
                await run_reads(bench, paths)
            except BenchError as e:
                print(f"reads stopped: {e}", file=sys.stderr)
                await bench.reset()
            if "add" in paths:
                try:
                    await run_add(bench)
                except BenchError as e:
                    print(f"add flow stopped: {e}", file=sys.stderr)
                    await bench.reset()
            report(bench, started)
            if "Traceback" in bot.tail(100_000):
                print("\nthe bot logged errors:\n" + bot.tail(), file=sys.stderr)
    return 0


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.latency", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=100, help="members driving the load (+2)")
    parser.add_argument("--users", type=int, default=10, help="members with an update in flight")
    parser.add_argument("--samples", type=int, default=150, help="replies one at a time")
    parser.add_argument(
        "--load-samples", type=int, default=300, help="replies under load, per read path"
    )
    parser.add_argument("--rounds", type=int, default=1, help="times every member adds a partner")
    parser.add_argument(
        "--budget", type=float, default=12.0, help="seconds at most per read path (echo apart)"
    )
    parser.add_argument(
        "--paths", default=",".join(PATHS), help="comma-separated: " + ",".join(PATHS)
    )
    parser.add_argument("--during", choices=PATHS, help="measure another member's /help meanwhile")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between --during probes")
    args = parser.parse_args(argv)
    args.members = max(args.members, args.users) + 2
    return args


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse())))
