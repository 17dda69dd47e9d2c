"""Engine and session factory. SQLite gets WAL, foreign keys and a busy timeout (a write
that meets a lock waits for it, bounded: `BUSY_TIMEOUT_MS`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/bot.db"
# A write that meets another writer's lock waits for it (SQLite retries inside) up to this
# long, then fails: bounded, and longer than any write of ours holds the lock. The FSM
# storage waits less and keeps the conversation state in memory meanwhile (storage/fsm.py).
BUSY_TIMEOUT_MS = 15_000


def _prepare_sqlite_path(url: str) -> None:
    """The folder exists and only the bot's user can read it: the database holds partners'
    phones and e-mails. Files SQLite creates follow the process umask (0600 under the bot,
    see bot/__main__.py); files left by an older version are tightened here."""
    parsed = make_url(url)
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database).expanduser()
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
    elif folder != Path.cwd() and folder != Path.home():  # never a folder of other things
        folder.chmod(0o700)
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        if (folder / name).exists():
            (folder / name).chmod(0o600)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """The engine for `url` (stock aiosqlite for SQLite: its calls run in its own thread)."""
    engine = create_async_engine(url, echo=echo)
    if engine.dialect.name == "sqlite":
        _prepare_sqlite_path(url)
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
    return engine


async def dispose(engine: AsyncEngine) -> None:
    await engine.dispose()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
