"""Keyboards shared by several features. Labels come from texts.buttons."""

from __future__ import annotations

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from texts import buttons


def main_menu() -> ReplyKeyboardMarkup:
    rows = [
        [buttons.MENU_NEXT, buttons.MENU_ADD],
        [buttons.MENU_PARTNERS, buttons.MENU_PLAN],
        [buttons.MENU_ABOUT, buttons.MENU_SETTINGS],
    ]
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=label) for label in row] for row in rows],
        resize_keyboard=True,
        is_persistent=True,
    )


def inline(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Build an inline keyboard from rows of (label, callback_data)."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in rows
        ]
    )
