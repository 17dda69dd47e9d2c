"""The task form (its state names are stored: a flow resumes after a restart)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class TaskForm(StatesGroup):
    partner = State()  # for which partner (a typed part of the name searches)
    title = State()  # what to do
    day = State()  # when: a new task's day, or a moved task's (data: task_id)
