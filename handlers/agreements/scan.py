"""A scan attached to a registered agreement later (the card's "attach a scan")."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.services import agreements as service
from handlers.agreements.callbacks import AgCb, CardAct
from handlers.agreements.card import show_card
from handlers.agreements.views import load, loaded


class ScanForm(StatesGroup):
    file = State()


def scan_of(message: Message) -> tuple[str, str, str | None] | None:
    """(file id, "document" or "photo", file name) of what the member sent, if a file."""
    if message.document is not None:
        return message.document.file_id, "document", message.document.file_name
    if message.photo:
        return message.photo[-1].file_id, "photo", None
    return None


async def ask_scan(
    query: CallbackQuery, callback_data: AgCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await loaded(query, callback_data.id, ctx, callback_answer)
    if found is None:
        return
    message, agreement, _ = found
    await ctx.state.set_state(ScanForm.file)
    await ctx.state.set_data({"agreement_id": agreement.id})
    await message.answer(ctx.render("agreements/ask_scan.html", later=True))


async def scan_received(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    found = await load(ctx, int(data.get("agreement_id") or 0))
    if found is None:
        await ctx.state.clear()
        await message.answer(ctx.render("common/not_found.html"))
        return
    agreement, partner = found
    scan = scan_of(message)
    if scan is None:
        await message.answer(ctx.render("agreements/ask_scan.html", later=True, bad=True))
        return
    file_id, kind, name = scan
    await service.attach_scan(
        ctx.session, agreement, file_id=file_id, kind=kind, name=name, now=ctx.now()
    )
    await ctx.state.clear()
    await show_card(
        message, ctx, agreement, partner, prefix=ctx.render("agreements/scan_saved.html")
    )


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(ask_scan, AgCb.filter(F.action == CardAct.SCAN_ADD))
    r.message.register(scan_received, StateFilter(ScanForm.file))
    return r
