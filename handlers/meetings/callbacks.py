"""The meetings' callback data: an action (a short `StrEnum` value) and ids only.

Every id that comes back is untrusted: the handlers load it scoped by the member's
organisation, and a missing one gets the not-found answer. Entry points other features
offer (plan a meeting, a partner's meetings, report a meeting, reminder settings) are in
handlers/shared/callbacks.py.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class MeetingAct(StrEnum):
    OPEN = "o"  # the card
    TOGGLE = "t"  # tick / untick a checklist item
    ADD_ITEM = "ai"
    EDIT_ITEMS = "ei"  # the list of items to remove
    DROP_ITEM = "di"
    RESCHEDULE = "rs"
    CANCEL = "cx"  # asks for confirmation
    CANCEL_YES = "cxy"
    ICS = "ics"  # the meeting as an .ics file
    REPORT = "rep"  # how it went (also the shared ReportMeeting)


class MeetingCb(CallbackData, prefix="mt"):
    """A button about one meeting (`id`); `item`: a checklist item of it."""

    action: MeetingAct
    id: int
    item: int = 0


class ListAct(StrEnum):
    LIST = "ls"  # the list, of one partner or (partner=0) of all
    BY_PARTNER = "fp"  # the picker: whose meetings to list
    ICS_ALL = "icsa"  # the upcoming meetings as one .ics file


class ListCb(CallbackData, prefix="ml"):
    """/meetings: upcoming or `past` meetings, of one `partner` (0: all)."""

    action: ListAct
    partner: int = 0
    past: bool = False


class StepAct(StrEnum):
    CONFIRM = "ok"  # the understood date and time are right (idx: minutes it lasts; 0: as is)
    CHANGE = "chg"  # …or not: ask again
    OTHER = "alt"  # the other reading of an ambiguous date or time
    OVERLAP_OK = "ovl"  # planned anyway, overlapping another meeting
    PAST = "pst"  # the moment typed has passed: write it as a past meeting
    LOG = "log"  # «the meeting already took place»: the past meeting's date
    PLACE = "pl"  # idx: 0 the partner's address, 1 ours, 2 online
    FORMAT = "fm"  # idx: in MeetingFormat.ALL
    PERSON = "pp"  # idx: a member taking part, ticked or unticked
    PEOPLE = "ppd"  # those ticked take part
    OUTCOME = "oc"  # idx: in MeetingOutcome.ALL
    PLAN_NOW = "pn"  # another meeting: plan it now
    LATER = "lt"  # …or later: a task reminds
    STEP = "ns"  # idx: a preset next step, in TaskKind.PRESETS
    DAY = "dy"  # idx: the next step in so many days
    SKIP = "sk"  # an optional question skipped


class StepCb(CallbackData, prefix="ms"):
    """An answer given by a button in the planning and report forms."""

    action: StepAct
    idx: int = 0


class PrefsAct(StrEnum):
    EVE = "ev"  # the reminder the evening before, on / off
    SOON = "sn"  # the reminder two hours before, on / off
    QUIET = "qh"  # idx: in texts.meetings.QUIET_PRESETS


class PrefsCb(CallbackData, prefix="mr"):
    """The member's reminder settings."""

    action: PrefsAct
    idx: int = 0
