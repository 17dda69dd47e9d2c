"""Keyboards shared by several features. Labels come from texts.buttons."""

from __future__ import annotations

from functools import cache

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from texts import buttons


@cache  # the same for everyone: built once
def main_menu() -> ReplyKeyboardMarkup:
    rows = [
        [buttons.MENU_NEXT, buttons.MENU_ADD],
        [buttons.MENU_PARTNERS, buttons.MENU_MEETINGS],
        [buttons.MENU_TASKS, buttons.MENU_AGREEMENTS],
        [buttons.MENU_PLAN, buttons.MENU_ABOUT, buttons.MENU_SETTINGS],
    ]
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=label) for label in row] for row in rows],
        resize_keyboard=True,
        is_persistent=True,
    )


async def edit(
    message: Message, text: str | None = None, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit a message's text (or only its keyboard when `text` is None).

    Telegram refuses an edit that changes nothing ("message is not modified"), e.g. when a
    button showing the current page is pressed again: that is not an error for the user.
    """
    try:
        if text is None:
            await message.edit_reply_markup(reply_markup=reply_markup)
        else:
            await message.edit_text(text, reply_markup=reply_markup)
    except TelegramBadRequest as e:
        if "message is not modified" not in str(e):
            raise
