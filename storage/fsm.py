"""aiogram FSM storage on the app's own database, so an interrupted flow survives a restart.

The shape of aiogram's own `MongoStorage`: write-through, no cache. Each call runs in a
short transaction of its own on the engine (not the update's session), so a step's state is
stored the moment the handler sets it — before the next question goes out. A record with
neither state nor data is deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
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
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.models import FsmRecord, utcnow


class SqlStorage(BaseStorage):
    def __init__(self, engine: AsyncEngine, *, key_builder: KeyBuilder | None = None) -> None:
        self._engine = engine
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    @staticmethod
    def resolve_state(value: StateType) -> str | None:
        if value is None:
            return None
        if isinstance(value, State):
            return value.state
        return str(value)

    async def _read(self, key: StorageKey) -> tuple[str | None, dict[str, Any]] | None:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(FsmRecord.state, FsmRecord.data).where(
                        FsmRecord.key == self._key_builder.build(key)
                    )
                )
            ).first()
        if row is None:
            return None
        return row.state, dict(row.data or {})

    async def _write(self, key: StorageKey, **values: Any) -> None:
        """Set `state` and/or `data` of the record, creating or deleting it as needed."""
        name = self._key_builder.build(key)
        async with self._engine.begin() as conn:
            row = (
                await conn.execute(
                    select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == name)
                )
            ).first()
            state = values.get("state", row.state if row else None)
            data = values.get("data", dict(row.data or {}) if row else {})
            if state is None and not data:
                if row is not None:
                    await conn.execute(delete(FsmRecord).where(FsmRecord.key == name))
                return
            await self._upsert(conn, name, row is not None, state, data)

    @staticmethod
    async def _upsert(
        conn: AsyncConnection, name: str, exists: bool, state: str | None, data: dict[str, Any]
    ) -> None:
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
        """Nothing to release: the engine belongs to the app."""
