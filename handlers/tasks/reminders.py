"""What a task's reminder says on its day (09:00 local, or the time typed): the task's card
with its buttons. The reminder engine (bot/reminders.py) calls it with its own session; it
renders only (None: the task was done, dropped or moved meanwhile)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminder_types import Outgoing, ReminderRenderer
from handlers.tasks import keyboards
from handlers.tasks.view import card_text
from storage import tasks as db
from storage.models import Reminder, TaskStatus
from texts import Texts


async def render_due(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    task = await db.get_task(session, reminder.organisation_id, reminder.ref_id)
    if task is None or task.status != TaskStatus.OPEN:
        return None  # done or dropped meanwhile (a moved task's reminder is cancelled)
    person = await db.member_of(session, reminder.organisation_id, reminder.member_id)
    if person is None:
        return None
    text = await card_text(
        session,
        tx,
        task,
        viewer_id=person.id,
        timezone=person.timezone,
        now=now,
        header="reminder",
    )
    return Outgoing(text, keyboards.card(task))


# kind → renderer, collected by the reminder engine (bot/app.py collect_renderers)
REMINDER_RENDERERS: dict[str, ReminderRenderer] = {db.KIND_DUE: render_due}
