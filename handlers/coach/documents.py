"""The typical documents of social partnership (stage III): a checklist ticked in place, and
the four documents the bot makes from the organisation's data (bot/services/paperwork.py):
the regulation on social partnership, the job instruction of the specialist responsible
for it, the plan of joint work for the academic year (from /events and the agreements)
and the table of the expert evaluation. Reached from the checklist and from /plan. Making
a document does not tick it: adoption stays the member's tap in the checklist."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.domain import coach as rules
from bot.services import coach as service
from bot.services import paperwork
from handlers.coach import keyboards
from handlers.coach.callbacks import DocAct, DocCb, PaperAct, PaperCb
from handlers.coach.states import message_of
from handlers.requisites import form as requisites_form
from handlers.shared.keyboards import edit
from storage import coach as store
from storage import orgs
from texts import coach as labels
from texts import paperwork as words
from texts import shorten


def _paper_rows(kb: InlineKeyboardBuilder) -> None:
    for index, kind in enumerate(paperwork.STAGE3):
        data = PaperCb(action=PaperAct.MAKE, d=index).pack()
        kb.row(InlineKeyboardButton(text=words.STAGE3_BUTTONS[kind], callback_data=data))


async def _checklist(ctx: Ctx) -> tuple[str, set[str]]:
    adopted = await store.documents(ctx.session, ctx.org, exclude=rules.TEAM_AWARE)
    text = ctx.render("coach/documents.html", adopted=len(adopted), total=len(rules.DOCUMENT_KINDS))
    return text, adopted


def _checklist_markup(adopted: set[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder.from_markup(keyboards.documents(adopted))
    _paper_rows(kb)
    return kb.as_markup()


async def show(query: CallbackQuery, ctx: Ctx) -> None:
    text, adopted = await _checklist(ctx)
    if (message := message_of(query)) is not None:
        await message.answer(text, reply_markup=_checklist_markup(adopted))


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
        await edit(message, text, _checklist_markup(adopted))


# --------------------------------------------------------------------------- the files


async def menu(query: CallbackQuery, ctx: Ctx) -> None:
    """The four documents (from /plan), with the way to the checklist."""
    if (message := message_of(query)) is None:
        return
    kb = InlineKeyboardBuilder()
    _paper_rows(kb)
    kb.row(
        InlineKeyboardButton(text=labels.DOCUMENTS, callback_data=DocCb(action=DocAct.SHOW).pack())
    )
    await message.answer(ctx.render("paperwork/menu.html"), reply_markup=kb.as_markup())


async def _who(message: Message, ctx: Ctx, index: int) -> None:
    kb = InlineKeyboardBuilder()
    for member_id, name in await store.member_names(ctx.session, ctx.org):
        label = (
            words.STAGE3_ME.format(name=shorten(name, 50))
            if member_id == ctx.member.id
            else shorten(name, 60)
        )
        data = PaperCb(action=PaperAct.MAKE, d=index, m=member_id).pack()
        kb.row(InlineKeyboardButton(text=label, callback_data=data))
    blank = PaperCb(action=PaperAct.MAKE, d=index, m=0).pack()
    kb.row(InlineKeyboardButton(text=words.STAGE3_NOBODY, callback_data=blank))
    await message.answer(ctx.render("paperwork/who.html"), reply_markup=kb.as_markup())


async def _make(
    query: CallbackQuery, data: PaperCb, ctx: Ctx, answer: CallbackAnswer, *, force: bool
) -> None:
    message = message_of(query)
    if message is None or not 0 <= data.d < len(paperwork.STAGE3):
        answer.text = ctx.render("common/stale.html")
        answer.show_alert = True
        return
    kind = paperwork.STAGE3[data.d]
    specialist = position = ""
    if kind == paperwork.INSTRUCTION:
        if data.m < 0:
            await _who(message, ctx, data.d)
            return
        if data.m > 0:
            person = await orgs.get_member(ctx.session, ctx.org, data.m)
            if person is None:
                answer.text = ctx.render("common/not_found.html")
                answer.show_alert = True
                return
            specialist, position = person.full_name, person.position
    doc = await paperwork.prepare_stage3(
        ctx.session, ctx.member, kind, now=ctx.now(), specialist=specialist, position=position
    )
    title = words.STAGE3_BUTTONS[kind].removeprefix("📄 ")
    if doc.missing and not force:
        kb = InlineKeyboardBuilder()
        go = PaperCb(action=PaperAct.GO, d=data.d, m=data.m).pack()
        kb.row(InlineKeyboardButton(text=words.STAGE3_MAKE_NOW, callback_data=go))
        details = PaperCb(action=PaperAct.DETAILS, d=data.d, m=data.m).pack()
        kb.row(InlineKeyboardButton(text=words.STAGE3_OUR_DETAILS, callback_data=details))
        await message.answer(
            ctx.render("paperwork/missing.html", title=title, missing=doc.missing),
            reply_markup=kb.as_markup(),
        )
        return
    content = await paperwork.render_stage3(doc)
    rows = len(doc.plan_rows) - 1 if kind == paperwork.PLAN else len(doc.evaluation_rows)
    period = doc.period.replace("/", "-").replace(" ", "_").split("_")[0]
    name = words.STAGE3_FILES[kind] + (f"_{period}" if doc.period else "")
    await message.answer_document(
        BufferedInputFile(content, filename=f"{name}.docx"),
        caption=ctx.render(
            "paperwork/caption.html",
            title=title,
            kind=kind,
            period=doc.period,
            rows=rows,
            blanks=bool(doc.missing),
        ),
    )


async def make(
    query: CallbackQuery, callback_data: PaperCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _make(query, callback_data, ctx, callback_answer, force=False)


async def go(
    query: CallbackQuery, callback_data: PaperCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _make(query, callback_data, ctx, callback_answer, force=True)


async def details(query: CallbackQuery, callback_data: PaperCb, ctx: Ctx) -> None:
    """Our requisites screen with «back to the document»."""
    if (message := message_of(query)) is not None:
        back = PaperCb(action=PaperAct.MAKE, d=callback_data.d, m=callback_data.m).pack()
        await requisites_form.open_screen(message, ctx, None, back=back)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(show, DocCb.filter(F.action == DocAct.SHOW))
    r.callback_query.register(toggle, DocCb.filter(F.action == DocAct.TOGGLE))
    r.callback_query.register(menu, PaperCb.filter(F.action == PaperAct.MENU))
    r.callback_query.register(make, PaperCb.filter(F.action == PaperAct.MAKE))
    r.callback_query.register(go, PaperCb.filter(F.action == PaperAct.GO))
    r.callback_query.register(details, PaperCb.filter(F.action == PaperAct.DETAILS))
    return r
