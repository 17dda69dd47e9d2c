"""Prolonging an agreement by hand: a new end date typed (and confirmed), picked in the
calendar, or a term (+1 year, +6 months) from the current end date."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain import agreements as rules
from bot.services import agreements as service
from handlers.agreements import keyboards
from handlers.agreements.callbacks import CAL_PROLONG, AgCb, AgForm, CardAct, FormAct
from handlers.agreements.form import MAX_TERM_MONTHS
from handlers.agreements.views import (
    bad_date,
    day_of,
    load,
    loaded,
    local_day,
    message_of,
    parse,
    stale,
    view,
)
from handlers.shared.calendar import CalCb, CalendarPick
from storage import agreements as store
from storage.models import Agreement, AgreementStatus
from texts import agreements as words


class ProlongForm(StatesGroup):
    until = State()
    confirm = State()


async def _ask(
    message: Message, ctx: Ctx, agreement: Agreement, partner_name: str, error: str = ""
) -> None:
    today = ctx.today()
    await message.answer(
        ctx.render(
            "agreements/ask_prolong.html",
            a=view(agreement, partner_name, today),
            error=error,
            suggestions=[],
        ),
        reply_markup=keyboards.prolong_calendar(today),
    )


async def _agreement_id(ctx: Ctx) -> int:
    return int((await ctx.state.get_data()).get("agreement_id") or 0)


async def start(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, agreement, partner = found
    if agreement.status != AgreementStatus.ACTIVE or not agreement.valid_until:
        await stale(message, ctx)
        return
    await ctx.state.set_state(ProlongForm.until)
    await ctx.state.set_data({"agreement_id": agreement.id})
    await _ask(message, ctx, agreement, partner.name)


async def prolong_to(message: Message, ctx: Ctx, day: date) -> None:
    found = await load(ctx, await _agreement_id(ctx))
    if found is None:
        await ctx.state.clear()
        await message.answer(ctx.render("common/not_found.html"))
        return
    agreement, partner = found
    if agreement.status != AgreementStatus.ACTIVE or agreement.valid_until is None:
        await ctx.state.clear()
        await stale(message, ctx)
        return
    reason = rules.check_prolong(day, agreement.valid_until, ctx.today())
    if reason:
        await ctx.state.set_state(ProlongForm.until)
        await _ask(message, ctx, agreement, partner.name, error=bad_date(ctx.tx, reason))
        return
    done = await service.prolong(ctx.session, ctx.member, agreement, partner, day, now=ctx.now())
    await ctx.state.clear()
    if not done:
        await stale(message, ctx)
        return
    pending = await store.pending_reminders(ctx.session, ctx.org, agreement.id, notices=False)
    await message.answer(
        ctx.render(
            "agreements/prolonged.html",
            a=view(agreement, partner.name, ctx.today()),
            previous=words.long_date(agreement.previous_until),
            next_reminders=[
                words.long_date(local_day(r.due_at, ctx.member.timezone)) for r in pending[:3]
            ],
        ),
        reply_markup=keyboards.open_card(agreement.id),
    )


async def day_picked(query: CallbackQuery, callback_data: CalCb, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await prolong_to(message, ctx, callback_data.day)


async def plus_term(query: CallbackQuery, callback_data: AgForm, ctx: Ctx) -> None:
    """+1 year / +6 months: from the current end date."""
    message = message_of(query)
    if message is None:
        return
    months = callback_data.id
    if not 1 <= months <= MAX_TERM_MONTHS:
        await stale(message, ctx)
        return
    found = await load(ctx, await _agreement_id(ctx))
    if found is None or found[0].valid_until is None:
        await ctx.state.clear()
        await message.answer(ctx.render("common/not_found.html"))
        return
    await prolong_to(message, ctx, rules.add_months(found[0].valid_until, months))


async def confirmed(query: CallbackQuery, ctx: Ctx) -> None:
    message = message_of(query)
    if message is None:
        return
    pending = day_of((await ctx.state.get_data()).get("pending"))
    if pending is not None:
        await prolong_to(message, ctx, pending)
    else:
        await _ask_again(message, ctx)


async def retype(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await _ask_again(message, ctx)


async def _ask_again(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(ProlongForm.until)
    found = await load(ctx, await _agreement_id(ctx))
    if found is not None:
        await _ask(message, ctx, found[0], found[1].name)


async def date_typed(message: Message, ctx: Ctx) -> None:
    found = await load(ctx, await _agreement_id(ctx))
    if found is None:
        await ctx.state.clear()
        await message.answer(ctx.render("common/not_found.html"))
        return
    agreement, partner = found
    today = ctx.today()
    parsed = parse(message.text or "", today, past=False)
    if isinstance(parsed, str):
        error = ctx.render("agreements/bad_date.html", reason="parse", detail=parsed)
        await _ask(message, ctx, agreement, partner.name, error=error)
        return
    reason = rules.check_prolong(parsed, agreement.valid_until, today)
    if reason:
        await _ask(message, ctx, agreement, partner.name, error=bad_date(ctx.tx, reason))
        return
    await ctx.state.set_state(ProlongForm.confirm)
    await ctx.state.update_data(pending=parsed.isoformat())
    await message.answer(
        ctx.render(
            "agreements/confirm_date.html",
            what="prolong",
            day=words.long_date(parsed),
            weekday=words.weekday(parsed),
            days=(parsed - today).days,
        ),
        reply_markup=keyboards.confirm_date(FormAct.PROLONG_YES, FormAct.PROLONG_NO),
    )


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(start, AgCb.filter(F.action == CardAct.PROLONG))
    in_form = StateFilter(ProlongForm)
    r.callback_query.register(day_picked, CalendarPick(CAL_PROLONG, "d"), in_form)
    r.callback_query.register(plus_term, AgForm.filter(F.action == FormAct.PLUS), in_form)
    r.callback_query.register(confirmed, AgForm.filter(F.action == FormAct.PROLONG_YES), in_form)
    r.callback_query.register(retype, AgForm.filter(F.action == FormAct.PROLONG_NO), in_form)
    r.message.register(date_typed, in_form)
    return r
