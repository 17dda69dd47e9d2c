"""The meetings' form: one StatesGroup for planning, the checklist, the list's partner
picker and the report (its state names are stored: a flow resumes after a restart)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class MeetingForm(StatesGroup):
    partner = State()  # whom to plan a meeting with (a typed part of the name searches)
    list_partner = State()  # /meetings «by partner»: whose meetings to list
    when = State()
    time = State()
    confirm = State()
    place = State()
    purpose = State()
    format = State()
    item = State()  # a new checklist item
    notes = State()  # after the meeting: how it went (text or voice)
    outcome = State()
    next_step = State()
    next_date = State()
