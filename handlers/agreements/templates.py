"""The organisation's own .docx templates (admins only): see the fields, download the
current one, replace it (validated before it is kept), go back to the standard one."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.context import Ctx
from bot.domain import documents
from bot.services import agreements as service
from handlers.agreements import keyboards
from handlers.agreements.callbacks import AgSet, SetAct
from handlers.agreements.drafts import template_bytes
from handlers.agreements.form import MAX_TEMPLATE_MB
from handlers.agreements.offsets import LEGACY_TEMPLATE, AgreementSettingsForm, admin_message
from handlers.agreements.views import stale
from handlers.shared.filters import Has
from storage import agreements as store
from texts import agreements as words


async def fetch_file(bot: Bot, file_id: str) -> bytes:
    """Download a file the member sent (a seam: tests replace it)."""
    buffer = io.BytesIO()
    await bot.download(file_id, destination=buffer)
    return buffer.getvalue()


async def show_templates(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := await admin_message(query, ctx)) is None:
        return
    custom = {
        k: await store.get_template(ctx.session, ctx.org, k) is not None for k in documents.KINDS
    }
    await message.answer(
        ctx.render(
            "agreements/templates.html",
            custom=custom,
            labels=words.TEMPLATE_LABELS,
            fields={k: sorted(documents.FIELDS[k]) for k in documents.KINDS},
            required={k: sorted(documents.REQUIRED[k]) for k in documents.KINDS},
        ),
        reply_markup=keyboards.templates(),
    )


async def download(query: CallbackQuery, callback_data: AgSet, ctx: Ctx) -> None:
    if (message := await admin_message(query, ctx)) is None:
        return
    kind = callback_data.kind
    if kind is None:
        await stale(message, ctx)
        return
    data = await template_bytes(ctx, kind)
    await message.answer_document(
        BufferedInputFile(data, filename=f"{words.FILE_NAMES[kind]}_template.docx")
    )


async def ask_template(query: CallbackQuery, callback_data: AgSet, ctx: Ctx) -> None:
    if (message := await admin_message(query, ctx)) is None:
        return
    kind = callback_data.kind
    if kind is None:
        await stale(message, ctx)
        return
    await ctx.state.set_state(AgreementSettingsForm.template)
    await ctx.state.set_data({"kind": kind.value})
    await message.answer(
        ctx.render(
            "agreements/ask_template.html",
            label=words.TEMPLATE_LABELS[kind],
            fields=sorted(documents.FIELDS[kind]),
            required=sorted(documents.REQUIRED[kind]),
            max_mb=MAX_TEMPLATE_MB,
        )
    )


async def reset(query: CallbackQuery, callback_data: AgSet, ctx: Ctx) -> None:
    if (message := await admin_message(query, ctx)) is None:
        return
    kind = callback_data.kind
    if kind is None:
        await stale(message, ctx)
        return
    removed = await service.reset_template(ctx.session, ctx.org, kind)
    await message.answer(
        ctx.render(
            "agreements/template_reset.html", removed=removed, label=words.TEMPLATE_LABELS[kind]
        )
    )


async def template_received(message: Message, ctx: Ctx, bot: Bot) -> None:
    kind = (await ctx.state.get_data()).get("kind", "")
    document = message.document
    if kind not in documents.KINDS or document is None:
        await ctx.state.clear()
        await stale(message, ctx)
        return
    label = words.TEMPLATE_LABELS[kind]
    if document.file_size is not None and document.file_size > documents.MAX_TEMPLATE_BYTES:
        await message.answer(
            ctx.render(
                "agreements/template_bad.html", error="too_big", label=label, max_mb=MAX_TEMPLATE_MB
            )
        )
        return
    try:
        content = await fetch_file(bot, document.file_id)
    except Exception:
        await message.answer(
            ctx.render("agreements/template_bad.html", error="download", label=label)
        )
        return
    check = await documents.validate_template_async(kind, content)
    if not check.ok:
        await message.answer(
            ctx.render(
                "agreements/template_bad.html",
                error=check.error,
                unknown=check.unknown,
                missing=check.missing,
                label=label,
                max_mb=MAX_TEMPLATE_MB,
            )
        )
        return
    await service.save_template(
        ctx.session,
        ctx.member,
        kind,
        content,
        file_id=document.file_id,
        file_name=document.file_name,
        now=ctx.now(),
    )
    await ctx.state.clear()
    await message.answer(ctx.render("agreements/template_saved.html", label=label))


async def not_a_document(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.render("agreements/template_bad.html", error="not_document", label=""))


def router() -> Router:
    r = Router(name=__name__)
    on = AgSet.filter
    r.callback_query.register(show_templates, on(F.action == SetAct.TEMPLATES))
    r.callback_query.register(download, on(F.action == SetAct.GET))
    r.callback_query.register(ask_template, on(F.action == SetAct.PUT))
    r.callback_query.register(reset, on(F.action == SetAct.RESET))
    waiting = StateFilter(AgreementSettingsForm.template, LEGACY_TEMPLATE)
    r.message.register(template_received, waiting, Has("document"))
    r.message.register(not_a_document, waiting)
    return r
