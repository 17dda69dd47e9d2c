"""The day of a task, new or moved: typed ("15.12", "on Friday", "in a week", "15.12 at
11:00", read by bot/domain/dates.py), a quick day, or the calendar. Reminded of at 09:00 on
that day, or at the time typed; an ambiguous phrase offers its other reading as a button."""

from __future__ import annotations

from datetime import timedelta

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.domain import dates
from bot.reminders import ReminderEngine
from bot.services import tasks as service
from handlers.shared.calendar import CalCb, CalendarPick
from handlers.shared.filters import Has
from handlers.tasks import keyboards
from handlers.tasks.callbacks import FormAct, FormCb
from handlers.tasks.states import TaskForm
from handlers.tasks.view import message_of, render, send_card
from storage import partners as partners_db
from storage import tasks as db
from storage.models import TaskKind, TaskStatus
from texts import meetings as meeting_words
from texts import tasks as words


async def ask_day(message: Message, ctx: Ctx, title: str, task_id: int = 0) -> None:
    """When: a new task's day, or (`task_id`) a moved task's."""
    await ctx.state.set_state(TaskForm.day)
    await ctx.state.update_data(task_id=task_id)
    await message.answer(
        render(ctx.tx, "tasks/ask_day.html", title=title, moving=bool(task_id)),
        reply_markup=keyboards.days(ctx.today()),
    )


async def day_typed(message: Message, ctx: Ctx, reminders: ReminderEngine | None = None) -> None:
    parsed = dates.parse_moment(message.text or "", ctx.now(), ctx.member.timezone)
    if isinstance(parsed, dates.ParseError):
        await message.answer(
            render(
                ctx.tx,
                "tasks/bad_day.html",
                reason=meeting_words.PARSE_ERRORS.get(parsed.reason, ""),
                detail=parsed.detail,
            )
        )
        return
    due = service.Due(parsed.day, parsed.local.time() if parsed.has_time else None)
    await _apply(message, ctx, due, reminders, parsed)


async def text_expected(message: Message, ctx: Ctx) -> None:
    """A sticker, photo… instead of a day: the same question stands."""
    await message.answer(ctx.render("start/need_text.html"))


async def quick_day(
    query: CallbackQuery,
    callback_data: FormCb,
    ctx: Ctx,
    reminders: ReminderEngine | None = None,
) -> None:
    if not (message := message_of(query)):
        return
    if callback_data.idx not in {n for _, n in words.QUICK_DAYS}:
        await message.answer(ctx.render("common/stale.html"))
        return
    due = service.Due(ctx.today() + timedelta(days=callback_data.idx))
    await _apply(message, ctx, due, reminders)


async def calendar_day(
    query: CallbackQuery, callback_data: CalCb, ctx: Ctx, reminders: ReminderEngine | None = None
) -> None:
    if not (message := message_of(query)):
        return
    if callback_data.day < ctx.today():
        await message.answer(
            render(
                ctx.tx,
                "tasks/bad_day.html",
                reason=meeting_words.PARSE_ERRORS["past"],
                detail=f"{callback_data.day:%d.%m.%Y}",
            )
        )
        return
    await _apply(message, ctx, service.Due(callback_data.day), reminders)


async def _apply(
    message: Message,
    ctx: Ctx,
    due: service.Due,
    engine: ReminderEngine | None,
    parsed: dates.ParsedMoment | None = None,
) -> None:
    """The day given: the task moved, or the new one created; its card."""
    data = await ctx.state.get_data()
    await ctx.state.clear()
    task_id = int(data.get("task_id") or 0)
    if task_id:
        task = await db.get_task(ctx.session, ctx.org, task_id)
        if task is None or task.status != TaskStatus.OPEN:
            await message.answer(ctx.render("common/stale.html"))
            return
        moment = await service.move(ctx.session, ctx.member, task, due, ctx.now())
        header = "moved"
    else:
        partner = await partners_db.get_partner(
            ctx.session, ctx.org, int(data.get("partner_id") or 0)
        )
        if partner is None or not data.get("title"):
            await message.answer(ctx.render("common/not_found.html"))
            return
        task, moment = await service.create(
            ctx.session,
            ctx.member,
            partner,
            title=str(data["title"]),
            kind=str(data.get("kind") or TaskKind.CUSTOM),
            due=due,
            now=ctx.now(),
        )
        header = "new"
    if engine is not None and moment is not None:
        engine.notify(moment)
    await send_card(message, ctx, task, header, parsed)


def router() -> Router:
    r = Router(name=__name__)
    asking = StateFilter(TaskForm.day)
    r.message.register(day_typed, asking, Has("text"))
    r.message.register(text_expected, asking)
    r.callback_query.register(quick_day, FormCb.filter(F.action == FormAct.DAY), asking)
    r.callback_query.register(calendar_day, CalendarPick(keyboards.SCOPE, "d"), asking)
    return r
