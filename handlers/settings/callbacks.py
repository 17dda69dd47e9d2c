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
    ZONE_SAME = "tz0"  # the member's own zone (first in the list): nothing changes
    KEEP_CLOCK = "tzc"  # planned meetings keep their clock time (the new zone: FSM data)
    KEEP_MOMENT = "tzm"  # planned meetings keep their moments
    ZONE_KEEP = "tzx"  # after all, the zone stays
    FORMS = "afs"  # ask the form of address
    FORM = "af"  # set it (idx: 0 feminine, 1 masculine)
    ORG_NAME = "org"  # ask the organisation's new name (admins)
    TOWN = "town"  # ask its new municipality (admins)


class SetCb(CallbackData, prefix="st"):
    action: SetAct
    idx: int = -1
