"""The organisation's own .docx templates (admins only): see which are in use, download the
current one (the standard one is built by bot/domain/paperwork/samples.py), replace it,
go back to the standard document.

An uploaded file is accepted only when bot/domain/template_safety.py finds nothing wrong
with it — the zip is sound and small, only plain `{{ placeholder }}` fields from the
published list are used (no loops, conditions, filters or arithmetic), the required ones
are there — and a trial render in the limited worker succeeds. The list of placeholders is
shown when a file is asked for; every refusal names its reason."""

from __future__ import annotations

import asyncio

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.context import Ctx
from bot.services import agreements as service
from bot.services import paperwork
from handlers.agreements import keyboards
from handlers.agreements.callbacks import AgSet, SetAct
from handlers.agreements.form import MAX_TEMPLATE_MB
from handlers.agreements.offsets import LEGACY_TEMPLATE, AgreementSettingsForm, admin_message
from handlers.agreements.views import stale
from handlers.shared import files
from handlers.shared.filters import Has
from storage import agreements as store
from texts import agreements as words
from texts import shorten
from texts.paperwork import template_problem

MAX_PROBLEMS = 8  # listed in one reply


async def template_bytes(ctx: Ctx, kind: str) -> bytes:
    """The organisation's template of `kind`, or the standard one."""
    custom = await store.get_template(ctx.session, ctx.org, kind)
    if custom is not None:
        return custom.content
    from bot.domain.paperwork import samples

    return await asyncio.to_thread(samples.standard_template, kind)


async def show_templates(query: CallbackQuery, ctx: Ctx) -> None:
    if (message := await admin_message(query, ctx)) is None:
        return
    custom = {
        k: await store.get_template(ctx.session, ctx.org, k) is not None for k in paperwork.KINDS
    }
    await message.answer(
        ctx.render("agreements/templates.html", custom=custom, labels=words.TEMPLATE_LABELS),
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
            lines=paperwork.placeholder_lines(kind),
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
    if kind not in paperwork.KINDS or document is None:
        await ctx.state.clear()
        await stale(message, ctx)
        return
    if not ctx.member.is_admin:  # the role changed since the question
        await ctx.state.clear()
        await message.answer(ctx.render("agreements/admin_only.html"))
        return
    label = words.TEMPLATE_LABELS[kind]
    content = b""
    if document.file_size is not None and document.file_size > paperwork.MAX_TEMPLATE_BYTES:
        problems = [template_problem("too_big")]
    else:
        downloaded = await files.download(bot, document.file_id)
        if downloaded is None:
            await message.answer(ctx.render("agreements/template_bad.html", download=True))
            return
        content = downloaded
        found = await paperwork.check_template(kind, content)
        problems = [template_problem(p.code, shorten(p.detail, 120)) for p in found]
    if problems:
        await message.answer(
            ctx.render(
                "agreements/template_bad.html",
                download=False,
                problems=list(dict.fromkeys(problems))[:MAX_PROBLEMS],
                more=max(0, len(set(problems)) - MAX_PROBLEMS),
                label=label,
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
    await message.answer(ctx.render("agreements/template_bad.html", not_document=True))


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
