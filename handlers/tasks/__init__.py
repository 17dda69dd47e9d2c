"""Tasks: the dated next steps with a partner (to call back, to send the draft agreement,
another meeting). They come from a meeting's outcome (handlers/meetings/report) or are
added on the partner card or in /tasks; each is reminded of at 09:00 local on its day (or
at the time typed) and can be done, put off to tomorrow, moved or dropped. The partner card
shows the next one; /next offers those due today and overdue (bot/services/tasks.py `due_items`).

Entry points: the shared callbacks (handlers/shared/callbacks.py: `PartnerTasks`,
`NewTask`, `MoveTask`), `/tasks` and the tasks label of the main menu.
"""

from __future__ import annotations

from aiogram import Router

from handlers.shared.filters import Registered
from handlers.tasks import card, listing, new, when
from handlers.tasks.reminders import REMINDER_RENDERERS

__all__ = ["REMINDER_RENDERERS", "router"]


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    r.include_routers(new.router(), when.router(), card.router(), listing.router())
    return r
