"""The programmes' callback data."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.shared.ids import RowId


class ProgAct(StrEnum):
    LIST = "l"  # the list of programmes
    ADD = "a"  # start the add flow
    OPEN = "o"  # a programme's card
    DELETE = "d"  # ask to confirm
    DELETE_OK = "dk"  # confirmed


class ProgCb(CallbackData, prefix="pr"):
    action: ProgAct
    id: RowId = 0


class ProgField(StrEnum):
    NAME = "name"
    FOCUS = "focus"
    AGES = "ages"
    DESCRIPTION = "description"


class ProgEdit(CallbackData, prefix="pq"):
    """Change one field of a programme."""

    id: RowId
    field: ProgField


class FocusAct(StrEnum):
    SET = "s"  # the area idx (index in storage.enums.FocusArea)
    LATER = "l"  # not now (it was asked once)


class FocusCb(CallbackData, prefix="pgf"):
    """An older programme's focus area, asked once."""

    action: FocusAct
    id: RowId
    idx: int = 0
