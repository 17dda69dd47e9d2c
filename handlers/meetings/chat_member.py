"""The member blocked or unblocked the bot: their reminders are held or resumed."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import ChatMemberUpdated

from bot.context import Ctx
from bot.reminders import ReminderEngine, member_left, member_returned

LEFT = ("kicked", "left")
BACK = "member"


async def chat_member_changed(
    event: ChatMemberUpdated, ctx: Ctx | None = None, reminders: ReminderEngine | None = None
) -> None:
    if ctx is None or event.chat.type != "private":  # not a member: nothing to hold
        return
    member = ctx.member
    status = event.new_chat_member.status
    if status in LEFT:
        await member_left(ctx.session, member.telegram_id, member.id)
    elif status == BACK:
        await member_returned(ctx.session, member.telegram_id, member.id, reminders)


def router() -> Router:
    r = Router(name=__name__)
    r.my_chat_member.register(chat_member_changed)
    return r
