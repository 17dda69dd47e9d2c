"""An event's card (from /events): open it, change one field (the same questions as a new
event, then the card again), delete it, see the photo of a held one."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import coach as service
from handlers.coach import event_view, keyboards
from handlers.coach.callbacks import EventAct, EventCb, EventEdit, EventField
from handlers.coach.event_details import ask_direction, ask_partner, ask_responsible
from handlers.coach.states import TITLE_LIMIT, CoachForm, message_of
from handlers.shared.keyboards import edit
from storage import coach as store
from storage.coach import EventRow


def _not_found(ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    callback_answer.text = ctx.render("common/not_found.html")
    callback_answer.show_alert = True


async def _event(
    query: CallbackQuery, event_id: int, ctx: Ctx, callback_answer: CallbackAnswer
) -> tuple[Message, EventRow] | None:
    """The message and the organisation's event tapped; None when there is none (the
    member is told)."""
    e = await store.get_event(ctx.session, ctx.org, event_id)
    if e is None:
        _not_found(ctx, callback_answer)
        return None
    message = message_of(query)
    return (message, e) if message is not None else None


async def open_card(
    query: CallbackQuery, callback_data: EventCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if (found := await _event(query, callback_data.id, ctx, callback_answer)) is not None:
        await event_view.send_card(found[0], ctx, found[1].id)


async def ask_delete(
    query: CallbackQuery, callback_data: EventCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if (found := await _event(query, callback_data.id, ctx, callback_answer)) is not None:
        message, e = found
        await edit(
            message,
            ctx.render("coach/event_delete_confirm.html", title=e.title),
            keyboards.event_delete(e.id),
        )


async def delete(
    query: CallbackQuery, callback_data: EventCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if (found := await _event(query, callback_data.id, ctx, callback_answer)) is None:
        return
    message, e = found
    await service.delete_event(ctx.session, ctx.org, e.id)
    await edit(message, ctx.render("coach/event_deleted.html", title=e.title), None)


async def photo(
    query: CallbackQuery, callback_data: EventCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _event(query, callback_data.id, ctx, callback_answer)
    if found is not None and found[1].photo_file_id:
        await found[0].answer_photo(found[1].photo_file_id)


async def change(
    query: CallbackQuery, callback_data: EventEdit, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """One field of the event: its question, answered as for a new event."""
    if (found := await _event(query, callback_data.id, ctx, callback_answer)) is None:
        return
    message, e = found
    await ctx.state.clear()
    await ctx.state.set_data(
        {"mode": event_view.EDIT, "event": e.id, "partners": list(e.partner_ids)}
    )
    field = callback_data.field
    if field == EventField.TITLE:
        await ctx.state.set_state(CoachForm.ev_title)
        text = ctx.render(
            "coach/event_ask_title.html", edit=True, current=e.title, limit=TITLE_LIMIT
        )
        await message.answer(text)
    elif field == EventField.DAY:
        await ctx.state.set_state(CoachForm.ev_day)
        await message.answer(ctx.render("coach/event_ask_day.html"))
    elif field == EventField.PARTNERS:
        await ask_partner(message, ctx)
    elif field == EventField.DIRECTION:
        await ask_direction(message, ctx)
    else:
        await ask_responsible(message, ctx)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(open_card, EventCb.filter(F.action == EventAct.OPEN))
    r.callback_query.register(ask_delete, EventCb.filter(F.action == EventAct.DELETE))
    r.callback_query.register(delete, EventCb.filter(F.action == EventAct.DELETE_OK))
    r.callback_query.register(photo, EventCb.filter(F.action == EventAct.PHOTO))
    r.callback_query.register(change, EventEdit.filter())
    return r
