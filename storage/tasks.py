"""Queries for tasks: the dated next steps with a partner, and their reminders.

Nothing here commits (bot/services/tasks.py does). Every read is scoped by the
organisation; ids from callbacks are untrusted (an id no database can hold is not found).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import reminders
from storage.models import Member, Partner, PartnerNote, Task, TaskStatus
from storage.partners import norm, valid_id

KIND_DUE = "task.due"  # the reminder on the task's day (09:00 local, or the typed time)
REMINDER_KINDS = (KIND_DUE,)
PAGE = 15


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A task with what a list shows next to it."""

    task: Task
    partner_name: str
    member_name: str | None  # whose task (None: nobody's any more)


async def create_task(
    session: AsyncSession,
    *,
    organisation_id: int,
    partner_id: int,
    member_id: int | None,
    created_by_id: int | None,
    meeting_id: int | None,
    kind: str,
    title: str,
    due_day: date,
    has_time: bool,
    remind_at: datetime | None,
    timezone: str,
    now: datetime,
) -> Task:
    """Add an open task (no commit)."""
    task = Task(
        organisation_id=organisation_id,
        partner_id=partner_id,
        member_id=member_id,
        created_by_id=created_by_id,
        meeting_id=meeting_id,
        kind=kind,
        title=title[:300],
        due_day=due_day,
        has_time=has_time,
        remind_at=remind_at,
        timezone=timezone,
        status=TaskStatus.OPEN,
        created_at=now,
        updated_at=now,
    )
    session.add(task)
    await session.flush()
    return task


async def get_task(session: AsyncSession, organisation_id: int, task_id: int) -> Task | None:
    """The task, only if it belongs to the organisation."""
    if not valid_id(task_id):
        return None
    result = await session.execute(
        select(Task).where(Task.id == task_id, Task.organisation_id == organisation_id)
    )
    return result.scalar_one_or_none()


async def _rows(
    session: AsyncSession, conditions: list[ColumnElement[bool]], limit: int
) -> list[TaskRow]:
    result = await session.execute(
        select(Task, Partner.name, Member.full_name)
        .join(Partner, Partner.id == Task.partner_id)
        .outerjoin(Member, Member.id == Task.member_id)
        .where(*conditions)
        .order_by(Task.due_day, Task.remind_at.is_(None), Task.remind_at, Task.id)
        .limit(limit)
    )
    return [TaskRow(task, partner, member) for task, partner, member in result.all()]


async def open_tasks(
    session: AsyncSession,
    organisation_id: int,
    *,
    partner_id: int | None = None,
    member_id: int | None = None,
    limit: int = PAGE,
) -> list[TaskRow]:
    """Open tasks, the earliest due first (overdue, today, later), of one partner or one
    member (their own and nobody's) when given."""
    conditions: list[ColumnElement[bool]] = [
        Task.organisation_id == organisation_id,
        Task.status == TaskStatus.OPEN,
    ]
    if partner_id is not None:
        conditions.append(Task.partner_id == partner_id)
    if member_id is not None:
        conditions.append((Task.member_id == member_id) | Task.member_id.is_(None))
    return await _rows(session, conditions, limit)


async def due_tasks(
    session: AsyncSession,
    organisation_id: int,
    today: date,
    *,
    member_id: int | None = None,
    limit: int = 5,
) -> list[TaskRow]:
    """Open tasks due today or overdue (the oldest first): of the organisation, or of one
    member (their own and nobody's). For /next."""
    conditions: list[ColumnElement[bool]] = [
        Task.organisation_id == organisation_id,
        Task.status == TaskStatus.OPEN,
        Task.due_day <= today,
    ]
    if member_id is not None:
        conditions.append((Task.member_id == member_id) | Task.member_id.is_(None))
    return await _rows(session, conditions, limit)


async def count_open(
    session: AsyncSession, organisation_id: int, today: date, *, partner_id: int | None = None
) -> tuple[int, int]:
    """(open tasks, of them overdue) of the organisation or of one partner."""
    conditions = [Task.organisation_id == organisation_id, Task.status == TaskStatus.OPEN]
    if partner_id is not None:
        conditions.append(Task.partner_id == partner_id)
    result = await session.execute(
        select(func.count(), func.sum(case((Task.due_day < today, 1), else_=0))).where(*conditions)
    )
    total, overdue = result.one()
    return int(total or 0), int(overdue or 0)


async def next_open(session: AsyncSession, organisation_id: int, partner_id: int) -> Task | None:
    """The partner's open task due first (the partner card's line)."""
    if not valid_id(partner_id):
        return None
    result = await session.execute(
        select(Task)
        .where(
            Task.organisation_id == organisation_id,
            Task.partner_id == partner_id,
            Task.status == TaskStatus.OPEN,
        )
        .order_by(Task.due_day, Task.remind_at.is_(None), Task.remind_at, Task.id)
        .limit(1)
    )
    return result.scalar_one_or_none()


async def open_of_kind(
    session: AsyncSession, organisation_id: int, partner_id: int, kind: str
) -> list[Task]:
    result = await session.execute(
        select(Task).where(
            Task.organisation_id == organisation_id,
            Task.partner_id == partner_id,
            Task.status == TaskStatus.OPEN,
            Task.kind == kind,
        )
    )
    return list(result.scalars())


async def waiting_of(
    session: AsyncSession, organisation_id: int, member_id: int, now: datetime
) -> list[Task]:
    """The member's open tasks whose reminder is still to come."""
    result = await session.execute(
        select(Task).where(
            Task.organisation_id == organisation_id,
            Task.member_id == member_id,
            Task.status == TaskStatus.OPEN,
            Task.remind_at > now,
        )
    )
    return list(result.scalars())


async def partner_name(session: AsyncSession, task: Task) -> str:
    result = await session.execute(
        select(Partner.name).where(
            Partner.id == task.partner_id, Partner.organisation_id == task.organisation_id
        )
    )
    return result.scalar_one_or_none() or ""


# --------------------------------------------------------------------------- reminders


async def plan_reminder(session: AsyncSession, task: Task, now: datetime) -> datetime | None:
    """The task's reminder at `task.remind_at` for its member, replacing a waiting one; none
    when the moment has passed or nobody's task (no commit). Returns the moment."""
    await cancel_reminder(session, task)
    if task.remind_at is None or task.member_id is None or task.remind_at <= now:
        return None
    if task.status != TaskStatus.OPEN:
        return None
    await reminders.schedule(
        session,
        organisation_id=task.organisation_id,
        member_id=task.member_id,
        kind=KIND_DUE,
        ref_id=task.id,
        due_at=task.remind_at,
        # a time the member typed is kept even inside their quiet hours
        payload={"event_at": task.remind_at.isoformat()} if task.has_time else None,
    )
    return task.remind_at


async def cancel_reminder(session: AsyncSession, task: Task) -> int:
    return await reminders.cancel_for(
        session, kinds=REMINDER_KINDS, ref_id=task.id, organisation_id=task.organisation_id
    )


async def member_of(session: AsyncSession, organisation_id: int, member_id: int) -> Member | None:
    """A member of the organisation (a task's member, a reminder's recipient)."""
    if not valid_id(member_id):
        return None
    result = await session.execute(
        select(Member).where(Member.id == member_id, Member.organisation_id == organisation_id)
    )
    return result.scalar_one_or_none()


async def add_note(
    session: AsyncSession, task: Task, *, member_id: int | None, text: str, now: datetime
) -> PartnerNote:
    """A line on the partner card's history (a task done; no commit)."""
    note = PartnerNote(
        partner_id=task.partner_id,
        organisation_id=task.organisation_id,
        author_id=member_id,
        text=text,
        text_norm=norm(text),
        created_at=now,
    )
    session.add(note)
    await session.flush()
    return note
