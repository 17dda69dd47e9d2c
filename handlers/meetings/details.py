"""Planning, after the moment: where, what for, in which format; then the meeting is saved
with its checklist and reminders, and its card shown."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.reminders import ReminderEngine
from bot.services import meetings as service
from handlers.meetings import keyboards
from handlers.meetings.callbacks import StepAct, StepCb
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import (
    PLACE_LIMIT,
    PLACE_MIN,
    PURPOSE_LIMIT,
    PURPOSE_MIN,
    length_problem,
    message_of,
    render,
    say,
    send_card,
)
from handlers.shared.filters import Has
from storage import partners as partners_db
from storage.models import MeetingFormat, Partner
from texts import meetings as words

PARTNERS_ADDRESS, OUR_PLACE = 0, 1  # the place buttons (any other: online)


async def _partner(ctx: Ctx) -> Partner | None:
    data = await ctx.state.get_data()
    return await partners_db.get_partner(ctx.session, ctx.org, int(data.get("partner_id", 0)))


async def ask_place(message: Message, ctx: Ctx, partner: Partner, problem: str = "") -> None:
    await ctx.state.set_state(MeetingForm.place)
    await message.answer(
        render(
            ctx.tx,
            "meetings/ask_place.html",
            address=partner.address or "",
            limit=PLACE_LIMIT,
            problem=problem,
        ),
        reply_markup=keyboards.place(partner.address),
    )


async def place_typed(message: Message, ctx: Ctx) -> None:
    place = (message.text or "").strip()
    if problem := length_problem(ctx, place, PLACE_MIN, PLACE_LIMIT):
        # the explanation and the same question again (with its buttons)
        partner = await _partner(ctx)
        if partner is None:
            await ctx.state.clear()
            await say(message, ctx, "common/not_found.html")
            return
        await ask_place(message, ctx, partner, problem)
        return
    await ctx.state.update_data(place=place)
    await _ask_purpose(message, ctx)


async def place_picked(query: CallbackQuery, callback_data: StepCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    place: str | None
    if callback_data.idx == PARTNERS_ADDRESS:
        partner = await _partner(ctx)
        place = partner.address if partner else None
    elif callback_data.idx == OUR_PLACE:
        place = ctx.member.organisation_name
    else:
        place = words.ONLINE_PLACE
    await ctx.state.update_data(place=place)
    await _ask_purpose(message, ctx)


async def place_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    await ctx.state.update_data(place=None)
    await _ask_purpose(message, ctx)


async def _ask_purpose(message: Message, ctx: Ctx, problem: str = "") -> None:
    await ctx.state.set_state(MeetingForm.purpose)
    await message.answer(
        render(ctx.tx, "meetings/ask_purpose.html", limit=PURPOSE_LIMIT, problem=problem),
        reply_markup=keyboards.skip(),
    )


async def purpose_typed(message: Message, ctx: Ctx) -> None:
    purpose = (message.text or "").strip()
    if problem := length_problem(ctx, purpose, PURPOSE_MIN, PURPOSE_LIMIT):
        await _ask_purpose(message, ctx, problem)  # the explanation, the same question
        return
    await ctx.state.update_data(purpose=purpose)
    await ask_format(message, ctx)


async def purpose_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    await ctx.state.update_data(purpose=None)
    await ask_format(message, ctx)


async def ask_format(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(MeetingForm.format)
    await message.answer(
        render(ctx.tx, "meetings/ask_format.html"), reply_markup=keyboards.formats()
    )


async def format_expected(message: Message, ctx: Ctx) -> None:
    """Anything sent instead of tapping a format: the question again."""
    await ask_format(message, ctx)


async def format_picked(
    query: CallbackQuery,
    callback_data: StepCb,
    ctx: Ctx,
    reminders: ReminderEngine | None = None,
) -> None:
    """The last answer: the meeting is saved, the partner's status moves, reminders are
    planned; the card says which of them will come."""
    if not (message := message_of(query)):
        return
    if not 0 <= callback_data.idx < len(MeetingFormat.ALL):
        await say(message, ctx, "common/stale.html")
        return
    data = await ctx.state.get_data()
    partner = await _partner(ctx)
    if partner is None or "starts_at" not in data:
        await ctx.state.clear()
        await say(message, ctx, "common/not_found.html")
        return
    meeting, moments = await service.plan_meeting(
        ctx.session,
        ctx.member,
        partner,
        starts_at=datetime.fromisoformat(data["starts_at"]),
        place=data.get("place"),
        purpose=data.get("purpose"),
        format=MeetingFormat.ALL[callback_data.idx],
        now=ctx.now(),
    )
    await ctx.state.clear()
    if reminders is not None and moments:
        reminders.notify(moments[0])
    await send_card(message, ctx, meeting, header="planned")


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(place_typed, StateFilter(MeetingForm.place), Has("text"))
    r.message.register(purpose_typed, StateFilter(MeetingForm.purpose), Has("text"))
    r.message.register(format_expected, StateFilter(MeetingForm.format))
    skip = StepCb.filter(F.action == StepAct.SKIP)
    r.callback_query.register(
        place_picked, StepCb.filter(F.action == StepAct.PLACE), StateFilter(MeetingForm.place)
    )
    r.callback_query.register(place_skipped, skip, StateFilter(MeetingForm.place))
    r.callback_query.register(purpose_skipped, skip, StateFilter(MeetingForm.purpose))
    r.callback_query.register(
        format_picked, StepCb.filter(F.action == StepAct.FORMAT), StateFilter(MeetingForm.format)
    )
    return r
