"""The registration form's entry points and buttons: one handler per button, each only at
its own question (a button of another question is stale: handlers/agreements/stale.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from handlers.agreements import keyboards
from handlers.agreements.callbacks import AgCb, AgForm, CardAct, FormAct
from handlers.agreements.form import (
    MAX_TERM_MONTHS,
    AgreementForm,
    after_term,
    after_until,
    ask,
    save,
    set_months,
    set_signed,
    set_until,
    start,
    summary,
)
from handlers.agreements.views import day_of, loaded, message_of, not_found, stale
from handlers.shared.callbacks import NewAgreement
from handlers.shared.keyboards import edit
from storage import orgs
from storage.models import AgreementKind, AgreementStatus, Partner
from storage.partners import get_partner
from texts import agreements as words

Form = AgreementForm


async def new_agreement(
    query: CallbackQuery, callback_data: NewAgreement, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The shared entry point: with a partner (its card), or choosing one (partner_id=0)."""
    partner: Partner | None = None
    if callback_data.partner_id:
        partner = await get_partner(ctx.session, ctx.org, callback_data.partner_id)
        if partner is None:
            not_found(ctx, callback_answer)
            return
    message = message_of(query)
    if message is not None:
        await start(message, ctx, partner)


async def register_draft(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """ "Signed: register it": the form, with the draft's kind and subject."""
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, draft, partner = found
    if draft.status != AgreementStatus.DRAFT:
        await stale(message, ctx)
        return
    preset = {"draft_id": draft.id, "kind": draft.kind, "subject": draft.subject}
    await start(message, ctx, partner, preset)


async def partner_chosen(query: CallbackQuery, callback_data: AgForm, ctx: Ctx) -> None:
    message = message_of(query)
    if message is None:
        return
    partner = await get_partner(ctx.session, ctx.org, callback_data.id)
    if partner is None:
        await message.answer(ctx.render("common/not_found.html"))
        return
    await ctx.state.update_data(partner_id=partner.id, partner_name=partner.name)
    await ask(message, ctx, Form.kind)


async def partner_page(query: CallbackQuery, callback_data: AgForm, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ask(message, ctx, Form.partner, page=callback_data.id)


async def kind_chosen(query: CallbackQuery, callback_data: AgForm, ctx: Ctx) -> None:
    message = message_of(query)
    if message is None:
        return
    if not 0 <= callback_data.id < len(AgreementKind.ALL):
        await stale(message, ctx)
        return
    kind = AgreementKind.ALL[callback_data.id]
    await ctx.state.update_data(kind=kind)
    echo = ctx.render("agreements/echo.html", what="kind", value=words.KIND_LABELS[kind])
    await ask(message, ctx, Form.number, echo=echo)


async def number_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ctx.state.update_data(number=None)
        await ask(message, ctx, Form.subject)


async def default_subject(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        data = await ctx.state.get_data()
        await ctx.state.update_data(subject=data.get("subject") or words.DEFAULT_SUBJECT)
        await ask(message, ctx, Form.signed)


async def signed_month(query: CallbackQuery, callback_data: AgForm, ctx: Ctx) -> None:
    """The signing calendar's arrows: any past month, none after the current one."""
    message = message_of(query)
    year, month = divmod(callback_data.id, 12)
    today = ctx.today()
    if message is not None and 2000 <= year <= today.year:
        await edit(message, reply_markup=keyboards.signed_calendar(year, month + 1, today))


async def signed_today(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await set_signed(message, ctx, ctx.today())


async def _confirmed(query: CallbackQuery, ctx: Ctx, question: State, *, yes: bool) -> None:
    """ "Right" / "Type it again" under a typed date."""
    message = message_of(query)
    if message is None:
        return
    pending = day_of((await ctx.state.get_data()).get("pending"))
    if not yes or pending is None:
        await ask(message, ctx, question)
    elif question == Form.signed:
        await set_signed(message, ctx, pending)
    else:
        await set_until(message, ctx, pending)


async def signed_yes(query: CallbackQuery, ctx: Ctx) -> None:
    await _confirmed(query, ctx, Form.signed, yes=True)


async def signed_no(query: CallbackQuery, ctx: Ctx) -> None:
    await _confirmed(query, ctx, Form.signed, yes=False)


async def until_yes(query: CallbackQuery, ctx: Ctx) -> None:
    await _confirmed(query, ctx, Form.until, yes=True)


async def until_no(query: CallbackQuery, ctx: Ctx) -> None:
    await _confirmed(query, ctx, Form.until, yes=False)


async def open_ended(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ctx.state.update_data(until=None, open_ended=True, pending=None)
        await after_until(message, ctx, ctx.render("agreements/echo.html", what="open"))


async def auto_yes(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ctx.state.update_data(auto=True)
        await ask(message, ctx, Form.term)


async def auto_no(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ctx.state.update_data(auto=False, months=None)
        await after_term(message, ctx, "")


async def term_chosen(query: CallbackQuery, callback_data: AgForm, ctx: Ctx) -> None:
    message = message_of(query)
    if message is None:
        return
    if not 1 <= callback_data.id <= MAX_TERM_MONTHS:
        await stale(message, ctx)
        return
    await set_months(message, ctx, callback_data.id)


async def responsible_chosen(query: CallbackQuery, callback_data: AgForm, ctx: Ctx) -> None:
    message = message_of(query)
    if message is None:
        return
    chosen = await orgs.get_member(ctx.session, ctx.org, callback_data.id)
    if chosen is None:
        await message.answer(ctx.render("common/not_found.html"))
        return
    await ctx.state.update_data(responsible=chosen.id, responsible_name=chosen.full_name)
    echo = ctx.render("agreements/echo.html", what="resp", value=chosen.full_name)
    await ask(message, ctx, Form.scan, echo=echo)


async def scan_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ctx.state.update_data(scan_file_id=None, scan_kind=None, scan_name=None)
        await summary(message, ctx)


async def save_tapped(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await save(message, ctx)


async def cancel_tapped(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ctx.state.clear()
        await message.answer(ctx.render("common/cancel.html", had_flow=True, onboarding=False))


# (handler, its button, the question it answers)
BUTTONS: tuple[tuple[Callable[..., Awaitable[None]], FormAct, State], ...] = (
    (partner_chosen, FormAct.PARTNER, Form.partner),
    (partner_page, FormAct.PARTNER_PAGE, Form.partner),
    (kind_chosen, FormAct.KIND, Form.kind),
    (number_skipped, FormAct.NUMBER_SKIP, Form.number),
    (default_subject, FormAct.SUBJECT_DEFAULT, Form.subject),
    (signed_month, FormAct.SIGNED_MONTH, Form.signed),
    (signed_today, FormAct.SIGNED_TODAY, Form.signed),
    (signed_yes, FormAct.SIGNED_YES, Form.signed_confirm),
    (signed_no, FormAct.SIGNED_NO, Form.signed_confirm),
    (open_ended, FormAct.OPEN_ENDED, Form.until),
    (until_yes, FormAct.UNTIL_YES, Form.until_confirm),
    (until_no, FormAct.UNTIL_NO, Form.until_confirm),
    (auto_yes, FormAct.AUTO_YES, Form.auto),
    (auto_no, FormAct.AUTO_NO, Form.auto),
    (term_chosen, FormAct.TERM, Form.term),
    (responsible_chosen, FormAct.RESPONSIBLE, Form.responsible),
    (scan_skipped, FormAct.SCAN_SKIP, Form.scan),
    (save_tapped, FormAct.SAVE, Form.confirm),
    (cancel_tapped, FormAct.CANCEL, Form.confirm),
)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(new_agreement, NewAgreement.filter())
    r.callback_query.register(register_draft, AgCb.filter(F.action == CardAct.REGISTER))
    for handler, action, question in BUTTONS:
        r.callback_query.register(handler, AgForm.filter(F.action == action), StateFilter(question))
    return r
