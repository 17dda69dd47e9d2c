"""A joint event marked held, with its own facts: how many children took part, which
partners were involved, prizes (one line), a photo; each optional question can be
skipped. Saved at the end (partners under an agreement in force become active), then the
results log is offered («Записать результат»)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import coach as service
from handlers.coach import event_view, keyboards
from handlers.coach.callbacks import EventAct, EventCb, HeldAct, HeldCb
from handlers.coach.event_details import ask_partner
from handlers.coach.states import (
    CHILDREN_MAX,
    PRIZE_LIMIT,
    CoachForm,
    NotCommand,
    message_of,
)
from handlers.shared.filters import Has
from storage import coach as store


async def start(
    query: CallbackQuery, callback_data: EventCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """«Mark held» (or change the results): the earlier answers are offered again."""
    e = await store.get_event(ctx.session, ctx.org, callback_data.id)
    if e is None:
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
        return
    if e.day > ctx.today():
        callback_answer.text = ctx.render("coach/held_not_yet.html")
        callback_answer.show_alert = True
        return
    if (message := message_of(query)) is None:
        return
    await ctx.state.clear()
    await ctx.state.set_data(
        {
            "mode": event_view.HELD,
            "event": e.id,
            "title": e.title,
            "partners": list(e.partner_ids),
            "children": e.children,
            "prize": e.prize,
            "photo": e.photo_file_id,
        }
    )
    await _ask_children(message, ctx)


async def _ask_children(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(CoachForm.held_children)
    data = await ctx.state.get_data()
    await message.answer(
        ctx.render(
            "coach/held_ask_children.html",
            title=data.get("title", ""),
            current=data.get("children"),
        ),
        reply_markup=keyboards.held_skip(),
    )


async def children_typed(message: Message, ctx: Ctx) -> None:
    typed = (message.text or "").strip()
    number = int(typed) if typed.isdigit() else -1
    if not 0 <= number <= CHILDREN_MAX:
        await message.answer(
            ctx.render("coach/held_bad_children.html", typed=typed, limit=CHILDREN_MAX)
        )
        await _ask_children(message, ctx)
        return
    await ctx.state.update_data(children=number)
    await ask_partner(message, ctx)


async def children_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ask_partner(message, ctx)  # the number written before (if any) is kept


async def prize_typed(message: Message, ctx: Ctx) -> None:
    prize = " ".join((message.text or "").split())
    if not 2 <= len(prize) <= PRIZE_LIMIT:
        await message.answer(ctx.render("coach/held_bad_prize.html", limit=PRIZE_LIMIT))
        await event_view.ask_prize(message, ctx)
        return
    await ctx.state.update_data(prize=prize)
    await _ask_photo(message, ctx)


async def prize_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await _ask_photo(message, ctx)


async def _ask_photo(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(CoachForm.held_photo)
    has_photo = bool((await ctx.state.get_data()).get("photo"))
    await message.answer(
        ctx.render("coach/held_ask_photo.html", has_photo=has_photo),
        reply_markup=keyboards.held_skip(),
    )


async def photo_sent(message: Message, ctx: Ctx) -> None:
    assert message.photo is not None
    await ctx.state.update_data(photo=message.photo[-1].file_id)
    await _save(message, ctx)


async def photo_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await _save(message, ctx)


async def not_a_photo(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.render("coach/held_need_photo.html"))
    await _ask_photo(message, ctx)


async def _save(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    event_id = int(data.get("event", 0))
    children = data.get("children")
    held = service.Held(
        children=int(children) if children is not None else None,
        partner_ids=[int(i) for i in data.get("partners", [])],
        prize=data.get("prize"),
        photo_file_id=data.get("photo"),
    )
    moved = await service.mark_held(ctx.session, ctx.member, event_id, held, now=ctx.now())
    await ctx.state.clear()
    e = await store.get_event(ctx.session, ctx.org, event_id)
    if moved is None or e is None:
        await message.answer(ctx.render("common/not_found.html"))
        return
    names = await store.partner_names(ctx.session, ctx.org, moved)
    await message.answer(
        ctx.render("coach/held_saved.html", e=e, moved=[names[i] for i in moved if i in names]),
        reply_markup=keyboards.held_saved(e.id),
    )


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(start, EventCb.filter(F.action == EventAct.HELD))
    skip = HeldCb.filter(F.action == HeldAct.SKIP)
    children = StateFilter(CoachForm.held_children)
    r.message.register(children_typed, children, NotCommand())
    r.callback_query.register(children_skipped, children, skip)
    prize = StateFilter(CoachForm.held_prize)
    r.message.register(prize_typed, prize, NotCommand())
    r.callback_query.register(prize_skipped, prize, skip)
    photo = StateFilter(CoachForm.held_photo)
    r.message.register(photo_sent, photo, Has("photo"))
    r.callback_query.register(photo_skipped, photo, skip)
    r.message.register(not_a_photo, photo, NotCommand())
    return r
