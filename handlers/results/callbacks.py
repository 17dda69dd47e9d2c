"""The results log's callback data: actions and ids only (values are the enums' codes)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.domain.results import ResultKind
from handlers.shared.ids import RowId


class ResAct(StrEnum):
    LIST = "l"  # the log, page `page`
    ADD = "a"  # start recording a result
    OPEN = "o"  # a result's card
    FILE = "f"  # send its photo or file again
    DELETE = "d"  # ask to confirm
    DELETE_OK = "dk"  # confirmed


class ResCb(CallbackData, prefix="res"):
    action: ResAct
    id: RowId = 0
    page: RowId = 0


class KindCb(CallbackData, prefix="rsk"):
    """The kind of the result being recorded."""

    kind: ResultKind


class ChoiceCb(CallbackData, prefix="rsv"):
    """A value of a choice field (a prize's level, a programme's change): a code the handler
    checks against the field's choices."""

    value: str


class DayAct(StrEnum):
    TODAY = "t"
    YESTERDAY = "y"
    EVENT = "e"  # the day of the event the result came from


class DayCb(CallbackData, prefix="rsd"):
    action: DayAct


class PartnerAct(StrEnum):
    TOGGLE = "t"  # tick or untick the partner `id`
    DONE = "d"  # the ticked ones
    NONE = "n"  # without a partner


class PartnerCb(CallbackData, prefix="rsp"):
    action: PartnerAct
    id: RowId = 0


class EventCb(CallbackData, prefix="rse"):
    """The event of the work plan the result came from; 0: none."""

    id: RowId = 0
