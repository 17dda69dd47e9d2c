"""The add flow's buttons: the answer to «already in the base?», the choices (category,
source, directions) and «Skip». A tap under an older question is stale — but for «Done»
of a draft already saved (the flow gone with it, e.g. after a crash): that opens the
partner it became."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from handlers.partners import keyboards, view
from handlers.partners.add import OPTIONAL, STEP_OF_STATE, PartnerForm, advance
from handlers.partners.callbacks import ChoiceAct, DupAct, DupCb, Field, FormPick, FormSkip
from handlers.shared.keyboards import edit, main_menu
from handlers.shared.labels import cut_label
from storage import partners as db

ALREADY_SAVED_NAME = 100  # a tap's answer holds 200 characters


async def open_existing(
    query: CallbackQuery, callback_data: DupCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not isinstance(query.message, Message):
        return
    partner = await db.get_partner(ctx.session, ctx.org, callback_data.id)
    if partner is None:
        view.not_found(ctx, callback_answer)
        return
    await ctx.state.clear()
    await edit(query.message, reply_markup=None)
    await query.message.answer(ctx.render("partners/opening.html"), reply_markup=main_menu())
    await view.send_card(query.message, ctx, partner)


async def add_anyway(query: CallbackQuery, ctx: Ctx) -> None:
    if not isinstance(query.message, Message):
        return
    await edit(query.message, reply_markup=None)
    data = await ctx.state.get_data()
    await advance(query.message, ctx, name=data.get("name", ""))


async def _asked(
    query: CallbackQuery, ctx: Ctx, step: Field, answer: CallbackAnswer
) -> Message | None:
    """The message of the tap, if `step` is the open question (else «stale»)."""
    if not isinstance(query.message, Message):
        return None
    if STEP_OF_STATE.get(await ctx.state.get_state()) != step:
        view.stale(ctx, answer)
        return None
    return query.message


async def category(
    query: CallbackQuery, callback_data: FormPick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    message = await _asked(query, ctx, Field.CATEGORY, callback_answer)
    if message is None:
        return
    if callback_data.category is None:
        view.stale(ctx, callback_answer)
        return
    await edit(message, reply_markup=None)
    await advance(message, ctx, category=callback_data.category.value)


async def source(
    query: CallbackQuery, callback_data: FormPick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    message = await _asked(query, ctx, Field.SOURCE, callback_answer)
    if message is None:
        return
    if callback_data.source is None:
        view.stale(ctx, callback_answer)
        return
    await edit(message, reply_markup=None)
    await advance(message, ctx, source=callback_data.source.value)


async def direction(
    query: CallbackQuery, callback_data: FormPick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """Tick or untick one direction: the keyboard is redrawn."""
    message = await _asked(query, ctx, Field.DIRECTIONS, callback_answer)
    if message is None:
        return
    if callback_data.direction is None:
        view.stale(ctx, callback_answer)
        return
    code = callback_data.direction.value
    data = await ctx.state.get_data()
    chosen = list(data.get("directions") or [])
    if code in chosen:
        chosen.remove(code)
    else:
        chosen.append(code)
    await ctx.state.update_data(directions=chosen)
    draft = str(data.get("draft", ""))
    await edit(message, reply_markup=keyboards.directions(selected=set(chosen), draft=draft))


async def directions_done(
    query: CallbackQuery, callback_data: FormPick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The last answer: the partner is saved. The same «Done» again (its draft saved, the
    flow gone or left from before a crash): the saved partner's card, nothing saved twice."""
    if not isinstance(query.message, Message):
        return
    message = query.message
    data = await ctx.state.get_data()
    asked = STEP_OF_STATE.get(await ctx.state.get_state()) == Field.DIRECTIONS
    if asked and callback_data.draft in ("", data.get("draft", "")):
        await edit(message, reply_markup=None)
        await advance(message, ctx, directions=data.get("directions") or [])
        return
    saved = await db.partner_by_draft(ctx.session, ctx.org, callback_data.draft)
    if saved is None:
        view.stale(ctx, callback_answer)
        return
    await edit(message, reply_markup=None)
    callback_answer.text = ctx.render(
        "partners/already_saved.html", name=cut_label(saved.name, ALREADY_SAVED_NAME)
    )
    await view.send_card(message, ctx, saved)


async def skip(
    query: CallbackQuery, callback_data: FormSkip, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    step = STEP_OF_STATE.get(await ctx.state.get_state())
    if step != callback_data.step or step not in OPTIONAL or not isinstance(query.message, Message):
        view.stale(ctx, callback_answer)
        return
    await edit(query.message, reply_markup=None)
    await advance(query.message, ctx, **{step: None})


def router() -> Router:
    r = Router(name=__name__)
    dup = StateFilter(PartnerForm.dup)
    r.callback_query.register(open_existing, dup, DupCb.filter(F.action == DupAct.OPEN))
    r.callback_query.register(add_anyway, dup, DupCb.filter(F.action == DupAct.ADD))
    r.callback_query.register(category, FormPick.filter(F.action == ChoiceAct.CATEGORY))
    r.callback_query.register(source, FormPick.filter(F.action == ChoiceAct.SOURCE))
    r.callback_query.register(direction, FormPick.filter(F.action == ChoiceAct.DIRECTION))
    r.callback_query.register(directions_done, FormPick.filter(F.action == ChoiceAct.DONE))
    r.callback_query.register(skip, FormSkip.filter())
    return r
