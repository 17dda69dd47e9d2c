"""The results log's keyboards. Labels come from texts.results and texts.buttons."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.results import Field, FieldType, ResultKind
from handlers.results.callbacks import (
    ChoiceCb,
    DayAct,
    DayCb,
    EventCb,
    KindCb,
    PartnerAct,
    PartnerCb,
    ResAct,
    ResCb,
)
from storage.results import ResultRow
from texts import buttons, shorten
from texts import report as report_words
from texts import results as words

BUTTON_TEXT = 60  # characters of a name or a line on a button


def log_button(row: ResultRow) -> str:
    line = report_words.result_line(row.kind, dict(row.values))
    return shorten(
        words.LOG_BUTTON.format(
            icon=words.KIND_ICONS.get(row.kind, ""),
            day=row.day.strftime("%d.%m.%y"),
            line=line,
        ),
        BUTTON_TEXT,
    )


def log_keyboard(
    rows: Sequence[ResultRow], page: int, total: int, per_page: int
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=words.ADD, callback_data=ResCb(action=ResAct.ADD))
    for row in rows:
        kb.button(
            text=log_button(row), callback_data=ResCb(action=ResAct.OPEN, id=row.id, page=page)
        )
    sizes = [1] * (len(rows) + 1)
    pages = []
    if page > 0:
        kb.button(text=words.NEWER, callback_data=ResCb(action=ResAct.LIST, page=page - 1))
        pages.append(1)
    if (page + 1) * per_page < total:
        kb.button(text=words.OLDER, callback_data=ResCb(action=ResAct.LIST, page=page + 1))
        pages.append(1)
    if pages:
        sizes.append(len(pages))
    kb.adjust(*sizes)
    return kb.as_markup()


def card_keyboard(row: ResultRow, page: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if row.file_id:
        kb.button(text=words.SHOW_FILE, callback_data=ResCb(action=ResAct.FILE, id=row.id))
    kb.button(text=words.DELETE, callback_data=ResCb(action=ResAct.DELETE, id=row.id, page=page))
    kb.button(text=words.TO_LIST, callback_data=ResCb(action=ResAct.LIST, page=page))
    kb.adjust(1)
    return kb.as_markup()


def delete_keyboard(result_id: int, page: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=words.DELETE_OK, callback_data=ResCb(action=ResAct.DELETE_OK, id=result_id, page=page)
    )
    kb.button(text=words.KEEP, callback_data=ResCb(action=ResAct.OPEN, id=result_id, page=page))
    kb.adjust(1)
    return kb.as_markup()


def kind_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind in ResultKind:
        kb.button(text=words.KINDS[kind], callback_data=KindCb(kind=kind))
    kb.adjust(1)
    return kb.as_markup()


def choice_keyboard(item: Field) -> InlineKeyboardMarkup | None:
    """Buttons of a choice field (the level of a prize, new or updated programme)."""
    if item.type is FieldType.LEVEL:
        options = words.LEVELS
    elif item.type is FieldType.CHANGE:
        options = words.CHANGES
    else:
        return None
    kb = InlineKeyboardBuilder()
    for code, label in options.items():
        kb.button(text=label, callback_data=ChoiceCb(value=code))
    kb.adjust(1)
    return kb.as_markup()


def text_keyboard(*, optional: bool) -> ReplyKeyboardMarkup:
    rows = []
    if optional:
        rows.append([KeyboardButton(text=buttons.SKIP)])
    rows.append([KeyboardButton(text=buttons.CANCEL)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def day_keyboard(event_day: date | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if event_day is not None:
        kb.button(
            text=words.EVENT_DAY.format(day=event_day.strftime("%d.%m.%Y")),
            callback_data=DayCb(action=DayAct.EVENT),
        )
    kb.button(text=words.TODAY, callback_data=DayCb(action=DayAct.TODAY))
    kb.button(text=words.YESTERDAY, callback_data=DayCb(action=DayAct.YESTERDAY))
    kb.adjust(*([1] if event_day is not None else []), 2)
    return kb.as_markup()


def partners_keyboard(
    options: Sequence[tuple[int, str]], chosen: Collection[int]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for pid, name in options:
        mark = words.CHOSEN if pid in chosen else ""
        kb.button(
            text=shorten(mark + name, BUTTON_TEXT),
            callback_data=PartnerCb(action=PartnerAct.TOGGLE, id=pid),
        )
    if chosen:
        kb.button(text=words.PARTNERS_DONE, callback_data=PartnerCb(action=PartnerAct.DONE))
    else:
        kb.button(text=words.NO_PARTNER, callback_data=PartnerCb(action=PartnerAct.NONE))
    kb.adjust(1)
    return kb.as_markup()


def events_keyboard(events: Sequence[tuple[int, str, date]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for eid, title, day in events:
        kb.button(
            text=shorten(f"{day:%d.%m} · {title}", BUTTON_TEXT), callback_data=EventCb(id=eid)
        )
    kb.button(text=words.NO_EVENT, callback_data=EventCb(id=0))
    kb.adjust(1)
    return kb.as_markup()
