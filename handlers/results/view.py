"""The results log and a result's card, rendered (shared by the screens and the flow)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.context import Ctx
from bot.services import results as service
from handlers.results import keyboards
from storage import results as db
from texts import report as words
from texts import results as labels
from texts import shorten

PER_PAGE = db.PAGE_SIZE


async def log(ctx: Ctx, page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    year = await service.year_summary(ctx.session, ctx.org, ctx.today())
    rows, total = await db.list_results(ctx.session, ctx.org, page, PER_PAGE)
    if page and not rows:  # the page emptied (deleted results): the first one
        page = 0
        rows, total = await db.list_results(ctx.session, ctx.org, page, PER_PAGE)
    text = ctx.render("results/log.html", title=year.title, lines=year.lines, total=total)
    return text, keyboards.log_keyboard(rows, page, total, PER_PAGE)


async def card(ctx: Ctx, result_id: int, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """The card of a result known to exist (else the log)."""
    row = await db.get_result(ctx.session, ctx.org, result_id)
    if row is None:
        return await log(ctx, page)
    event = None
    if row.event is not None:
        event = f"{shorten(row.event[1], 200)}, {row.event[2]:%d.%m.%Y}"
    text = ctx.render(
        "results/card.html",
        icon=labels.KIND_ICONS.get(row.kind, ""),
        kind_label=words.RESULT_KINDS.get(row.kind, row.kind),
        line=shorten(words.result_line(row.kind, dict(row.values)), 2500),
        day=words.long_date(row.day),
        partners=[shorten(name, 100) for _, name in row.partners[:10]],
        event=event,
        file_name=shorten(row.file_name, 100) if row.file_name else "",
        has_file=bool(row.file_id),
    )
    return text, keyboards.card_keyboard(row, page)
