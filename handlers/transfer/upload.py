"""Importing partners, first half: /import (or an .xlsx/.csv sent outside any flow) → the
file read off the event loop → the category asked once for the rows without one → the
preview: how the columns were understood, the first rows, what will and will not be
imported. Nothing is written until the member confirms (handlers/transfer/run.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, Filter, StateFilter
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.domain import spreadsheets as sheets
from bot.services import transfer as service
from handlers.shared.files import download
from handlers.shared.filters import Has
from handlers.shared.keyboards import main_menu
from handlers.transfer.callbacks import ImportAct, ImportCategory, ImportCb
from handlers.transfer.states import ImportForm
from storage.enums import PartnerCategory
from texts import method, shorten
from texts import spreadsheets as words

TABLE_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv")
SHOWN_COLUMNS = 25  # lines of the mapping in the preview
SHOWN_ROWS = 3
CELL = 40  # characters of a cell in the preview
ROW = 300  # characters of a row in the preview


class TableFile(Filter):
    """A document named like a spreadsheet."""

    def quick_check(self, event: TelegramObject) -> bool:
        document = getattr(event, "document", None)
        name = (getattr(document, "file_name", None) or "").lower()
        return name.endswith(TABLE_EXTENSIONS)

    async def __call__(self, event: TelegramObject) -> bool:
        return self.quick_check(event)


async def import_command(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    ctx.expect_heavy()
    await ctx.state.set_state(ImportForm.file)
    await message.answer(
        ctx.render(
            "transfer/ask_file.html",
            mb=sheets.MAX_BYTES // (1024 * 1024),
            rows=f"{sheets.MAX_ROWS:,}".replace(",", "\u00a0"),
        )
    )


async def refuse(message: Message, ctx: Ctx, error: sheets.ReadError) -> None:
    """A broken or foreign file: why, and the next file is awaited."""
    await ctx.state.clear()
    await ctx.state.set_state(ImportForm.file)
    await message.answer(ctx.render("transfer/refused.html", reason=error.text()))


async def load(message: Message, ctx: Ctx, file_id: str, name: str) -> service.Upload | None:
    """The member's file read (None: refused, the member told)."""
    if message.bot is None:
        return None
    try:
        data = await download(message.bot, file_id)
        if data is None:
            raise sheets.ReadError(sheets.ReadReason.NOT_DOWNLOADED)
        return await service.open_upload(data, name, ctx.heavy)
    except sheets.ReadError as error:
        await refuse(message, ctx, error)
        return None


async def file_sent(message: Message, ctx: Ctx) -> None:
    document = message.document
    if document is None:
        return
    if document.file_size is not None and document.file_size > sheets.MAX_BYTES:
        await refuse(message, ctx, sheets.ReadError(sheets.ReadReason.TOO_BIG))
        return
    name = (document.file_name or "")[:200]
    upload = await load(message, ctx, document.file_id, name)
    if upload is None:
        return
    await ctx.state.clear()
    await ctx.state.update_data(imp_file_id=document.file_id, imp_name=name, imp_category=None)
    if upload.unknown:
        await ctx.state.set_state(ImportForm.category)
        await _ask_category(message, ctx, upload, name)
        return
    await preview(message, ctx, upload)


async def not_a_file(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.render("transfer/use_file.html"))


def _category_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for category in PartnerCategory:
        kb.button(
            text=method.CATEGORY_SHORT[category], callback_data=ImportCategory(category=category)
        )
    kb.button(text=words.BTN_SKIP_UNKNOWN, callback_data=ImportCb(action=ImportAct.SKIP_UNKNOWN))
    kb.adjust(1)
    return kb.as_markup()


async def _ask_category(message: Message, ctx: Ctx, upload: service.Upload, name: str) -> None:
    checked = await service.check_upload(ctx.session, ctx.org, upload)
    unknown = (sheets.RejectReason.NO_CATEGORY, sheets.RejectReason.BAD_CATEGORY)
    examples = [
        shorten(upload.columns.value(r.cells, "name"), CELL)
        for r in checked.rejected
        if r.reason in unknown
    ][:3]
    await message.answer(
        ctx.render(
            "transfer/ask_category.html",
            file=shorten(name, 60),
            total=len(upload.table.rows),
            unknown=upload.unknown,
            examples=[f"«{e}»" for e in examples],
        ),
        reply_markup=_category_keyboard(),
    )


async def category_typed(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.render("partners/bad.html", reason="button"))


async def _reload(query: CallbackQuery, ctx: Ctx) -> tuple[Message, service.Upload] | None:
    if not isinstance(query.message, Message):
        return None
    data = await ctx.state.get_data()
    file_id, name = data.get("imp_file_id"), data.get("imp_name")
    if not isinstance(file_id, str) or not isinstance(name, str):
        await ctx.state.clear()
        await query.message.answer(ctx.render("transfer/stale.html"))
        return None
    upload = await load(query.message, ctx, file_id, name)
    return None if upload is None else (query.message, upload)


async def category_chosen(query: CallbackQuery, callback_data: ImportCategory, ctx: Ctx) -> None:
    await ctx.state.update_data(imp_category=callback_data.category.value)
    if (found := await _reload(query, ctx)) is not None:
        await preview(found[0], ctx, found[1])


async def category_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.update_data(imp_category=None)
    if (found := await _reload(query, ctx)) is not None:
        await preview(found[0], ctx, found[1])


def _preview_rows(upload: service.Upload) -> list[str]:
    """The first rows, one line each: their recognised cells, short."""
    rows = []
    for row in sheets.preview_rows(upload.table, upload.columns, SHOWN_ROWS):
        cells = [shorten(" ".join(value.split()), CELL) for value in row.values()]
        rows.append(shorten(" · ".join(cells), ROW))
    return rows


async def preview(message: Message, ctx: Ctx, upload: service.Upload) -> None:
    data = await ctx.state.get_data()
    category = data.get("imp_category")
    name = str(data.get("imp_name") or "")
    checked = await service.check_upload(
        ctx.session, ctx.org, upload, default_category=category if category else None
    )
    if not checked.good:
        await ctx.state.clear()
        await message.answer(
            ctx.render(
                "transfer/nothing.html",
                file=shorten(name, 60),
                rows=words.rows_word(len(upload.table.rows)),
            ),
            reply_markup=main_menu(),
        )
        content = await service.rejected_file_of(checked, upload, ctx.heavy)
        await message.answer_document(BufferedInputFile(content, f"{words.REJECTED_FILE}.xlsx"))
        return
    await ctx.state.set_state(ImportForm.confirm)
    mapping = upload.columns.preview()
    reasons = Counter(r.reason for r in checked.rejected)
    values: dict[str, Any] = {
        "file": shorten(name, 60),
        "sheet": shorten(upload.table.sheet, 31),
        "columns": [(shorten(h, CELL), m) for h, m in mapping[:SHOWN_COLUMNS]],
        "more_columns": max(len(mapping) - SHOWN_COLUMNS, 0),
        "rows": _preview_rows(upload),
        "category": method.CATEGORY_LABELS.get(category, "") if category else "",
        "total": len(upload.table.rows),
        "good": len(checked.good),
        "rejected": len(checked.rejected),
        "reasons": [f"{words.REJECT_SHORT[code]} — {n}" for code, n in reasons.most_common()],
    }
    kb = InlineKeyboardBuilder()
    kb.button(
        text=words.BTN_IMPORT.format(n=len(checked.good)),
        callback_data=ImportCb(action=ImportAct.CONFIRM),
    )
    kb.button(text=words.BTN_CANCEL_IMPORT, callback_data=ImportCb(action=ImportAct.CANCEL))
    kb.adjust(1)
    await message.answer(ctx.render("transfer/preview.html", **values), reply_markup=kb.as_markup())


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(import_command, Command("import"))
    flow = StateFilter(None, ImportForm.file, ImportForm.category, ImportForm.confirm)
    r.message.register(file_sent, flow, TableFile())
    r.message.register(file_sent, StateFilter(ImportForm.file), Has("document"))
    r.message.register(not_a_file, StateFilter(ImportForm.file))
    r.message.register(category_typed, StateFilter(ImportForm.category))
    r.callback_query.register(
        category_chosen, ImportCategory.filter(), StateFilter(ImportForm.category)
    )
    r.callback_query.register(
        category_skipped,
        ImportCb.filter(F.action == ImportAct.SKIP_UNKNOWN),
        StateFilter(ImportForm.category),
    )
    return r
