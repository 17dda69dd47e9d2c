"""aiogram FSM storage on the app's own database, so an interrupted flow survives a restart.

Reads are served from a small cache, because aiogram reads the state of every incoming
update. Writes are collected while an update is handled and written in ONE transaction
when it ends (`flush`, called by the update middleware): a flow step that sets both state
and data, or clears them, costs one commit instead of two. The cache assumes one running
bot process per database (polling allows only one anyway).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, cast

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.db import open_side_connection
from storage.inline_sqlite import InlineConnection
from storage.models import FsmRecord, utcnow

log = logging.getLogger(__name__)

_TABLE = cast(Table, FsmRecord.__table__)
_SELECT = select(_TABLE.c.state, _TABLE.c.data).where(_TABLE.c.key == bindparam("key"))
_DELETE = delete(_TABLE).where(_TABLE.c.key == bindparam("key"))


def _upsert_for(dialect: str) -> Any:
    """INSERT … ON CONFLICT (key) DO UPDATE, for the dialects that have it (SQLite and
    PostgreSQL); built once, the rows come as parameters."""
    insert: Any
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        return None
    statement = insert(_TABLE)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[_TABLE.c.key],
        set_={"state": new.state, "data": new.data, "updated_at": new.updated_at},
    )


def _same(value: Any) -> Any:
    return value


def _sql(statement: Any, dialect: Any, *params: str) -> str:
    """The statement's SQL for `dialect` (positional parameters, which must be `params` in
    this order: the caller passes tuples)."""
    compiled = statement.compile(dialect=dialect)
    assert tuple(compiled.positiontup or ()) == params, compiled.positiontup
    return str(compiled)


class _SideConnection:
    """The FSM's own connection to an SQLite file (storage.db.open_side_connection).

    Every update that moves a flow writes its state, so this write is on the hot path of
    each step; through SQLAlchemy's execution machinery it cost ten times what SQLite
    spends on it. Here the very statements of the portable path (compiled once for SQLite)
    run straight on the driver, with values converted by the columns' own type processors,
    so the rows are exactly what SQLAlchemy writes and reads back."""

    def __init__(self, connection: InlineConnection, dialect: Any) -> None:
        self.connection = connection
        self.upsert = _sql(_upsert_for("sqlite"), dialect, "key", "state", "data", "created_at",
                           "updated_at")  # fmt: skip
        self.delete = _sql(_DELETE, dialect, "key")
        self.select = _sql(_SELECT, dialect, "key")
        data, stamp = _TABLE.c.data.type, _TABLE.c.updated_at.type
        self._json_in = data.bind_processor(dialect) or _same
        self._json_out = data.result_processor(dialect, None) or _same
        self._time_in = stamp.bind_processor(dialect) or _same

    async def load(self, key: str) -> tuple[str | None, dict[str, Any]]:
        raw = self.connection.raw()
        row = await self.connection.run(lambda: raw.execute(self.select, (key,)).fetchone())
        if row is None:
            return None, {}
        return row[0], dict(self._json_out(row[1]) or {})

    async def write(self, gone: list[str], kept: list[tuple[str, str | None, Any]]) -> None:
        now = self._time_in(utcnow())
        rows = [(key, state, self._json_in(data), now, now) for key, state, data in kept]
        raw = self.connection.raw()
        # One connection serves every conversation, so no transaction may stay open across
        # an await: the write lock is taken first (waiting for it cooperatively, with no
        # transaction open meanwhile), then the statements and the commit run without
        # yielding — holding the lock, they cannot be busy.
        await self.connection.run(raw.execute, "BEGIN IMMEDIATE")
        try:
            if gone:
                raw.executemany(self.delete, [(k,) for k in gone])
            if rows:
                raw.executemany(self.upsert, rows)
            raw.commit()
        except BaseException:
            if raw.in_transaction:
                raw.rollback()
            raise


class SqlStorage(BaseStorage):
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        key_builder: KeyBuilder | None = None,
        cache_size: int = 10_000,
    ) -> None:
        self._sessionmaker = sessionmaker
        engine = sessionmaker.kw.get("bind")
        assert isinstance(engine, AsyncEngine), "the sessionmaker must be bound to an engine"
        self._engine = engine
        self._upsert = _upsert_for(engine.dialect.name)
        self._side: _SideConnection | None = None
        self._side_checked = False
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._cache: OrderedDict[str, tuple[str | None, dict[str, Any]]] = OrderedDict()
        self._cache_size = cache_size
        # key -> latest (state, data) not yet written
        self._pending: dict[str, tuple[str | None, dict[str, Any]]] = {}
        # keys being watched (see `watch`) -> how many times a handler set state or data
        self._watched: dict[str, int] = {}

    def _remember(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        self._cache[key] = (state, data)
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def _side_connection(self) -> _SideConnection | None:
        if not self._side_checked:
            self._side_checked = True
            try:
                connection = await open_side_connection(self._engine)
            except Exception:  # the engine's connections still work: use those
                log.exception("no side connection for the conversation state; using the pool")
                connection = None
            if connection is not None:
                self._side = _SideConnection(connection, self._engine.dialect)
        return self._side

    async def _load(self, key: str) -> tuple[str | None, dict[str, Any]]:
        pending = self._pending.get(key)
        if pending is not None:
            return pending
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        value: tuple[str | None, dict[str, Any]]
        side = await self._side_connection()
        if side is not None:
            value = await side.load(key)
        else:
            async with self._engine.connect() as conn:
                row = (await conn.execute(_SELECT, {"key": key})).first()
            value = (row.state, dict(row.data or {})) if row is not None else (None, {})
        self._remember(key, *value)
        return value

    async def _store(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        self._pending[key] = (state, data)
        self._remember(key, state, data)

    async def flush(self) -> None:
        """Write every pending change in one transaction (called when an update ends).

        At most two statements, whatever the number of conversations: an upsert (INSERT …
        ON CONFLICT DO UPDATE, which SQLite and PostgreSQL both have) of the kept ones and
        a delete of the finished ones; other databases use the ORM. On an SQLite file the
        statements run on the storage's own connection (see `_SideConnection`)."""
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        gone = [key for key, (state, data) in pending.items() if state is None and not data]
        kept = [(k, s, d) for k, (s, d) in pending.items() if s is not None or d]
        try:
            side = await self._side_connection()
            if side is not None:
                await side.write(gone, kept)
                return
            now = utcnow()
            keys = [{"key": key} for key in gone]
            if self._upsert is None:  # no upsert in this dialect: the ORM's merge
                async with self._sessionmaker() as session, session.begin():
                    for key_row in keys:
                        await session.execute(_DELETE, key_row)
                    for key, state, data in kept:  # created_at: kept, or the default
                        await session.merge(FsmRecord(key=key, state=state, data=data))
                return
            rows = [
                {"key": key, "state": state, "data": data, "created_at": now, "updated_at": now}
                for key, state, data in kept
            ]
            # Core on a plain connection: no ORM session to set up for one statement
            async with self._engine.begin() as conn:
                if keys:
                    await conn.execute(_DELETE, keys)
                if rows:
                    await conn.execute(self._upsert, rows)
        except BaseException:
            # keep what could not be written (newer changes made meanwhile win)
            self._pending = {**pending, **self._pending}
            raise

    def watch(self, key: StorageKey) -> None:
        """Start counting the writes handlers make to this conversation's state or data."""
        self._watched[self._key_builder.build(key)] = 0

    def unwatch(self, key: StorageKey) -> int:
        """Stop counting; how many writes there were (0: the handler left the flow alone)."""
        return self._watched.pop(self._key_builder.build(key), 0)

    def _count(self, name: str) -> None:
        if name in self._watched:
            self._watched[name] += 1

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = self._key_builder.build(key)
        self._count(name)
        new_state = state.state if isinstance(state, State) else state
        old_state, data = await self._load(name)
        if old_state != new_state:
            await self._store(name, new_state, data)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._load(self._key_builder.build(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        name = self._key_builder.build(key)
        self._count(name)
        state, old_data = await self._load(name)
        if old_data != data:
            await self._store(name, state, dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._load(self._key_builder.build(key))
        return dict(data)

    async def close(self) -> None:
        try:
            await self.flush()
        finally:
            self._cache.clear()
            if self._side is not None:
                await self._side.connection.close()
                self._side, self._side_checked = None, False
