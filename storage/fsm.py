"""aiogram FSM storage on the app's own database, so an interrupted flow survives a restart.

The shape of aiogram's own `MongoStorage`: write-through, no cache. Each call runs in a
short transaction of its own on the engine (not the update's session), so a step's state is
stored the moment the handler sets it — before the next question goes out. A record with
neither state nor data is deleted.

A busy database never costs a typed answer nor replaces the next question with an apology.
A write that meets a lock waits for it up to `lock_wait` seconds; if the database is still
busy (another process holds a long write lock, the disk stalls), the record is kept in
memory and the call returns, so the handler goes on and sends the next question. Reads see
the kept record; later writes to it join it; a background task writes it as soon as the
database frees (`flush()`; also tried once at `close()`). If the process dies first, the
database still holds the previous step: the member is asked that question again, with every
earlier answer kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.db import BUSY_TIMEOUT_MS
from storage.models import FsmRecord, utcnow

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class _Kept:
    """A record the database could not take yet: the latest values, and a version that
    tells the writer whether it changed meanwhile."""

    state: str | None
    data: dict[str, Any]
    version: int = 0


class SqlStorage(BaseStorage):
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        key_builder: KeyBuilder | None = None,
        lock_wait: float = 1.0,
        retry_every: float = 0.5,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._engine = engine
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self.lock_wait = lock_wait
        self.retry_every = retry_every
        self.sleep = sleep
        self._kept: dict[str, _Kept] = {}
        self._flusher: asyncio.Task[None] | None = None
        self._flushing = asyncio.Lock()  # one writer of kept records: never an older one last
        self._sqlite = engine.dialect.name == "sqlite"

    @staticmethod
    def resolve_state(value: StateType) -> str | None:
        if value is None:
            return None
        if isinstance(value, State):
            return value.state
        return str(value)

    @property
    def waiting(self) -> int:
        """Records kept in memory, not yet in the database."""
        return len(self._kept)

    async def _read(self, key: StorageKey) -> tuple[str | None, dict[str, Any]] | None:
        name = self._key_builder.build(key)
        kept = self._kept.get(name)
        if kept is not None:
            return kept.state, dict(kept.data)
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == name)
                )
            ).first()
        if row is None:
            return None
        return row.state, dict(row.data or {})

    async def _write(self, key: StorageKey, **values: Any) -> None:
        """Set `state` and/or `data` of the record, creating or deleting it as needed."""
        name = self._key_builder.build(key)
        kept = self._kept.get(name)
        if kept is not None:  # an earlier change still waits: this one joins it (in order)
            self._keep(name, kept.state, kept.data, values)
            return
        try:
            async with self._transaction() as conn:
                row = (
                    await conn.execute(
                        select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == name)
                    )
                ).first()
                state = values.get("state", row.state if row else None)
                data = values.get("data", dict(row.data or {}) if row else {})
                await self._store(conn, name, row is not None, state, data)
        except OperationalError as error:  # locked / busy / unavailable: keep it, go on
            log.warning("conversation state kept in memory until the database frees: %s", error)
            previous = await self._read_quietly(name)
            state, data = previous if previous is not None else (None, {})
            self._keep(name, state, data, values)

    def _keep(
        self, name: str, state: str | None, data: dict[str, Any], values: dict[str, Any]
    ) -> None:
        kept = self._kept.get(name)
        new_state = values.get("state", state)
        new_data = dict(values.get("data", data))
        if kept is None:
            self._kept[name] = _Kept(new_state, new_data)
        else:
            kept.state, kept.data, kept.version = new_state, new_data, kept.version + 1
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.get_running_loop().create_task(self._flush_loop())

    async def _read_quietly(self, name: str) -> tuple[str | None, dict[str, Any]] | None:
        """The stored record (reads are not blocked by a writer under WAL); None if even
        that fails — the change then starts from an empty record."""
        try:
            async with self._engine.connect() as conn:
                row = (
                    await conn.execute(
                        select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == name)
                    )
                ).first()
        except OperationalError:
            return None
        return (row.state, dict(row.data or {})) if row is not None else (None, {})

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        """A short transaction that waits at most `lock_wait` for another writer (SQLite:
        the connection's busy timeout, set back to the app's long one afterwards)."""
        async with self._engine.connect() as conn:
            if not self._sqlite:
                async with conn.begin():
                    yield conn
                return
            try:
                async with conn.begin():
                    await conn.exec_driver_sql(f"PRAGMA busy_timeout={int(self.lock_wait * 1000)}")
                    yield conn
            finally:
                try:
                    await conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                    await conn.commit()
                except OperationalError:
                    await conn.invalidate()  # never back to the pool with the short wait

    @staticmethod
    async def _store(
        conn: AsyncConnection, name: str, exists: bool, state: str | None, data: dict[str, Any]
    ) -> None:
        if state is None and not data:
            if exists:
                await conn.execute(delete(FsmRecord).where(FsmRecord.key == name))
            return
        now = utcnow()
        if exists:
            await conn.execute(
                update(FsmRecord)
                .where(FsmRecord.key == name)
                .values(state=state, data=data, updated_at=now)
            )
        else:
            await conn.execute(
                insert(FsmRecord).values(
                    key=name, state=state, data=data, created_at=now, updated_at=now
                )
            )

    async def _flush_one(self, name: str) -> bool:
        """Write one kept record; True once it is in the database (or changed meanwhile)."""
        kept = self._kept.get(name)
        if kept is None:
            return True
        version, state, data = kept.version, kept.state, dict(kept.data)
        try:
            async with self._transaction() as conn:
                exists = (
                    await conn.execute(select(FsmRecord.key).where(FsmRecord.key == name))
                ).first() is not None
                await self._store(conn, name, exists, state, data)
        except OperationalError:
            return False
        current = self._kept.get(name)
        if current is not None and current.version == version:
            del self._kept[name]
        return True

    async def flush(self) -> bool:
        """Try once to write every kept record; True if none is left."""
        async with self._flushing:
            for name in list(self._kept):
                await self._flush_one(name)
            return not self._kept

    async def written(self) -> None:
        """Wait until what is kept in memory is in the database (the writer ends by itself
        once a write went through)."""
        while self._flusher is not None and not self._flusher.done():
            await asyncio.shield(self._flusher)

    async def _flush_loop(self) -> None:
        while self._kept:
            if await self.flush():
                log.info("conversation state written: the database is free again")
                return
            await self.sleep(self.retry_every)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._write(key, state=self.resolve_state(state))

    async def get_state(self, key: StorageKey) -> str | None:
        record = await self._read(key)
        return record[0] if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        await self._write(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        record = await self._read(key)
        return record[1] if record else {}

    async def close(self) -> None:
        """The engine belongs to the app; what is kept in memory gets one last try."""
        flusher, self._flusher = self._flusher, None
        if flusher is not None and not flusher.done():
            flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await flusher
        if self._kept and not await self.flush():
            log.error("%s conversation state(s) could not be written", len(self._kept))
