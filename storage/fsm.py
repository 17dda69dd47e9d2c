"""aiogram FSM storage on the app's own database, so an interrupted flow survives a restart.

Reads are served from a small cache, because aiogram reads the state of every incoming
update. Writes are collected while an update is handled and written in ONE transaction
when it ends (`flush`, called by the update middleware): a flow step that sets both state
and data, or clears them, costs one commit instead of two. The cache assumes one running
bot process per database (polling allows only one anyway).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import FsmRecord, utcnow


def _upsert_for(dialect: str) -> Any:
    """The dialect's INSERT construct with `on_conflict_do_update`, if it has one."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert

        return insert
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    return None


class SqlStorage(BaseStorage):
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        key_builder: KeyBuilder | None = None,
        cache_size: int = 10_000,
    ) -> None:
        self._sessionmaker = sessionmaker
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

    async def _load(self, key: str) -> tuple[str | None, dict[str, Any]]:
        pending = self._pending.get(key)
        if pending is not None:
            return pending
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        async with self._sessionmaker() as session:
            record = await session.get(FsmRecord, key)
            value = (record.state, dict(record.data or {})) if record else (None, {})
        self._remember(key, *value)
        return value

    async def _store(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        self._pending[key] = (state, data)
        self._remember(key, state, data)

    async def flush(self) -> None:
        """Write every pending change in one transaction (called when an update ends).

        One statement per conversation: an upsert (INSERT … ON CONFLICT DO UPDATE, which
        SQLite and PostgreSQL both have) or a delete; other databases use the ORM."""
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        try:
            async with self._sessionmaker() as session, session.begin():
                upsert = _upsert_for(session.bind.dialect.name if session.bind else "")
                for key, (state, data) in pending.items():
                    if state is None and not data:
                        await session.execute(delete(FsmRecord).where(FsmRecord.key == key))
                    elif upsert is not None:
                        now = utcnow()
                        values = {"state": state, "data": data, "updated_at": now}
                        await session.execute(
                            upsert(FsmRecord)
                            .values(key=key, created_at=now, **values)
                            .on_conflict_do_update(index_elements=[FsmRecord.key], set_=values)
                        )
                    else:
                        await session.merge(FsmRecord(key=key, state=state, data=data))
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
        await self.flush()
        self._cache.clear()
