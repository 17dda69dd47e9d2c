"""The results flow's states (stored: a flow resumes after a restart).

FSM data: res_kind, res_values (answers so far), res_field (index of the field asked),
res_day (ISO), res_partners (ids ticked), res_query (the last typed search), res_event,
res_event_day (ISO), res_agreement, res_linked (partners came with the event or the
agreement: not asked)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class ResultForm(StatesGroup):
    kind = State()
    field = State()
    day = State()
    partners = State()
    event = State()
    file = State()
