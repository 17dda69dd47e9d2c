"""Changing a partner's chosen fields from the card: category, source, directions, the
responsible member and the linked programmes (written at once)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import partners as service
from handlers.partners import keyboards, view
from handlers.partners.callbacks import CardPick, ChoiceAct, EditField, Field
from handlers.shared.keyboards import edit
from handlers.shared.labels import cut_label
from handlers.shared.pickers import (
    MemberPick,
    PickScope,
    ProgrammePick,
    member_picker,
    programme_picker,
)
from storage import orgs, programs
from storage import partners as db
from storage.models import Partner
from texts import partners as labels

MEMBERS_SHOWN = 30
PROGRAMMES_SHOWN = 40


def _selected(partner: Partner) -> set[str]:
    return {d.direction for d in partner.directions}


async def show_categories(
    query: CallbackQuery, callback_data: EditField, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await edit(message, reply_markup=keyboards.categories(partner.id))


async def show_sources(
    query: CallbackQuery, callback_data: EditField, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await edit(message, reply_markup=keyboards.sources(partner.id))


async def show_directions(
    query: CallbackQuery, callback_data: EditField, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await edit(
            message, reply_markup=keyboards.directions(partner.id, selected=_selected(partner))
        )


async def _show_members(message: Message, ctx: Ctx, partner: Partner) -> None:
    people = await orgs.list_members(ctx.session, ctx.org)
    chosen = {partner.responsible_id} if partner.responsible_id else set()
    await edit(
        message,
        ctx.render("partners/responsible_pick.html", name=partner.name),
        reply_markup=member_picker(
            PickScope.PARTNER,
            partner.id,
            [(p.id, p.full_name) for p in people[:MEMBERS_SHOWN]],
            chosen=chosen,
            mark=labels.CHECK,
            back=keyboards.to_card(partner.id),
        ),
    )


async def _show_programmes(message: Message, ctx: Ctx, partner: Partner) -> None:
    items = await programs.list_programs(ctx.session, ctx.org)
    linked = await db.partner_program_ids(ctx.session, ctx.org, partner.id)
    await edit(
        message,
        ctx.render("partners/programs_pick.html", name=partner.name, has_programs=bool(items)),
        reply_markup=programme_picker(
            PickScope.PARTNER,
            partner.id,
            [(p.id, cut_label(p.name, 50)) for p in items[:PROGRAMMES_SHOWN]],
            chosen=linked,
            mark=labels.CHECK,
            back=keyboards.to_card(partner.id),
        ),
    )


async def show_members(
    query: CallbackQuery, callback_data: EditField, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        await _show_members(found[0], ctx, found[1])


async def show_programmes(
    query: CallbackQuery, callback_data: EditField, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        await _show_programmes(found[0], ctx, found[1])


async def set_category(
    query: CallbackQuery, callback_data: CardPick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is None:
        return
    if callback_data.category is None:
        view.stale(ctx, callback_answer)
        return
    message, partner = found
    await service.update_field(
        ctx.session, ctx.member, partner, "category", callback_data.category.value, now=ctx.now()
    )
    await view.edit_card(message, ctx, partner)


async def set_source(
    query: CallbackQuery, callback_data: CardPick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is None:
        return
    if callback_data.source is None:
        view.stale(ctx, callback_answer)
        return
    message, partner = found
    await service.update_field(
        ctx.session, ctx.member, partner, "source", callback_data.source.value, now=ctx.now()
    )
    await view.edit_card(message, ctx, partner)


async def toggle_direction(
    query: CallbackQuery, callback_data: CardPick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is None:
        return
    if callback_data.direction is None:
        view.stale(ctx, callback_answer)
        return
    message, partner = found
    await service.toggle_direction(
        ctx.session, partner, callback_data.direction.value, now=ctx.now()
    )
    await edit(message, reply_markup=keyboards.directions(partner.id, selected=_selected(partner)))


async def directions_done(
    query: CallbackQuery, callback_data: CardPick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        await view.edit_card(found[0], ctx, found[1])


async def set_responsible(
    query: CallbackQuery, callback_data: MemberPick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.subject, callback_answer)
    if found is None:
        return
    person = await orgs.get_member(ctx.session, ctx.org, callback_data.id)
    if person is None:
        view.not_found(ctx, callback_answer)
        return
    message, partner = found
    await service.set_responsible(ctx.session, partner, person.id, now=ctx.now())
    await view.edit_card(message, ctx, partner)


async def toggle_programme(
    query: CallbackQuery, callback_data: ProgrammePick, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.subject, callback_answer)
    if found is None:
        return
    program = await programs.get_program(ctx.session, ctx.org, callback_data.id)
    if program is None:
        view.not_found(ctx, callback_answer)
        return
    message, partner = found
    await service.toggle_programme(ctx.session, partner, program)
    await _show_programmes(message, ctx, partner)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(show_categories, EditField.filter(F.field == Field.CATEGORY))
    r.callback_query.register(show_sources, EditField.filter(F.field == Field.SOURCE))
    r.callback_query.register(show_directions, EditField.filter(F.field == Field.DIRECTIONS))
    r.callback_query.register(show_members, EditField.filter(F.field == Field.RESPONSIBLE))
    r.callback_query.register(show_programmes, EditField.filter(F.field == Field.PROGRAMS))
    r.callback_query.register(set_category, CardPick.filter(F.action == ChoiceAct.CATEGORY))
    r.callback_query.register(set_source, CardPick.filter(F.action == ChoiceAct.SOURCE))
    r.callback_query.register(toggle_direction, CardPick.filter(F.action == ChoiceAct.DIRECTION))
    r.callback_query.register(directions_done, CardPick.filter(F.action == ChoiceAct.DONE))
    partner_scope = F.scope == PickScope.PARTNER
    r.callback_query.register(set_responsible, MemberPick.filter(partner_scope))
    r.callback_query.register(toggle_programme, ProgrammePick.filter(partner_scope))
    return r
