"""/settings (and the menu button): the member's profile with its buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.context import Ctx
from bot.domain.timezones import RUSSIAN_ZONES, ordered_choices
from bot.services import members
from handlers.settings import keyboards
from handlers.shared.filters import TextIs
from storage.orgs import MemberInfo
from texts import buttons
from texts import members as member_words


def zone_label(zone: str) -> str:
    """«Тюмень, Екатеринбург (UTC+5)» for any Russian zone (Asia/Tomsk: its offset's label);
    a zone abroad by its name."""
    if zone in RUSSIAN_ZONES:
        return ordered_choices(zone)[0].label
    return buttons.timezone_label(zone)


async def show(message: Message, ctx: Ctx, member: MemberInfo | None = None) -> None:
    """The settings as they are now (`member`: the profile just saved, if any)."""
    shown = member or ctx.member
    await message.answer(
        ctx.render(
            "settings/show.html",
            member=shown,
            tz_label=zone_label(shown.timezone),
            form=member_words.FORM_SHOWN.get(shown.address_form or ""),
        ),
        reply_markup=keyboards.settings(shown),
    )


async def show_settings(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    await show(message, ctx, await members.ensure_address_form(ctx.session, ctx.member))


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(show_settings, Command("settings"))
    r.message.register(show_settings, TextIs(buttons.MENU_SETTINGS))
    return r
