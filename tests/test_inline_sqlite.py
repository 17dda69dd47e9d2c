"""SQLite on the event loop's thread (storage/inline_sqlite.py): the same database behaviour
as aiosqlite, and lock waits that never freeze the loop."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from storage.inline_sqlite import InlineConnection, inline_creator


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"))
    yield engine
    await engine.dispose()


async def test_the_app_engine_runs_sqlite_inline(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert isinstance(raw.driver_connection, InlineConnection)
        pragmas = [
            (await conn.execute(text(f"PRAGMA {name}"))).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    # WAL and foreign keys as before; SQLite's own (blocking) busy handler is off
    assert pragmas == ["wal", 1, 0]


async def test_reads_writes_and_errors_behave_as_with_aiosqlite(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')"))
        await conn.execute(text("INSERT INTO t (id, v) VALUES (:id, :v)"), [{"id": 3, "v": "c"}])
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
        assert [tuple(row) for row in rows] == [(1, "a"), (2, "b"), (3, "c")]
        with pytest.raises(IntegrityError):
            await conn.execute(text("INSERT INTO t (id, v) VALUES (1, 'dup')"))
        await conn.rollback()
    # a rolled-back transaction leaves nothing behind
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t (id, v) VALUES (9, 'x')"))
        await conn.rollback()
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 3
    # autocommit goes through the dialect's isolation-level path
    async with engine.connect() as conn:
        auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await auto.execute(text("INSERT INTO t (id, v) VALUES (4, 'd')"))
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT v FROM t WHERE id = 4"))).scalar() == "d"


async def test_a_writer_waits_for_the_lock_without_freezing_the_loop(
    engine: AsyncEngine,
) -> None:
    """A holds the write lock across an await (as a handler may); B wants to write meanwhile.
    SQLite's busy handler would block the loop, so A could never commit; here B yields."""
    holding, release = asyncio.Event(), asyncio.Event()
    stalls: list[float] = []

    async def a() -> None:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (id, v) VALUES (1, 'a')"))
            holding.set()
            before = time.monotonic()
            await asyncio.sleep(0)  # B runs now and finds the database locked
            stalls.append(time.monotonic() - before)
            await release.wait()  # the lock is held while the loop does other work

    async def b() -> None:
        await holding.wait()
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (id, v) VALUES (2, 'b')"))

    first, second = asyncio.create_task(a()), asyncio.create_task(b())
    await holding.wait()
    for _ in range(10):  # let B try, find the database locked and start waiting
        await asyncio.sleep(0)
    assert stalls and stalls[0] < 0.5  # B's wait never stalled the loop
    assert not second.done()  # waiting, not failed
    release.set()  # the loop is free: A commits, then B gets the lock
    await asyncio.wait_for(asyncio.gather(first, second), timeout=2)
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 2


async def test_a_lock_held_too_long_fails_like_sqlite_would(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'busy.db'}"
    connect = inline_creator(url, busy_timeout=0.1)
    holder, waiter = await connect(), await connect()
    await (await holder.execute("CREATE TABLE t (v TEXT)")).close()
    await holder.commit()
    await holder.execute("INSERT INTO t VALUES ('held')")  # opens a write transaction
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await waiter.execute("INSERT INTO t VALUES ('late')")
    assert 0.1 <= time.monotonic() - started < 1.0
    await holder.rollback()
    await holder.close()
    await waiter.close()


async def test_aiosqlite_remains_available(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'threads.db'}", inline=False)
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert not isinstance(raw.driver_connection, InlineConnection)
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() == 5000
    await engine.dispose()


async def test_in_memory_database_works_inline() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE m (v TEXT)"))
        await conn.execute(text("INSERT INTO m VALUES ('x')"))
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT v FROM m"))).scalar() == "x"
    await engine.dispose()


async def test_the_urls_timeout_is_the_wait_for_locks(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'timeout.db'}?timeout=0.1"
    connect = inline_creator(url)  # the default would be 5 s
    holder, waiter = await connect(), await connect()
    await (await holder.execute("CREATE TABLE t (v TEXT)")).close()
    await holder.commit()
    await holder.execute("INSERT INTO t VALUES ('held')")
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await waiter.execute("INSERT INTO t VALUES ('late')")
    assert time.monotonic() - started < 1.0
    await holder.rollback()
    await holder.close()
    await waiter.close()


async def test_an_autocommit_batch_is_never_replayed(tmp_path: Path) -> None:
    """In autocommit mode each row of a batch commits on its own: one stopped by a busy
    database fails at once instead of being retried from its first row."""
    connect = inline_creator(f"sqlite+aiosqlite:///{tmp_path / 'batch.db'}")
    holder, writer = await connect(), await connect()
    await (await holder.execute("CREATE TABLE t (v TEXT)")).close()
    await holder.commit()
    writer.isolation_level = None  # autocommit
    await holder.execute("INSERT INTO t VALUES ('held')")
    cursor = writer.cursor()
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await cursor.executemany("INSERT INTO t VALUES (?)", [("a",), ("b",)])
    assert time.monotonic() - started < 1.0  # not the 5 s a retried batch would wait
    await holder.rollback()
    await holder.close()
    await writer.close()
