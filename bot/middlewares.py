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
from aiogram.fsm.context import FSMContext
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Message, TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.fsm import SqlStorage
from storage.orgs import MemberCache
from texts import Texts

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


# /cancel handles the flow itself; /help is a glance that never touches it
KEEPS_FLOW = frozenset({"cancel", "help"})
ONBOARDING = ("Onboarding:", "Joining:")


class CommandsPauseFlows(BaseMiddleware):
    """A /command or a main-menu button typed in the middle of a flow is never taken as the
    flow's answer: it runs as a command. If the command left the flow untouched, a short
    note says how to go on (answer the last question) or leave (/cancel); if it ended the
    flow, the note says so — never a silent drop. A command that works on the flow itself
    (e.g. /add resuming an unfinished partner) speaks for itself.
    """

    def __init__(self, menu_labels: frozenset[str], texts: Texts, fsm: SqlStorage) -> None:
        self.menu_labels = menu_labels
        self.texts = texts
        self.fsm = fsm

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        before = data.get("raw_state")
        if state is None or before is None or not isinstance(event, Message):
            return await handler(event, data)
        text = event.text
        # a /command also in a caption, as aiogram's Command filter reads it (a photo sent
        # with "/add"); a menu label only as typed text
        words = (text or event.caption or "").split(maxsplit=1)
        is_command = bool(words) and words[0].startswith("/")
        if not is_command and (text is None or text not in self.menu_labels):
            return await handler(event, data)
        command = words[0][1:].split("@")[0].lower() if is_command else ""
        onboarding = str(before).startswith(ONBOARDING)
        if command in KEEPS_FLOW or (onboarding and command == "start"):
            return await handler(event, data)
        data["raw_state"] = None  # handlers of the flow's states must not take it as an answer
        self.fsm.watch(state.key)
        try:
            result = await handler(event, data)
        finally:
            writes = self.fsm.unwatch(state.key)
        after = await state.get_state()
        if after is None or (after == before and not writes):
            await event.answer(
                self.texts.render(
                    "common/flow_paused.html", ended=after is None, onboarding=onboarding
                )
            )
        return result
