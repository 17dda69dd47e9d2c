"""The time zone step of onboarding: the municipality's zone proposed first («Тюмень —
UTC+5 (МСК+2), верно?»), the full list, and a typed city, region or offset."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.config import Settings
from bot.services import onboarding
from handlers.shared.keyboards import edit
from handlers.start import keyboards
from handlers.start.callbacks import TzAct, TzCb
from handlers.start.questions import ask_next
from handlers.start.states import Onboarding
from texts import Texts, buttons


async def _proposed(state: FSMContext, settings: Settings) -> tuple[str, str]:
    """(zone, label) proposed at this step (the default when the data lost it)."""
    data = await state.get_data()
    if data.get("tz_guess") and data.get("tz_label"):
        return str(data["tz_guess"]), str(data["tz_label"])
    guess = onboarding.zone_guess(data.get("municipality"), settings.default_timezone)
    return guess.zone, guess.label


async def _chosen(
    message: Message, state: FSMContext, tx: Texts, settings: Settings, zone: str
) -> None:
    await state.update_data(timezone=zone)
    await ask_next(message, state, tx, settings)


async def pick(
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
    label, zone = zones[callback_data.idx]
    await query.message.edit_text(tx.render("start/tz_chosen.html", label=label))
    await _chosen(query.message, state, tx, settings, zone)


async def guess(query: CallbackQuery, state: FSMContext, tx: Texts, settings: Settings) -> None:
    if not isinstance(query.message, Message):
        return
    zone, label = await _proposed(state, settings)
    await query.message.edit_text(tx.render("start/tz_chosen.html", label=label))
    await _chosen(query.message, state, tx, settings, zone)


async def all_zones(query: CallbackQuery, state: FSMContext, settings: Settings) -> None:
    if isinstance(query.message, Message):
        zone, _ = await _proposed(state, settings)
        await edit(query.message, reply_markup=keyboards.timezones(zone))


async def typed(message: Message, state: FSMContext, tx: Texts, settings: Settings) -> None:
    proposed = await _proposed(state, settings)
    found = onboarding.typed_zone(message.text, proposed) if message.text else None
    if found is None:
        await message.answer(
            tx.render("start/tz_not_found.html", text=message.text or ""),
            reply_markup=keyboards.timezones(proposed[0]),
        )
        return
    zone, label = found
    await message.answer(tx.render("start/tz_chosen.html", label=label, typed=True))
    await _chosen(message, state, tx, settings, zone)


def router() -> Router:
    r = Router(name=__name__)
    step = StateFilter(Onboarding.timezone)
    r.callback_query.register(pick, step, TzCb.filter(F.action == TzAct.PICK))
    r.callback_query.register(guess, step, TzCb.filter(F.action == TzAct.GUESS))
    r.callback_query.register(all_zones, step, TzCb.filter(F.action == TzAct.ALL))
    r.message.register(typed, step)
    return r
