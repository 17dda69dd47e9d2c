"""Middlewares: one DB session and the member per update; FSM writes before the bot speaks."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.fsm import SqlStorage
from storage.orgs import MemberCache

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateContextMiddleware(BaseMiddleware):
    """One outer layer (each layer costs a wrapper per update) that puts into `data`:
    `session` — one AsyncSession per update, closed only if it was used — and `member`
    (a MemberInfo, or None; works for events with no user at all). When the update ends,
    pending FSM changes are written in one commit."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        cache: MemberCache,
        fsm: SqlStorage | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.cache = cache
        self.fsm = fsm

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
            if self.fsm is not None:
                try:
                    await self.fsm.flush()  # the conversation's state, in one commit
                except Exception:  # keep the handler's own outcome; pending writes are kept
                    log.exception("could not write the conversation state; will retry")


class FlushFsmBeforeRequest(BaseRequestMiddleware):
    """Write pending FSM changes before the bot says anything.

    A flow step typically stores the answer, moves the state and then asks the next
    question: persisting before the question goes out means a crash right after it can
    never leave the user answering a question the database does not know was asked.
    """

    def __init__(self, fsm: SqlStorage) -> None:
        self.fsm = fsm

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        await self.fsm.flush()
        return await make_request(bot, method)
