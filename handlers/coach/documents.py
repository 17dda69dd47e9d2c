"""The typical documents of social partnership (stage III): a checklist ticked in place."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain import coach as rules
from bot.services import coach as service
from handlers.coach import keyboards
from handlers.coach.callbacks import DocAct, DocCb
from handlers.coach.states import message_of
from handlers.shared.keyboards import edit
from storage import coach as store


async def _checklist(ctx: Ctx) -> tuple[str, set[str]]:
    adopted = await store.documents(ctx.session, ctx.org, exclude=rules.TEAM_AWARE)
    text = ctx.render("coach/documents.html", adopted=len(adopted), total=len(rules.DOCUMENT_KINDS))
    return text, adopted


async def show(query: CallbackQuery, ctx: Ctx) -> None:
    text, adopted = await _checklist(ctx)
    if (message := message_of(query)) is not None:
        await message.answer(text, reply_markup=keyboards.documents(adopted))


async def toggle(
    query: CallbackQuery, callback_data: DocCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not 0 <= callback_data.idx < len(rules.DOCUMENT_KINDS):
        callback_answer.text = ctx.render("common/stale.html")
        callback_answer.show_alert = True
        return
    kind = rules.DOCUMENT_KINDS[callback_data.idx]
    await service.toggle_document(ctx.session, ctx.member, kind, ctx.now())
    text, adopted = await _checklist(ctx)
    if (message := message_of(query)) is not None:
        await edit(message, text, keyboards.documents(adopted))


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(show, DocCb.filter(F.action == DocAct.SHOW))
    r.callback_query.register(toggle, DocCb.filter(F.action == DocAct.TOGGLE))
    return r
