"""Planning a meeting, and moving one: whom (the picker), then when (handlers/meetings/moment);
the format, the place and who takes part follow in `details`. A moment typed that has
passed may be written as a past meeting (`past`)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from handlers.meetings import keyboards
from handlers.meetings.picker import ask_partner
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import SCOPE, message_of, render, say, tz_label, when
from handlers.shared import calendar
from handlers.shared.callbacks import NewMeeting
from storage import partners as partners_db
from storage.models import DEFAULT_DURATION, Meeting, Partner


async def start_planning(message: Message, ctx: Ctx, partner_id: int) -> None:
    """A meeting with this partner (0: choose the partner first)."""
    await ctx.state.clear()
    if partner_id == 0:
        await ask_partner(message, ctx)
        return
    partner = await partners_db.get_partner(ctx.session, ctx.org, partner_id)
    if partner is None:
        await say(message, ctx, "common/not_found.html")
        return
    await ask_when(message, ctx, partner)


async def ask_when(
    message: Message, ctx: Ctx, partner: Partner, reschedule: Meeting | None = None
) -> None:
    """When: the question (or, moving a `reschedule`d meeting, its current moment) and the
    calendar of the current month; a new meeting may also be one that already took place."""
    await ctx.state.set_state(MeetingForm.when)
    await ctx.state.update_data(
        partner_id=partner.id,
        partner_name=partner.name,
        reschedule_id=reschedule.id if reschedule else 0,
        duration=reschedule.duration_min if reschedule else DEFAULT_DURATION,
    )
    await message.answer(
        when_question(ctx, partner.name, reschedule),
        reply_markup=calendar.first_markup(
            SCOPE, ctx.today(), None if reschedule else [keyboards.log_row()]
        ),
    )


def when_question(ctx: Ctx, partner_name: str, reschedule: Meeting | None = None) -> str:
    if reschedule is not None:
        return render(
            ctx.tx,
            "meetings/ask_reschedule.html",
            partner=partner_name,
            when=when(reschedule.starts_at, ctx.member.timezone),
        )
    return render(ctx.tx, "meetings/ask_when.html", partner=partner_name, tz_label=tz_label(ctx))


async def meet_command(message: Message, ctx: Ctx) -> None:
    await start_planning(message, ctx, 0)


async def new_meeting(query: CallbackQuery, callback_data: NewMeeting, ctx: Ctx) -> None:
    """The entry point other features offer (the partner card, the coach, a task…) and the
    picker's buttons."""
    if message := message_of(query):
        await start_planning(message, ctx, callback_data.partner_id)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(meet_command, Command("meet"))
    r.callback_query.register(new_meeting, NewMeeting.filter())
    return r
