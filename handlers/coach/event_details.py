"""A new event of the work plan, after its day: the partners (searched by name), the
direction of interaction and the responsible member; then it is saved."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import coach as service
from handlers.coach import event_view, keyboards
from handlers.coach.callbacks import DirAct, DirCb, PickAct, PickCb, RespCb
from handlers.coach.states import DIRECTIONS, CoachForm, NotCommand, message_of
from storage import coach as store
from storage import partners as partners_store
from texts import coach as labels

FOUND_SHOWN = 8


def _not_found(ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    callback_answer.text = ctx.render("common/not_found.html")
    callback_answer.show_alert = True


# --------------------------------------------------------------------------- partners


async def ask_partner(message: Message, ctx: Ctx) -> None:
    """The partners chosen so far (new event, a change, or those involved in a held one):
    typed text searches the organisation's partners."""
    await ctx.state.set_state(CoachForm.ev_partner)
    data = await ctx.state.get_data()
    chosen = [int(i) for i in data.get("partners", [])]
    names = await store.partner_names(ctx.session, ctx.org, chosen)
    label = (
        labels.EVENT_DONE
        if names or data.get("mode") != event_view.NEW
        else labels.EVENT_NO_PARTNER
    )
    shown = [(pid, names[pid]) for pid in chosen if pid in names]
    await message.answer(
        ctx.render(
            "coach/event_ask_partner.html",
            chosen=[name for _, name in shown],
            held=data.get("mode") == event_view.HELD,
        ),
        reply_markup=keyboards.partners_done(label, shown),
    )


async def partner_search(message: Message, ctx: Ctx) -> None:
    query = (message.text or "").strip()
    found, _total = await partners_store.search_partners(
        ctx.session, ctx.org, query, per_page=FOUND_SHOWN
    )
    await message.answer(
        ctx.render("coach/event_partner_results.html", found=bool(found), query=query),
        reply_markup=keyboards.partners_found((row.id, row.name) for row in found),
    )


async def partner_picked(
    query: CallbackQuery, callback_data: PickCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    partner = await partners_store.get_partner(ctx.session, ctx.org, callback_data.id)
    if partner is None:
        _not_found(ctx, callback_answer)
        return
    chosen = [int(i) for i in (await ctx.state.get_data()).get("partners", [])]
    if partner.id not in chosen:
        chosen.append(partner.id)
    await ctx.state.update_data(partners=chosen)
    if (message := message_of(query)) is not None:
        await ask_partner(message, ctx)


async def partner_dropped(query: CallbackQuery, callback_data: PickCb, ctx: Ctx) -> None:
    chosen = [int(i) for i in (await ctx.state.get_data()).get("partners", [])]
    await ctx.state.update_data(partners=[i for i in chosen if i != callback_data.id])
    if (message := message_of(query)) is not None:
        await ask_partner(message, ctx)


async def partners_done(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is None:
        return
    data = await ctx.state.get_data()
    if data.get("mode") == event_view.EDIT:
        chosen = [int(i) for i in data.get("partners", [])]
        await event_view.finish_edit(message, ctx, service.EventChange(partner_ids=chosen))
    elif data.get("mode") == event_view.HELD:
        await event_view.ask_prize(message, ctx)
    else:
        await ask_direction(message, ctx)


# --------------------------------------------------------------------------- direction


async def ask_direction(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(CoachForm.ev_direction)
    await message.answer(
        ctx.render("coach/event_ask_direction.html"), reply_markup=keyboards.directions()
    )


async def _direction(query: CallbackQuery, ctx: Ctx, direction: str | None) -> None:
    if (message := message_of(query)) is None:
        return
    if await event_view.mode(ctx) == event_view.EDIT:
        change = service.EventChange(direction=direction, clear_direction=direction is None)
        await event_view.finish_edit(message, ctx, change)
        return
    await ctx.state.update_data(direction=direction)
    await ask_responsible(message, ctx)


async def direction_picked(
    query: CallbackQuery, callback_data: DirCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not 0 <= callback_data.idx < len(DIRECTIONS):
        callback_answer.text = ctx.render("common/stale.html")
        callback_answer.show_alert = True
        return
    await _direction(query, ctx, DIRECTIONS[callback_data.idx])


async def direction_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    await _direction(query, ctx, None)


# --------------------------------------------------------------------------- responsible


async def ask_responsible(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(CoachForm.ev_responsible)
    people = await store.member_names(ctx.session, ctx.org)
    await message.answer(
        ctx.render("coach/event_ask_responsible.html"),
        reply_markup=keyboards.responsible(ctx.member.id, people),
    )


async def responsible_picked(
    query: CallbackQuery, callback_data: RespCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The last answer: the event is saved."""
    responsible = await store.member_in(ctx.session, ctx.org, callback_data.id)
    if responsible is None:  # not a member of this organisation: nothing is saved
        _not_found(ctx, callback_answer)
        return
    if (message := message_of(query)) is None:
        return
    data = await ctx.state.get_data()
    if data.get("mode") == event_view.EDIT:
        change = service.EventChange(responsible_id=responsible)
        await event_view.finish_edit(message, ctx, change)
        return
    event_id = await service.create_event(
        ctx.session,
        organisation_id=ctx.org,
        member_id=ctx.member.id,
        title=str(data["title"]),
        day=date.fromisoformat(str(data["day"])),
        partner_ids=[int(i) for i in data.get("partners", [])],
        direction=data.get("direction"),
        responsible_id=responsible,
        now=ctx.now(),
    )
    await ctx.state.clear()
    shown = await store.get_event(ctx.session, ctx.org, event_id)
    await message.answer(
        ctx.render("coach/event_saved.html", e=shown), reply_markup=keyboards.event_saved()
    )


# --------------------------------------------------------------------------- typed text


async def direction_typed(message: Message, ctx: Ctx) -> None:
    """Text typed where a button is expected: say so, then the same question again."""
    await message.answer(ctx.render("coach/event_use_buttons.html"))
    await ask_direction(message, ctx)


async def responsible_typed(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.render("coach/event_use_buttons.html"))
    await ask_responsible(message, ctx)


def router() -> Router:
    r = Router(name=__name__)
    partner = StateFilter(CoachForm.ev_partner)
    r.message.register(partner_search, partner, NotCommand())
    r.callback_query.register(partner_picked, partner, PickCb.filter(F.action == PickAct.PICK))
    r.callback_query.register(partner_dropped, partner, PickCb.filter(F.action == PickAct.DROP))
    r.callback_query.register(partners_done, partner, PickCb.filter(F.action == PickAct.DONE))
    direction = StateFilter(CoachForm.ev_direction)
    r.callback_query.register(direction_picked, direction, DirCb.filter(F.action == DirAct.PICK))
    r.callback_query.register(direction_skipped, direction, DirCb.filter(F.action == DirAct.SKIP))
    responsible = StateFilter(CoachForm.ev_responsible)
    r.callback_query.register(responsible_picked, responsible, RespCb.filter())
    r.message.register(direction_typed, direction, NotCommand())
    r.message.register(responsible_typed, responsible, NotCommand())
    return r
