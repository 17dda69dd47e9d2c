"""Meetings with partners (steps 4–5 of the method): planning (the moment echoed, how long,
overlaps, format before place, who takes part), a past meeting written afterwards, the card
and its preparation checklist, /meetings, reschedule and cancel, .ics export, the outcome
after the meeting (its next step a task: handlers/tasks), reminders to everyone taking part
and the member's reminder settings.

Entry points: the shared callbacks (handlers/shared/callbacks.py: `NewMeeting`,
`PartnerMeetings`, `ReportMeeting`, `ReminderSettings`), `/meet`, `/meetings` and the
meetings label of the main menu. The calendar picker's month arrows (every feature's) are
served here too.
"""

from __future__ import annotations

from aiogram import Router

from handlers.meetings import (
    card,
    chat_member,
    details,
    ics,
    listing,
    moment,
    past,
    picker,
    planning,
    prefs,
    report,
    stray,
)
from handlers.meetings.reminders import REMINDER_RENDERERS
from handlers.shared import calendar
from handlers.shared.filters import Registered

__all__ = ["REMINDER_RENDERERS", "router"]


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    r.include_routers(
        calendar.router(),  # month arrows of every calendar picker
        planning.router(),
        moment.router(),
        past.router(),
        picker.router(),
        details.router(),
        card.router(),
        listing.router(),
        ics.router(),
        report.router(),
        prefs.router(),
        chat_member.router(),
        stray.router(),  # last: what the forms did not ask for
    )
    return r
