"""Engine and session factory. SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool

from storage import versions
from storage.inline_sqlite import InlineConnection, inline_creator

BUSY_TIMEOUT_MS = 5000
# engines running an SQLite file inline → how they open a connection
_inline_files: weakref.WeakKeyDictionary[Engine, Callable[[], Awaitable[InlineConnection]]] = (
    weakref.WeakKeyDictionary()
)


def _prepare_sqlite_path(url: str) -> None:
    parsed = make_url(url)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
    # aiosqlite's worker thread may wait in SQLite's busy handler; the inline driver
    # must not (it waits cooperatively instead, see storage/inline_sqlite.py)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def create_engine(url: str, *, echo: bool = False, inline: bool = True) -> AsyncEngine:
    """The engine for `url`. SQLite through aiosqlite runs its calls on the event loop's
    thread (`inline`, see storage/inline_sqlite.py) unless asked not to."""
    versions.install()  # data versions behind the view caches
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    inline = inline and is_sqlite and parsed.get_driver_name() == "aiosqlite"
    if is_sqlite:
        _prepare_sqlite_path(url)
    if inline:
        creator = inline_creator(url, busy_timeout=BUSY_TIMEOUT_MS / 1000)
        engine = create_async_engine(url, echo=echo, async_creator=creator)
        if engine.pool.__class__ is not StaticPool:  # a file, not one shared memory database
            _inline_files[engine.sync_engine] = creator
    else:
        engine = create_async_engine(url, echo=echo)
    if is_sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        if not inline:
            event.listen(engine.sync_engine, "connect", _sqlite_busy_timeout)
    return engine


async def open_side_connection(engine: AsyncEngine) -> InlineConnection | None:
    """A connection of its own to the engine's SQLite file, run inline, for a hot path
    that can skip SQLAlchemy's execution machinery (the FSM storage). None for any other
    database: use the engine."""
    creator = _inline_files.get(engine.sync_engine)
    if creator is None:
        return None
    connection = await creator()
    try:
        await connection.run(_sqlite_on_connect, connection.raw(), None)
    except BaseException:
        connection.close_quietly()
        raise
    return connection


# engines running an SQLite file inline → their read connection (storage/fastread.py)
_readers: weakref.WeakKeyDictionary[Engine, InlineConnection] = weakref.WeakKeyDictionary()


async def read_connection(engine: Any) -> InlineConnection | None:
    """The engine's own autocommit connection for prebuilt reads (storage/fastread.py),
    opened on first use; None unless `engine` is an AsyncEngine on an inline SQLite file."""
    if not isinstance(engine, AsyncEngine):
        return None
    sync = engine.sync_engine
    connection = _readers.get(sync)
    if connection is None:
        if sync not in _inline_files:
            return None
        opened = await open_side_connection(engine)
        if opened is None:  # pragma: no cover - checked just above
            return None
        connection = _readers.setdefault(sync, opened)
        if connection is not opened:  # another coroutine was quicker
            opened.close_quietly()
    return connection


async def dispose(engine: AsyncEngine) -> None:
    """Close the read connection, then the engine's pool."""
    reader = _readers.pop(engine.sync_engine, None)
    if reader is not None:
        await reader.close()
    await engine.dispose()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
