"""Expert evaluation of a partnership (stage III): a score of 1–5 per criterion, an
optional comment and direction; then it is saved."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import coach as service
from handlers.coach import keyboards
from handlers.coach.callbacks import DirAct, DirCb, ScoreCb, SkipCb
from handlers.coach.states import COMMENT_LIMIT, DIRECTIONS, CoachForm, NotCommand, message_of
from handlers.shared.callbacks import Evaluate
from storage import partners as partners_store
from texts import coach as labels


def _stale(ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    callback_answer.text = ctx.render("common/stale.html")
    callback_answer.show_alert = True


async def _ask_score(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    i = len(data.get("scores", []))
    await message.answer(
        ctx.render(
            "coach/eval_ask_score.html",
            partner=data.get("partner_name", ""),
            i=i,
            total=len(labels.CRITERIA),
            criterion=labels.CRITERIA[i],
        ),
        reply_markup=keyboards.scores(i),
    )


async def evaluate(
    query: CallbackQuery, callback_data: Evaluate, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    partner = await partners_store.get_partner(ctx.session, ctx.org, callback_data.partner_id)
    if partner is None:
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
        return
    if (message := message_of(query)) is None:
        return
    await ctx.state.set_state(CoachForm.eval_score)
    await ctx.state.set_data({"partner_id": partner.id, "partner_name": partner.name, "scores": []})
    await _ask_score(message, ctx)


async def score(
    query: CallbackQuery, callback_data: ScoreCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    scores = list((await ctx.state.get_data()).get("scores", []))
    if callback_data.i != len(scores) or not 1 <= callback_data.score <= 5:
        # the keyboard of an earlier criterion (or a second tap on it): already answered
        _stale(ctx, callback_answer)
        return
    if (message := message_of(query)) is None:
        return
    scores.append(callback_data.score)
    await ctx.state.update_data(scores=scores)
    if len(scores) < len(labels.CRITERIA):
        await _ask_score(message, ctx)
        return
    await ctx.state.set_state(CoachForm.eval_comment)
    await message.answer(ctx.render("coach/eval_ask_comment.html"), reply_markup=keyboards.skip())


async def score_typed(message: Message, ctx: Ctx) -> None:
    await _ask_score(message, ctx)


async def _ask_direction(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(CoachForm.eval_direction)
    await message.answer(
        ctx.render("coach/eval_ask_direction.html"), reply_markup=keyboards.directions()
    )


async def comment_typed(message: Message, ctx: Ctx) -> None:
    comment = (message.text or "").strip()
    if not comment or len(comment) > COMMENT_LIMIT:
        await message.answer(
            ctx.render("coach/eval_ask_comment.html"), reply_markup=keyboards.skip()
        )
        return
    await ctx.state.update_data(comment=comment)
    await _ask_direction(message, ctx)


async def comment_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await ctx.state.update_data(comment=None)
        await _ask_direction(message, ctx)


async def _save(query: CallbackQuery, ctx: Ctx, direction: str | None) -> None:
    """The last answer: the evaluation is saved."""
    if (message := message_of(query)) is None:
        return
    data = await ctx.state.get_data()
    partner_id = int(data.get("partner_id", 0))
    partner = await partners_store.get_partner(ctx.session, ctx.org, partner_id)
    if partner is None:
        await ctx.state.clear()
        await message.answer(ctx.render("common/not_found.html"))
        return
    scores = [int(s) for s in data.get("scores", [])]
    comment = data.get("comment")
    await service.add_evaluation(
        ctx.session,
        ctx.member,
        partner_id=partner.id,
        scores=scores,
        comment=comment,
        direction=direction,
        now=ctx.now(),
    )
    await ctx.state.clear()
    await message.answer(
        ctx.render(
            "coach/eval_saved.html",
            partner=partner.name,
            criteria=labels.CRITERIA,
            scores=scores,
            comment=comment,
            direction=direction,
        ),
        reply_markup=keyboards.evaluation_saved(partner.id),
    )


async def direction_picked(
    query: CallbackQuery, callback_data: DirCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not 0 <= callback_data.idx < len(DIRECTIONS):
        _stale(ctx, callback_answer)
        return
    await _save(query, ctx, DIRECTIONS[callback_data.idx])


async def direction_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    await _save(query, ctx, None)


async def direction_typed(message: Message, ctx: Ctx) -> None:
    await _ask_direction(message, ctx)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(evaluate, Evaluate.filter())
    scoring = StateFilter(CoachForm.eval_score)
    r.callback_query.register(score, scoring, ScoreCb.filter())
    r.message.register(score_typed, scoring, NotCommand())
    commenting = StateFilter(CoachForm.eval_comment)
    r.message.register(comment_typed, commenting, NotCommand())
    r.callback_query.register(comment_skipped, commenting, SkipCb.filter())
    direction = StateFilter(CoachForm.eval_direction)
    r.callback_query.register(direction_picked, direction, DirCb.filter(F.action == DirAct.PICK))
    r.callback_query.register(direction_skipped, direction, DirCb.filter(F.action == DirAct.SKIP))
    r.message.register(direction_typed, direction, NotCommand())
    return r
