"""The member's time zone: the list of zones, then the move (reminders re-planned)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.reminders import ReminderEngine
from bot.services import members
from handlers.settings import keyboards
from handlers.settings.callbacks import SetAct, SetCb
from handlers.settings.show import show
from handlers.shared.keyboards import edit
from texts import buttons


async def zones(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        await edit(query.message, reply_markup=keyboards.timezones())


async def move(
    query: CallbackQuery,
    callback_data: SetCb,
    ctx: Ctx,
    reminders: ReminderEngine | None = None,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        return
    choices = list(buttons.TIMEZONES.items())
    if not 0 <= callback_data.idx < len(choices):  # no such zone: the list again
        await edit(message, reply_markup=keyboards.timezones())
        return
    label, tz = choices[callback_data.idx]
    updated = await members.change_timezone(
        ctx.session, ctx.member, tz, now=ctx.now(), reminders=reminders
    )
    await edit(message, ctx.render("settings/saved.html", what="tz", value=label))
    await show(message, ctx, updated)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(zones, SetCb.filter(F.action == SetAct.ZONES))
    r.callback_query.register(move, SetCb.filter(F.action == SetAct.ZONE))
    return r
