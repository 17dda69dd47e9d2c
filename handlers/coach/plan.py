"""/plan: the three stages of the method as a checklist, and the «team aware» tick (stage I,
item 2, for a teacher working alone)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.domain import coach as rules
from bot.services import coach as service
from bot.services import results
from handlers.coach import keyboards
from handlers.coach.callbacks import PlanCb, TeamAct, TeamCb
from handlers.coach.states import message_of
from handlers.shared.filters import TextIs
from storage import coach as store
from texts import buttons, method


async def send_plan(message: Message, ctx: Ctx) -> None:
    now = ctx.now()
    snap = await service.snapshot(ctx.session, ctx.org, now, ctx.member.timezone)
    stages = rules.plan(snap, now, rules.Viewer(ctx.member.id, ctx.member.is_admin))
    # stage III: what the partnership has given the children this academic year
    year = await results.year_summary(ctx.session, ctx.org, ctx.today())
    text = ctx.render(
        "coach/plan.html",
        stages=stages,
        answers=snap.answers,
        pos=rules.position(snap, now, stages),
        bar=rules.progress_bar,
        results_title=year.title,
        results=year.lines,
    )
    await message.answer(text, reply_markup=keyboards.plan(stages, snap))


async def show_plan(message: Message, ctx: Ctx) -> None:
    if await ctx.state.get_state() is not None:
        await ctx.state.clear()
    await send_plan(message, ctx)


async def plan_button(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := message_of(query)) is not None:
        await send_plan(message, ctx)


async def _team_aware(query: CallbackQuery, ctx: Ctx, on: bool) -> None:
    await service.set_team_aware(ctx.session, ctx.member, on, ctx.now())
    if (message := message_of(query)) is None:
        return
    answered = len(await store.answers(ctx.session, ctx.org))
    await message.answer(
        ctx.render(
            "coach/team_aware.html",
            on=on,
            answered=answered,
            total=len(method.STAGE_ONE_QUESTIONS),
        ),
        reply_markup=keyboards.plan_and_next(),
    )


async def team_aware(query: CallbackQuery, ctx: Ctx) -> None:
    """The team is on board (the teacher works alone here)."""
    await _team_aware(query, ctx, True)


async def team_unaware(query: CallbackQuery, ctx: Ctx) -> None:
    await _team_aware(query, ctx, False)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(show_plan, Command("plan"))
    r.message.register(show_plan, TextIs(buttons.MENU_PLAN))
    r.callback_query.register(plan_button, PlanCb.filter())
    r.callback_query.register(team_aware, TeamCb.filter(F.action == TeamAct.ON))
    r.callback_query.register(team_unaware, TeamCb.filter(F.action == TeamAct.OFF))
    return r
