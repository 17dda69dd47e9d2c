"""/cancel and /help: they work everywhere, in any state."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove

from handlers.shared.filters import TextIs
from handlers.shared.keyboards import main_menu
from storage.orgs import MemberInfo
from texts import Texts, buttons

router = Router(name=__name__)


@router.message(Command("cancel"))
@router.message(TextIs(buttons.CANCEL))
async def cancel(message: Message, state: FSMContext, tx: Texts, member: MemberInfo | None) -> None:
    current = await state.get_state()
    onboarding = bool(current and current.startswith(("Onboarding", "Joining")))
    if onboarding:
        # keep the answers given so far: /start continues from the first open question
        await state.set_state(None)
    else:
        await state.clear()
    await message.answer(
        tx.render("common/cancel.html", had_flow=current is not None, onboarding=onboarding),
        reply_markup=main_menu() if member else ReplyKeyboardRemove(),
    )


@router.message(Command("help"))
async def help_(message: Message, tx: Texts, member: MemberInfo | None) -> None:
    await message.answer(
        tx.render("common/help.html", registered=member is not None, commands=buttons.COMMANDS),
        reply_markup=main_menu() if member else None,
    )
