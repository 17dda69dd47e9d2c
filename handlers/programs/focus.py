"""The focus area of a programme added before there were focus areas: asked once per
programme, one at a time, when the list is opened (/programs); chosen by button, or later
on the programme's card."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import programs as service
from handlers.programs.callbacks import FocusAct, FocusCb
from handlers.programs.keyboards import focus_question
from handlers.shared.keyboards import edit
from storage import programs as db
from storage.enums import FocusArea

AREAS: tuple[str, ...] = tuple(FocusArea)


async def ask_next(message: Message, ctx: Ctx) -> None:
    """The next older programme without a focus area, if one was never asked."""
    program = await service.next_to_ask_focus(ctx.session, ctx.org, now=ctx.now())
    if program is not None:
        await message.answer(
            ctx.render("programs/focus_question.html", name=program.name, legacy=program.focus),
            reply_markup=focus_question(program.id),
        )


async def chosen(
    query: CallbackQuery, callback_data: FocusCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not 0 <= callback_data.idx < len(AREAS):
        callback_answer.text = ctx.render("common/stale.html")
        callback_answer.show_alert = True
        return
    area = AREAS[callback_data.idx]
    program = await service.set_focus_area(
        ctx.session, ctx.org, callback_data.id, area, now=ctx.now()
    )
    if program is None:
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
        return
    if isinstance(query.message, Message):
        text = ctx.render("programs/focus_saved.html", name=program.name, area=area)
        await edit(query.message, text, reply_markup=None)
        await ask_next(query.message, ctx)


async def later(
    query: CallbackQuery, callback_data: FocusCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    program = await db.get_program(ctx.session, ctx.org, callback_data.id)
    if program is None:
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
        return
    if isinstance(query.message, Message):
        text = ctx.render("programs/focus_later.html", name=program.name)
        await edit(query.message, text, reply_markup=None)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(chosen, FocusCb.filter(F.action == FocusAct.SET))
    r.callback_query.register(later, FocusCb.filter(F.action == FocusAct.LATER))
    return r
