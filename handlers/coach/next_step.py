"""/next: one recommended step, with «not now» and «another suggestion»."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain import coach as rules
from bot.services import coach as service
from handlers.coach import keyboards
from handlers.coach.callbacks import NextAct, NextCb
from handlers.coach.states import message_of
from handlers.shared.filters import TextIs
from handlers.shared.keyboards import edit
from storage import coach as store
from texts import buttons
from texts import coach as labels

MAX_OFFSET = 100_000  # "another suggestion" walks a list far shorter than this
KEY_LIMIT = 48  # a dismissal key, as stored


async def render_next(ctx: Ctx, offset: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    """The suggestion at `offset` (wrapping) among those not put off, with the position."""
    now = ctx.now()
    member = ctx.member
    due = await service.due_items(ctx.session, member, ctx.today())
    snap = await service.snapshot(ctx.session, ctx.org, now, member.timezone, due=due)
    hidden = await store.dismissals(ctx.session, member.id, now)
    viewer = rules.Viewer(member.id, member.is_admin)
    found = rules.candidates(snap, now, viewer)
    suggestion, index, total = rules.pick_from(found, now, dismissed=hidden, offset=offset)
    pos = rules.position(snap, now, rules.plan(snap, now, viewer))
    if suggestion is None:
        text = ctx.render("coach/nothing.html", pos=pos, hidden=bool(hidden))
        return text, keyboards.nothing()
    text = ctx.render(
        "coach/next.html",
        s=suggestion,
        pos=pos,
        index=index,
        total=total,
        labels=labels,
    )
    return text, keyboards.suggestion(suggestion, index, total)


async def send_next(message: Message, ctx: Ctx) -> None:
    text, markup = await render_next(ctx)
    await message.answer(text, reply_markup=markup)


async def next_step(message: Message, ctx: Ctx) -> None:
    if await ctx.state.get_state() is not None:
        await ctx.state.clear()
    await send_next(message, ctx)


def _stale(callback_data: NextCb, ctx: Ctx, callback_answer: CallbackAnswer) -> bool:
    if 0 <= callback_data.off <= MAX_OFFSET:
        return False
    callback_answer.text = ctx.render("common/stale.html")
    callback_answer.show_alert = True
    return True


async def show(
    query: CallbackQuery, callback_data: NextCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """«Next step» under another message (plan, saved answer…): a new message."""
    if not _stale(callback_data, ctx, callback_answer) and (msg := message_of(query)):
        await send_next(msg, ctx)


async def _move(query: CallbackQuery, ctx: Ctx, offset: int) -> None:
    text, markup = await render_next(ctx, offset)
    if (message := message_of(query)) is not None:  # the same suggestion: nothing changes
        await edit(message, text, markup)


async def not_now(
    query: CallbackQuery, callback_data: NextCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """Put the suggestion off for a few days; the next one takes its place."""
    if _stale(callback_data, ctx, callback_answer):
        return
    if callback_data.key:
        await service.dismiss(ctx.session, ctx.member, callback_data.key[:KEY_LIMIT], ctx.now())
    await _move(query, ctx, callback_data.off)


async def another(
    query: CallbackQuery, callback_data: NextCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not _stale(callback_data, ctx, callback_answer):
        await _move(query, ctx, callback_data.off)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(next_step, Command("next"))
    r.message.register(next_step, TextIs(buttons.MENU_NEXT))
    r.callback_query.register(show, NextCb.filter(F.action == NextAct.SHOW))
    r.callback_query.register(not_now, NextCb.filter(F.action == NextAct.NOT))
    r.callback_query.register(another, NextCb.filter(F.action == NextAct.OTHER))
    return r
