"""The form of address: how the bot speaks of the member («вы работаете одна / один»)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.services import members
from handlers.settings import keyboards
from handlers.settings.callbacks import SetAct, SetCb
from handlers.settings.show import show
from handlers.shared.keyboards import edit
from storage.models.org import AddressForm

FORMS = (AddressForm.FEMININE, AddressForm.MASCULINE)  # SetCb idx → form


async def ask(query: CallbackQuery, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(
            ctx.render("settings/ask_address_form.html", member=ctx.member),
            reply_markup=keyboards.address_forms(),
        )


async def chosen(query: CallbackQuery, callback_data: SetCb, ctx: Ctx) -> None:
    message = query.message
    if not isinstance(message, Message):
        return
    if not 0 <= callback_data.idx < len(FORMS):  # forged: the question again
        await edit(message, reply_markup=keyboards.address_forms())
        return
    form = FORMS[callback_data.idx]
    updated = await members.set_address_form(ctx.session, ctx.member, form)
    await edit(message, ctx.render("start/form_chosen.html", form=form.value))
    await show(message, ctx, updated)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(ask, SetCb.filter(F.action == SetAct.FORMS))
    r.callback_query.register(chosen, SetCb.filter(F.action == SetAct.FORM))
    return r
