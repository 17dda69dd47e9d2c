"""Changing one field of a programme from its card."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import programs as service
from handlers.programs import view
from handlers.programs.callbacks import ProgEdit
from handlers.programs.form import ORDER, ProgramForm, ask, check, skipped
from handlers.shared.keyboards import main_menu
from storage import programs as db


async def edit_field(
    query: CallbackQuery, callback_data: ProgEdit, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not isinstance(query.message, Message):
        return
    program = await db.get_program(ctx.session, ctx.org, callback_data.id)
    if program is None:
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
        return
    await ctx.state.set_state(ProgramForm.edit)
    await ctx.state.set_data({"prog_id": program.id, "prog_field": callback_data.field.value})
    await ask(query.message, ctx, callback_data.field, edit=True)


async def edit_answer(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    field = str(data.get("prog_field", ""))
    program = await db.get_program(ctx.session, ctx.org, int(data.get("prog_id", 0)))
    if program is None or field not in ORDER:
        await ctx.state.clear()
        await message.answer(ctx.render("common/not_found.html"), reply_markup=main_menu())
        return
    if skipped(message, field):
        await service.update_programme(ctx.session, program, now=ctx.now(), clear=field)
    else:
        value, problem = check(field, message, ctx)
        if problem is not None:
            await message.answer(problem)
            await ask(message, ctx, field, edit=True)  # the same question again
            return
        # the focus is one of the six areas now (the old free text stays as it was)
        changes: dict[str, Any] = {"focus_area" if field == "focus" else field: value}
        await service.update_programme(ctx.session, program, now=ctx.now(), **changes)
    await ctx.state.clear()
    await message.answer(
        ctx.render("programs/saved.html", name=program.name), reply_markup=main_menu()
    )
    text, markup = await view.card(ctx, program)
    await message.answer(text, reply_markup=markup)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(edit_field, ProgEdit.filter())
    r.message.register(edit_answer, StateFilter(ProgramForm.edit))
    return r
