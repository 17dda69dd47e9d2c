"""Stage I: the four questions the team answers (what for, with whom, how, what we offer),
and the answers given so far."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.services import coach as service
from handlers.coach import keyboards
from handlers.coach.callbacks import QuestionAct, QuestionCb
from handlers.coach.states import ANSWER_LIMIT, CoachForm, NotCommand, message_of
from storage import coach as store
from texts import method

QUESTIONS = len(method.STAGE_ONE_QUESTIONS)


async def all_answers(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is None:
        return
    current = await store.answers(ctx.session, ctx.org)
    await message.answer(
        ctx.render("coach/answers.html", answers=current), reply_markup=keyboards.answers()
    )


async def ask(query: CallbackQuery, callback_data: QuestionCb, ctx: Ctx) -> None:
    if (message := message_of(query)) is None:
        return
    q = callback_data.q
    current = await store.answers(ctx.session, ctx.org)
    if not 0 <= q < QUESTIONS:
        await message.answer(ctx.render("common/stale.html"))
        return
    await ctx.state.set_state(CoachForm.answer)
    await ctx.state.set_data({"q": q})
    await message.answer(
        ctx.render("coach/ask_answer.html", q=q, current=current.get(q), limit=ANSWER_LIMIT)
    )


async def answer_typed(message: Message, ctx: Ctx) -> None:
    text = (message.text or "").strip()
    if not 3 <= len(text) <= ANSWER_LIMIT:
        await message.answer(ctx.render("coach/bad_answer.html", limit=ANSWER_LIMIT))
        return
    q = int((await ctx.state.get_data()).get("q", 0))
    await service.save_answer(ctx.session, ctx.member, q, text, ctx.now())
    await ctx.state.clear()
    current = await store.answers(ctx.session, ctx.org)
    open_q = next((i for i in range(QUESTIONS) if i not in current), None)
    await message.answer(
        ctx.render("coach/answer_saved.html", q=q, answered=len(current)),
        reply_markup=keyboards.answer_saved(open_q),
    )


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(all_answers, QuestionCb.filter(F.action == QuestionAct.ALL))
    r.callback_query.register(ask, QuestionCb.filter(F.action == QuestionAct.ASK))
    r.message.register(answer_typed, StateFilter(CoachForm.answer), NotCommand())
    return r
