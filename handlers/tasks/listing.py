"""/tasks: the open tasks, the overdue and today's first; a partner's tasks (its card)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from handlers.shared.callbacks import PartnerTasks
from handlers.shared.filters import TextIs
from handlers.tasks import keyboards
from handlers.tasks.view import message_of, render
from storage import partners as partners_db
from storage import tasks as db
from texts import buttons


async def send_list(message: Message, ctx: Ctx, partner_id: int = 0) -> None:
    """The organisation's open tasks (or one partner's), the earliest due first."""
    partner_name = ""
    if partner_id:
        partner = await partners_db.get_partner(ctx.session, ctx.org, partner_id)
        if partner is None:
            await message.answer(ctx.render("common/not_found.html"))
            return
        partner_name = partner.name
    today = ctx.today()
    rows = await db.open_tasks(ctx.session, ctx.org, partner_id=partner_id or None)
    total, overdue = await db.count_open(ctx.session, ctx.org, today, partner_id=partner_id or None)
    await message.answer(
        render(
            ctx.tx,
            "tasks/list.html",
            rows=rows,
            today=today,
            partner=partner_name,
            total=total,
            overdue=overdue,
            me=ctx.member.id,
        ),
        reply_markup=keyboards.listing(rows, today, partner_id),
    )


async def tasks_command(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    await send_list(message, ctx)


async def partner_tasks(query: CallbackQuery, callback_data: PartnerTasks, ctx: Ctx) -> None:
    """The partner card's «Tasks» (partner_id=0: every partner's)."""
    if message := message_of(query):
        await send_list(message, ctx, callback_data.partner_id)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(tasks_command, Command("tasks"))
    r.message.register(tasks_command, TextIs(buttons.MENU_TASKS))
    r.callback_query.register(partner_tasks, PartnerTasks.filter())
    return r
