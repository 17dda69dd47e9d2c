"""The method coach: /next (one recommended step), /plan (the three stages as a checklist),
the stage-I questions, the work plan of joint events (/events: add, change, delete, mark
held with their results), expert evaluations of
partnerships and the typical documents checklist. The rules live in bot/domain/coach.py;
the snapshot they read and every write in bot/services/coach.py."""

from __future__ import annotations

from aiogram import Router

from handlers.coach import (
    documents,
    evaluation,
    event_card,
    event_details,
    event_held,
    events,
    next_step,
    plan,
    stage_one,
)
from handlers.shared.filters import Registered


def router() -> Router:
    r = Router(name=__name__)
    r.include_routers(
        next_step.router(),
        plan.router(),
        stage_one.router(),
        documents.router(),
        events.router(),
        event_details.router(),
        event_card.router(),
        event_held.router(),
        evaluation.router(),
    )
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    return r
