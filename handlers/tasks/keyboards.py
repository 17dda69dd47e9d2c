"""The tasks' inline keyboards (labels from texts.tasks)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.shared import calendar
from handlers.shared.callbacks import Draft, NewMeeting, NewTask, OpenPartner, PartnerTasks
from handlers.tasks.callbacks import FormAct, FormCb, TaskAct, TaskCb
from storage.models import Task, TaskKind, TaskStatus
from storage.tasks import TaskRow
from texts import shorten
from texts import tasks as words

SCOPE = "tk"  # the task's calendar (handlers/shared/calendar.py)
LABEL_LIMIT = 60


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _task(text: str, action: TaskAct, task_id: int) -> InlineKeyboardButton:
    return _button(text, TaskCb(action=action, id=task_id).pack())


def _to_partner(partner_id: int) -> InlineKeyboardButton:
    return _button(words.TO_PARTNER, OpenPartner(id=partner_id).pack())


def mark(task: Task, today: date) -> str:
    """⚠️ overdue, 🔔 today, else the kind's icon."""
    if task.due_day < today:
        return words.OVERDUE_MARK
    if task.due_day == today:
        return words.TODAY_MARK
    return words.KIND_ICONS.get(task.kind, words.KIND_ICONS[TaskKind.CUSTOM])


def row_button(
    index: int, row: TaskRow, today: date, *, with_partner: bool
) -> InlineKeyboardButton:
    """One task of a list: its mark, number, day, title (and partner)."""
    task = row.task
    text = f"{mark(task, today)} {index}. {words.short_day(task.due_day, today)} · {task.title}"
    if with_partner:
        text += f" · {row.partner_name}"
    return _task(shorten(text, LABEL_LIMIT), TaskAct.OPEN, task.id)


def card(task: Task, other: InlineKeyboardButton | None = None) -> InlineKeyboardMarkup:
    """An open task: done, tomorrow, move, drop; what the task calls for (plan the meeting,
    the draft agreement); back to the partner or to all tasks. A closed one: back only."""
    kb = InlineKeyboardBuilder()
    tid, pid = task.id, task.partner_id
    if task.status == TaskStatus.OPEN:
        if other is not None:
            kb.row(other)
        kb.row(_task(words.DONE, TaskAct.DONE, tid), _task(words.SNOOZE, TaskAct.SNOOZE, tid))
        kb.row(_task(words.MOVE, TaskAct.MOVE, tid), _task(words.DROP, TaskAct.DROP, tid))
        if task.kind == TaskKind.MEETING:
            kb.row(_button(words.PLAN_MEETING, NewMeeting(partner_id=pid).pack()))
        elif task.kind == TaskKind.DRAFT:
            kb.row(_button(words.DRAFT_DOC, Draft(kind="agr", partner_id=pid).pack()))
    kb.row(_to_partner(pid), _button(words.ALL, PartnerTasks(partner_id=0).pack()))
    return kb.as_markup()


def drop_confirm(task: Task) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(
        _task(words.DROP_YES, TaskAct.DROP_YES, task.id),
        _task(words.DROP_NO, TaskAct.OPEN, task.id),
    )
    return kb.as_markup()


def listing(rows: Sequence[TaskRow], today: date, partner_id: int) -> InlineKeyboardMarkup:
    """Each task; add one; back to the partner (a partner's list) or every partner's."""
    kb = InlineKeyboardBuilder()
    for i, row in enumerate(rows, 1):
        kb.row(row_button(i, row, today, with_partner=not partner_id))
    kb.row(_button(words.NEW, NewTask(partner_id=partner_id).pack()))
    if partner_id:
        kb.row(_to_partner(partner_id), _button(words.ALL, PartnerTasks(partner_id=0).pack()))
    return kb.as_markup()


def presets() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for i, kind in enumerate(TaskKind.PRESETS):
        kb.row(_button(words.PRESET_BUTTONS[kind], FormCb(action=FormAct.PRESET, idx=i).pack()))
    return kb.as_markup()


def days(today: date) -> InlineKeyboardMarkup:
    """Quick days (tomorrow, in 3 days, in a week, in two), then the month's calendar."""
    quick = [
        _button(label, FormCb(action=FormAct.DAY, idx=n).pack()) for label, n in words.QUICK_DAYS
    ]
    return calendar.first_markup(SCOPE, today, [quick[:2], quick[2:]])


def partners(found: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for pid, name in found:
        kb.row(_button(shorten(name, LABEL_LIMIT), NewTask(partner_id=pid).pack()))
    return kb.as_markup()
