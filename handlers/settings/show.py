"""/settings (and the menu button): the member's profile with its buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.context import Ctx
from handlers.settings import keyboards
from handlers.shared.filters import TextIs
from storage.orgs import MemberInfo
from texts import buttons


async def show(message: Message, ctx: Ctx, member: MemberInfo | None = None) -> None:
    """The settings as they are now (`member`: the profile just saved, if any)."""
    shown = member or ctx.member
    await message.answer(
        ctx.render(
            "settings/show.html", member=shown, tz_label=buttons.timezone_label(shown.timezone)
        ),
        reply_markup=keyboards.settings(shown),
    )


async def show_settings(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    await show(message, ctx)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(show_settings, Command("settings"))
    r.message.register(show_settings, TextIs(buttons.MENU_SETTINGS))
    return r
