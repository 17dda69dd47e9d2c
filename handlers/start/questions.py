"""The questions of onboarding and joining, and the typed answers. Each answer goes into
FSM data at once; the next question is the first one still open (the time zone's buttons
and typed places: handlers/start/timezone.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.domain.search import has_name_chars
from bot.services import onboarding
from handlers.start import keyboards
from handlers.start.states import TEXT_STEPS, Joining, Onboarding, first_open_step, key_of
from texts import Texts

# the questions answered with a button: their keyboard (from the answers so far)
MARKUPS: dict[str, Callable[[dict[str, Any]], InlineKeyboardMarkup]] = {
    "address_form": lambda _: keyboards.address_form(),
    "timezone": lambda data: keyboards.proposal(data["tz_label"]),
    "consent": lambda _: keyboards.consent(),
}


async def _propose_zone(state: FSMContext, settings: Settings) -> None:
    """The zone proposed first: the municipality's, else the default (kept in the data,
    so the button carries no zone)."""
    data = await state.get_data()
    guess = onboarding.zone_guess(data.get("municipality"), settings.default_timezone)
    await state.update_data(tz_guess=guess.zone, tz_label=guess.label, tz_found=guess.from_place)


async def ask(
    message: Message, state: FSMContext, step: State, tx: Texts, settings: Settings
) -> None:
    """Ask the question of `step` and move the conversation there."""
    await state.set_state(step)
    key = key_of(step)
    if key == "timezone":
        await _propose_zone(state, settings)
    data = await state.get_data()
    markup = MARKUPS[key](data) if key in MARKUPS else None
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
    if not has_name_chars(value):  # «😀😀», «--»: no name, town or position
        await message.answer(tx.render("start/bad_nameless.html"))
        return
    answers: dict[str, Any] = {key: value}
    if key == "full_name":  # the form of address, when the name tells it (else: asked next)
        answers["address_form"] = onboarding.address_form_of(value)
    await state.update_data(answers)
    await ask_next(message, state, tx, settings)


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
    return r
