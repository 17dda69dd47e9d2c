"""What a suggestion's (or an open plan item's) button starts: the entry point of the
feature owning the action (bot/domain/coach.py `Action.kind`)."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.filters.callback_data import CallbackData

from bot.domain import coach as rules
from handlers.coach.callbacks import DocAct, DocCb, EventAct, EventCb, QuestionAct, QuestionCb
from handlers.shared.callbacks import (
    AddPartner,
    AddProgramme,
    EditOffer,
    Evaluate,
    Invite,
    NewAgreement,
    NewEvent,
    NewMeeting,
    OpenAgreement,
    OpenPartner,
    OpenTask,
    ReportMeeting,
)

BUTTONS: dict[str, Callable[[rules.Action], CallbackData]] = {
    "answer": lambda a: QuestionCb(action=QuestionAct.ASK, q=a.arg),
    "answers": lambda a: QuestionCb(action=QuestionAct.ALL),
    "add_partner": lambda a: AddPartner(category=a.category),
    "add_programme": lambda a: AddProgramme(),  # the programmes feature's own "add"
    "edit_offer": lambda a: EditOffer(partner_id=a.partner_id),
    "new_meeting": lambda a: NewMeeting(partner_id=a.partner_id),
    "new_agreement": lambda a: NewAgreement(partner_id=a.partner_id),
    "invite": lambda a: Invite(),
    "open_partner": lambda a: OpenPartner(id=a.partner_id),
    "new_event": lambda a: NewEvent(partner_id=a.partner_id),
    "open_event": lambda a: EventCb(action=EventAct.OPEN, id=a.arg),
    "event_held": lambda a: EventCb(action=EventAct.HELD, id=a.arg),
    "documents": lambda a: DocCb(action=DocAct.SHOW),
    "evaluate": lambda a: Evaluate(partner_id=a.partner_id),
    # the agreements feature's card: prolong or let it end
    "open_agreement": lambda a: OpenAgreement(id=a.arg),
    # the meetings feature's own "write the outcome" button
    "report_meeting": lambda a: ReportMeeting(id=a.arg),
    # the tasks feature's card of a task due: done, tomorrow, move
    "open_task": lambda a: OpenTask(id=a.arg),
}


def action_callback(action: rules.Action) -> str:
    """The callback data of the button that starts `action` in the feature owning it."""
    button = BUTTONS.get(action.kind)
    if button is None:
        raise ValueError(f"unknown coach action {action.kind!r}")
    return button(action).pack()
