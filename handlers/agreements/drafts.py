"""Documents as .docx: an agreement (a draft, a registered one, a new one continuing an old
one) and the proposal letter for a first visit. Built by bot/domain/documents.py from the
organisation's template (a custom one that stopped working falls back to the standard)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain import agreements as rules
from bot.domain import documents
from bot.services import agreements as service
from handlers.agreements import keyboards
from handlers.agreements.callbacks import AgCb, CardAct
from handlers.agreements.views import loaded, message_of, not_found
from handlers.shared.callbacks import Draft
from storage import agreements as store
from storage import orgs
from storage.models import Agreement, AgreementKind, AgreementStatus, Partner
from storage.partners import get_partner
from texts import agreements as words


async def _side(ctx: Ctx, responsible_id: int | None = None) -> documents.Side:
    """Our side of a document; the agreement's responsible member represents the
    organisation (the member writing when there is none)."""
    member = ctx.member
    name, position = member.full_name, member.position
    if responsible_id and responsible_id != member.id:
        responsible = await orgs.get_member(ctx.session, ctx.org, responsible_id)
        if responsible is not None:
            name, position = responsible.full_name, responsible.position
    return documents.Side(
        org_name=member.organisation_name,
        municipality=member.municipality,
        member_name=member.full_name,
        member_position=member.position,
        representative_name=name,
        representative_position=position,
    )


def _partner_side(partner: Partner) -> documents.PartnerSide:
    return documents.PartnerSide(
        name=partner.name,
        contact_person=partner.contact_person,
        address=partner.address,
        phone=partner.phone,
        email=partner.email,
        offer=partner.offer,
        ask=partner.ask,
        directions=tuple(d.direction for d in partner.directions),
    )


def terms_of(agreement: Agreement | None) -> documents.Terms:
    if agreement is None:
        return documents.Terms()
    if agreement.status == AgreementStatus.ACTIVE:
        return documents.Terms(
            kind=agreement.kind,
            number=agreement.number,
            subject=agreement.subject,
            signed_on=agreement.signed_on,
            valid_until=agreement.valid_until,
            open_ended=agreement.valid_until is None,
            auto_prolong=agreement.auto_prolong,
            prolong_months=agreement.prolong_months,
        )
    return documents.Terms(kind=agreement.kind, subject=agreement.subject)


async def template_bytes(ctx: Ctx, kind: str) -> bytes:
    custom = await store.get_template(ctx.session, ctx.org, kind)
    return custom.content if custom is not None else documents.standard_template(kind)


async def send_document(
    message: Message,
    ctx: Ctx,
    kind: str,
    partner: Partner,
    terms: documents.Terms,
    markup: InlineKeyboardMarkup | None = None,
    responsible_id: int | None = None,
) -> None:
    side, other = await _side(ctx, responsible_id), _partner_side(partner)
    if kind == documents.KIND_AGREEMENT:
        context = documents.agreement_context(side, other, terms)
    else:
        upcoming = await store.next_event(ctx.session, ctx.org, ctx.today())
        event = documents.event_text(*upcoming) if upcoming else None
        context = documents.letter_context(side, other, ctx.today(), event)
    template = await template_bytes(ctx, kind)
    try:
        data = await documents.render_async(template, context)
    except documents.DocumentError:
        # a custom template that stopped working: fall back to the standard one
        try:
            data = await documents.render_async(documents.standard_template(kind), context)
        except documents.DocumentError:
            await message.answer(ctx.render("agreements/doc_failed.html"))
            return
    await message.answer_document(
        BufferedInputFile(data, filename=documents.file_name(kind, partner.name)),
        caption=ctx.render(
            "agreements/doc_caption.html",
            kind=kind,
            partner=partner.name,
            has_offer=bool(partner.offer),
            has_ask=bool(partner.ask),
        ),
        reply_markup=markup,
    )


async def agreement_doc(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The agreement as .docx (a draft's comes with «signed — register it»)."""
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, agreement, partner = found
    is_draft = agreement.status == AgreementStatus.DRAFT
    await send_document(
        message,
        ctx,
        documents.KIND_AGREEMENT,
        partner,
        terms_of(agreement),
        keyboards.register_draft(agreement.id) if is_draft else None,
        agreement.responsible_id,
    )


async def agreement_letter(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is not None:
        message, _, partner = found
        await send_document(message, ctx, documents.KIND_LETTER, partner, documents.Terms())


async def new_draft(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """A draft of a new agreement continuing this one: a draft row and the .docx."""
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, old, partner = found
    draft = await service.ensure_draft(
        ctx.session, ctx.member, partner.id, subject=old.subject, kind=old.kind, now=ctx.now()
    )
    start, until = rules.next_term(old.valid_until, old.prolong_months, ctx.today())
    terms = documents.Terms(
        kind=old.kind,
        subject=old.subject,
        starts_on=start,
        valid_until=until,
        auto_prolong=old.auto_prolong,
        prolong_months=old.prolong_months,
    )
    await send_document(
        message,
        ctx,
        documents.KIND_AGREEMENT,
        partner,
        terms,
        keyboards.register_draft(draft.id),
        old.responsible_id,
    )


async def _draft_partner(
    query: CallbackQuery, callback_data: Draft, ctx: Ctx, callback_answer: CallbackAnswer
) -> tuple[Message, Partner] | None:
    partner = await get_partner(ctx.session, ctx.org, callback_data.partner_id)
    message = message_of(query)
    if partner is None or message is None:
        not_found(ctx, callback_answer)
        return None
    return message, partner


async def draft_for_partner(
    query: CallbackQuery, callback_data: Draft, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The shared entry point (the partner card): the partner's open draft, or a new one."""
    found = await _draft_partner(query, callback_data, ctx, callback_answer)
    if found is None:
        return
    message, partner = found
    draft = await service.ensure_draft(
        ctx.session,
        ctx.member,
        partner.id,
        subject=words.DEFAULT_SUBJECT,
        kind=AgreementKind.COOPERATION,
        now=ctx.now(),
    )
    await send_document(
        message,
        ctx,
        documents.KIND_AGREEMENT,
        partner,
        terms_of(draft),
        keyboards.register_draft(draft.id),
        draft.responsible_id,
    )


async def letter_for_partner(
    query: CallbackQuery, callback_data: Draft, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _draft_partner(query, callback_data, ctx, callback_answer)
    if found is not None:
        message, partner = found
        await send_document(message, ctx, documents.KIND_LETTER, partner, documents.Terms())


async def unknown_document(_: CallbackQuery, ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    not_found(ctx, callback_answer)


def router() -> Router:
    r = Router(name=__name__)
    on = AgCb.filter
    r.callback_query.register(agreement_doc, on(F.action == CardAct.DOC))
    r.callback_query.register(agreement_letter, on(F.action == CardAct.LETTER))
    r.callback_query.register(new_draft, on(F.action == CardAct.NEW))
    r.callback_query.register(draft_for_partner, Draft.filter(F.kind == documents.KIND_AGREEMENT))
    r.callback_query.register(letter_for_partner, Draft.filter(F.kind == documents.KIND_LETTER))
    r.callback_query.register(unknown_document, Draft.filter())
    return r
