"""An agreement's card and what its buttons do on the spot: send the scan, "let it end", end
it now, "still in force" (the yearly check-in). Prolongation, documents, a scan attached later
and registering a draft have their own modules."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import agreements as service
from handlers.agreements import keyboards
from handlers.agreements.callbacks import AgCb, CardAct
from handlers.agreements.views import loaded, local_day, stale, view
from handlers.shared.callbacks import OpenAgreement
from storage import agreements as store
from storage.models import Agreement, AgreementStatus, Partner
from texts import agreements as words


async def show_card(
    message: Message,
    ctx: Ctx,
    agreement: Agreement,
    partner: Partner,
    prefix: str = "",
    *,
    reminders: bool = True,
) -> None:
    """The agreement's card; `reminders=False` when the prefix already says when I remind."""
    today = ctx.today()
    names = await store.member_names(ctx.session, ctx.org)
    pending = (
        await store.pending_reminders(ctx.session, ctx.org, agreement.id, notices=False)
        if reminders
        else []
    )
    text = ctx.render(
        "agreements/card.html",
        a=view(agreement, partner.name, today, names.get(agreement.responsible_id or 0)),
        prefix=prefix,
        next_reminders=[
            words.long_date(local_day(r.due_at, ctx.member.timezone)) for r in pending[:3]
        ],
    )
    await message.answer(text, reply_markup=keyboards.card(agreement, today))


async def open_card(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _open(query, callback_data.id, ctx, callback_answer)


async def open_entry(
    query: CallbackQuery, callback_data: OpenAgreement, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The shared entry point: another feature opens an agreement's card."""
    await _open(query, callback_data.id, ctx, callback_answer)


async def _open(
    query: CallbackQuery, agreement_id: int, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await loaded(query, agreement_id, ctx, callback_answer)
    if found is not None:
        message, agreement, partner = found
        await show_card(message, ctx, agreement, partner)


async def send_scan(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, agreement, _ = found
    if not agreement.scan_file_id:
        await stale(message, ctx)
    elif agreement.scan_kind == "photo":
        await message.answer_photo(agreement.scan_file_id)
    else:
        await message.answer_document(agreement.scan_file_id)


async def let_end(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, agreement, partner = found
    if agreement.status != AgreementStatus.ACTIVE or not agreement.valid_until:
        await stale(message, ctx)
        return
    await service.let_end(ctx.session, agreement, now=ctx.now())
    await message.answer(
        ctx.render("agreements/let_end.html", a=view(agreement, partner.name, ctx.today())),
        reply_markup=keyboards.new_draft(agreement.id),
    )


async def end_now(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, agreement, partner = found
    today = ctx.today()
    early = agreement.valid_until is not None and agreement.valid_until > today
    ended = (
        await service.end(ctx.session, agreement, today=today, now=ctx.now())
        if agreement.status == AgreementStatus.ACTIVE
        else None
    )
    if ended is None or not ended.ended:
        await stale(message, ctx)
        return
    await message.answer(
        ctx.render(
            "agreements/ended.html",
            a=view(agreement, partner.name, today),
            paused=ended.paused,
            by_hand=True,
            early=early,
            replaced=False,
        ),
        reply_markup=keyboards.after_end(agreement),
    )


async def still_valid(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, agreement, partner = found
    if agreement.status != AgreementStatus.ACTIVE:
        await stale(message, ctx)
        return
    await message.answer(ctx.render("agreements/still_valid.html", partner=partner.name))


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(open_entry, OpenAgreement.filter())
    on = AgCb.filter
    r.callback_query.register(open_card, on(F.action == CardAct.OPEN))
    r.callback_query.register(send_scan, on(F.action == CardAct.SCAN))
    r.callback_query.register(let_end, on(F.action == CardAct.LET_END))
    r.callback_query.register(end_now, on(F.action == CardAct.END))
    r.callback_query.register(still_valid, on(F.action == CardAct.VALID))
    return r
