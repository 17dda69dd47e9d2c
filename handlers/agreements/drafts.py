"""Where documents for a partner start: the agreement's card (its document, a proposal
letter, a new agreement continuing it) and the partner card (a draft, a letter). A
partner's first draft asks which agreement it is (on cooperation, or on a network form of
a programme). The making itself — obligations, details, the file — is produce.py's."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.services import agreements as service
from handlers.agreements.callbacks import AgCb, CardAct, DocKind, NewDraft, NewDraftAct
from handlers.agreements.produce import Job, run
from handlers.agreements.views import loaded, message_of, not_found
from handlers.shared.callbacks import Draft
from storage import agreements as store
from storage.models import AgreementKind, Partner
from storage.partners import get_partner
from texts import agreements as words
from texts import shorten


async def agreement_doc(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The agreement's document (a draft's caption offers «signed — register it»)."""
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is not None:
        message, agreement, partner = found
        await run(message, ctx, Job(DocKind.AGREEMENT, partner.id, agreement.id))


async def agreement_letter(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is not None:
        message, _, partner = found
        await run(message, ctx, Job(DocKind.LETTER, partner.id))


async def new_draft(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """A draft of a new agreement continuing this one: the same kind, obligations and
    network terms, the term from the day after the old one ends."""
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, old, partner = found
    draft = await service.ensure_draft(
        ctx.session,
        ctx.member,
        partner.id,
        subject=old.subject,
        kind=old.kind,
        now=ctx.now(),
        previous=old,
    )
    await run(message, ctx, Job(DocKind.AGREEMENT, partner.id, draft.id, old.id))


async def _partner(
    query: CallbackQuery, partner_id: int, ctx: Ctx, callback_answer: CallbackAnswer
) -> tuple[Message, Partner] | None:
    partner = await get_partner(ctx.session, ctx.org, partner_id)
    message = message_of(query)
    if partner is None or message is None:
        not_found(ctx, callback_answer)
        return None
    return message, partner


async def draft_for_partner(
    query: CallbackQuery, callback_data: Draft, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The shared entry point (the partner card): the partner's open draft, or which
    agreement a new one is."""
    found = await _partner(query, callback_data.partner_id, ctx, callback_answer)
    if found is None:
        return
    message, partner = found
    draft = await store.find_draft(ctx.session, ctx.org, partner.id)
    if draft is not None:
        await run(message, ctx, Job(DocKind.AGREEMENT, partner.id, draft.id))
        return
    kb = InlineKeyboardBuilder()
    for label, action in (
        (words.BTN_KIND_COOPERATION, NewDraftAct.COOPERATION),
        (words.BTN_KIND_NETWORK, NewDraftAct.NETWORK),
    ):
        data = NewDraft(action=action, pid=partner.id).pack()
        kb.row(InlineKeyboardButton(text=label, callback_data=data))
    await message.answer(
        ctx.render("agreements/ask_kind.html", partner=shorten(partner.name, 100)),
        reply_markup=kb.as_markup(),
    )


async def _start_draft(
    query: CallbackQuery, partner_id: int, ctx: Ctx, answer: CallbackAnswer, kind: str
) -> None:
    found = await _partner(query, partner_id, ctx, answer)
    if found is None:
        return
    message, partner = found
    draft = await service.ensure_draft(
        ctx.session, ctx.member, partner.id, subject=words.DEFAULT_SUBJECT, kind=kind, now=ctx.now()
    )
    await run(message, ctx, Job(DocKind.AGREEMENT, partner.id, draft.id))


async def cooperation(
    query: CallbackQuery, callback_data: NewDraft, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _start_draft(query, callback_data.pid, ctx, callback_answer, AgreementKind.COOPERATION)


async def network(
    query: CallbackQuery, callback_data: NewDraft, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _start_draft(query, callback_data.pid, ctx, callback_answer, AgreementKind.NETWORK)


async def letter_for_partner(
    query: CallbackQuery, callback_data: Draft, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _partner(query, callback_data.partner_id, ctx, callback_answer)
    if found is not None:
        message, partner = found
        await run(message, ctx, Job(DocKind.LETTER, partner.id))


async def unknown_document(_: CallbackQuery, ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    not_found(ctx, callback_answer)


def router() -> Router:
    r = Router(name=__name__)
    on = AgCb.filter
    r.callback_query.register(agreement_doc, on(F.action == CardAct.DOC))
    r.callback_query.register(agreement_letter, on(F.action == CardAct.LETTER))
    r.callback_query.register(new_draft, on(F.action == CardAct.NEW))
    r.callback_query.register(draft_for_partner, Draft.filter(F.kind == DocKind.AGREEMENT))
    r.callback_query.register(letter_for_partner, Draft.filter(F.kind == DocKind.LETTER))
    r.callback_query.register(unknown_document, Draft.filter())
    r.callback_query.register(cooperation, NewDraft.filter(F.action == NewDraftAct.COOPERATION))
    r.callback_query.register(network, NewDraft.filter(F.action == NewDraftAct.NETWORK))
    return r
