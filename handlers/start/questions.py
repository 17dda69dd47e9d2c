"""The questions of onboarding and joining: typed answers and the time zone buttons. Each
answer goes into FSM data at once; the next question is the first one still open."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.config import Settings
from handlers.shared.keyboards import edit
from handlers.start import keyboards
from handlers.start.callbacks import TzAct, TzCb
from handlers.start.states import TEXT_STEPS, Joining, Onboarding, first_open_step, key_of
from texts import Texts, buttons

# the questions answered with a button: their keyboard
MARKUPS: dict[str, Callable[[Settings], InlineKeyboardMarkup]] = {
    "timezone": lambda settings: keyboards.timezones(settings.default_timezone, full=False),
    "consent": lambda _: keyboards.consent(),
}


async def ask(
    message: Message, state: FSMContext, step: State, tx: Texts, settings: Settings
) -> None:
    """Ask the question of `step` and move the conversation there."""
    await state.set_state(step)
    data = await state.get_data()
    key = key_of(step)
    markup = MARKUPS[key](settings) if key in MARKUPS else None
    limit = TEXT_STEPS.get(step.state or "", ("", 0))[1]
    await message.answer(
        tx.render(f"start/ask_{key}.html", data=data, limit=limit, joining=step.group is Joining),
        reply_markup=markup,
    )


async def ask_next(message: Message, state: FSMContext, tx: Texts, settings: Settings) -> None:
    """The first question still open."""
    await ask(message, state, first_open_step(await state.get_data()), tx, settings)


async def text_answer(message: Message, state: FSMContext, tx: Texts, settings: Settings) -> None:
    key, limit = TEXT_STEPS[await state.get_state() or ""]
    if message.text is None:
        await message.answer(tx.render("start/need_text.html"))
        return
    value = message.text.strip()
    if len(value) < 2 or len(value) > limit:
        await message.answer(tx.render("start/bad_length.html", limit=limit))
        return
    await state.update_data({key: value})
    await ask_next(message, state, tx, settings)


async def pick_timezone(
    query: CallbackQuery,
    callback_data: TzCb,
    state: FSMContext,
    tx: Texts,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    zones = list(buttons.TIMEZONES.items())
    if not 0 <= callback_data.idx < len(zones):
        callback_answer.text = tx.render("common/stale.html")
        return
    if not isinstance(query.message, Message):
        return
    label, tz = zones[callback_data.idx]
    await state.update_data(timezone=tz)
    await query.message.edit_text(tx.render("start/tz_chosen.html", label=label))
    await ask_next(query.message, state, tx, settings)


async def all_timezones(query: CallbackQuery, settings: Settings) -> None:
    if isinstance(query.message, Message):
        await edit(
            query.message,
            reply_markup=keyboards.timezones(settings.default_timezone, full=True),
        )


async def timezone_typed(message: Message, tx: Texts, settings: Settings) -> None:
    await message.answer(
        tx.render("start/tz_use_buttons.html"),
        reply_markup=keyboards.timezones(settings.default_timezone, full=True),
    )


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(
        text_answer,
        StateFilter(
            Onboarding.org_name,
            Onboarding.municipality,
            Onboarding.full_name,
            Onboarding.position,
            Joining.full_name,
            Joining.position,
        ),
    )
    zone = StateFilter(Onboarding.timezone)
    r.callback_query.register(pick_timezone, zone, TzCb.filter(F.action == TzAct.PICK))
    r.callback_query.register(all_timezones, zone, TzCb.filter(F.action == TzAct.ALL))
    r.message.register(timezone_typed, zone)
    return r
