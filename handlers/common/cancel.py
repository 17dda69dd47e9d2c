"""/cancel (and the «Отмена» button): leave whatever flow is open. A flow that already holds
`CONFIRM_FROM` answers or more is left only after a confirmation: a stray tap must not throw
away a form filled in for minutes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.common.callbacks import CancelAct, CancelCb
from handlers.shared.filters import TextIs
from handlers.shared.keyboards import edit, main_menu
from storage.orgs import MemberInfo
from texts import Texts, buttons
from texts import common as words

ONBOARDING = ("Onboarding", "Joining")
CONFIRM_FROM = 3
# FSM data that is context, not an answer: what the flow is about (ids and the names shown
# with them, a field being edited, a file's details), bookkeeping and pending confirmations
CONTEXT_SUFFIXES = ("id", "_name", "_kind", "_field")
CONTEXT_KEYS = frozenset(
    {"done", "draft", "preset", "pending", "list_past", "q", "sq", "contact", "age_to"}
)


# lists that are one multiple choice (chosen directions, partners); other lists hold one
# answer per item (an evaluation's scores)
ONE_CHOICE_LISTS = frozenset({"directions", "partners"})


def answers_in(data: Mapping[str, Any]) -> int:
    """How many answers the flow's data holds."""
    count = 0
    for key, value in data.items():
        if key in CONTEXT_KEYS or key.endswith(CONTEXT_SUFFIXES):
            continue
        if isinstance(value, list):
            count += (1 if key in ONE_CHOICE_LISTS else len(value)) if value else 0
        elif value not in (None, "", False) and value != {}:
            count += 1
    return count


def confirm_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=words.CANCEL_YES, callback_data=CancelCb(action=CancelAct.YES))
    kb.button(text=words.CANCEL_NO, callback_data=CancelCb(action=CancelAct.NO))
    kb.adjust(2)
    return kb.as_markup()


async def _leave(message: Message, state: FSMContext, tx: Texts, member: MemberInfo | None) -> None:
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


async def cancel(message: Message, state: FSMContext, tx: Texts, member: MemberInfo | None) -> None:
    current = await state.get_state()
    if current is not None and not current.startswith(ONBOARDING):
        answers = answers_in(await state.get_data())
        if answers >= CONFIRM_FROM:
            await message.answer(
                tx.render("common/cancel_confirm.html", answers=answers),
                reply_markup=confirm_keyboard(),
            )
            return
    await _leave(message, state, tx, member)


async def confirmed(
    query: CallbackQuery, state: FSMContext, tx: Texts, member: MemberInfo | None
) -> None:
    if isinstance(query.message, Message):
        await edit(query.message, reply_markup=None)
        await _leave(query.message, state, tx, member)


async def go_on(query: CallbackQuery, state: FSMContext, tx: Texts) -> None:
    if isinstance(query.message, Message):
        await edit(query.message, reply_markup=None)
        had_flow = await state.get_state() is not None
        await query.message.answer(tx.render("common/cancel_go_on.html", had_flow=had_flow))


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(cancel, Command("cancel"))
    r.message.register(cancel, TextIs(buttons.CANCEL))
    r.callback_query.register(confirmed, CancelCb.filter(F.action == CancelAct.YES))
    r.callback_query.register(go_on, CancelCb.filter(F.action == CancelAct.NO))
    return r
