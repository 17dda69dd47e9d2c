"""/meetings: the upcoming or past meetings, of all partners or of one."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from handlers.meetings import keyboards
from handlers.meetings.callbacks import ListAct, ListCb
from handlers.meetings.picker import ask_partner
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import message_of, render, say, when
from handlers.shared.callbacks import PartnerMeetings
from handlers.shared.filters import TextIs
from storage import meetings as db
from storage import partners as partners_db
from storage.models import MeetingStatus
from texts import buttons


async def send_list(message: Message, ctx: Ctx, *, past: bool, partner_id: int = 0) -> None:
    partner_name = ""
    if partner_id:
        partner = await partners_db.get_partner(ctx.session, ctx.org, partner_id)
        if partner is None:
            await say(message, ctx, "common/not_found.html")
            return
        partner_name = partner.name
    found = await db.list_meetings(
        ctx.session, ctx.org, now=ctx.now(), past=past, partner_id=partner_id or None
    )
    zone = ctx.tz
    rows = [
        {
            "when": when(r.meeting.starts_at, zone),
            "partner": r.partner_name,
            "status": r.meeting.status,
            "unreported": past and r.meeting.status == MeetingStatus.PLANNED,
            "going_on": r.meeting.starts_at <= ctx.now() < r.meeting.ends_at,
        }
        for r in found
    ]
    await message.answer(
        render(ctx.tx, "meetings/list.html", rows=rows, past=past, partner=partner_name),
        reply_markup=keyboards.meetings_list(found, zone, past=past, partner_id=partner_id),
    )


async def meetings_command(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    await send_list(message, ctx, past=False)


async def partner_meetings(query: CallbackQuery, callback_data: PartnerMeetings, ctx: Ctx) -> None:
    """The entry point the partner card offers: that partner's upcoming meetings."""
    if message := message_of(query):
        await send_list(message, ctx, past=False, partner_id=callback_data.partner_id)


async def show_list(query: CallbackQuery, callback_data: ListCb, ctx: Ctx) -> None:
    """Upcoming ⇄ past, one partner (picked in the picker) or all."""
    if not (message := message_of(query)):
        return
    if await ctx.state.get_state() == MeetingForm.list_partner.state:
        await ctx.state.clear()
    await send_list(message, ctx, past=callback_data.past, partner_id=callback_data.partner)


async def by_partner(query: CallbackQuery, callback_data: ListCb, ctx: Ctx) -> None:
    """«By partner»: pick whose meetings to list."""
    if not (message := message_of(query)):
        return
    await ctx.state.clear()
    await ask_partner(message, ctx, listing=True, past=callback_data.past)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(meetings_command, Command("meetings"))
    r.message.register(meetings_command, TextIs(buttons.MENU_MEETINGS))
    r.callback_query.register(partner_meetings, PartnerMeetings.filter())
    r.callback_query.register(show_list, ListCb.filter(F.action == ListAct.LIST))
    r.callback_query.register(by_partner, ListCb.filter(F.action == ListAct.BY_PARTNER))
    return r
