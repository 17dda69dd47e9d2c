"""Keyboards of onboarding."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.start.callbacks import ConsentCb, TzAct, TzCb
from texts import buttons

DEFAULT_ZONE_INDEX = 3  # when the configured default zone is not among ours


def timezones(default_tz: str, *, full: bool) -> InlineKeyboardMarkup:
    """The default zone and «another one», or (`full`) every zone, one per row."""
    labels = list(buttons.TIMEZONES)
    kb = InlineKeyboardBuilder()
    if full:
        for i, label in enumerate(labels):
            kb.button(text=label, callback_data=TzCb(action=TzAct.PICK, idx=i))
    else:
        zones = list(buttons.TIMEZONES.values())
        default = zones.index(default_tz) if default_tz in zones else DEFAULT_ZONE_INDEX
        kb.button(text=labels[default], callback_data=TzCb(action=TzAct.PICK, idx=default))
        kb.button(text=buttons.TZ_OTHER, callback_data=TzCb(action=TzAct.ALL))
    kb.adjust(1)
    return kb.as_markup()


def consent() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=buttons.CONSENT, callback_data=ConsentCb())
    return kb.as_markup()
