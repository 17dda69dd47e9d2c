"""/export: the partner database as an .xlsx (sheets of partners, meetings and agreements) and
a .csv of the partners (UTF-8 with BOM, «;»), built off the event loop; the meetings and
agreements as .csv on request. Every export is recorded (who, when)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.services import transfer as service
from handlers.shared.keyboards import edit, main_menu
from handlers.transfer.callbacks import ExportAct, ExportCb
from texts import spreadsheets as words


def _more_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=words.BTN_MORE_CSV, callback_data=ExportCb(action=ExportAct.MORE_CSV))
    return kb.as_markup()


async def export_command(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    sent = await message.answer(
        ctx.render("transfer/export_preparing.html"), reply_markup=main_menu()
    )
    note = sent.as_(message.bot) if message.bot is not None else sent
    files = await service.export_files(ctx.session, ctx.member, now=ctx.now(), run=ctx.heavy)
    await message.answer_document(BufferedInputFile(files.xlsx, f"{files.name}.xlsx"))
    await message.answer_document(BufferedInputFile(files.csv, f"{files.name}.csv"))
    await edit(
        note,
        ctx.render(
            "transfer/export_ready.html",
            partners=files.partners,
            meetings=files.meetings,
            agreements=files.agreements,
        ),
        reply_markup=_more_keyboard(),
    )


async def more_csv(query: CallbackQuery, ctx: Ctx) -> None:
    if not isinstance(query.message, Message):
        return
    files = await service.export_files(
        ctx.session, ctx.member, now=ctx.now(), run=ctx.heavy, extra_csv=True
    )
    day = ctx.today().strftime("%d.%m.%Y")
    await query.message.answer_document(
        BufferedInputFile(files.meetings_csv, words.MEETINGS_FILE.format(date=day) + ".csv")
    )
    await query.message.answer_document(
        BufferedInputFile(files.agreements_csv, words.AGREEMENTS_FILE.format(date=day) + ".csv")
    )


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(export_command, Command("export"))
    r.callback_query.register(more_csv, ExportCb.filter(F.action == ExportAct.MORE_CSV))
    return r
