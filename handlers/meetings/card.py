"""A meeting's card: open it, tick and edit the preparation checklist, move or cancel it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import meetings as service
from handlers.meetings import keyboards
from handlers.meetings.callbacks import MeetingAct, MeetingCb
from handlers.meetings.planning import ask_when
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import (
    ITEM_LIMIT,
    card_text,
    length_problem,
    load,
    message_of,
    render,
    say,
    send_card,
    when,
)
from handlers.shared.filters import Has
from handlers.shared.keyboards import edit
from storage import meetings as db
from storage.models import MeetingStatus


async def open_card(
    query: CallbackQuery, callback_data: MeetingCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if (message := message_of(query)) and (
        meeting := await load(ctx, callback_answer, callback_data.id)
    ):
        await send_card(message, ctx, meeting)


async def toggle_item(
    query: CallbackQuery, callback_data: MeetingCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """A checklist item ticked (or unticked): the card is edited in place."""
    if not (message := message_of(query)):
        return
    if not (meeting := await load(ctx, callback_answer, callback_data.id)):
        return
    item = db.find_item(meeting, callback_data.item)
    if item is None or meeting.status != MeetingStatus.PLANNED:
        await say(message, ctx, "common/not_found.html")
        return
    await service.toggle_item(ctx.session, item)
    await edit(message, await card_text(ctx, meeting), keyboards.card(meeting, ctx.now()))


async def add_item(
    query: CallbackQuery, callback_data: MeetingCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not (message := message_of(query)):
        return
    if not (meeting := await load(ctx, callback_answer, callback_data.id)):
        return
    if meeting.status != MeetingStatus.PLANNED:  # the checklist is closed
        await say(message, ctx, "common/stale.html")
        return
    await ctx.state.set_state(MeetingForm.item)
    await ctx.state.update_data(meeting_id=meeting.id)
    await message.answer(render(ctx.tx, "meetings/ask_item.html", limit=ITEM_LIMIT, problem=""))


async def item_typed(message: Message, ctx: Ctx) -> None:
    text = (message.text or "").strip()
    if problem := length_problem(ctx, text, 1, ITEM_LIMIT):
        await message.answer(
            render(ctx.tx, "meetings/ask_item.html", limit=ITEM_LIMIT, problem=problem)
        )
        return
    data = await ctx.state.get_data()
    meeting = await db.get_meeting(ctx.session, ctx.org, int(data.get("meeting_id", 0)))
    await ctx.state.clear()
    if meeting is None:
        await say(message, ctx, "common/not_found.html")
        return
    await service.add_item(ctx.session, meeting, text)
    await send_card(message, ctx, meeting)


async def edit_items(
    query: CallbackQuery, callback_data: MeetingCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The checklist as buttons that remove an item."""
    if not (message := message_of(query)):
        return
    if not (meeting := await load(ctx, callback_answer, callback_data.id)):
        return
    if meeting.status != MeetingStatus.PLANNED:  # the checklist is closed
        await say(message, ctx, "common/stale.html")
        return
    await message.answer(
        render(ctx.tx, "meetings/edit_items.html"), reply_markup=keyboards.items(meeting)
    )


async def drop_item(
    query: CallbackQuery, callback_data: MeetingCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not (message := message_of(query)):
        return
    if not (meeting := await load(ctx, callback_answer, callback_data.id)):
        return
    if meeting.status != MeetingStatus.PLANNED:  # the checklist is closed
        await say(message, ctx, "common/stale.html")
        return
    item = db.find_item(meeting, callback_data.item)
    if item is not None:
        await service.remove_item(ctx.session, meeting, item)
    await edit(message, reply_markup=keyboards.items(meeting))  # a double tap changes nothing


async def reschedule(
    query: CallbackQuery, callback_data: MeetingCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """Move the meeting: the planning's date question (planning.confirm saves it)."""
    if not (message := message_of(query)):
        return
    if not (meeting := await load(ctx, callback_answer, callback_data.id)):
        return
    if meeting.status != MeetingStatus.PLANNED:
        await say(message, ctx, "common/stale.html")
        return
    partner = await db.partner_of(ctx.session, meeting)
    if partner is None:
        await say(message, ctx, "common/not_found.html")
        return
    await ctx.state.clear()
    await ask_when(message, ctx, partner, reschedule=meeting)


async def cancel(
    query: CallbackQuery, callback_data: MeetingCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """Cancel? — yes / no."""
    if not (message := message_of(query)):
        return
    if not (meeting := await load(ctx, callback_answer, callback_data.id)):
        return
    partner = await db.partner_of(ctx.session, meeting)
    await message.answer(
        render(
            ctx.tx,
            "meetings/cancel_confirm.html",
            partner=partner.name if partner else "",
            when=when(meeting.starts_at, ctx.member.timezone),
        ),
        reply_markup=keyboards.cancel_confirm(meeting),
    )


async def cancel_yes(
    query: CallbackQuery, callback_data: MeetingCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """Cancelled: no reminders; the last planned meeting takes the partner's status back."""
    if not (message := message_of(query)):
        return
    if not (meeting := await load(ctx, callback_answer, callback_data.id)):
        return
    if meeting.status != MeetingStatus.PLANNED:
        await say(message, ctx, "common/stale.html")
        return
    back = await service.cancel(ctx.session, meeting, member_id=ctx.member.id, now=ctx.now())
    partner = await db.partner_of(ctx.session, meeting)
    await edit(
        message,
        render(
            ctx.tx,
            "meetings/cancelled.html",
            partner=partner.name if partner else "",
            when=when(meeting.starts_at, ctx.member.timezone),
            status_back=back.value if back else "",
        ),
        reply_markup=keyboards.to_partner(meeting.partner_id),
    )


def router() -> Router:
    r = Router(name=__name__)
    for action, handler in (
        (MeetingAct.OPEN, open_card),
        (MeetingAct.TOGGLE, toggle_item),
        (MeetingAct.ADD_ITEM, add_item),
        (MeetingAct.EDIT_ITEMS, edit_items),
        (MeetingAct.DROP_ITEM, drop_item),
        (MeetingAct.RESCHEDULE, reschedule),
        (MeetingAct.CANCEL, cancel),
        (MeetingAct.CANCEL_YES, cancel_yes),
    ):
        r.callback_query.register(handler, MeetingCb.filter(F.action == action))
    r.message.register(item_typed, StateFilter(MeetingForm.item), Has("text"))
    return r
