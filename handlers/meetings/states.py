"""The meetings' form: one StatesGroup for planning, logging a past meeting, the checklist,
the list's partner picker and the report (its state names are stored: a flow resumes after
a restart)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class MeetingForm(StatesGroup):
    partner = State()  # whom to plan a meeting with (a typed part of the name searches)
    list_partner = State()  # /meetings «by partner»: whose meetings to list
    when = State()
    time = State()
    confirm = State()  # the moment echoed; confirmed with how long the meeting lasts
    overlap = State()  # another meeting at that time: plan anyway?
    format = State()
    place = State()
    link = State()  # an online meeting's link
    purpose = State()
    people = State()  # who of the team takes part
    past_when = State()  # a meeting that already took place: when
    past_time = State()  # …and at what time
    item = State()  # a new checklist item
    notes = State()  # after the meeting: how it went (text or voice)
    outcome = State()
    again = State()  # another meeting needed: plan it now, or a task reminds later
    next_step = State()
    next_date = State()
