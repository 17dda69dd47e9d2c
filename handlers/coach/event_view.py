"""An event of the work plan shown: its card, and what the flows share — the end of a
one-field change, the prize question of the results (asked after the partners)."""

from __future__ import annotations

from aiogram.types import Message

from bot.context import Ctx
from bot.services import coach as service
from handlers.coach import keyboards
from handlers.coach.states import PRIZE_LIMIT, CoachForm
from storage import coach as store
from texts import coach as labels

EDIT = "edit"  # FSM data "mode": changing one field of the event "event"
HELD = "held"  # ... its results
NEW = "new"  # ... a new event


async def mode(ctx: Ctx) -> str:
    return str((await ctx.state.get_data()).get("mode", NEW))


async def send_card(message: Message, ctx: Ctx, event_id: int) -> bool:
    """The event's card as a new message; False when the organisation has no such event."""
    e = await store.get_event(ctx.session, ctx.org, event_id)
    if e is None:
        return False
    today = ctx.today()
    text = ctx.render(
        "coach/event_card.html",
        e=e,
        day=labels.human_day(e.day),
        past=e.day < today,
        today=e.day == today,
    )
    await message.answer(text, reply_markup=keyboards.event_card(e, can_hold=e.day <= today))
    return True


async def finish_edit(message: Message, ctx: Ctx, change: service.EventChange) -> None:
    """The last answer of a one-field change: saved, then the card."""
    event_id = int((await ctx.state.get_data()).get("event", 0))
    await ctx.state.clear()
    if not await service.update_event(ctx.session, ctx.org, event_id, change):
        await message.answer(ctx.render("common/not_found.html"))
        return
    await message.answer(ctx.render("coach/event_changed.html"))
    await send_card(message, ctx, event_id)


async def ask_prize(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(CoachForm.held_prize)
    current = (await ctx.state.get_data()).get("prize")
    await message.answer(
        ctx.render("coach/held_ask_prize.html", current=current, limit=PRIZE_LIMIT),
        reply_markup=keyboards.held_skip(),
    )
