"""Changing a partner's typed fields from the card (EditOffer: what we offer, then what we
ask), and notes."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from markupsafe import Markup

from bot.context import Ctx
from bot.domain.contacts import normalize_phone
from bot.services import partners as service
from handlers.partners import keyboards, view
from handlers.partners.callbacks import CardAct, CardCb, EditField, Field
from handlers.partners.inputs import LIMITS, bad, check_text
from handlers.shared.callbacks import EditOffer
from handlers.shared.keyboards import edit, main_menu
from storage import partners as db
from storage.models import Partner
from texts import buttons
from texts import partners as labels


class PartnerEdit(StatesGroup):
    value = State()  # data: edit_pid, edit_field, edit_chain (EditOffer: "ask" next)
    note = State()  # data: note_pid


EDITABLE_TEXT = frozenset(
    {
        Field.NAME,
        Field.CONTACT_PERSON,
        Field.PHONE,
        Field.EMAIL,
        Field.ADDRESS,
        Field.OFFER,
        Field.ASK,
    }
)
REQUIRED_EDIT = frozenset({Field.NAME})
CHAIN_END = "-"  # the last question of a chain (EditOffer): skip, not clear


async def edit_menu(
    query: CallbackQuery, callback_data: CardCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await edit(
            message,
            ctx.render("partners/edit_menu.html", name=partner.name),
            reply_markup=keyboards.edit_menu(partner.id),
        )


async def start_edit(
    message: Message, ctx: Ctx, partner: Partner, field: str, *, chain: str = ""
) -> None:
    await ctx.state.set_state(PartnerEdit.value)
    await ctx.state.set_data({"edit_pid": partner.id, "edit_field": field, "edit_chain": chain})
    await ask_edit(message, ctx, partner, field, chain)


async def ask_edit(
    message: Message, ctx: Ctx, partner: Partner, field: str, chain: str, *, problem: str = ""
) -> None:
    """The question for one field of an existing partner (chain: EditOffer's second step)."""
    await message.answer(
        ctx.render(
            "partners/ask.html",
            step=field,
            limit=LIMITS[field][1],
            data={"name": partner.name},
            resume=False,
            edit=True,
            field_label=labels.FIELD_LABELS[field],
            optional=False,
            problem=Markup(problem),
        ),
        reply_markup=keyboards.flow_keyboard(
            optional=field not in REQUIRED_EDIT, contact=field == Field.PHONE, clear=not chain
        ),
    )


async def edit_text_field(
    query: CallbackQuery, callback_data: EditField, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await start_edit(message, ctx, partner, callback_data.field.value)


async def edit_offer(
    query: CallbackQuery, callback_data: EditOffer, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """EditOffer (the card, other features): what we offer, then what we ask."""
    found = await view.tapped(query.message, ctx, callback_data.partner_id, callback_answer)
    if found is not None:
        message, partner = found
        await message.answer(ctx.render("partners/offer_intro.html", name=partner.name))
        await start_edit(message, ctx, partner, Field.OFFER.value, chain=Field.ASK.value)


async def edit_value(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    field, chain = str(data.get("edit_field", "")), str(data.get("edit_chain", ""))
    partner = await db.get_partner(ctx.session, ctx.org, int(data.get("edit_pid", 0)))
    if partner is None or field not in EDITABLE_TEXT:
        await ctx.state.clear()
        await message.answer(ctx.render("common/not_found.html"), reply_markup=main_menu())
        return
    text = (message.text or "").strip()
    value: str | None
    skip = False
    if message.text is not None and text in (labels.CLEAR, buttons.SKIP) and field != Field.NAME:
        value, skip = None, text == buttons.SKIP
    elif field == Field.PHONE and message.contact is not None:
        value = normalize_phone(message.contact.phone_number, lenient=True)
        if value is None:
            await message.answer(bad(ctx, "phone"))
            return
    else:
        value, problem = check_text(field, message, ctx)
        if problem is not None:
            await ask_edit(message, ctx, partner, field, chain, problem=problem)
            return
    advanced = False
    if not skip:
        advanced = await service.update_field(
            ctx.session, ctx.member, partner, field, value, now=ctx.now()
        )
    if chain in EDITABLE_TEXT:  # EditOffer: the second question (what we ask)
        await start_edit(message, ctx, partner, chain, chain=CHAIN_END)
        return
    await ctx.state.clear()
    await message.answer(
        ctx.render(
            "partners/saved_field.html", field_label=labels.FIELD_LABELS[field], advanced=advanced
        ),
        reply_markup=main_menu(),
    )
    await view.send_card(message, ctx, partner)


async def ask_note(
    query: CallbackQuery, callback_data: CardCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is None:
        return
    message, partner = found
    await ctx.state.set_state(PartnerEdit.note)
    await ctx.state.set_data({"note_pid": partner.id})
    await message.answer(
        ctx.render(
            "partners/ask.html",
            step="note",
            limit=LIMITS["note"][1],
            data={"name": partner.name},
            resume=False,
            edit=False,
            optional=False,
        ),
        reply_markup=keyboards.flow_keyboard(optional=False),
    )


async def note_text(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    partner = await db.get_partner(ctx.session, ctx.org, int(data.get("note_pid", 0)))
    if partner is None:
        await ctx.state.clear()
        await message.answer(ctx.render("common/not_found.html"), reply_markup=main_menu())
        return
    value, problem = check_text("note", message, ctx)
    if problem is not None or value is None:
        await message.answer(problem or "")
        return
    await service.add_note(ctx.session, ctx.member, partner, value, now=ctx.now())
    await ctx.state.clear()
    await message.answer(ctx.render("partners/note_saved.html"), reply_markup=main_menu())
    await view.send_card(message, ctx, partner)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(edit_menu, CardCb.filter(F.action == CardAct.EDIT))
    r.callback_query.register(edit_text_field, EditField.filter(F.field.in_(EDITABLE_TEXT)))
    r.callback_query.register(edit_offer, EditOffer.filter())
    r.message.register(edit_value, StateFilter(PartnerEdit.value))
    r.callback_query.register(ask_note, CardCb.filter(F.action == CardAct.NOTE))
    r.message.register(note_text, StateFilter(PartnerEdit.note))
    return r
