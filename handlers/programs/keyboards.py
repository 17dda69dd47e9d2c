"""The programmes' keyboards. Labels come from texts.partners and texts.buttons."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.programs.callbacks import FocusAct, FocusCb, ProgAct, ProgCb, ProgEdit, ProgField
from handlers.shared.callbacks import OpenPartner
from handlers.shared.labels import cut_label
from storage.models import Program
from texts import buttons, method
from texts import partners as labels

LISTED = 90  # programmes shown as buttons
LINKED = 5  # linked partners shown as buttons on a programme's card


def form_keyboard(*, optional: bool) -> ReplyKeyboardMarkup:
    rows = []
    if optional:
        rows.append([KeyboardButton(text=buttons.SKIP)])
    rows.append([KeyboardButton(text=buttons.CANCEL)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def focus_keyboard() -> ReplyKeyboardMarkup:
    """The six focus areas, two a row, and «cancel»."""
    labels_ = list(method.FOCUS_AREA_BUTTONS.values())
    rows = [[KeyboardButton(text=t) for t in labels_[i : i + 2]] for i in range(0, 6, 2)]
    rows.append([KeyboardButton(text=buttons.CANCEL)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def focus_question(program_id: int) -> InlineKeyboardMarkup:
    """An older programme's focus area, asked once: the six, or «later»."""
    kb = InlineKeyboardBuilder()
    for i, label in enumerate(method.FOCUS_AREA_BUTTONS.values()):
        kb.button(text=label, callback_data=FocusCb(action=FocusAct.SET, id=program_id, idx=i))
    kb.button(text=method.FOCUS_LATER, callback_data=FocusCb(action=FocusAct.LATER, id=program_id))
    kb.adjust(2, 2, 2, 1)
    return kb.as_markup()


def list_keyboard(items: Sequence[Program]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for p in items[:LISTED]:
        kb.button(text=cut_label(p.name, 60), callback_data=ProgCb(action=ProgAct.OPEN, id=p.id))
    kb.button(text=labels.PROGRAM_ADD, callback_data=ProgCb(action=ProgAct.ADD))
    kb.adjust(1)
    return kb.as_markup()


def card_keyboard(program: Program, partners: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for field in ProgField:  # two per row: name, focus / ages, description
        kb.button(
            text=labels.PROGRAM_FIELDS[field], callback_data=ProgEdit(id=program.id, field=field)
        )
    shown = partners[:LINKED]
    for pid, name in shown:
        kb.button(text=cut_label(name, 48), callback_data=OpenPartner(id=pid))
    kb.button(
        text=labels.PROGRAM_DELETE, callback_data=ProgCb(action=ProgAct.DELETE, id=program.id)
    )
    kb.button(text=labels.PROGRAM_LIST, callback_data=ProgCb(action=ProgAct.LIST))
    kb.adjust(2, 2, *[1] * (len(shown) + 2))
    return kb.as_markup()


def delete_keyboard(program_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=labels.DELETE_CONFIRM, callback_data=ProgCb(action=ProgAct.DELETE_OK, id=program_id)
    )
    kb.button(text=labels.KEEP, callback_data=ProgCb(action=ProgAct.OPEN, id=program_id))
    kb.adjust(1)
    return kb.as_markup()
