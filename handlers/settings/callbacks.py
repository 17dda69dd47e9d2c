"""Buttons of /settings. The invitation button is the shared `Invite` entry point
(handlers/shared/callbacks.py), which the coach offers too."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class SetAct(StrEnum):
    NAME = "name"  # ask the new name
    POSITION = "pos"  # ask the new position
    ZONES = "tzs"  # show the time zones
    ZONE = "tz"  # move to the zone idx (index in texts.buttons.TIMEZONES)


class SetCb(CallbackData, prefix="st"):
    action: SetAct
    idx: int = -1
