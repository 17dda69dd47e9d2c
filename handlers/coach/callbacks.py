"""Buttons of the method coach. The entry points other features offer (plan an event with a
partner, evaluate a partnership) are in handlers/shared/callbacks.py."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class NextAct(StrEnum):
    SHOW = "s"  # the recommended step, in a new message (under a plan, a saved answer…)
    NOT = "n"  # «not now»: hide `key` for a few days, show what is at `off` then
    OTHER = "o"  # «another suggestion»: the one at `off`


class NextCb(CallbackData, prefix="cx"):
    action: NextAct
    off: int = 0
    key: str = ""  # the suggestion's stable identity (NOT)


class PlanCb(CallbackData, prefix="cp"):
    """The three stages as a checklist (/plan)."""


class TeamAct(StrEnum):
    ON = "on"
    OFF = "off"


class TeamCb(CallbackData, prefix="ct"):
    """Tick (or untick) «the team is on board» (stage I, item 2)."""

    action: TeamAct


class QuestionAct(StrEnum):
    ASK = "a"  # the stage-I question q (index in texts.method.STAGE_ONE_QUESTIONS)
    ALL = "l"  # every answer given so far


class QuestionCb(CallbackData, prefix="s1"):
    action: QuestionAct
    q: int = 0


class DocAct(StrEnum):
    SHOW = "s"  # the typical documents checklist
    TOGGLE = "t"  # tick or untick the kind idx (index in bot.domain.coach.DOCUMENT_KINDS)


class DocCb(CallbackData, prefix="cd"):
    action: DocAct
    idx: int = 0


class EventsCb(CallbackData, prefix="ce"):
    """The work plan: events ahead and past (/events)."""


class DayAct(StrEnum):
    OK = "ok"  # the echoed date is right
    CHANGE = "ch"  # type another one


class DayCb(CallbackData, prefix="cy"):
    action: DayAct


class PickAct(StrEnum):
    PICK = "p"  # add the partner id to the event
    DROP = "x"  # take the partner id off the event
    DONE = "d"  # done choosing partners


class PickCb(CallbackData, prefix="ep"):
    action: PickAct
    id: int = 0


class DirAct(StrEnum):
    PICK = "p"  # the direction idx (index in storage.enums.Direction)
    SKIP = "s"


class DirCb(CallbackData, prefix="cr"):
    action: DirAct
    idx: int = 0


class RespCb(CallbackData, prefix="cm"):
    """The member responsible for an event."""

    id: int


class ScoreCb(CallbackData, prefix="cs"):
    i: int  # index in texts.coach.CRITERIA: a tap on an older keyboard is stale
    score: int


class SkipCb(CallbackData, prefix="ck"):
    """Skip the evaluation's comment."""


class PaperAct(StrEnum):
    """The stage III documents made from the organisation's data (handlers/coach/documents.py)."""

    MENU = "o"  # the four documents (from /plan)
    MAKE = "m"  # document d (index in bot.services.paperwork.STAGE3); m: the specialist
    GO = "g"  # make document d now, blanks where details are missing
    DETAILS = "r"  # our requisites, with the way back to document d


class PaperCb(CallbackData, prefix="cw"):
    action: PaperAct
    d: int = 0
    m: int = -1  # the instruction's specialist: a member id, 0 nobody named, -1 not asked


class EventAct(StrEnum):
    OPEN = "o"  # the event's card
    DELETE = "d"  # ask to confirm
    DELETE_OK = "dk"  # confirmed
    HELD = "h"  # mark held: its results, one question at a time
    PHOTO = "ph"  # send the photo of a held event


class EventCb(CallbackData, prefix="cv"):
    """An event of the work plan (/events)."""

    action: EventAct
    id: int


class EventField(StrEnum):
    TITLE = "t"
    DAY = "d"
    PARTNERS = "p"
    DIRECTION = "r"
    RESPONSIBLE = "m"


class EventEdit(CallbackData, prefix="cu"):
    """Change one field of an event."""

    id: int
    field: EventField


class HeldAct(StrEnum):
    SKIP = "s"  # skip the optional question (children, prize, photo)


class HeldCb(CallbackData, prefix="ch"):
    action: HeldAct
