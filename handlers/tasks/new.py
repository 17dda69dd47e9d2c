"""A task added by hand (the partner card, /tasks): for which partner, what to do (a usual
step or typed), when (handlers/tasks/when)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.services import tasks as service
from handlers.shared.callbacks import NewTask
from handlers.shared.filters import Has
from handlers.tasks import keyboards
from handlers.tasks.callbacks import FormAct, FormCb
from handlers.tasks.states import TaskForm
from handlers.tasks.view import TITLE_MIN, message_of, render
from handlers.tasks.when import ask_day
from storage import meetings as meetings_db
from storage import partners as partners_db
from storage.models import TaskKind
from texts import tasks as words

QUERY_LIMIT = 100


async def new_task(query: CallbackQuery, callback_data: NewTask, ctx: Ctx) -> None:
    """The entry point (partner_id=0: the partner first)."""
    if not (message := message_of(query)):
        return
    await ctx.state.clear()
    if callback_data.partner_id == 0:
        await _ask_partner(message, ctx)
        return
    partner = await partners_db.get_partner(ctx.session, ctx.org, callback_data.partner_id)
    if partner is None:
        await message.answer(ctx.render("common/not_found.html"))
        return
    await ctx.state.update_data(partner_id=partner.id, partner_name=partner.name)
    await _ask_title(message, ctx, partner.name)


async def _ask_partner(message: Message, ctx: Ctx, text: str | None = None) -> None:
    found = await meetings_db.pick_partners(ctx.session, ctx.org, text)
    if found or text is not None:
        await ctx.state.set_state(TaskForm.partner)
    else:
        await ctx.state.clear()  # nobody to choose: no question left open
    await message.answer(
        render(ctx.tx, "tasks/choose_partner.html", found=bool(found), query=text or ""),
        reply_markup=keyboards.partners(found),
    )


async def partner_typed(message: Message, ctx: Ctx) -> None:
    """A part of the partner's name typed: search."""
    await _ask_partner(message, ctx, (message.text or "").strip()[:QUERY_LIMIT])


async def _ask_title(message: Message, ctx: Ctx, partner: str, problem: str = "") -> None:
    await ctx.state.set_state(TaskForm.title)
    await message.answer(
        render(
            ctx.tx,
            "tasks/ask_title.html",
            partner=partner,
            limit=service.TITLE_LIMIT,
            problem=problem,
        ),
        reply_markup=keyboards.presets(),
    )


async def title_typed(message: Message, ctx: Ctx) -> None:
    title = (message.text or "").strip()
    data = await ctx.state.get_data()
    if not TITLE_MIN <= len(title) <= service.TITLE_LIMIT:
        problem = render(
            ctx.tx,
            "tasks/bad_title.html",
            size=len(title),
            minimum=TITLE_MIN,
            limit=service.TITLE_LIMIT,
        )
        await _ask_title(message, ctx, str(data.get("partner_name", "")), problem)
        return
    await ctx.state.update_data(title=title, kind=service.kind_of(title))
    await ask_day(message, ctx, title)


async def preset_picked(query: CallbackQuery, callback_data: FormCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    if not 0 <= callback_data.idx < len(TaskKind.PRESETS):
        await message.answer(ctx.render("common/stale.html"))
        return
    kind = TaskKind.PRESETS[callback_data.idx]
    title = words.PRESET_TITLES[kind]
    await ctx.state.update_data(title=title, kind=kind)
    await ask_day(message, ctx, title)


async def text_expected(message: Message, ctx: Ctx) -> None:
    """A sticker, photo… where a text answer is expected: the same question stands."""
    await message.answer(ctx.render("start/need_text.html"))


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(new_task, NewTask.filter())
    r.message.register(partner_typed, StateFilter(TaskForm.partner), Has("text"))
    r.message.register(title_typed, StateFilter(TaskForm.title), Has("text"))
    r.callback_query.register(
        preset_picked, FormCb.filter(F.action == FormAct.PRESET), StateFilter(TaskForm.title)
    )
    r.message.register(text_expected, StateFilter(TaskForm.partner, TaskForm.title))
    return r
