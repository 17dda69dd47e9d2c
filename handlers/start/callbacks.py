"""Buttons of onboarding."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class TzAct(StrEnum):
    PICK = "p"  # this zone (idx: index in texts.buttons.TIMEZONES)
    ALL = "a"  # show the full list


class TzCb(CallbackData, prefix="tz"):
    action: TzAct
    idx: int = 0


class ConsentCb(CallbackData, prefix="ok"):
    """Consent to the processing of personal data: the last step."""
