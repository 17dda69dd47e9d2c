"""Buttons of the requisites screens: ours (pid 0) and a partner's (pid); `i` is a group's
or a field's index (texts.requisites.GROUPS, bot.domain.requisites.FIELDS). The entry
point is handlers.shared.callbacks.Requisites."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class ReqAct(StrEnum):
    WALK = "w"  # every field but the bank's, one after another
    GROUP = "g"  # the fields of group i
    SKIP = "k"  # keep field i as it is and go on
    CLEAR = "c"  # empty field i and go on
    STOP = "x"  # leave the questions: the screen
    MALE = "m"  # the director just named is a man
    FEMALE = "f"


class ReqCb(CallbackData, prefix="rq"):
    action: ReqAct
    pid: int = 0
    i: int = 0
