"""The member's tasks due today and overdue, as /next shows them before the method's step.

The coach (handlers/coach) calls `agenda_block(ctx)`: None when nothing is due; else the
text (an HTML block to put above the suggestion) and the rows of buttons (one per task, at
most five, each opening the task's card with its done / tomorrow / move buttons).
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton

from bot.context import Ctx
from bot.services import tasks as service
from handlers.tasks import keyboards
from handlers.tasks.view import render


async def agenda_block(ctx: Ctx) -> tuple[str, list[list[InlineKeyboardButton]]] | None:
    found = await service.agenda(ctx.session, ctx.member, ctx.now())
    if not found.rows:
        return None
    text = render(ctx.tx, "tasks/agenda.html", rows=found.rows, today=found.today)
    rows = [
        [keyboards.row_button(i, row, found.today, with_partner=True)]
        for i, row in enumerate(found.rows, 1)
    ]
    return text, rows
