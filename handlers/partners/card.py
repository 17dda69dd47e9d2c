"""A partner's card: open it, the status menu, archive, delete, read a text in full (a
status chosen: status.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import partners as service
from handlers.partners import keyboards, view
from handlers.partners.callbacks import CardAct, CardCb, FullAct, FullText
from handlers.partners.inputs import LIMITS
from handlers.shared.callbacks import OpenPartner
from handlers.shared.keyboards import edit
from handlers.shared.text_length import shown_length
from storage import partners as db
from texts import TELEGRAM_TEXT_LIMIT, shorten
from texts import partners as labels


async def open_partner(
    query: CallbackQuery, callback_data: OpenPartner, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """OpenPartner (the list, search results, other features): the card, as a new message."""
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await view.send_card(message, ctx, partner)


async def redraw(
    query: CallbackQuery, callback_data: CardCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The card again in its message («to the card», «keep»): any flow is left."""
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await ctx.state.clear()
        await view.edit_card(message, ctx, partner)


async def status_menu(
    query: CallbackQuery, callback_data: CardCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await edit(
            message,
            ctx.render("partners/status_pick.html", name=partner.name, status=partner.status),
            reply_markup=keyboards.statuses(partner),
        )


async def _archive(
    query: CallbackQuery, pid: int, archived: bool, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, pid, callback_answer)
    if found is not None:
        message, partner = found
        await service.set_archived(ctx.session, partner, archived, now=ctx.now())
        callback_answer.text = ctx.render(
            "partners/archived.html", name=partner.name, archived=archived
        )
        callback_answer.show_alert = True
        await view.edit_card(message, ctx, partner)


async def archive(
    query: CallbackQuery, callback_data: CardCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _archive(query, callback_data.id, True, ctx, callback_answer)


async def restore(
    query: CallbackQuery, callback_data: CardCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _archive(query, callback_data.id, False, ctx, callback_answer)


async def ask_delete(
    query: CallbackQuery, callback_data: CardCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await edit(
            message,
            ctx.render("partners/delete_confirm.html", name=partner.name),
            reply_markup=keyboards.confirm_delete(partner.id),
        )


async def delete(
    query: CallbackQuery, callback_data: CardCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        name = partner.name
        await service.delete_partner(ctx.session, ctx.org, partner.id)
        await edit(
            message,
            ctx.render("partners/deleted.html", name=name),
            reply_markup=keyboards.back_to_list(),
        )


async def _full(message: Message, ctx: Ctx, title: str, text: str) -> None:
    """A title and a text, the text shortened (never the rendered HTML) to what the
    message can still hold."""
    title = shorten(title, LIMITS["name"][1] + 20)
    room = TELEGRAM_TEXT_LIMIT - shown_length(
        ctx.render("partners/full_text.html", title=title, text="")
    )
    await message.answer(
        ctx.render("partners/full_text.html", title=title, text=shorten(text, room - 1))
    )


async def full_offer(
    query: CallbackQuery, callback_data: FullText, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await _full(message, ctx, labels.FIELD_LABELS["offer"], partner.offer or "")


async def full_ask(
    query: CallbackQuery, callback_data: FullText, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is not None:
        message, partner = found
        await _full(message, ctx, labels.FIELD_LABELS["ask"], partner.ask or "")


async def full_note(
    query: CallbackQuery, callback_data: FullText, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await view.tapped(query.message, ctx, callback_data.id, callback_answer)
    if found is None:
        return
    message, partner = found
    note = await db.get_note(ctx.session, ctx.org, callback_data.note)
    if note is None or note.partner_id != partner.id:
        view.not_found(ctx, callback_answer)
        return
    date = note.created_at.astimezone(ctx.tz).strftime("%d.%m.%Y")
    await _full(message, ctx, f"{partner.name} · {date}", note.text)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(open_partner, OpenPartner.filter())
    r.callback_query.register(redraw, CardCb.filter(F.action == CardAct.OPEN))
    r.callback_query.register(status_menu, CardCb.filter(F.action == CardAct.STATUS))
    r.callback_query.register(archive, CardCb.filter(F.action == CardAct.ARCHIVE))
    r.callback_query.register(restore, CardCb.filter(F.action == CardAct.RESTORE))
    r.callback_query.register(ask_delete, CardCb.filter(F.action == CardAct.DELETE))
    r.callback_query.register(delete, CardCb.filter(F.action == CardAct.DELETE_OK))
    r.callback_query.register(full_offer, FullText.filter(F.action == FullAct.OFFER))
    r.callback_query.register(full_ask, FullText.filter(F.action == FullAct.ASK))
    r.callback_query.register(full_note, FullText.filter(F.action == FullAct.NOTE))
    return r
