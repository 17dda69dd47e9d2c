"""The organisation's name and municipality (its admins): a button asks, the typed answer
is saved for every member of the organisation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain.timezones import describe, find_place, utc_offset_minutes
from bot.services import members
from handlers.settings.callbacks import SetAct, SetCb
from handlers.settings.profile import LIMITS, SettingsForm, typed_value
from handlers.settings.show import show, zone_label

STEPS: dict[str, State] = {
    "org_name": SettingsForm.org_name,
    "municipality": SettingsForm.municipality,
}


async def _ask(query: CallbackQuery, ctx: Ctx, callback_answer: CallbackAnswer, field: str) -> None:
    if not isinstance(query.message, Message):
        return
    if not ctx.member.is_admin:
        callback_answer.text = ctx.render("common/stale.html")
        return
    await ctx.state.set_state(STEPS[field])
    await query.message.answer(
        ctx.render("settings/ask_org.html", field=field, member=ctx.member, limit=LIMITS[field])
    )


async def ask_name(query: CallbackQuery, ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    await _ask(query, ctx, callback_answer, "org_name")


async def ask_town(query: CallbackQuery, ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    await _ask(query, ctx, callback_answer, "municipality")


async def _save(message: Message, ctx: Ctx, field: str) -> None:
    value = await typed_value(message, ctx, field)
    if value is None:
        return
    changes = {"name": value} if field == "org_name" else {"municipality": value}
    updated = await members.rename_organisation(ctx.session, ctx.member, now=ctx.now(), **changes)
    await ctx.state.clear()
    await message.answer(ctx.render("settings/saved.html", what=field, value=value))
    place = find_place(value) if field == "municipality" else None
    if place is not None and utc_offset_minutes(place.zone) != utc_offset_minutes(
        updated.timezone
    ):  # the new town lies in another zone than the member's: say so, change nothing
        await message.answer(
            ctx.render(
                "settings/town_zone_hint.html",
                place=describe(place),
                current=zone_label(updated.timezone),
            )
        )
    await show(message, ctx, updated)


async def name_typed(message: Message, ctx: Ctx) -> None:
    await _save(message, ctx, "org_name")


async def town_typed(message: Message, ctx: Ctx) -> None:
    await _save(message, ctx, "municipality")


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(ask_name, SetCb.filter(F.action == SetAct.ORG_NAME))
    r.callback_query.register(ask_town, SetCb.filter(F.action == SetAct.TOWN))
    r.message.register(name_typed, StateFilter(SettingsForm.org_name))
    r.message.register(town_typed, StateFilter(SettingsForm.municipality))
    return r
