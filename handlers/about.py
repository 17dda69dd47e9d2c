"""/about: the method as a browsable reference; page buttons edit one message."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from handlers.filters import TextIs
from handlers.keyboards import inline
from texts import Texts, buttons

router = Router(name=__name__)

PAGES: tuple[str, ...] = tuple(buttons.ABOUT_PAGES)


class AboutCb(CallbackData, prefix="ab"):
    page: int


def _keyboard(current: int) -> InlineKeyboardMarkup:
    items = [
        ("• " + label if i == current else label, AboutCb(page=i).pack())
        for i, label in enumerate(buttons.ABOUT_PAGES.values())
    ]
    rows = [items[i : i + 2] for i in range(0, len(items), 2)]
    nav = []
    if current > 0:
        nav.append((buttons.PREV, AboutCb(page=current - 1).pack()))
    if current < len(PAGES) - 1:
        nav.append((buttons.FORWARD, AboutCb(page=current + 1).pack()))
    return inline([nav, *rows])


def _render(tx: Texts, page: int) -> str:
    return tx.render(f"about/{PAGES[page]}.html", page=page + 1, total=len(PAGES))


@router.message(Command("about"))
@router.message(TextIs(buttons.MENU_ABOUT))
async def about(message: Message, tx: Texts) -> None:
    await message.answer(_render(tx, 0), reply_markup=_keyboard(0))


@router.callback_query(AboutCb.filter())
async def about_page(query: CallbackQuery, callback_data: AboutCb, tx: Texts) -> None:
    page = callback_data.page
    if not 0 <= page < len(PAGES):
        await query.answer(tx.render("common/stale.html"))
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(_render(tx, page), reply_markup=_keyboard(page))
