"""The member's name and position: a button asks, the typed answer is saved."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.services import members
from handlers.settings.callbacks import SetAct, SetCb
from handlers.settings.show import show

LIMITS = {"full_name": 200, "position": 100, "org_name": 200, "municipality": 200}


class SettingsForm(StatesGroup):
    full_name = State()
    position = State()
    timezone = State()  # the zones shown: a typed city, region or offset is taken
    zone_move = State()  # planned meetings: keep their clock times or their moments?
    org_name = State()  # the organisation's name (admins)
    municipality = State()  # its municipality (admins)


async def ask_name(query: CallbackQuery, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        await ctx.state.set_state(SettingsForm.full_name)
        limit = LIMITS["full_name"]
        await query.message.answer(ctx.render("settings/ask_name.html", limit=limit))


async def ask_position(query: CallbackQuery, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        await ctx.state.set_state(SettingsForm.position)
        limit = LIMITS["position"]
        await query.message.answer(ctx.render("settings/ask_position.html", limit=limit))


async def typed_value(message: Message, ctx: Ctx, field: str) -> str | None:
    """The typed answer, or None after saying what is wrong with it (the question stays)."""
    if message.text is None:
        await message.answer(ctx.render("start/need_text.html"))
        return None
    value = message.text.strip()
    if not 2 <= len(value) <= LIMITS[field]:
        await message.answer(ctx.render("start/bad_length.html", limit=LIMITS[field]))
        return None
    return value


async def _save(message: Message, ctx: Ctx, field: str) -> None:
    value = await typed_value(message, ctx, field)
    if value is None:
        return
    updated = await members.update_profile(ctx.session, ctx.member, **{field: value})
    await ctx.state.clear()
    await message.answer(ctx.render("settings/saved.html", what=field, value=value))
    await show(message, ctx, updated)


async def name_typed(message: Message, ctx: Ctx) -> None:
    await _save(message, ctx, "full_name")


async def position_typed(message: Message, ctx: Ctx) -> None:
    await _save(message, ctx, "position")


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(ask_name, SetCb.filter(F.action == SetAct.NAME))
    r.callback_query.register(ask_position, SetCb.filter(F.action == SetAct.POSITION))
    r.message.register(name_typed, StateFilter(SettingsForm.full_name))
    r.message.register(position_typed, StateFilter(SettingsForm.position))
    return r
