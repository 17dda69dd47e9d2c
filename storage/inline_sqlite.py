"""SQLite run on the event loop's own thread, behind SQLAlchemy's aiosqlite dialect.

Why: aiosqlite runs every call (execute, fetch, commit…) on a worker thread, and each hop —
queue, thread wake-up, `call_soon_threadsafe` back — costs about 0.4 ms on a small
machine. The statements themselves are far cheaper: with WAL and synchronous=NORMAL a keyed
SELECT or an upsert with its commit takes a few microseconds. A bot update makes a handful
of such calls, so the hops were most of its cost. This module hands the dialect (through
`create_async_engine(async_creator=…)`) a connection with aiosqlite's interface whose
calls run inline; everything above it — the dialect, pooling, the ORM — is unchanged.

The trade-off, and how it is contained:
- A statement blocks the loop while it runs. Ours are small and indexed (bench/ measures
  them); a long report would be better off on aiosqlite (`create_engine(inline=False)`).
- Waiting for a lock must never block: the coroutine holding the lock may need the loop to
  finish its transaction. So SQLite's own busy handler is off (timeout 0) and a statement
  that finds the database busy yields (`asyncio.sleep`) and retries with backoff until
  `busy_timeout` has passed, then raises as SQLite would have.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import make_url

T = TypeVar("T")

# SQLite primary result code (the low byte of an extended code)
_SQLITE_BUSY = 5
# WAL: the transaction's snapshot is older than the latest commit; waiting cannot help
_SQLITE_BUSY_SNAPSHOT = 517


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Another connection holds the lock, and waiting may help. Not SQLITE_LOCKED (a
    conflict within this connection) nor SQLITE_BUSY_SNAPSHOT."""
    code: int | None = getattr(error, "sqlite_errorcode", None)
    if code is None:  # pragma: no cover - Python < 3.11 has no error codes
        return "database is locked" in str(error)
    return code & 0xFF == _SQLITE_BUSY and code != _SQLITE_BUSY_SNAPSHOT


class InlineConnection:
    """The part of `aiosqlite.Connection` that SQLAlchemy's dialect uses, run inline."""

    def __init__(self, connection: sqlite3.Connection, busy_timeout: float) -> None:
        self._conn: sqlite3.Connection | None = connection
        self._busy_timeout = busy_timeout
        self._tx = _InlineQueue()  # the dialect sets isolation_level through aiosqlite's queue

    @property
    def _connection(self) -> sqlite3.Connection | None:  # aiosqlite's "is it open"
        return self._conn

    def raw(self) -> sqlite3.Connection:
        """The sqlite3 connection itself, for callers that run their own statements."""
        return self._open()

    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError("no active connection")  # the dialect maps this to a disconnect
        return self._conn

    async def run(self, call: Callable[..., T], *args: Any, retry: bool = True) -> T:
        """`call(*args)`, retried cooperatively while the database is busy (unless `retry`
        is False: a call that may have applied part of its work)."""
        deadline: float | None = None
        delay = 0.001
        while True:
            conn = self._open()
            was_open = conn.in_transaction
            try:
                return call(*args)
            except sqlite3.OperationalError as error:
                if not retry or not _is_busy(error):
                    raise
                if not was_open and conn.in_transaction:
                    # the failed statement's implicit BEGIN left an empty transaction: end
                    # it, or a read made meanwhile would pin a snapshot the retry can't use
                    conn.rollback()
                now = time.monotonic()
                if deadline is None:
                    deadline = now + self._busy_timeout
                if now >= deadline:
                    raise
                await asyncio.sleep(min(delay, deadline - now))
                delay = min(delay * 2, 0.05)

    def cursor(self) -> InlineCursor:
        return InlineCursor(self, self._open().cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        cursor = self.cursor()
        await cursor.execute(sql, parameters)
        return cursor

    async def commit(self) -> None:
        await self.run(self._open().commit)

    async def rollback(self) -> None:
        await self.run(self._open().rollback)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._open().create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return self._open().isolation_level

    @isolation_level.setter
    def isolation_level(self, value: Any) -> None:  # None (autocommit) or a BEGIN mode
        self._open().isolation_level = value

    @property
    def in_transaction(self) -> bool:
        return self._open().in_transaction

    def close_quietly(self) -> None:
        """Close, ignoring errors (cleanup after a failure)."""
        with contextlib.suppress(sqlite3.Error):
            self.stop()


class _InlineQueue:
    """Stands in for aiosqlite's request queue: runs the request at once."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # handed to the awaiting caller, as aiosqlite does
            future.set_exception(error)


class InlineCursor:
    """The part of `aiosqlite.Cursor` that SQLAlchemy's dialect uses, run inline."""

    def __init__(self, connection: InlineConnection, cursor: sqlite3.Cursor) -> None:
        self._connection = connection
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        arguments = () if parameters is None else parameters
        await self._connection.run(self._cursor.execute, sql, arguments)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        rows = list(parameters)  # a generator could not be replayed after a busy retry
        # In autocommit mode each row commits on its own: a batch stopped halfway by a
        # busy database must not be replayed from the start.
        atomic = self._connection.isolation_level is not None or self._connection.in_transaction
        await self._connection.run(self._cursor.executemany, sql, rows, retry=atomic)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def setinputsizes(self, *sizes: Any) -> None:
        return None

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


def inline_creator(
    url: str, busy_timeout: float = 5.0
) -> Callable[[], Awaitable[InlineConnection]]:
    """An `async_creator` for `create_async_engine`: opens the database the URL names, with
    the same connect arguments the aiosqlite dialect would use (a `timeout` in the URL is
    the wait for locks, in seconds)."""
    args, options = SQLiteDialect_aiosqlite().create_connect_args(make_url(url))
    (database,) = args
    kwargs: dict[str, Any] = dict(options)
    kwargs.pop("iter_chunk_size", None)  # aiosqlite's own
    busy_timeout = float(kwargs.pop("timeout", busy_timeout))
    kwargs["timeout"] = 0  # never block the loop in SQLite's busy handler (see `run`)

    async def connect() -> InlineConnection:
        return InlineConnection(sqlite3.connect(database, **kwargs), busy_timeout)

    return connect
