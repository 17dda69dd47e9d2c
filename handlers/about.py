"""/about: the method as a browsable reference; page buttons edit one message."""

from __future__ import annotations

from functools import cache
from weakref import WeakKeyDictionary

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from handlers.shared.filters import TextIs
from handlers.shared.keyboards import edit, inline
from texts import Texts, buttons

router = Router(name=__name__)

PAGES: tuple[str, ...] = tuple(buttons.ABOUT_PAGES)


class AboutCb(CallbackData, prefix="ab"):
    page: int


@cache  # the pages are static: build each keyboard once
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


_rendered: WeakKeyDictionary[Texts, dict[int, str]] = WeakKeyDictionary()


def _render(tx: Texts, page: int) -> str:
    """The page's HTML; static, so rendered once per Texts environment."""
    pages = _rendered.setdefault(tx, {})
    text = pages.get(page)
    if text is None:
        text = pages[page] = tx.render(f"about/{PAGES[page]}.html", page=page + 1, total=len(PAGES))
    return text


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
        # pressing the page already shown changes nothing: `edit` keeps quiet about it
        await edit(query.message, _render(tx, page), reply_markup=_keyboard(page))
