"""/report: the period (four buttons, or two typed dates) → the chart in the chat, the .docx
and the .xlsx. The files are built off the event loop (bot/services/report.py)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.domain import periods
from bot.domain.periods import Period, PeriodKind, RangeError
from bot.services import report as service
from handlers.report.callbacks import PeriodCb
from handlers.shared.keyboards import edit, main_menu
from texts import report as words
from texts import shorten


class ReportForm(StatesGroup):
    range = State()  # two typed dates


def period_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind in PeriodKind:
        kb.button(text=words.PERIOD_BUTTONS[kind], callback_data=PeriodCb(kind=kind))
    kb.adjust(2, 2, 1)
    return kb.as_markup()


async def report_command(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    ctx.expect_heavy()
    await message.answer(ctx.render("report/ask_period.html"), reply_markup=period_keyboard())


async def _ask_range(message: Message, ctx: Ctx, problem: str = "") -> None:
    await message.answer(
        ctx.render("report/ask_range.html", problem=problem, hint=words.RANGE_HINT)
    )


async def period_chosen(query: CallbackQuery, callback_data: PeriodCb, ctx: Ctx) -> None:
    if not isinstance(query.message, Message):
        return
    if callback_data.kind is PeriodKind.CUSTOM:
        await ctx.state.set_state(ReportForm.range)
        await _ask_range(query.message, ctx)
        return
    await ctx.state.clear()
    await send_report(query.message, ctx, periods.period_for(callback_data.kind, ctx.today()))


async def range_typed(message: Message, ctx: Ctx) -> None:
    found = periods.parse_range(message.text or "", ctx.today())
    if isinstance(found, RangeError):
        problem = words.PERIOD_ERRORS[found.reason].format(detail=shorten(found.detail, 60))
        await _ask_range(message, ctx, problem)
        return
    await ctx.state.clear()
    await send_report(message, ctx, found)


async def send_report(message: Message, ctx: Ctx, period: Period) -> None:
    """A note while it is built, the chart, the two files, then the note says what is in
    them."""
    named = words.period_for(period.kind, period.start, period.end)
    sent = await message.answer(
        ctx.render("report/preparing.html", period=named), reply_markup=main_menu()
    )
    note = sent.as_(message.bot) if message.bot is not None else sent
    files = await service.make_report(ctx.session, ctx.member, period, now=ctx.now(), run=ctx.heavy)
    data = files.data
    await message.answer_photo(
        BufferedInputFile(files.chart, f"{files.name}.png"),
        caption=ctx.render(
            "report/chart_caption.html",
            org=shorten(data.organisation, 200),
            period=words.period_name(period.kind, period.start, period.end),
        ),
    )
    await message.answer_document(BufferedInputFile(files.docx, f"{files.name}.docx"))
    await message.answer_document(BufferedInputFile(files.xlsx, f"{files.name}.xlsx"))
    total = data.partners_total
    await edit(
        note,
        ctx.render(
            "report/ready.html",
            period=named,
            partners=total.end,
            delta=f"{total.delta:+d}",
            meetings=len(data.meetings),
            signed=len(data.agreements_signed),
            prolonged=len(data.agreements_prolonged),
            events=len(data.events),
            results=data.result_summary().total,
            over=period.is_over(data.today),
            today=words.long_date(data.today),
        ),
    )


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(report_command, Command("report"))
    r.callback_query.register(period_chosen, PeriodCb.filter())
    r.message.register(range_typed, StateFilter(ReportForm.range))
    return r
