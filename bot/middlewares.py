"""Middlewares: one DB session and the member per update; commands pause flows."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import Chat, Message, TelegramObject, Update, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import Ctx
from storage import orgs
from texts import Texts

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PrivateChatsOnly(BaseMiddleware):
    """Partners' phones and e-mails must never show in a group: in groups and channels the
    bot says one line (to a command or a button) and passes nothing to the handlers."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        if chat is None or chat.type == ChatType.PRIVATE:
            return await handler(event, data)
        line = self.texts.render("common/private_only.html")
        if isinstance(event, Update) and event.message is not None:
            text = event.message.text or event.message.caption or ""
            if text.startswith("/"):  # someone asked the bot: one line, nothing else
                await event.message.reply(line)
        elif isinstance(event, Update) and event.callback_query is not None:
            await event.callback_query.answer(line, show_alert=True)
        return None


class DbSessionMiddleware(BaseMiddleware):
    """One AsyncSession per update, closed when the update ends."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.sessionmaker() as session:
            data["session"] = session
            return await handler(event, data)


class MemberMiddleware(BaseMiddleware):
    """`member`: the sender's MemberInfo, or None (not registered, or no user at all); for a
    member also `ctx` (bot/context.py)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        session = data["session"]
        member = await orgs.get_member_info(session, user.id) if user else None
        data["member"] = member
        state = data.get("state")
        if member is not None and state is not None:
            data["ctx"] = Ctx(session, member, state, data["tx"], data["clock"])
        return await handler(event, data)


# What a command handler returns when it re-asked its own flow's question (/add in the middle
# of adding a partner): it spoke for the flow, so no note is added.
FLOW_RESUMED = "flow-resumed"

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

    def __init__(self, menu_labels: frozenset[str], texts: Texts) -> None:
        self.menu_labels = menu_labels
        self.texts = texts

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
        answers = await state.get_data()
        result = await handler(event, data)
        after = await state.get_state()
        if result == FLOW_RESUMED:
            return result
        if after is None or (after == before and await state.get_data() == answers):
            await event.answer(
                self.texts.render(
                    "common/flow_paused.html", ended=after is None, onboarding=onboarding
                )
            )
        return result
