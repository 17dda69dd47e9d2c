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

LIMITS = {"full_name": 200, "position": 100}


class SettingsForm(StatesGroup):
    full_name = State()
    position = State()


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


async def _save(message: Message, ctx: Ctx, field: str) -> None:
    if message.text is None:
        await message.answer(ctx.render("start/need_text.html"))
        return
    value = message.text.strip()
    if not 2 <= len(value) <= LIMITS[field]:
        await message.answer(ctx.render("start/bad_length.html", limit=LIMITS[field]))
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
