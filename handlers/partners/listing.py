"""/partners: the list, page by page, with filters (category, status, direction, archive);
the same screen shows search results (handlers/partners/search.py)."""

from __future__ import annotations

import math

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import partners as service
from handlers.partners import keyboards, view
from handlers.partners.callbacks import ListAct, ListCb
from handlers.shared.filters import TextIs
from handlers.shared.keyboards import edit
from storage import partners as db
from storage.enums import PartnerCategory
from texts import buttons, method

MAX_PAGE = 100_000  # beyond it a page is a forged one


Found = tuple[str, list[db.ListRow], bool]  # a search: the query, one page, more pages


async def render(
    ctx: Ctx, cb: ListCb, *, found: Found | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The list (or search results: `found`, when already searched; cb.search: the query
    kept in FSM data)."""
    query = found[0] if found else ""
    if cb.search and not found:
        query = str((await ctx.state.get_data()).get("sq", ""))
    more = False
    total: int | None = None
    counts: list[tuple[str, int]] = []
    if query:
        if found:
            rows, more = found[1], found[2]
        else:
            rows, more = await service.search_partners(ctx.session, ctx.org, query, cb.page)
        if cb.page == 0 and not more:
            total = len(rows)
    else:
        flt = db.ListFilter(
            category=cb.category or "",
            status=cb.status or "",
            direction=cb.direction or "",
            archived=cb.archived,
        )
        by_category = await db.category_counts(ctx.session, ctx.org, archived=flt.archived)
        if not (flt.status or flt.direction):  # the counts per category give the total
            total = by_category.get(flt.category, 0) if flt.category else sum(by_category.values())
        rows, counted = await db.list_partners(
            ctx.session, ctx.org, flt, cb.page, count=total is None
        )
        total = counted if total is None else total
        more = (cb.page + 1) * db.PAGE_SIZE < total
        if (
            not by_category
            and not flt.archived
            and not await db.archived_count(ctx.session, ctx.org)
        ):
            return ctx.render("partners/empty.html"), keyboards.add_by_category()
        counts = [
            (c.value, by_category[c.value]) for c in PartnerCategory if by_category.get(c.value)
        ]
    pages = max(1, math.ceil(total / db.PAGE_SIZE)) if total is not None else 0
    filters = []
    if cb.category:
        filters.append(method.CATEGORY_SHORT[cb.category])
    if cb.status:
        filters.append(method.STATUS_LABELS[cb.status])
    if cb.direction:
        filters.append(method.DIRECTION_SHORT[cb.direction])
    text = ctx.render(
        "partners/list.html",
        archived=cb.archived,
        query=query,
        counts=counts,
        filters=filters,
        total=total,
        page=cb.page,
        pages=pages,
    )
    return text, keyboards.listing(cb, rows, pages=pages, more=more, searching=bool(query))


async def list_command(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    text, markup = await render(ctx, ListCb())
    await message.answer(text, reply_markup=markup)


def _shown(query: CallbackQuery, cb: ListCb, ctx: Ctx, answer: CallbackAnswer) -> Message | None:
    """The list's message, unless the button is not one the list shows (then «stale»)."""
    if not isinstance(query.message, Message) or not 0 <= cb.page <= MAX_PAGE:
        view.stale(ctx, answer)
        return None
    return query.message


async def page(
    query: CallbackQuery, callback_data: ListCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    message = _shown(query, callback_data, ctx, callback_answer)
    if message is not None:
        text, markup = await render(ctx, callback_data)
        await edit(message, text, reply_markup=markup)


async def counter(
    query: CallbackQuery, callback_data: ListCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The page counter: a tap on it changes nothing."""
    _shown(query, callback_data, ctx, callback_answer)


async def category_menu(
    query: CallbackQuery, callback_data: ListCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    message = _shown(query, callback_data, ctx, callback_answer)
    if message is not None:
        counts = await db.category_counts(ctx.session, ctx.org, archived=callback_data.archived)
        await edit(message, reply_markup=keyboards.category_menu(callback_data, counts))


async def status_menu(
    query: CallbackQuery, callback_data: ListCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    message = _shown(query, callback_data, ctx, callback_answer)
    if message is not None:
        await edit(message, reply_markup=keyboards.status_menu(callback_data))


async def direction_menu(
    query: CallbackQuery, callback_data: ListCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    message = _shown(query, callback_data, ctx, callback_answer)
    if message is not None:
        await edit(message, reply_markup=keyboards.direction_menu(callback_data))


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(list_command, Command("partners"))
    r.message.register(list_command, TextIs(buttons.MENU_PARTNERS))
    r.callback_query.register(page, ListCb.filter(F.action == ListAct.PAGE))
    r.callback_query.register(counter, ListCb.filter(F.action == ListAct.COUNTER))
    r.callback_query.register(category_menu, ListCb.filter(F.action == ListAct.CATEGORIES))
    r.callback_query.register(status_menu, ListCb.filter(F.action == ListAct.STATUSES))
    r.callback_query.register(direction_menu, ListCb.filter(F.action == ListAct.DIRECTIONS))
    return r
