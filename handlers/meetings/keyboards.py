"""The meetings' inline keyboards (labels from texts.meetings and texts.buttons)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.meetings.callbacks import (
    ListAct,
    ListCb,
    MeetingAct,
    MeetingCb,
    PrefsAct,
    PrefsCb,
    StepAct,
    StepCb,
)
from handlers.shared.callbacks import (
    NewAgreement,
    NewMeeting,
    OpenPartner,
    PartnerTasks,
)
from storage.meetings import MeetingRow
from storage.models import (
    DURATIONS,
    Meeting,
    MeetingFormat,
    MeetingOutcome,
    MeetingStatus,
    ReminderPrefs,
    TaskKind,
)
from texts import buttons, shorten
from texts import meetings as words
from texts import tasks as task_words

NAME_LIMIT = 60  # a partner's name on a button


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _meeting(text: str, action: MeetingAct, meeting_id: int, item: int = 0) -> InlineKeyboardButton:
    return _button(text, MeetingCb(action=action, id=meeting_id, item=item).pack())


def _to_partner(partner_id: int) -> InlineKeyboardButton:
    return _button(words.TO_PARTNER, OpenPartner(id=partner_id).pack())


def _skip() -> InlineKeyboardButton:
    return _button(buttons.SKIP, StepCb(action=StepAct.SKIP).pack())


# --------------------------------------------------------------------------- the card


def card(meeting: Meeting, now: datetime) -> InlineKeyboardMarkup:
    """A planned meeting: its checklist to tick, items, report (once it began), reschedule,
    cancel, .ics; any meeting: back to the partner."""
    kb = InlineKeyboardBuilder()
    mid = meeting.id
    if meeting.status == MeetingStatus.PLANNED:
        for item in meeting.items:
            mark = words.CHECK_ON if item.done else words.CHECK_OFF
            kb.row(_meeting(f"{mark} {shorten(item.text, 40)}", MeetingAct.TOGGLE, mid, item.id))
        kb.row(
            _meeting(words.ADD_ITEM, MeetingAct.ADD_ITEM, mid),
            _meeting(words.EDIT_ITEMS, MeetingAct.EDIT_ITEMS, mid),
        )
        if meeting.ends_at <= now:  # not while it is still going on
            kb.row(_meeting(words.REPORT, MeetingAct.REPORT, mid))
        kb.row(
            _meeting(words.RESCHEDULE, MeetingAct.RESCHEDULE, mid),
            _meeting(words.CANCEL_MEETING, MeetingAct.CANCEL, mid),
        )
        kb.row(_meeting(words.ICS_ONE, MeetingAct.ICS, mid))
    kb.row(_to_partner(meeting.partner_id))
    return kb.as_markup()


def items(meeting: Meeting) -> InlineKeyboardMarkup:
    """The checklist to prune: a tap removes an item; «done» back to the card."""
    kb = InlineKeyboardBuilder()
    for item in meeting.items:
        label = words.REMOVE_ITEM.format(text=shorten(item.text, 40))
        kb.row(_meeting(label, MeetingAct.DROP_ITEM, meeting.id, item.id))
    kb.row(_meeting(buttons.DONE, MeetingAct.OPEN, meeting.id))
    return kb.as_markup()


def cancel_confirm(meeting: Meeting) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(
        _meeting(words.CANCEL_YES, MeetingAct.CANCEL_YES, meeting.id),
        _meeting(words.CANCEL_NO, MeetingAct.OPEN, meeting.id),
    )
    return kb.as_markup()


def to_partner(partner_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(_to_partner(partner_id))
    return kb.as_markup()


# --------------------------------------------------------------------------- the forms


def _step(text: str, action: StepAct, idx: int = 0) -> InlineKeyboardButton:
    return _button(text, StepCb(action=action, idx=idx).pack())


def skip() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(_skip())
    return kb.as_markup()


def confirm(duration: int, other: str | None) -> InlineKeyboardMarkup:
    """«Right» for `duration` minutes, or right for another duration; the other reading of
    the phrase (`other`, its label), if any; change."""
    kb = InlineKeyboardBuilder()
    kb.row(_step(words.CONFIRM_FOR.format(length=words.DURATIONS[duration]), StepAct.CONFIRM))
    kb.row(
        *(
            _step(
                words.DURATION_BUTTON.format(length=words.DURATIONS[minutes]),
                StepAct.CONFIRM,
                minutes,
            )
            for minutes in DURATIONS
            if minutes != duration
        )
    )
    if other:
        kb.row(_step(other, StepAct.OTHER))
    kb.row(_step(words.CHANGE, StepAct.CHANGE))
    return kb.as_markup()


def overlap() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(_step(words.OVERLAP_OK, StepAct.OVERLAP_OK), _step(words.CHANGE_TIME, StepAct.CHANGE))
    return kb.as_markup()


def past_offer() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(_step(words.LOG_THIS, StepAct.PAST))
    return kb.as_markup()


def log_row() -> list[InlineKeyboardButton]:
    """Under the date question: the meeting already took place."""
    return [_step(words.LOG_PAST, StepAct.LOG)]


def place(address: str | None, ours: bool) -> InlineKeyboardMarkup:
    """The partner's address (if known: we go to them) or ours (they come to us); skip."""
    kb = InlineKeyboardBuilder()
    if address:
        label = words.PARTNER_ADDRESS.format(address=shorten(address, 50))
        kb.row(_step(label, StepAct.PLACE, 0))
    if ours:
        kb.row(_step(words.OUR_PLACE, StepAct.PLACE, 1))
    kb.row(_skip())
    return kb.as_markup()


def formats(log: bool = False) -> InlineKeyboardMarkup:
    """The formats; a past meeting's (`log`) also «another date»."""
    kb = InlineKeyboardBuilder()
    for i, code in enumerate(MeetingFormat.ALL):
        kb.row(_step(words.FORMATS[code], StepAct.FORMAT, i))
    if log:
        kb.row(_step(words.OTHER_DATE, StepAct.LOG))
    return kb.as_markup()


def people(members: Sequence[tuple[int, str]], ticked: Collection[int]) -> InlineKeyboardMarkup:
    """The organisation's members, ticked when taking part; done."""
    kb = InlineKeyboardBuilder()
    for mid, name in members:
        mark = words.CHECK_ON if mid in ticked else words.CHECK_OFF
        kb.row(_step(f"{mark} {shorten(name, 40)}", StepAct.PERSON, mid))
    kb.row(_step(buttons.DONE, StepAct.PEOPLE))
    return kb.as_markup()


def outcomes() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for code in MeetingOutcome.SHOWN:
        kb.row(_step(words.OUTCOMES[code], StepAct.OUTCOME, MeetingOutcome.ALL.index(code)))
    return kb.as_markup()


def plan_now() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(_step(words.PLAN_NOW, StepAct.PLAN_NOW))
    kb.row(_step(words.PLAN_LATER, StepAct.LATER))
    return kb.as_markup()


def next_steps() -> InlineKeyboardMarkup:
    """The usual next steps, or none (a typed one is taken too)."""
    kb = InlineKeyboardBuilder()
    for i, kind in enumerate(TaskKind.PRESETS):
        kb.row(_step(task_words.PRESET_BUTTONS[kind], StepAct.STEP, i))
    kb.row(_button(task_words.NO_TASK, StepCb(action=StepAct.SKIP).pack()))
    return kb.as_markup()


def next_days(
    extra_rows: list[list[InlineKeyboardButton]] | None = None,
) -> list[list[InlineKeyboardButton]]:
    """Quick days for the next step (tomorrow, in 3 days, in a week, in two)."""
    quick = [_step(label, StepAct.DAY, days) for label, days in task_words.QUICK_DAYS]
    return [quick[:2], quick[2:], *(extra_rows or [])]


def report_saved(
    partner_id: int, outcome: str, task_id: int, other: InlineKeyboardButton | None
) -> InlineKeyboardMarkup:
    """After the report: the task's other day (an ambiguous date), register an agreement
    (agreed), the partner's tasks, back to the partner."""
    kb = InlineKeyboardBuilder()
    if other is not None:
        kb.row(other)
    if outcome == MeetingOutcome.AGREED:
        kb.row(_button(words.NEW_AGREEMENT, NewAgreement(partner_id=partner_id).pack()))
    if task_id:
        kb.row(_button(task_words.CARD_BUTTON, PartnerTasks(partner_id=partner_id).pack()))
    kb.row(_to_partner(partner_id))
    return kb.as_markup()


# --------------------------------------------------------------------------- pickers, lists


def partners(found: list[tuple[int, str]], *, listing: bool, past: bool) -> InlineKeyboardMarkup:
    """The partner picker: plan a meeting with one, or (`listing`) list one's meetings."""
    kb = InlineKeyboardBuilder()
    for pid, name in found:
        if listing:
            data = ListCb(action=ListAct.LIST, partner=pid, past=past).pack()
        else:
            data = NewMeeting(partner_id=pid).pack()
        kb.row(_button(name[:NAME_LIMIT], data))
    if listing:
        kb.row(_button(words.ALL_MEETINGS, ListCb(action=ListAct.LIST, past=past).pack()))
    return kb.as_markup()


def meetings_list(
    found: list[MeetingRow], zone: ZoneInfo, *, past: bool, partner_id: int
) -> InlineKeyboardMarkup:
    """/meetings: each meeting, upcoming ⇄ past, by partner (or another / all), plan, .ics."""
    kb = InlineKeyboardBuilder()
    for i, row in enumerate(found, 1):
        local = row.meeting.starts_at.astimezone(zone)
        label = shorten(f"{i}. {local:%d.%m %H:%M} {row.partner_name}", NAME_LIMIT)
        kb.row(_meeting(label, MeetingAct.OPEN, row.meeting.id))
    toggle = ListCb(action=ListAct.LIST, partner=partner_id, past=not past).pack()
    kb.row(_button(words.UPCOMING if past else words.PAST, toggle))
    by_partner = ListCb(action=ListAct.BY_PARTNER, past=past).pack()
    if partner_id:
        kb.row(
            _button(words.OTHER_PARTNER, by_partner),
            _button(words.ALL_MEETINGS, ListCb(action=ListAct.LIST, past=past).pack()),
        )
        kb.row(_button(words.PLAN, NewMeeting(partner_id=partner_id).pack()))
        kb.row(_to_partner(partner_id))
    else:
        kb.row(_button(words.BY_PARTNER, by_partner))
        kb.row(_button(words.PLAN, NewMeeting(partner_id=0).pack()))
    if found and not past:
        kb.row(_button(words.ICS_ALL, ListCb(action=ListAct.ICS_ALL).pack()))
    return kb.as_markup()


# --------------------------------------------------------------------------- reminders


def open_meeting(meeting: Meeting) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(_meeting(words.OPEN, MeetingAct.OPEN, meeting.id))
    return kb.as_markup()


def followup(meeting: Meeting) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(_meeting(words.REPORT, MeetingAct.REPORT, meeting.id))
    kb.row(_meeting(words.RESCHEDULE, MeetingAct.RESCHEDULE, meeting.id))
    return kb.as_markup()


def prefs(current: ReminderPrefs) -> InlineKeyboardMarkup:
    """Both reminders on / off, then the quiet-hours presets two a row (the current one
    marked)."""
    kb = InlineKeyboardBuilder()
    eve = words.TOGGLE_EVE.format(mark=words.CHECK_ON if current.eve else words.CHECK_OFF)
    kb.row(_button(eve, PrefsCb(action=PrefsAct.EVE).pack()))
    soon = words.TOGGLE_SOON.format(mark=words.CHECK_ON if current.soon else words.CHECK_OFF)
    kb.row(_button(soon, PrefsCb(action=PrefsAct.SOON).pack()))
    chosen = (current.quiet_from, current.quiet_to)
    presets = []
    for i, (qf, qt) in enumerate(words.QUIET_PRESETS):
        label = words.quiet_label(qf, qt)
        if (qf, qt) == chosen or (qf == qt and chosen[0] == chosen[1]):
            label = "• " + label
        data = PrefsCb(action=PrefsAct.QUIET, idx=i).pack()
        presets.append(_button(words.QUIET_LABEL.format(label=label), data))
    for i in range(0, len(presets), 2):
        kb.row(*presets[i : i + 2])
    return kb.as_markup()
