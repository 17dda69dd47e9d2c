"""The member's time zone: the zones (their own first) or a typed city, region or offset;
with planned meetings, the choice to keep their clock times or their moments; then the
move (reminders re-planned)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain.timezones import describe, find_place
from bot.reminders import ReminderEngine
from bot.services import members
from handlers.settings import keyboards
from handlers.settings.callbacks import SetAct, SetCb
from handlers.settings.profile import SettingsForm
from handlers.settings.show import show, zone_label
from handlers.shared.keyboards import edit
from texts import buttons

SHOWN_MOVES = 5  # meetings listed in the question; the rest counted


async def zones(query: CallbackQuery, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        await ctx.state.set_state(SettingsForm.timezone)
        await edit(
            query.message,
            ctx.render("settings/ask_timezone.html", current=zone_label(ctx.member.timezone)),
            reply_markup=keyboards.timezones(ctx.member.timezone),
        )


async def _change(
    message: Message, ctx: Ctx, zone: str, label: str, reminders: ReminderEngine | None
) -> None:
    """Move to `zone` at once, or first ask about the planned meetings it concerns."""
    if zone == ctx.member.timezone:
        await ctx.state.clear()
        await message.answer(ctx.render("settings/tz_same.html", label=label))
        await show(message, ctx)
        return
    moves = await members.zone_moves(ctx.session, ctx.member, zone, now=ctx.now())
    if not moves:
        await _move(message, ctx, zone, label, reminders, keep_clock=False)
        return
    await ctx.state.set_state(SettingsForm.zone_move)
    await ctx.state.set_data({"tz_new": zone, "tz_label": label})
    await message.answer(
        ctx.render(
            "settings/zone_move.html",
            label=label,
            moves=moves[:SHOWN_MOVES],
            more=len(moves) - SHOWN_MOVES,
            total=len(moves),
        ),
        reply_markup=keyboards.zone_move(),
    )


async def _move(
    message: Message,
    ctx: Ctx,
    zone: str,
    label: str,
    reminders: ReminderEngine | None,
    *,
    keep_clock: bool,
    moved: int = 0,
) -> None:
    updated = await members.change_timezone(
        ctx.session, ctx.member, zone, now=ctx.now(), reminders=reminders, keep_clock=keep_clock
    )
    await ctx.state.clear()
    await message.answer(
        ctx.render("settings/tz_saved.html", label=label, moved=moved, keep_clock=keep_clock)
    )
    await show(message, ctx, updated)


async def pick(
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
        await edit(message, reply_markup=keyboards.timezones(ctx.member.timezone))
        return
    label, zone = choices[callback_data.idx]
    await edit(message, reply_markup=None)
    await _change(message, ctx, zone, label, reminders)


async def same(query: CallbackQuery, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        await edit(query.message, reply_markup=None)
        await _change(
            query.message, ctx, ctx.member.timezone, zone_label(ctx.member.timezone), None
        )


async def typed(message: Message, ctx: Ctx, reminders: ReminderEngine | None = None) -> None:
    place = find_place(message.text) if message.text else None
    if place is None:
        await message.answer(
            ctx.render("start/tz_not_found.html", text=message.text or ""),
            reply_markup=keyboards.timezones(ctx.member.timezone),
        )
        return
    await _change(message, ctx, place.zone, describe(place), reminders)


async def _decided(
    query: CallbackQuery,
    ctx: Ctx,
    callback_answer: CallbackAnswer,
    reminders: ReminderEngine | None,
    *,
    keep_clock: bool,
) -> None:
    message = query.message
    data = await ctx.state.get_data()
    pending = await ctx.state.get_state() == SettingsForm.zone_move.state
    if not isinstance(message, Message) or not pending or not data.get("tz_new"):
        callback_answer.text = ctx.render("common/stale.html")
        return
    moves = await members.zone_moves(ctx.session, ctx.member, str(data["tz_new"]), now=ctx.now())
    await edit(message, reply_markup=None)
    await _move(
        message,
        ctx,
        str(data["tz_new"]),
        str(data.get("tz_label") or data["tz_new"]),
        reminders,
        keep_clock=keep_clock,
        moved=len(moves),
    )


async def keep_clock(
    query: CallbackQuery,
    ctx: Ctx,
    callback_answer: CallbackAnswer,
    reminders: ReminderEngine | None = None,
) -> None:
    await _decided(query, ctx, callback_answer, reminders, keep_clock=True)


async def keep_moment(
    query: CallbackQuery,
    ctx: Ctx,
    callback_answer: CallbackAnswer,
    reminders: ReminderEngine | None = None,
) -> None:
    await _decided(query, ctx, callback_answer, reminders, keep_clock=False)


async def keep_zone(query: CallbackQuery, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        if await ctx.state.get_state() == SettingsForm.zone_move.state:
            await ctx.state.clear()
        await edit(query.message, reply_markup=None)
        await query.message.answer(
            ctx.render("settings/tz_same.html", label=zone_label(ctx.member.timezone))
        )


async def move_typed(message: Message, ctx: Ctx) -> None:
    """A message while the meetings' question waits: the question's buttons again."""
    await message.answer(
        ctx.render("settings/zone_move_use_buttons.html"), reply_markup=keyboards.zone_move()
    )


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(zones, SetCb.filter(F.action == SetAct.ZONES))
    r.callback_query.register(pick, SetCb.filter(F.action == SetAct.ZONE))
    r.callback_query.register(same, SetCb.filter(F.action == SetAct.ZONE_SAME))
    r.callback_query.register(keep_clock, SetCb.filter(F.action == SetAct.KEEP_CLOCK))
    r.callback_query.register(keep_moment, SetCb.filter(F.action == SetAct.KEEP_MOMENT))
    r.callback_query.register(keep_zone, SetCb.filter(F.action == SetAct.ZONE_KEEP))
    r.message.register(typed, StateFilter(SettingsForm.timezone))
    r.message.register(move_typed, StateFilter(SettingsForm.zone_move))
    return r
