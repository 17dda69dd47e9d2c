"""/about and its page buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.statuses import TRANSITIONS
from handlers.shared.filters import TextIs
from handlers.shared.keyboards import edit
from texts import Texts, buttons

PAGES: tuple[str, ...] = tuple(buttons.ABOUT_PAGES)


class AboutCb(CallbackData, prefix="ab"):
    page: int


def keyboard(current: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if current > 0:
        kb.button(text=buttons.PREV, callback_data=AboutCb(page=current - 1))
    if current < len(PAGES) - 1:
        kb.button(text=buttons.FORWARD, callback_data=AboutCb(page=current + 1))
    for i, label in enumerate(buttons.ABOUT_PAGES.values()):
        kb.button(text="• " + label if i == current else label, callback_data=AboutCb(page=i))
    nav = (current > 0) + (current < len(PAGES) - 1)
    kb.adjust(nav, *[2] * ((len(PAGES) + 1) // 2))
    return kb.as_markup()


def render(tx: Texts, page: int) -> str:
    # the status page words the ONE table of transitions (bot/domain/statuses.py)
    return tx.render(
        f"about/{PAGES[page]}.html", page=page + 1, total=len(PAGES), transitions=TRANSITIONS
    )


async def about(message: Message, tx: Texts) -> None:
    await message.answer(render(tx, 0), reply_markup=keyboard(0))


async def about_page(
    query: CallbackQuery, callback_data: AboutCb, tx: Texts, callback_answer: CallbackAnswer
) -> None:
    page = callback_data.page
    if not 0 <= page < len(PAGES):
        callback_answer.text = tx.render("common/stale.html")
        return
    if isinstance(query.message, Message):
        # pressing the page already shown changes nothing: `edit` keeps quiet about it
        await edit(query.message, render(tx, page), reply_markup=keyboard(page))


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(about, Command("about"))
    r.message.register(about, TextIs(buttons.MENU_ABOUT))
    r.callback_query.register(about_page, AboutCb.filter())
    return r
