"""Keyboards of onboarding."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.timezones import ordered_choices
from handlers.start.callbacks import ConsentCb, FormAct, FormCb, TzAct, TzCb
from texts import buttons
from texts import members as words

ZONES = list(buttons.TIMEZONES.values())


def proposal(label: str) -> InlineKeyboardMarkup:
    """The proposed zone and «another one»."""
    kb = InlineKeyboardBuilder()
    kb.button(text=label, callback_data=TzCb(action=TzAct.GUESS))
    kb.button(text=buttons.TZ_OTHER, callback_data=TzCb(action=TzAct.ALL))
    kb.adjust(1)
    return kb.as_markup()


def timezones(proposed: str) -> InlineKeyboardMarkup:
    """Every offered zone, one per row, the proposed one's first (a precise zone such as
    Asia/Tomsk stays the proposed one: its button is GUESS)."""
    kb = InlineKeyboardBuilder()
    for choice in ordered_choices(proposed):
        if choice.zone in ZONES:
            data = TzCb(action=TzAct.PICK, idx=ZONES.index(choice.zone))
        else:
            data = TzCb(action=TzAct.GUESS)
        kb.button(text=choice.label, callback_data=data)
    kb.adjust(1)
    return kb.as_markup()


def address_form() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=words.FORM_FEMININE, callback_data=FormCb(action=FormAct.FEMININE))
    kb.button(text=words.FORM_MASCULINE, callback_data=FormCb(action=FormAct.MASCULINE))
    kb.adjust(2)
    return kb.as_markup()


def consent() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=buttons.CONSENT, callback_data=ConsentCb())
    return kb.as_markup()
