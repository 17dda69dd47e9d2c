"""Keyboards of the requisites screens. Labels come from texts/requisites.py."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.requisites import FIELDS
from handlers.requisites.callbacks import ReqAct, ReqCb
from handlers.shared.callbacks import OpenPartner
from texts import requisites as words


def screen(pid: int, *, editable: bool, back: str = "") -> InlineKeyboardMarkup:
    """Fill in order, the groups two a row; the partner's card; back to a document when
    the screen was opened from one (`back`: that document's packed callback data)."""
    kb = InlineKeyboardBuilder()
    if editable:
        kb.row(
            InlineKeyboardButton(
                text=words.BTN_WALK, callback_data=ReqCb(action=ReqAct.WALK, pid=pid).pack()
            )
        )
        groups = [
            InlineKeyboardButton(
                text=title, callback_data=ReqCb(action=ReqAct.GROUP, pid=pid, i=index).pack()
            )
            for index, (_, title, _) in enumerate(words.GROUPS)
        ]
        for start in range(0, len(groups), 2):
            kb.row(*groups[start : start + 2])
    if back:
        kb.row(InlineKeyboardButton(text=words.BTN_BACK_TO_DOCUMENT, callback_data=back))
    if pid:
        kb.row(
            InlineKeyboardButton(
                text=words.BTN_TO_PARTNER, callback_data=OpenPartner(id=pid).pack()
            )
        )
    return kb.as_markup()


def question(pid: int, field: str, *, has_value: bool, stored: bool) -> InlineKeyboardMarkup:
    """Keep (or skip) the field, clear it when something is stored, stop."""
    i = FIELDS.index(field)
    kb = InlineKeyboardBuilder()
    if field == "postal_address":
        keep = words.BTN_SAME_ADDRESS
        action = ReqAct.CLEAR if stored else ReqAct.SKIP
    else:
        keep = words.BTN_KEEP if has_value else words.BTN_SKIP
        action = ReqAct.SKIP
    kb.row(InlineKeyboardButton(text=keep, callback_data=ReqCb(action=action, pid=pid, i=i).pack()))
    if stored and field != "postal_address":
        kb.row(
            InlineKeyboardButton(
                text=words.BTN_CLEAR, callback_data=ReqCb(action=ReqAct.CLEAR, pid=pid, i=i).pack()
            )
        )
    kb.row(
        InlineKeyboardButton(
            text=words.BTN_STOP, callback_data=ReqCb(action=ReqAct.STOP, pid=pid).pack()
        )
    )
    return kb.as_markup()


def gender(pid: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.row(
        InlineKeyboardButton(
            text=words.BTN_MALE, callback_data=ReqCb(action=ReqAct.MALE, pid=pid).pack()
        ),
        InlineKeyboardButton(
            text=words.BTN_FEMALE, callback_data=ReqCb(action=ReqAct.FEMALE, pid=pid).pack()
        ),
    )
    return kb.as_markup()
