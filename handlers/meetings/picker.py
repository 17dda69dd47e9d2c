"""The partner picker: whom to plan a meeting with, or (/meetings «by partner») whose
meetings to list; a typed part of the name searches."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import Message

from bot.context import Ctx
from handlers.meetings import keyboards
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import render
from handlers.shared.filters import Has
from storage import meetings as db

QUERY_LIMIT = 100


async def ask_partner(
    message: Message,
    ctx: Ctx,
    query_text: str | None = None,
    *,
    listing: bool = False,
    past: bool = False,
) -> None:
    """Partners to plan a meeting with (not archived, not declined) or, `listing`, the
    partners that have meetings (upcoming or `past` ones are listed next)."""
    found = await db.pick_partners(ctx.session, ctx.org, query_text, with_meetings=listing)
    if not found:
        await message.answer(
            render(ctx.tx, "meetings/no_partners.html", query=query_text or "", listing=listing)
        )
        if query_text is None:
            await ctx.state.clear()
        return
    if listing:
        await ctx.state.set_state(MeetingForm.list_partner)
        await ctx.state.update_data(list_past=int(past))
    else:
        await ctx.state.set_state(MeetingForm.partner)
    await message.answer(
        render(ctx.tx, "meetings/choose_partner.html", partners=found, listing=listing),
        reply_markup=keyboards.partners(found, listing=listing, past=past),
    )


def _typed(message: Message) -> str:
    return (message.text or "").strip()[:QUERY_LIMIT]


async def partner_typed(message: Message, ctx: Ctx) -> None:
    """A part of the name typed in the picker of whom to meet: search."""
    await ask_partner(message, ctx, _typed(message))


async def list_partner_typed(message: Message, ctx: Ctx) -> None:
    """A part of the name typed in the «by partner» picker of /meetings: search."""
    data = await ctx.state.get_data()
    await ask_partner(message, ctx, _typed(message), listing=True, past=bool(data.get("list_past")))


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(partner_typed, StateFilter(MeetingForm.partner), Has("text"))
    r.message.register(list_partner_typed, StateFilter(MeetingForm.list_partner), Has("text"))
    return r
