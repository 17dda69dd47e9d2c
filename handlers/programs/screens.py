"""/programs: the list, a programme's card, deleting one."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import programs as service
from handlers.programs import focus, view
from handlers.programs.callbacks import ProgAct, ProgCb
from handlers.programs.keyboards import delete_keyboard
from handlers.shared.keyboards import edit
from storage import programs as db
from storage.models import Program


async def programs_command(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    text, markup = await view.listing(ctx)
    await message.answer(text, reply_markup=markup)
    await focus.ask_next(message, ctx)  # an older programme without a focus area, once


async def show_list(query: CallbackQuery, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        text, markup = await view.listing(ctx)
        await edit(query.message, text, reply_markup=markup)


async def _program(
    query: CallbackQuery, callback_data: ProgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> tuple[Message, Program] | None:
    """The message and the organisation's programme tapped; None when there is none (the
    member is told)."""
    if not isinstance(query.message, Message):
        return None
    program = await db.get_program(ctx.session, ctx.org, callback_data.id)
    if program is None:
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
        return None
    return query.message, program


async def open_card(
    query: CallbackQuery, callback_data: ProgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _program(query, callback_data, ctx, callback_answer)
    if found is not None:
        message, program = found
        text, markup = await view.card(ctx, program)
        await edit(message, text, reply_markup=markup)


async def ask_delete(
    query: CallbackQuery, callback_data: ProgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _program(query, callback_data, ctx, callback_answer)
    if found is not None:
        message, program = found
        await edit(
            message,
            ctx.render("programs/delete_confirm.html", name=program.name),
            reply_markup=delete_keyboard(program.id),
        )


async def delete(
    query: CallbackQuery, callback_data: ProgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _program(query, callback_data, ctx, callback_answer)
    if found is not None:
        message, program = found
        await service.delete_programme(ctx.session, ctx.org, program.id)
        text, markup = await view.listing(ctx)
        await edit(message, text, reply_markup=markup)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(programs_command, Command("programs"))
    r.callback_query.register(show_list, ProgCb.filter(F.action == ProgAct.LIST))
    r.callback_query.register(open_card, ProgCb.filter(F.action == ProgAct.OPEN))
    r.callback_query.register(ask_delete, ProgCb.filter(F.action == ProgAct.DELETE))
    r.callback_query.register(delete, ProgCb.filter(F.action == ProgAct.DELETE_OK))
    return r
