"""A task's card (also the reminder's buttons): done, to tomorrow, move, drop; the other
reading of its date."""

from __future__ import annotations

from datetime import time

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.reminders import ReminderEngine
from bot.services import tasks as service
from handlers.shared.callbacks import MoveTask, OpenTask
from handlers.shared.keyboards import edit
from handlers.tasks import keyboards
from handlers.tasks.callbacks import TaskAct, TaskCb
from handlers.tasks.view import ctx_card, day_of, load, message_of, render, send_card
from handlers.tasks.when import ask_day
from storage.models import Task, TaskStatus


async def _open_task(
    query: CallbackQuery, ctx: Ctx, callback_answer: CallbackAnswer, task_id: int
) -> Task | None:
    """The task a button names, if it is still open (else «stale»)."""
    task = await load(ctx, callback_answer, task_id)
    if task is not None and task.status != TaskStatus.OPEN:
        callback_answer.text = ctx.render("common/stale.html")
        callback_answer.show_alert = True
        if message := message_of(query):
            await edit(message, await ctx_card(ctx, task), keyboards.card(task))
        return None
    return task


async def open_card(
    query: CallbackQuery,
    callback_data: TaskCb | OpenTask,
    ctx: Ctx,
    callback_answer: CallbackAnswer,
) -> None:
    if (message := message_of(query)) and (
        task := await load(ctx, callback_answer, callback_data.id)
    ):
        await send_card(message, ctx, task)


async def done(
    query: CallbackQuery, callback_data: TaskCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """Done: the card says so (edited in place), the partner card gets a line."""
    if not (message := message_of(query)):
        return
    if not (task := await _open_task(query, ctx, callback_answer, callback_data.id)):
        return
    await service.done(ctx.session, ctx.member, task, ctx.now())
    await edit(message, await ctx_card(ctx, task, "done"), keyboards.card(task))


async def snooze(
    query: CallbackQuery,
    callback_data: TaskCb,
    ctx: Ctx,
    callback_answer: CallbackAnswer,
    reminders: ReminderEngine | None = None,
) -> None:
    """To tomorrow, the same time of day (09:00 unless a time was typed)."""
    if not (message := message_of(query)):
        return
    if not (task := await _open_task(query, ctx, callback_answer, callback_data.id)):
        return
    moment = await service.move(
        ctx.session, ctx.member, task, service.snoozed(task, ctx.now()), ctx.now()
    )
    if reminders is not None and moment is not None:
        reminders.notify(moment)
    await edit(message, await ctx_card(ctx, task, "snoozed"), keyboards.card(task))


async def move(
    query: CallbackQuery, callback_data: TaskCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """Another day: the question (handlers/tasks/when)."""
    if not (message := message_of(query)):
        return
    if task := await _open_task(query, ctx, callback_answer, callback_data.id):
        await ctx.state.clear()
        await ask_day(message, ctx, task.title, task.id)


async def move_to(
    query: CallbackQuery,
    callback_data: MoveTask,
    ctx: Ctx,
    callback_answer: CallbackAnswer,
    reminders: ReminderEngine | None = None,
) -> None:
    """The other reading of the date typed ("No, Tuesday, 24 November"): the task moves."""
    if not (message := message_of(query)):
        return
    if not (task := await _open_task(query, ctx, callback_answer, callback_data.id)):
        return
    day = day_of(callback_data.day)
    hm = callback_data.hm
    if day is None or day < ctx.today() or not -1 <= hm < 24 * 60:
        callback_answer.text = ctx.render("common/stale.html")
        callback_answer.show_alert = True
        return
    at = time(hm // 60, hm % 60) if hm >= 0 else None
    moment = await service.move(ctx.session, ctx.member, task, service.Due(day, at), ctx.now())
    if reminders is not None and moment is not None:
        reminders.notify(moment)
    await send_card(message, ctx, task, "moved")


async def drop(
    query: CallbackQuery, callback_data: TaskCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """Drop it? — yes / no."""
    if not (message := message_of(query)):
        return
    if task := await _open_task(query, ctx, callback_answer, callback_data.id):
        await message.answer(
            render(ctx.tx, "tasks/drop_confirm.html", title=task.title),
            reply_markup=keyboards.drop_confirm(task),
        )


async def drop_yes(
    query: CallbackQuery, callback_data: TaskCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not (message := message_of(query)):
        return
    if task := await _open_task(query, ctx, callback_answer, callback_data.id):
        await service.drop(ctx.session, task, ctx.now())
        await edit(message, await ctx_card(ctx, task, "dropped"), keyboards.card(task))


def router() -> Router:
    r = Router(name=__name__)
    for action, handler in (
        (TaskAct.OPEN, open_card),
        (TaskAct.DONE, done),
        (TaskAct.SNOOZE, snooze),
        (TaskAct.MOVE, move),
        (TaskAct.DROP, drop),
        (TaskAct.DROP_YES, drop_yes),
    ):
        r.callback_query.register(handler, TaskCb.filter(F.action == action))
    r.callback_query.register(move_to, MoveTask.filter())
    r.callback_query.register(open_card, OpenTask.filter())  # from /next
    return r
