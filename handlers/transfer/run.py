"""Importing partners, second half: the member confirms the preview → the file is read and
checked again and written in one transaction (a progress message for a large file) → how
many were imported, and the rejected rows as a file with the reason of each."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.context import Ctx
from bot.services import transfer as service
from handlers.shared.keyboards import edit, main_menu
from handlers.transfer import upload
from handlers.transfer.callbacks import ImportAct, ImportCb
from handlers.transfer.progress import ProgressMessage
from handlers.transfer.states import ImportForm
from texts import shorten
from texts import spreadsheets as words

PROGRESS_FROM = 300  # rows: a smaller file is done before a progress message could help


async def confirm(query: CallbackQuery, ctx: Ctx) -> None:
    if not isinstance(query.message, Message) or query.message.bot is None:
        return
    message, bot = query.message, query.message.bot
    data = await ctx.state.get_data()
    file_id, name = data.get("imp_file_id"), data.get("imp_name")
    if not isinstance(file_id, str) or not isinstance(name, str):
        await ctx.state.clear()
        await message.answer(ctx.render("transfer/stale.html"))
        return
    category = data.get("imp_category") or None
    await edit(message, reply_markup=None)  # one confirmation per preview
    loaded = await upload.load(message, ctx, file_id, name)
    if loaded is None:
        return
    progress = None
    total = len(loaded.table.rows)
    if total >= PROGRESS_FROM:
        note = await message.answer(
            ctx.render("transfer/progress.html", stage=words.STAGES["check"], done=0, total=total)
        )
        progress = ProgressMessage(bot, note.chat.id, note.message_id, ctx)
    outcome = await service.import_upload(
        ctx.session,
        ctx.member,
        loaded,
        now=ctx.now(),
        default_category=category,
        file_name=name,
        progress=progress.report if progress else None,
        run=ctx.heavy,
    )
    if progress is not None:
        await progress.finish()
    await ctx.state.clear()
    await message.answer(
        ctx.render(
            "transfer/done.html",
            imported=outcome.imported,
            rejected=len(outcome.rejected),
            file=shorten(name, 60),
        ),
        reply_markup=main_menu(),
    )
    if outcome.rejected_file is not None:
        await message.answer_document(
            BufferedInputFile(outcome.rejected_file, f"{words.REJECTED_FILE}.xlsx")
        )


async def cancel(query: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.clear()
    if isinstance(query.message, Message):
        await edit(query.message, reply_markup=None)
        await query.message.answer(ctx.render("transfer/cancelled.html"), reply_markup=main_menu())


async def typed(message: Message, ctx: Ctx) -> None:
    """Text while the preview waits: the buttons under it decide."""
    await message.answer(ctx.render("partners/bad.html", reason="button"))


async def stale(query: CallbackQuery, ctx: Ctx) -> None:
    """A confirmation of a preview no longer awaited (imported already, or cancelled)."""
    if isinstance(query.message, Message):
        await query.message.answer(ctx.render("transfer/stale.html"))


def router() -> Router:
    r = Router(name=__name__)
    awaiting = StateFilter(ImportForm.confirm)
    r.callback_query.register(confirm, ImportCb.filter(F.action == ImportAct.CONFIRM), awaiting)
    r.callback_query.register(cancel, ImportCb.filter(F.action == ImportAct.CANCEL), awaiting)
    r.callback_query.register(stale, ImportCb.filter())
    r.message.register(typed, awaiting)
    return r
