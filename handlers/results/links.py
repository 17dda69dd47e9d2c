"""What a result is linked with: the partners (ticked, or found by a typed part of the
name), the event of the work plan it came from, a photo or a file; then it is saved."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.services import results as service
from handlers.results import keyboards, view
from handlers.results.callbacks import EventCb, PartnerAct, PartnerCb
from handlers.results.states import ResultForm
from handlers.shared.filters import Has
from handlers.shared.keyboards import edit, main_menu
from storage import results as db
from texts import buttons, shorten

PARTNER_OPTIONS = 8  # partners offered as buttons
EVENT_DAYS_BACK = 365  # events of the last year are offered


async def after_day(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    if data.get("res_ask_partners", True):
        await ctx.state.set_state(ResultForm.partners)
        await ctx.state.update_data(res_query="")
        text, markup = await _partners_screen(ctx, "")
        await message.answer(text, reply_markup=markup)
        return
    await _after_partners(message, ctx)


async def _partners_screen(ctx: Ctx, query: str) -> tuple[str, Any]:
    data = await ctx.state.get_data()
    chosen = [int(i) for i in data.get("res_partners") or []]
    named = await db.partner_names(ctx.session, ctx.org, chosen)
    options = await db.pick_partners(ctx.session, ctx.org, query, PARTNER_OPTIONS)
    shown = named + [(pid, name) for pid, name in options if pid not in set(chosen)]
    text = ctx.render(
        "results/ask_partners.html",
        chosen=[shorten(name, 80) for _, name in named],
        query=shorten(query, 60),
        not_found=bool(query) and not options,
        empty=not query and not shown,
    )
    return text, keyboards.partners_keyboard(shown, set(chosen))


async def partners_typed(message: Message, ctx: Ctx) -> None:
    """A typed part of a name: the partners found, the ticked ones kept («Пропустить» from
    the keyboard of an earlier question: the ticked ones, or none)."""
    query = (message.text or "").strip()[:100]
    if query == buttons.SKIP:
        await _after_partners(message, ctx)
        return
    await ctx.state.update_data(res_query=query)
    text, markup = await _partners_screen(ctx, query)
    await message.answer(text, reply_markup=markup)


async def partner_toggled(query: CallbackQuery, callback_data: PartnerCb, ctx: Ctx) -> None:
    if not isinstance(query.message, Message):
        return
    data = await ctx.state.get_data()
    chosen = [int(i) for i in data.get("res_partners") or []]
    if callback_data.id in chosen:
        chosen.remove(callback_data.id)
    elif await db.partner_names(ctx.session, ctx.org, [callback_data.id]):
        chosen.append(callback_data.id)
    await ctx.state.update_data(res_partners=chosen)
    text, markup = await _partners_screen(ctx, str(data.get("res_query") or ""))
    await edit(query.message, text, reply_markup=markup)


async def partners_done(query: CallbackQuery, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        await _after_partners(query.message, ctx)


async def no_partner(query: CallbackQuery, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        await ctx.state.update_data(res_partners=[])
        await _after_partners(query.message, ctx)


async def _after_partners(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    if data.get("res_ask_event", True):
        today = ctx.today()
        events = await db.held_events(
            ctx.session, ctx.org, today - timedelta(days=EVENT_DAYS_BACK), today
        )
        if events:
            await ctx.state.set_state(ResultForm.event)
            await message.answer(
                ctx.render("results/ask_event.html"),
                reply_markup=keyboards.events_keyboard(events),
            )
            return
    await _ask_file(message, ctx)


async def event_typed(message: Message, ctx: Ctx) -> None:
    """The event is chosen with a button: the question again («Пропустить»: none)."""
    if (message.text or "").strip() == buttons.SKIP:
        await ctx.state.update_data(res_event=None)
        await _ask_file(message, ctx)
        return
    await message.answer(ctx.render("results/use_buttons.html"))
    await _after_partners(message, ctx)


async def event_chosen(query: CallbackQuery, callback_data: EventCb, ctx: Ctx) -> None:
    if not isinstance(query.message, Message):
        return
    event = await db.event_of(ctx.session, ctx.org, callback_data.id) if callback_data.id else None
    await ctx.state.update_data(res_event=event[0] if event else None)
    await _ask_file(query.message, ctx)


async def _ask_file(message: Message, ctx: Ctx, *, problem: bool = False) -> None:
    await ctx.state.set_state(ResultForm.file)
    await message.answer(
        ctx.render("results/ask_file.html", problem=problem),
        reply_markup=keyboards.text_keyboard(optional=True),
    )


async def file_sent(message: Message, ctx: Ctx) -> None:
    if message.photo:
        await _save(message, ctx, message.photo[-1].file_id, "photo", None)
    elif message.document is not None:
        name = message.document.file_name
        await _save(
            message, ctx, message.document.file_id, "document", name[:255] if name else None
        )


async def file_other(message: Message, ctx: Ctx) -> None:
    if message.text is not None and message.text.strip() == buttons.SKIP:
        await _save(message, ctx, None, None, None)
        return
    await _ask_file(message, ctx, problem=True)


async def _save(
    message: Message, ctx: Ctx, file_id: str | None, kind: str | None, name: str | None
) -> None:
    data = await ctx.state.get_data()
    try:
        draft = service.ResultDraft(
            kind=str(data.get("res_kind")),
            day=date.fromisoformat(str(data.get("res_day"))),
            values=dict(data.get("res_values") or {}),
            partner_ids=[int(i) for i in data.get("res_partners") or []],
            event_id=data.get("res_event"),
            agreement_id=data.get("res_agreement"),
            file_id=file_id,
            file_kind=kind,
            file_name=name,
        )
        row = await service.record_result(ctx.session, ctx.member, draft, now=ctx.now())
    except (ValueError, TypeError):  # FSM data no longer fits (InvalidResult, a broken day)
        await ctx.state.clear()
        await message.answer(ctx.render("results/invalid.html"), reply_markup=main_menu())
        return
    await ctx.state.clear()
    await message.answer(ctx.render("results/saved.html"), reply_markup=main_menu())
    text, markup = await view.card(ctx, row.id, page=0)
    await message.answer(text, reply_markup=markup)


def router() -> Router:
    r = Router(name=__name__)
    partners = StateFilter(ResultForm.partners)
    r.callback_query.register(
        partner_toggled, PartnerCb.filter(F.action == PartnerAct.TOGGLE), partners
    )
    r.callback_query.register(
        partners_done, PartnerCb.filter(F.action == PartnerAct.DONE), partners
    )
    r.callback_query.register(no_partner, PartnerCb.filter(F.action == PartnerAct.NONE), partners)
    r.callback_query.register(event_chosen, EventCb.filter(), StateFilter(ResultForm.event))
    r.message.register(partners_typed, partners)
    r.message.register(event_typed, StateFilter(ResultForm.event))
    r.message.register(file_sent, StateFilter(ResultForm.file), Has("photo", "document"))
    r.message.register(file_other, StateFilter(ResultForm.file))
    return r
