"""The last step: consent to the processing of personal data, then the member is saved."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.services import onboarding
from handlers.shared.keyboards import main_menu
from handlers.start import keyboards
from handlers.start.callbacks import ConsentCb
from handlers.start.states import Joining, Onboarding
from storage.orgs import MemberInfo
from texts import Texts


async def consent(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    tx: Texts,
    clock: Clock,
    member: MemberInfo | None,
) -> None:
    if not isinstance(query.message, Message):
        return
    if member is None:  # already a member (registered meanwhile): nothing more to save
        member = await onboarding.register(
            session,
            await state.get_data(),
            telegram_id=query.from_user.id,
            chat_id=query.message.chat.id,
            now=clock.now(),
        )
    await state.clear()
    await query.message.edit_reply_markup(reply_markup=None)
    await query.message.answer(
        tx.render("start/done.html", member=member), reply_markup=main_menu()
    )


async def consent_typed(message: Message, tx: Texts) -> None:
    await message.answer(
        tx.render("start/consent_use_button.html"), reply_markup=keyboards.consent()
    )


def router() -> Router:
    r = Router(name=__name__)
    asked = StateFilter(Onboarding.consent, Joining.consent)
    r.callback_query.register(consent, asked, ConsentCb.filter())
    r.message.register(consent_typed, asked)
    return r
