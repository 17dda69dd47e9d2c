"""/cancel (and the «Отмена» button): leave whatever flow is open."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove

from handlers.shared.filters import TextIs
from handlers.shared.keyboards import main_menu
from storage.orgs import MemberInfo
from texts import Texts, buttons

ONBOARDING = ("Onboarding", "Joining")


async def cancel(message: Message, state: FSMContext, tx: Texts, member: MemberInfo | None) -> None:
    current = await state.get_state()
    onboarding = bool(current and current.startswith(ONBOARDING))
    if onboarding:
        # keep the answers given so far: /start continues from the first open question
        await state.set_state(None)
    else:
        await state.clear()
    await message.answer(
        tx.render("common/cancel.html", had_flow=current is not None, onboarding=onboarding),
        reply_markup=main_menu() if member else ReplyKeyboardRemove(),
    )


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(cancel, Command("cancel"))
    r.message.register(cancel, TextIs(buttons.CANCEL))
    return r
