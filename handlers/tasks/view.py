"""What the task screens share: rendering, a task's card, the task a button names."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Ctx
from bot.domain import dates
from bot.services import tasks as service
from handlers.shared.callbacks import MoveTask
from handlers.tasks import keyboards
from storage import meetings as meetings_db
from storage import tasks as db
from storage.models import Task
from texts import Texts, buttons
from texts import tasks as words

TITLE_MIN = 2


def render(tx: Texts, name: str, **context: Any) -> str:
    """A tasks template, with the feature's labels at hand as `words`."""
    return tx.render(name, words=words, **context)


def message_of(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def load(ctx: Ctx, callback_answer: CallbackAnswer, task_id: int) -> Task | None:
    """The task a button names, in the member's organisation; else the not-found alert."""
    task = await db.get_task(ctx.session, ctx.org, task_id)
    if task is None:
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
    return task


async def card_text(
    session: AsyncSession,
    tx: Texts,
    task: Task,
    *,
    viewer_id: int,
    timezone: str,
    now: datetime,
    header: str = "",
    notes: list[str] | None = None,
) -> str:
    """The task: what, for whom, when (and when it is reminded of), whose, from which
    meeting. `header`: "new", "moved", "snoozed", "done", "reminder"…"""
    today = service.local_today(now, timezone)
    person = (
        await db.member_of(session, task.organisation_id, task.member_id)
        if task.member_id and task.member_id != viewer_id
        else None
    )
    meeting = (
        await meetings_db.get_meeting(session, task.organisation_id, task.meeting_id)
        if task.meeting_id
        else None
    )
    zone = ZoneInfo(timezone)
    return render(
        tx,
        "tasks/card.html",
        t=task,
        header=header,
        partner=await db.partner_name(session, task),
        day=words.human_day(task.due_day),
        late=(today - task.due_day).days,
        remind=f"{task.remind_at.astimezone(zone):%H:%M}" if task.remind_at else "",
        reminded=bool(task.remind_at and task.remind_at > now),
        tz_label=buttons.timezone_label(timezone),
        person=person.full_name if person else "",
        meeting_day=f"{meeting.starts_at.astimezone(zone):%d.%m.%Y}" if meeting else "",
        notes=notes or [],
    )


async def ctx_card(ctx: Ctx, task: Task, header: str = "", notes: list[str] | None = None) -> str:
    return await card_text(
        ctx.session,
        ctx.tx,
        task,
        viewer_id=ctx.member.id,
        timezone=ctx.member.timezone,
        now=ctx.now(),
        header=header,
        notes=notes,
    )


def other_day(task: Task, parsed: dates.ParsedMoment | None) -> InlineKeyboardButton | None:
    """The other reading of an ambiguous date, as a button that moves the task to it."""
    if parsed is None or parsed.alternative is None:
        return None
    label = dates.alternative_button(parsed)
    other = parsed.alternative
    if label is None:
        return None
    hm = other.local.hour * 60 + other.local.minute if other.has_time else -1
    data = MoveTask(id=task.id, day=int(f"{other.day:%Y%m%d}"), hm=hm).pack()
    return InlineKeyboardButton(text=label, callback_data=data)


async def send_card(
    message: Message,
    ctx: Ctx,
    task: Task,
    header: str = "",
    parsed: dates.ParsedMoment | None = None,
) -> None:
    notes = dates.notes(parsed) if parsed is not None else None
    await message.answer(
        await ctx_card(ctx, task, header, notes),
        reply_markup=keyboards.card(task, other_day(task, parsed)),
    )


def day_of(value: int) -> date | None:
    """A yyyymmdd number from a button (untrusted) as a date, or None."""
    try:
        return date(value // 10000, value // 100 % 100, value % 100)
    except ValueError:
        return None
