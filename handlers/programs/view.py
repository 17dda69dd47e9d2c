"""A programme's card and the list, rendered (shared by the screens and the forms)."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.context import Ctx
from handlers.programs.keyboards import card_keyboard, list_keyboard
from handlers.shared.text_length import shown_length
from storage import programs as db
from storage.models import Program
from texts import TELEGRAM_TEXT_LIMIT, shorten


async def card(ctx: Ctx, program: Program) -> tuple[str, InlineKeyboardMarkup]:
    partners, total = await db.linked_partners(ctx.session, ctx.org, program.id)
    values: dict[str, Any] = {"p": program, "partners": partners, "total": total}
    text = ctx.render("programs/card.html", **values, description=program.description)
    if shown_length(text) > TELEGRAM_TEXT_LIMIT:  # only a description stored longer than
        # the form allows can do that: shorten it (never the rendered HTML) to what fits
        room = TELEGRAM_TEXT_LIMIT - shown_length(
            ctx.render("programs/card.html", **values, description="")
        )
        description = shorten(program.description, max(room - 2, 1))
        text = ctx.render("programs/card.html", **values, description=description)
    return text, card_keyboard(program, partners)


async def listing(ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    items = await db.list_programs(ctx.session, ctx.org)
    # a few fixed lines: the programmes are buttons
    return ctx.render("programs/list.html", items=items), list_keyboard(items)
