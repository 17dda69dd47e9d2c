"""The invitation link for colleagues (admins only): the shared `Invite` entry point, from
/settings and from the coach."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.services.onboarding import invite_link
from handlers.shared.callbacks import Invite


async def invite(query: CallbackQuery, ctx: Ctx, bot: Bot) -> None:
    message = query.message
    if not isinstance(message, Message):
        return
    if not ctx.member.is_admin:
        await message.answer(ctx.render("common/stale.html"))
        return
    me = await bot.me()
    link = invite_link(me.username, ctx.member.invite_code)
    await message.answer(ctx.render("settings/invite.html", link=link, member=ctx.member))


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(invite, Invite.filter())
    return r
