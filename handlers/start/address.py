"""The form of address («вы работаете одна / один»), asked only when the name does not
tell it (bot/services/onboarding.py `address_form_of`)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from handlers.shared.keyboards import edit
from handlers.start import keyboards
from handlers.start.callbacks import FormCb
from handlers.start.questions import ask_next
from handlers.start.states import Joining, Onboarding
from texts import Texts


async def chosen(
    query: CallbackQuery, callback_data: FormCb, state: FSMContext, tx: Texts, settings: Settings
) -> None:
    if not isinstance(query.message, Message):
        return
    await state.update_data(address_form=callback_data.action.value)
    await edit(query.message, tx.render("start/form_chosen.html", form=callback_data.action.value))
    await ask_next(query.message, state, tx, settings)


async def typed(message: Message, tx: Texts) -> None:
    await message.answer(
        tx.render("start/form_use_buttons.html"), reply_markup=keyboards.address_form()
    )


def router() -> Router:
    r = Router(name=__name__)
    step = StateFilter(Onboarding.address_form, Joining.address_form)
    r.callback_query.register(chosen, step, FormCb.filter())
    r.message.register(typed, step)
    return r
