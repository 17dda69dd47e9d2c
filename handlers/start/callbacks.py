"""Buttons of onboarding."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class TzAct(StrEnum):
    PICK = "p"  # this zone (idx: index in texts.buttons.TIMEZONES)
    ALL = "a"  # show the full list
    GUESS = "g"  # the proposed zone (kept in the FSM data: `tz_guess`)


class TzCb(CallbackData, prefix="tz"):
    action: TzAct
    idx: int = 0


class FormAct(StrEnum):
    """The form of address (storage.models.org.AddressForm values)."""

    FEMININE = "f"
    MASCULINE = "m"


class FormCb(CallbackData, prefix="af"):
    action: FormAct


class ConsentCb(CallbackData, prefix="ok"):
    """Consent to the processing of personal data: the last step."""
