"""Buttons of /cancel's confirmation (asked when the open flow holds several answers)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class CancelAct(StrEnum):
    YES = "y"  # leave the flow, its answers dropped
    NO = "n"  # go on with the flow


class CancelCb(CallbackData, prefix="cn"):
    action: CancelAct
