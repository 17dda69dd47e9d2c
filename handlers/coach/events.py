"""The work plan of joint events (/events) and the start of a new event: its title and day
(echoed with its weekday; a past day is questioned). The partners, direction and
responsible person follow in event_details.py."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain.dates import ParseError, parse_day
from bot.services import coach as service
from handlers.coach import event_view, keyboards
from handlers.coach.callbacks import DayAct, DayCb, EventsCb
from handlers.coach.event_details import ask_direction, ask_partner
from handlers.coach.states import TITLE_LIMIT, CoachForm, NotCommand, message_of
from handlers.shared.callbacks import NewEvent
from storage import coach as store
from storage import partners as partners_store
from texts import coach as labels

EVENTS_SHOWN = 8  # upcoming and past each: 16 lines of at most ~250 characters


async def send_events(message: Message, ctx: Ctx) -> None:
    upcoming, past = await store.list_events(ctx.session, ctx.org, ctx.today(), limit=EVENTS_SHOWN)
    await message.answer(
        ctx.render("coach/events.html", upcoming=upcoming, past=past),
        reply_markup=keyboards.events([*upcoming, *past]),
    )


async def events_command(message: Message, ctx: Ctx) -> None:
    if await ctx.state.get_state() is not None:
        await ctx.state.clear()
    await send_events(message, ctx)


async def events_button(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await send_events(message, ctx)


async def new_event(
    query: CallbackQuery, callback_data: NewEvent, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """A new event, with the partner given (a partner's card, the coach) or chosen later."""
    partner_name = None
    partner_ids: list[int] = []
    if callback_data.partner_id:
        partner = await partners_store.get_partner(ctx.session, ctx.org, callback_data.partner_id)
        if partner is None:
            callback_answer.text = ctx.render("common/not_found.html")
            callback_answer.show_alert = True
            return
        partner_name, partner_ids = partner.name, [partner.id]
    if (message := message_of(query)) is None:
        return
    await ctx.state.set_state(CoachForm.ev_title)
    await ctx.state.set_data(
        {"mode": event_view.NEW, "partners": partner_ids, "preset": bool(partner_ids)}
    )
    await message.answer(
        ctx.render("coach/event_ask_title.html", partner=partner_name, limit=TITLE_LIMIT)
    )


async def title_typed(message: Message, ctx: Ctx) -> None:
    title = (message.text or "").strip()
    if not 3 <= len(title) <= TITLE_LIMIT:
        await message.answer(ctx.render("coach/event_bad_title.html", limit=TITLE_LIMIT))
        return
    if await event_view.mode(ctx) == event_view.EDIT:
        await event_view.finish_edit(message, ctx, service.EventChange(title=title))
        return
    await ctx.state.update_data(title=title)
    await ctx.state.set_state(CoachForm.ev_day)
    await message.answer(ctx.render("coach/event_ask_day.html"))


async def _confirm_day(message: Message, ctx: Ctx) -> None:
    """Echo the understood date with its weekday; a past date is questioned."""
    day = date.fromisoformat(str((await ctx.state.get_data())["day"]))
    past = day < ctx.today()
    await ctx.state.set_state(CoachForm.ev_day_ok)
    await message.answer(
        ctx.render("coach/event_confirm_day.html", day=labels.human_day(day), past=past),
        reply_markup=keyboards.confirm_day(past),
    )


async def _day(message: Message, ctx: Ctx) -> bool:
    """Take the typed day (True), or say why it is refused (False)."""
    parsed = parse_day(message.text or "", ctx.today())
    if isinstance(parsed, ParseError):
        reason = labels.DATE_ERRORS.get(parsed.reason, labels.DATE_ERRORS["unknown"])
        await message.answer(
            ctx.render("coach/event_bad_day.html", reason=reason, detail=parsed.detail)
        )
        return False
    await ctx.state.update_data(day=parsed.isoformat())
    return True


async def day_typed(message: Message, ctx: Ctx) -> None:
    if await _day(message, ctx):
        await _confirm_day(message, ctx)


async def day_retyped(message: Message, ctx: Ctx) -> None:
    """Typed at the confirmation: a new date replaces the one echoed; anything else gets
    the reason, then the same question again."""
    await _day(message, ctx)
    await _confirm_day(message, ctx)


async def day_confirmed(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is None:
        return
    data = await ctx.state.get_data()
    if data.get("mode") == event_view.EDIT:
        day = date.fromisoformat(str(data["day"]))
        await event_view.finish_edit(message, ctx, service.EventChange(day=day))
        return
    if data.get("preset"):
        await ask_direction(message, ctx)
    else:
        await ask_partner(message, ctx)


async def day_change(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ctx.state.set_state(CoachForm.ev_day)
        await message.answer(ctx.render("coach/event_ask_day.html"))


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(events_command, Command("events"))
    r.callback_query.register(events_button, EventsCb.filter())
    r.callback_query.register(new_event, NewEvent.filter())
    r.message.register(title_typed, StateFilter(CoachForm.ev_title), NotCommand())
    r.message.register(day_typed, StateFilter(CoachForm.ev_day), NotCommand())
    r.message.register(day_retyped, StateFilter(CoachForm.ev_day_ok), NotCommand())
    confirming = StateFilter(CoachForm.ev_day_ok)
    r.callback_query.register(day_confirmed, confirming, DayCb.filter(F.action == DayAct.OK))
    r.callback_query.register(day_change, confirming, DayCb.filter(F.action == DayAct.CHANGE))
    return r
