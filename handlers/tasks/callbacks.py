"""The tasks' callback data: an action (a short `StrEnum` value) and ids only.

Entry points other features offer (a partner's tasks, a new task, a task moved to the
other reading of its date) are in handlers/shared/callbacks.py.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.shared.ids import RowId


class TaskAct(StrEnum):
    OPEN = "o"  # the task's card
    DONE = "d"
    SNOOZE = "z"  # to tomorrow, the same time
    MOVE = "m"  # asks the new day
    DROP = "x"  # asks for confirmation
    DROP_YES = "xy"


class TaskCb(CallbackData, prefix="tsk"):
    """A button about one task (`id`)."""

    action: TaskAct
    id: RowId


class FormAct(StrEnum):
    PRESET = "p"  # idx: a usual task, in TaskKind.PRESETS
    DAY = "d"  # idx: in so many days


class FormCb(CallbackData, prefix="tsf"):
    """An answer given by a button in the task form."""

    action: FormAct
    idx: int = 0
