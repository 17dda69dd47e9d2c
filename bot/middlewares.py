"""Outer middlewares: one DB session per update, and the member behind the update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.orgs import MemberCache

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        session = self.sessionmaker()
        data["session"] = session
        try:
            return await handler(event, data)
        finally:
            # A session that holds no transaction holds no connection either: most updates
            # (cached member, cached FSM state) never touch the database, so skip the close.
            if session.in_transaction():
                await session.close()


class MemberMiddleware(BaseMiddleware):
    """Puts `member` (a MemberInfo, or None) into data; works for events with no user at all."""

    def __init__(self, cache: MemberCache) -> None:
        self.cache = cache

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        data["member"] = await self.cache.get(data["session"], user.id) if user else None
        return await handler(event, data)


class UpdateContextMiddleware(BaseMiddleware):
    """Both of the above in one layer (each middleware layer costs a wrapper per update):
    `session` (closed only if it was used) and `member`."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], cache: MemberCache) -> None:
        self.sessionmaker = sessionmaker
        self.cache = cache

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        session = self.sessionmaker()
        data["session"] = session
        try:
            user: User | None = data.get("event_from_user")
            data["member"] = await self.cache.get(session, user.id) if user else None
            return await handler(event, data)
        finally:
            if session.in_transaction():
                await session.close()
