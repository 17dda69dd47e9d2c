"""Keyboards of the method coach. Labels come from texts/coach.py."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain import coach as rules
from handlers.coach.actions import action_callback
from handlers.coach.callbacks import (
    DayAct,
    DayCb,
    DirAct,
    DirCb,
    DocAct,
    DocCb,
    EventAct,
    EventCb,
    EventEdit,
    EventField,
    EventsCb,
    HeldAct,
    HeldCb,
    NextAct,
    NextCb,
    PaperAct,
    PaperCb,
    PickAct,
    PickCb,
    PlanCb,
    QuestionAct,
    QuestionCb,
    RespCb,
    ScoreCb,
    SkipCb,
    TeamAct,
    TeamCb,
)
from handlers.coach.states import DIRECTIONS
from handlers.shared.callbacks import NewEvent, NewResult, OpenPartner
from storage.coach import EventRow
from texts import buttons, method, shorten
from texts import coach as labels
from texts import paperwork as paper_words

EVENT_PARTNERS_SHOWN = 5  # partners of an event shown as buttons on its card


def button(text: str, data: CallbackData | str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=data if isinstance(data, str) else data.pack()
    )


def rows(*lines: Iterable[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for line in lines:
        kb.row(*line)
    return kb.as_markup()


def plan_button() -> InlineKeyboardButton:
    return button(labels.PLAN, PlanCb())


def next_button() -> InlineKeyboardButton:
    return button(labels.NEXT, NextCb(action=NextAct.SHOW))


def events_button() -> InlineKeyboardButton:
    return button(labels.EVENTS, EventsCb())


# --------------------------------------------------------------------------- /next, /plan


def nothing() -> InlineKeyboardMarkup:
    return rows([plan_button()])


def suggestion(s: rules.Suggestion, index: int, total: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    label = labels.ACTION_LABELS.get(f"{s.rule}.{s.action.kind}", labels.ACTION_LABELS[s.rule])
    kb.row(button(label, action_callback(s.action)))
    if s.rule == "team":  # working alone: the team can be "in the know" instead
        kb.row(button(labels.TEAM_AWARE, TeamCb(action=TeamAct.ON)))
    nav = [button(labels.NOT_NOW, NextCb(action=NextAct.NOT, off=index, key=s.key))]
    if total > 1:
        nav.append(button(labels.ANOTHER, NextCb(action=NextAct.OTHER, off=index + 1)))
    kb.row(*nav)
    kb.row(plan_button())
    return kb.as_markup()


def plan(stages: tuple[rules.StagePlan, ...], snap: rules.Snapshot) -> InlineKeyboardMarkup:
    """A button per open item (once per distinct action), the «team aware» tick for a
    teacher alone, the answers, then the events and the next step."""
    kb = InlineKeyboardBuilder()
    seen: set[tuple[str, str]] = set()
    for sp in stages:
        for item in sp.items:
            number = f"{labels.STAGE_SHORT[sp.stage]}.{item.index + 1}"
            if item.action is not None:
                data = action_callback(item.action)
                # the label names this item: III.1 opens the documents checklist for the
                # job instructions, III.3 for the typical documents
                label = labels.PLAN_ITEM_LABELS.get(
                    (sp.stage, item.index, item.action.kind),
                    labels.PLAN_ACTION_LABELS[item.action.kind],
                )
                if (data, label) not in seen:
                    seen.add((data, label))
                    kb.row(button(f"{number} {label}", data))
            if (sp.stage, item.index) == (0, 1) and snap.members < 2:
                if not snap.team_aware:
                    kb.row(button(f"{number} {labels.TEAM_AWARE}", TeamCb(action=TeamAct.ON)))
                else:
                    kb.row(button(labels.TEAM_AWARE_UNDO, TeamCb(action=TeamAct.OFF)))
    # stage III: the documents the bot makes from the organisation's data
    kb.row(button(paper_words.STAGE3_PLAN_BUTTON, PaperCb(action=PaperAct.MENU)))
    kb.row(button(labels.EVENT_RESULT, NewResult()))  # the results of stage III (/results)
    answers = QuestionCb(action=QuestionAct.ALL).pack()
    if snap.answers and all(data != answers for data, _ in seen):
        kb.row(button(labels.ANSWERS, answers))
    kb.row(events_button(), next_button())
    return kb.as_markup()


# --------------------------------------------------------------------------- stage I


def plan_and_next() -> InlineKeyboardMarkup:
    return rows([plan_button(), next_button()])


def answers() -> InlineKeyboardMarkup:
    """A button per stage-I question: change its answer."""
    return rows(
        *(
            [button(labels.EDIT_ANSWER.format(n=q + 1), QuestionCb(action=QuestionAct.ASK, q=q))]
            for q in range(len(method.STAGE_ONE_QUESTIONS))
        )
    )


def answer_saved(open_question: int | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if open_question is not None:
        label = labels.ANSWER_NEXT.format(n=open_question + 1)
        kb.row(button(label, QuestionCb(action=QuestionAct.ASK, q=open_question)))
    kb.row(next_button(), plan_button())
    return kb.as_markup()


# --------------------------------------------------------------------------- documents


def documents(adopted: set[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for i, kind in enumerate(rules.DOCUMENT_KINDS):
        mark = "✅ " if kind in adopted else "⬜ "
        kb.row(button(mark + labels.DOCUMENT_LABELS[kind], DocCb(action=DocAct.TOGGLE, idx=i)))
    kb.row(plan_button(), next_button())
    return kb.as_markup()


# --------------------------------------------------------------------------- events


def events(shown: Iterable[EventRow] = ()) -> InlineKeyboardMarkup:
    """A button per event shown (its card), then «new event»."""
    kb = InlineKeyboardBuilder()
    for e in shown:
        label = labels.EVENT_LINE.format(day=e.day.strftime("%d.%m"), title=e.title)
        kb.row(button(shorten(label, 48), EventCb(action=EventAct.OPEN, id=e.id)))
    kb.row(button(labels.NEW_EVENT, NewEvent(partner_id=0)))
    return kb.as_markup()


def event_card(e: EventRow, *, can_hold: bool) -> InlineKeyboardMarkup:
    """The held event's results (write one down, change them, the photo) or «mark held»;
    its partners' cards; a button per field; delete; the work plan."""
    kb = InlineKeyboardBuilder()
    held = EventCb(action=EventAct.HELD, id=e.id)
    if e.held_at is not None:
        kb.row(button(labels.EVENT_RESULT, NewResult(event_id=e.id)))
        kb.row(button(labels.EVENT_HELD_EDIT, held))
        if e.photo_file_id:
            kb.row(button(labels.EVENT_PHOTO, EventCb(action=EventAct.PHOTO, id=e.id)))
    elif can_hold:
        kb.row(button(labels.EVENT_MARK_HELD, held))
    for pid, name in list(zip(e.partner_ids, e.partners, strict=True))[:EVENT_PARTNERS_SHOWN]:
        kb.row(button(labels.EVENT_PARTNER.format(name=shorten(name, 48)), OpenPartner(id=pid)))
    field = [
        (labels.EVENT_EDIT_TITLE, EventField.TITLE),
        (labels.EVENT_EDIT_DAY, EventField.DAY),
        (labels.EVENT_EDIT_PARTNERS, EventField.PARTNERS),
        (labels.EVENT_EDIT_DIRECTION, EventField.DIRECTION),
        (labels.EVENT_EDIT_RESPONSIBLE, EventField.RESPONSIBLE),
    ]
    edits = [button(label, EventEdit(id=e.id, field=f)) for label, f in field]
    kb.row(*edits[:2])
    kb.row(*edits[2:4])
    kb.row(edits[4], button(labels.EVENT_DELETE, EventCb(action=EventAct.DELETE, id=e.id)))
    kb.row(events_button())
    return kb.as_markup()


def event_delete(event_id: int) -> InlineKeyboardMarkup:
    return rows(
        [button(labels.EVENT_DELETE_OK, EventCb(action=EventAct.DELETE_OK, id=event_id))],
        [button(labels.EVENT_KEEP, EventCb(action=EventAct.OPEN, id=event_id))],
    )


def held_saved(event_id: int) -> InlineKeyboardMarkup:
    """After the results: write a result of the method down (the results log), the card."""
    return rows(
        [button(labels.EVENT_RESULT, NewResult(event_id=event_id))],
        [button(labels.EVENT_CARD, EventCb(action=EventAct.OPEN, id=event_id))],
        [events_button(), next_button()],
    )


def held_skip() -> InlineKeyboardMarkup:
    return rows([button(labels.SKIP, HeldCb(action=HeldAct.SKIP))])


def confirm_day(past: bool) -> InlineKeyboardMarkup:
    ok = labels.DAY_PAST_OK if past else labels.DAY_OK
    return rows(
        [
            button(ok, DayCb(action=DayAct.OK)),
            button(labels.DAY_CHANGE, DayCb(action=DayAct.CHANGE)),
        ]
    )


def partners_done(label: str, chosen: Iterable[tuple[int, str]] = ()) -> InlineKeyboardMarkup:
    """The partners chosen so far (a tap takes one off), then «done»."""
    kb = InlineKeyboardBuilder()
    for pid, name in chosen:
        drop = labels.EVENT_DROP.format(name=shorten(name, 48))
        kb.row(button(drop, PickCb(action=PickAct.DROP, id=pid)))
    kb.row(button(label, PickCb(action=PickAct.DONE)))
    return kb.as_markup()


def partners_found(found: Iterable[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for pid, name in found:
        kb.row(button(name, PickCb(action=PickAct.PICK, id=pid)))
    kb.row(button(labels.EVENT_DONE, PickCb(action=PickAct.DONE)))
    return kb.as_markup()


def directions() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for i, direction in enumerate(DIRECTIONS):
        kb.row(button(method.DIRECTION_SHORT[direction], DirCb(action=DirAct.PICK, idx=i)))
    kb.row(button(labels.SKIP, DirCb(action=DirAct.SKIP)))
    return kb.as_markup()


def responsible(me: int, people: Iterable[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(button(labels.RESPONSIBLE_ME, RespCb(id=me)))
    for mid, name in people:
        if mid != me:
            kb.row(button(name, RespCb(id=mid)))
    return kb.as_markup()


def event_saved() -> InlineKeyboardMarkup:
    return rows([events_button(), next_button()])


# --------------------------------------------------------------------------- evaluation


def scores(i: int) -> InlineKeyboardMarkup:
    return rows([button(str(n), ScoreCb(i=i, score=n)) for n in range(1, 6)])


def skip() -> InlineKeyboardMarkup:
    return rows([button(labels.SKIP, SkipCb())])


def evaluation_saved(partner_id: int) -> InlineKeyboardMarkup:
    return rows([next_button()], [button(buttons.BACK, OpenPartner(id=partner_id))])
