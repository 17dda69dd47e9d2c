"""Keyboards of /settings."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.timezones import ordered_choices
from handlers.settings.callbacks import SetAct, SetCb
from handlers.shared.callbacks import Invite, ReminderSettings, Requisites
from storage.orgs import MemberInfo
from texts import buttons
from texts import meetings as meeting_words
from texts import members as member_words
from texts import requisites as requisite_words

ZONES = list(buttons.TIMEZONES.values())


def settings(member: MemberInfo) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=buttons.SETTINGS_NAME, callback_data=SetCb(action=SetAct.NAME))
    kb.button(text=buttons.SETTINGS_POSITION, callback_data=SetCb(action=SetAct.POSITION))
    kb.button(text=member_words.SETTINGS_FORM, callback_data=SetCb(action=SetAct.FORMS))
    kb.button(text=buttons.SETTINGS_TZ, callback_data=SetCb(action=SetAct.ZONES))
    # reminders about meetings, quiet hours: the meetings feature's screen
    kb.button(text=meeting_words.SETTINGS_ROW, callback_data=ReminderSettings())
    kb.button(text=requisite_words.BTN_SETTINGS, callback_data=Requisites())
    rows = [2, 2, 1, 1]
    if member.is_admin:
        kb.button(text=member_words.SETTINGS_ORG_NAME, callback_data=SetCb(action=SetAct.ORG_NAME))
        kb.button(text=member_words.SETTINGS_TOWN, callback_data=SetCb(action=SetAct.TOWN))
        kb.button(text=buttons.SETTINGS_INVITE, callback_data=Invite())
        rows += [2, 1]
    kb.adjust(*rows)
    return kb.as_markup()


def timezones(current: str) -> InlineKeyboardMarkup:
    """The offered zones, west to east, the member's own first (it changes nothing)."""
    kb = InlineKeyboardBuilder()
    for i, choice in enumerate(ordered_choices(current)):
        if i == 0 and choice.zone == current:
            data = SetCb(action=SetAct.ZONE_SAME)
        else:
            data = SetCb(action=SetAct.ZONE, idx=ZONES.index(choice.zone))
        kb.button(text=choice.label, callback_data=data)
    kb.adjust(1)
    return kb.as_markup()


def address_forms() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=member_words.FORM_FEMININE, callback_data=SetCb(action=SetAct.FORM, idx=0))
    kb.button(text=member_words.FORM_MASCULINE, callback_data=SetCb(action=SetAct.FORM, idx=1))
    kb.adjust(2)
    return kb.as_markup()


def zone_move() -> InlineKeyboardMarkup:
    """Planned meetings when the zone changes: keep their clock times or their moments."""
    kb = InlineKeyboardBuilder()
    kb.button(text=member_words.ZONE_KEEP_CLOCK, callback_data=SetCb(action=SetAct.KEEP_CLOCK))
    kb.button(text=member_words.ZONE_KEEP_MOMENT, callback_data=SetCb(action=SetAct.KEEP_MOMENT))
    kb.button(text=member_words.ZONE_CANCEL, callback_data=SetCb(action=SetAct.ZONE_KEEP))
    kb.adjust(1)
    return kb.as_markup()
