"""Tasks: the dated next steps with a partner. Create, done, snooze, move, drop; what is
due for /next.

A task has a day and is reminded of at 09:00 local on it (or at the time the member typed).
Each public writer owns its transaction (commits); `add` and `close_meeting_tasks` write
inside the caller's (a meeting's report, a meeting planned) and never commit.

For /next (the coach): `due_items(session, member, today)` gives the member's tasks due today
and overdue, the oldest first; storage.tasks.due_tasks the same for an organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import coach, dates
from storage import tasks as db
from storage.models import Partner, Task, TaskKind, TaskStatus
from storage.orgs import MemberInfo
from texts import shorten
from texts import tasks as words

REMIND_AT = time(9, 0)  # a task's reminder, local, when no time was typed
TITLE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class Due:
    """When a task is due: a day, maybe a time (else the reminder comes at 09:00)."""

    day: date
    at: time | None = None


def remind_moment(due: Due, timezone: str) -> datetime | None:
    """09:00 local on the day, or the typed time; a time the clock skips (DST) moves to
    the next hour that exists. In UTC."""
    moment = dates.combine(due.day, due.at or REMIND_AT, timezone)
    if isinstance(moment, dates.ParseError):
        at = due.at or REMIND_AT
        moment = dates.combine(due.day, at.replace(hour=min(at.hour + 1, 23)), timezone)
        if isinstance(moment, dates.ParseError):
            return None
    return moment.astimezone(UTC)


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def tidy(title: str) -> str:
    """The title as shown: one of the presets' own words, else as typed, capitalised."""
    kind = kind_of(title)
    if kind != TaskKind.CUSTOM:
        return words.PRESET_TITLES[kind]
    text = " ".join(title.split())
    return shorten(text[:1].upper() + text[1:], TITLE_LIMIT)


def kind_of(title: str) -> str:
    """A typed title that is one of the presets ("to call back") counts as that kind."""
    key = title.strip().lower().rstrip(".!")
    for kind in TaskKind.PRESETS:
        if words.PRESET_TITLES[kind].lower() == key:
            return kind
    return TaskKind.CUSTOM


# --------------------------------------------------------------------------- writing


async def add(
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    *,
    title: str,
    kind: str,
    due: Due,
    now: datetime,
    meeting_id: int | None = None,
) -> tuple[Task, datetime | None]:
    """A task for the member, with its reminder, in the caller's transaction (no commit).
    Returns the task and its reminder's moment (None: none planned, the moment passed)."""
    task = await db.create_task(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner.id,
        member_id=member.id,
        created_by_id=member.id,
        meeting_id=meeting_id,
        kind=kind,
        title=tidy(title),
        due_day=due.day,
        has_time=due.at is not None,
        remind_at=remind_moment(due, member.timezone),
        timezone=member.timezone,
        now=now,
    )
    moment = await db.plan_reminder(session, task, now)
    return task, moment


async def create(
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    *,
    title: str,
    kind: str,
    due: Due,
    now: datetime,
) -> tuple[Task, datetime | None]:
    """A task added by hand (the partner card, /tasks); commits."""
    task, moment = await add(
        session, member, partner, title=title, kind=kind or kind_of(title), due=due, now=now
    )
    await session.commit()
    return task, moment


async def done(session: AsyncSession, member: MemberInfo, task: Task, now: datetime) -> bool:
    """Done: no more reminders, a line on the partner card. False if it was not open."""
    if task.status != TaskStatus.OPEN:
        return False
    task.status = TaskStatus.DONE
    task.done_at = now
    task.updated_at = now
    await db.cancel_reminder(session, task)
    await db.add_note(
        session, task, member_id=member.id, text=words.DONE_NOTE.format(title=task.title), now=now
    )
    await session.commit()
    return True


async def move(
    session: AsyncSession, member: MemberInfo, task: Task, due: Due, now: datetime
) -> datetime | None:
    """A new day (and maybe time) for the task; its reminder follows, for its member in
    their zone (the mover's when the task is nobody's). Returns the reminder's moment."""
    if task.member_id is None:
        task.member_id = member.id
    person = await db.member_of(session, task.organisation_id, task.member_id)
    zone = person.timezone if person is not None else member.timezone
    task.due_day = due.day
    task.has_time = due.at is not None
    task.timezone = zone
    task.remind_at = remind_moment(due, zone)
    task.updated_at = now
    moment = await db.plan_reminder(session, task, now)
    await session.commit()
    return moment


def snoozed(task: Task, now: datetime) -> Due:
    """«Tomorrow»: the day after today (the task's zone), at the same time of day."""
    tomorrow = local_today(now, task.timezone) + timedelta(days=1)
    if task.has_time and task.remind_at is not None:
        return Due(tomorrow, task.remind_at.astimezone(ZoneInfo(task.timezone)).time())
    return Due(tomorrow)


async def drop(session: AsyncSession, task: Task, now: datetime) -> bool:
    """Not needed any more: cancelled with its reminder. False if it was not open."""
    if task.status != TaskStatus.OPEN:
        return False
    task.status = TaskStatus.CANCELLED
    task.updated_at = now
    await db.cancel_reminder(session, task)
    await session.commit()
    return True


async def replan_member(
    session: AsyncSession, member: MemberInfo, timezone: str, now: datetime
) -> list[datetime]:
    """The member's time zone changed: their task reminders still to come keep their local
    time (09:00, or the time typed) in the new zone. No commit: part of the member's move
    (bot/services/members.change_timezone). The new moments, soonest first."""
    moments: list[datetime] = []
    for task in await db.waiting_of(session, member.organisation_id, member.id, now):
        assert task.remind_at is not None  # waiting_of: a reminder still to come
        at = task.remind_at.astimezone(ZoneInfo(task.timezone)).time() if task.has_time else None
        task.timezone = timezone
        task.remind_at = remind_moment(Due(task.due_day, at), timezone)
        task.updated_at = now
        if (moment := await db.plan_reminder(session, task, now)) is not None:
            moments.append(moment)
    return sorted(moments)


async def close_meeting_tasks(
    session: AsyncSession, organisation_id: int, partner_id: int, now: datetime
) -> list[Task]:
    """A meeting with the partner was planned: its open «another meeting» tasks are done
    (in the caller's transaction, no commit)."""
    found = await db.open_of_kind(session, organisation_id, partner_id, TaskKind.MEETING)
    for task in found:
        task.status = TaskStatus.DONE
        task.done_at = now
        task.updated_at = now
        await db.cancel_reminder(session, task)
    return found


# --------------------------------------------------------------------------- reading


async def due_items(session: AsyncSession, member: MemberInfo, today: date) -> list[coach.DueItem]:
    """What /next offers before the method's step (bot/services/coach.py DUE_SOURCES): the
    member's own (and nobody's) tasks due today or overdue, the oldest first."""
    rows = await db.due_tasks(
        session, member.organisation_id, today, member_id=member.id, limit=coach.CANDIDATES
    )
    return [
        coach.DueItem(
            key=f"task.{row.task.id}",
            title=row.task.title,
            action=coach.Action("open_task", partner_id=row.task.partner_id, arg=row.task.id),
            due=row.task.due_day,
            partner=coach.PartnerRef(row.task.partner_id, row.partner_name),
        )
        for row in rows
    ]
