"""Middlewares: one DB session and the member per update; commands pause flows."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StateType
from aiogram.types import Chat, Message, TelegramObject, Update, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import Ctx
from bot.domain.plain_text import XML_ILLEGAL, without_controls
from bot.reminders import member_returned
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


def _spoke(event: TelegramObject) -> bool:
    """A message or a button from the person (not a my_chat_member change: blocking the
    bot again must not count as coming back)."""
    return isinstance(event, Update) and (
        event.message is not None or event.callback_query is not None
    )


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
    member also `ctx` (bot/context.py).

    A member marked inactive (a reminder met 403: they had blocked the bot) who writes or
    taps a button is back: active again, their held reminders released (the reminder
    engine sends those that still make sense — a past meeting's reminder becomes the
    "how did it go?" question), then the update is handled as usual."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        session = data["session"]
        member = await orgs.get_member_info(session, user.id) if user else None
        if member is not None and not member.is_active and _spoke(event):
            await member_returned(session, member.telegram_id, member.id, data.get("reminders"))
            member = await orgs.get_member_info(session, member.telegram_id)
        data["member"] = member
        state = data.get("state")
        if member is not None and state is not None:
            data["ctx"] = Ctx(
                session, member, state, data["tx"], data["clock"], data.get("workers")
            )
        return await handler(event, data)


# What a command handler returns when it re-asked its own flow's question (/add in the middle
# of adding a partner): it spoke for the flow, so no note is added.
FLOW_RESUMED = "flow-resumed"

# /cancel handles the flow itself; /help is a glance that never touches it
KEEPS_FLOW = frozenset({"cancel", "help"})
ONBOARDING = ("Onboarding:", "Joining:")


class _Watched(FSMContext):
    """The FSM context a command's handler gets in the middle of a flow: right before the
    handler ends the flow (clears it, or moves to another flow's question), `on_end` runs
    once — so the note saying the flow was interrupted comes before the command's own
    screen, and only when the flow really ended."""

    def __init__(self, state: FSMContext, before: str, on_end: Callable[[], Awaitable[None]]):
        super().__init__(state.storage, state.key)
        self.group = before.split(":", 1)[0]
        self.on_end = on_end

    async def set_state(self, state: StateType = None) -> None:
        new = state.state if isinstance(state, State) else state
        if new is None or new.split(":", 1)[0] != self.group:
            await self.on_end()
        await super().set_state(state)


class PlainText(BaseMiddleware):
    """Control characters in a message's text or caption become spaces before any handler
    reads it: nothing typed can later break a document or a spreadsheet."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Message):
            update = {
                field: without_controls(value)
                for field, value in (("text", event.text), ("caption", event.caption))
                if value is not None and XML_ILLEGAL.search(value)
            }
            if update:
                event = event.model_copy(update=update)
        return await handler(event, data)


class CommandsPauseFlows(BaseMiddleware):
    """A /command or a main-menu button typed in the middle of a flow is never taken as the
    flow's answer: it runs as a command. If the command ends the flow (or starts another),
    a short note says so first, before the command's own reply — never a silent drop; if it
    left the flow untouched, a note after its reply says how to go on (answer the last
    question) or leave (/cancel). A command that works on the flow itself (e.g. /add
    resuming an unfinished partner) speaks for itself.
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
        noted = False

        async def note(*, ended: bool) -> None:
            nonlocal noted
            if not noted:
                noted = True
                await event.answer(
                    self.texts.render("common/flow_paused.html", ended=ended, onboarding=onboarding)
                )

        watched = _Watched(state, str(before), lambda: note(ended=True))
        data["state"] = watched
        ctx = data.get("ctx")
        if isinstance(ctx, Ctx):
            data["ctx"] = replace(ctx, state=watched)
        result = await handler(event, data)
        if result == FLOW_RESUMED or noted:
            return result
        after = await state.get_state()
        if after is None or (after == before and await state.get_data() == answers):
            await note(ended=after is None)  # ended elsewhere (late), or left as it was
        return result
