"""/results: the log (this year's summary, the results newest first), a result's card, its
file sent again, deleting one."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import results as service
from handlers.results import keyboards, view
from handlers.results.callbacks import ResAct, ResCb
from handlers.shared.keyboards import edit
from storage import results as db
from storage.results import ResultRow
from texts import report as words
from texts import shorten


async def results_command(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    text, markup = await view.log(ctx)
    await message.answer(text, reply_markup=markup)


async def show_log(query: CallbackQuery, callback_data: ResCb, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        text, markup = await view.log(ctx, callback_data.page)
        await edit(query.message, text, reply_markup=markup)


async def _result(
    query: CallbackQuery, callback_data: ResCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> tuple[Message, ResultRow] | None:
    """The message and the organisation's result tapped; None when there is none (the
    member is told)."""
    if not isinstance(query.message, Message):
        return None
    row = await db.get_result(ctx.session, ctx.org, callback_data.id)
    if row is None:
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
        return None
    return query.message, row


async def open_card(
    query: CallbackQuery, callback_data: ResCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if (found := await _result(query, callback_data, ctx, callback_answer)) is not None:
        text, markup = await view.card(ctx, found[1].id, callback_data.page)
        await edit(found[0], text, reply_markup=markup)


async def send_file(
    query: CallbackQuery, callback_data: ResCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _result(query, callback_data, ctx, callback_answer)
    if found is None:
        return
    message, row = found
    if not row.file_id:
        callback_answer.text = ctx.render("common/not_found.html")
        return
    if row.file_kind == "photo":
        await message.answer_photo(row.file_id)
    else:
        await message.answer_document(row.file_id)


async def ask_delete(
    query: CallbackQuery, callback_data: ResCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if (found := await _result(query, callback_data, ctx, callback_answer)) is not None:
        message, row = found
        line = shorten(words.result_line(row.kind, dict(row.values)), 300)
        await edit(
            message,
            ctx.render("results/delete_confirm.html", line=line),
            reply_markup=keyboards.delete_keyboard(row.id, callback_data.page),
        )


async def delete(
    query: CallbackQuery, callback_data: ResCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if (found := await _result(query, callback_data, ctx, callback_answer)) is not None:
        await service.delete_result(ctx.session, ctx.org, found[1].id)
        callback_answer.text = ctx.render("results/deleted.html")
        text, markup = await view.log(ctx, callback_data.page)
        await edit(found[0], text, reply_markup=markup)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(results_command, Command("results"))
    r.callback_query.register(show_log, ResCb.filter(F.action == ResAct.LIST))
    r.callback_query.register(open_card, ResCb.filter(F.action == ResAct.OPEN))
    r.callback_query.register(send_file, ResCb.filter(F.action == ResAct.FILE))
    r.callback_query.register(ask_delete, ResCb.filter(F.action == ResAct.DELETE))
    r.callback_query.register(delete, ResCb.filter(F.action == ResAct.DELETE_OK))
    return r
