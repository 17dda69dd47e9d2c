"""/agreements: the counts by section (the organisation's, or one partner's), the agreements
ending soon, and each section's pages."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from handlers.agreements import keyboards
from handlers.agreements.callbacks import SECTIONS, AgList, ListAct
from handlers.agreements.views import PAGE, message_of, not_found, page_of, view
from handlers.shared.callbacks import PartnerAgreements
from handlers.shared.filters import TextIs
from storage import agreements as store
from storage.models import Partner
from storage.partners import get_partner
from texts import agreements as words
from texts import buttons


async def show_overview(message: Message, ctx: Ctx, partner: Partner | None = None) -> None:
    today = ctx.today()
    partner_id = partner.id if partner else 0
    counts = await store.section_counts(ctx.session, ctx.org, today, partner_id=partner_id or None)
    expiring = await store.list_section(
        ctx.session,
        ctx.org,
        store.SECTION_EXPIRING,
        today,
        partner_id=partner_id or None,
        limit=5,
    )
    offsets = await store.get_offsets(ctx.session, ctx.org)
    await message.answer(
        ctx.render(
            "agreements/overview.html",
            counts=counts,
            labels=words.SECTION_LABELS,
            partner=partner.name if partner else None,
            expiring=[view(a, name, today) for a, name in expiring],
            offsets=offsets,
        ),
        reply_markup=keyboards.overview(counts, partner_id, ctx.member.is_admin),
    )


async def agreements_command(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    await show_overview(message, ctx)


async def partner_agreements(
    query: CallbackQuery,
    callback_data: PartnerAgreements,
    ctx: Ctx,
    callback_answer: CallbackAnswer,
) -> None:
    partner = await get_partner(ctx.session, ctx.org, callback_data.partner_id)
    message = message_of(query)
    if partner is None or message is None:
        not_found(ctx, callback_answer)
        return
    await show_overview(message, ctx, partner)


async def _partner(
    callback_data: AgList, ctx: Ctx, callback_answer: CallbackAnswer
) -> tuple[bool, Partner | None]:
    """The partner the list is limited to (None: all); False when it is not found."""
    if not callback_data.partner_id:
        return True, None
    partner = await get_partner(ctx.session, ctx.org, callback_data.partner_id)
    if partner is None:
        not_found(ctx, callback_answer)
        return False, None
    return True, partner


async def overview_again(
    query: CallbackQuery, callback_data: AgList, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    message = message_of(query)
    if message is None:
        return
    found, partner = await _partner(callback_data, ctx, callback_answer)
    if found:
        await show_overview(message, ctx, partner)


async def show_section(
    query: CallbackQuery, callback_data: AgList, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    message = message_of(query)
    if message is None:
        return
    found, partner = await _partner(callback_data, ctx, callback_answer)
    if not found:
        return
    section = SECTIONS[callback_data.action]
    today = ctx.today()
    page = page_of(callback_data.page)
    rows = await store.list_section(
        ctx.session,
        ctx.org,
        section,
        today,
        partner_id=partner.id if partner else None,
        limit=PAGE + 1,
        offset=page * PAGE,
    )
    items = [view(a, name, today) for a, name in rows[:PAGE]]
    labels = [
        (
            item["id"],
            words.LIST_ITEM_UNTIL.format(partner=item["partner"], until=item["until_short"])
            if item["until"]
            else str(item["partner"]),
        )
        for item in items
    ]
    await message.answer(
        ctx.render(
            "agreements/section.html",
            title=words.SECTION_LABELS[section],
            items=items,
            page=page,
            partner=partner.name if partner else None,
        ),
        reply_markup=keyboards.section(
            labels, callback_data.action, callback_data.partner_id, page, len(rows) > PAGE
        ),
    )


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(agreements_command, Command("agreements"))
    r.message.register(agreements_command, TextIs(buttons.MENU_AGREEMENTS))
    r.callback_query.register(partner_agreements, PartnerAgreements.filter())
    r.callback_query.register(overview_again, AgList.filter(F.action == ListAct.OVERVIEW))
    r.callback_query.register(show_section, AgList.filter(F.action.in_(set(SECTIONS))))
    return r
