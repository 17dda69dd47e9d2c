"""Keyboards of /settings."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.settings.callbacks import SetAct, SetCb
from handlers.shared.callbacks import Invite, ReminderSettings, Requisites
from storage.orgs import MemberInfo
from texts import buttons
from texts import meetings as meeting_words
from texts import requisites as requisite_words


def settings(member: MemberInfo) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=buttons.SETTINGS_NAME, callback_data=SetCb(action=SetAct.NAME))
    kb.button(text=buttons.SETTINGS_POSITION, callback_data=SetCb(action=SetAct.POSITION))
    kb.button(text=buttons.SETTINGS_TZ, callback_data=SetCb(action=SetAct.ZONES))
    # reminders about meetings, quiet hours: the meetings feature's screen
    kb.button(text=meeting_words.SETTINGS_ROW, callback_data=ReminderSettings())
    kb.button(text=requisite_words.BTN_SETTINGS, callback_data=Requisites())
    rows = [2, 1, 1, 1]
    if member.is_admin:
        kb.button(text=buttons.SETTINGS_INVITE, callback_data=Invite())
        rows.append(1)
    kb.adjust(*rows)
    return kb.as_markup()


def timezones() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for i, label in enumerate(buttons.TIMEZONES):
        kb.button(text=label, callback_data=SetCb(action=SetAct.ZONE, idx=i))
    kb.adjust(1)
    return kb.as_markup()
