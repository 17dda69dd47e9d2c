"""The registration form's typed answers (one handler per question) and its calendar taps.

Bad input gets a short explanation and the same question; earlier answers are kept. A date
is echoed for confirmation ("… right?"); a date typed at the confirmation replaces it.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.domain import agreements as rules
from handlers.agreements import keyboards
from handlers.agreements.callbacks import CAL_SIGNED, CAL_UNTIL, FormAct
from handlers.agreements.form import (
    MAX_NUMBER,
    MAX_SUBJECT,
    MAX_TEMPLATE_MB,
    MAX_TERM_MONTHS,
    AgreementForm,
    ask,
    confirm_date,
    question_of,
    set_months,
    set_signed,
    set_until,
    summary,
)
from handlers.agreements.scan import scan_of
from handlers.agreements.views import bad_date, day_of, digits, message_of, parse
from handlers.shared.calendar import CalCb, CalendarPick
from texts import agreements as words

Form = AgreementForm


def _bad_input(ctx: Ctx, reason: str, **values: object) -> str:
    return ctx.render("agreements/bad_input.html", reason=reason, **values)


async def _typed(message: Message, ctx: Ctx, step: State) -> str | None:
    """The typed answer; None when handled here: a /command in the middle of the form, or
    nothing typed (a sticker, a photo) — then the question again."""
    text = (message.text or "").strip()
    if text.startswith("/"):
        # another command in the middle of the form: finish or cancel it first
        await message.answer(_bad_input(ctx, "command"))
        return None
    if not text:
        await ask(message, ctx, question_of(step), error=_bad_input(ctx, "need_text"))
        return None
    return text


async def partner_typed(message: Message, ctx: Ctx) -> None:
    if (text := await _typed(message, ctx, Form.partner)) is not None:
        await ctx.state.update_data(query=text[:100])
        await ask(message, ctx, Form.partner)


async def number_typed(message: Message, ctx: Ctx) -> None:
    text = await _typed(message, ctx, Form.number)
    if text is None:
        return
    if len(text) > MAX_NUMBER:
        error = _bad_input(ctx, "too_long", limit=MAX_NUMBER)
        await ask(message, ctx, Form.number, error=error)
        return
    await ctx.state.update_data(number=text.lstrip("№").strip() or None)
    await ask(message, ctx, Form.subject)


async def subject_typed(message: Message, ctx: Ctx) -> None:
    text = await _typed(message, ctx, Form.subject)
    if text is None:
        return
    if not 3 <= len(text) <= MAX_SUBJECT:
        error = _bad_input(ctx, "too_long", limit=MAX_SUBJECT)
        await ask(message, ctx, Form.subject, error=error)
        return
    await ctx.state.update_data(subject=text)
    await ask(message, ctx, Form.signed)


async def _date_typed(message: Message, ctx: Ctx, *, signed_step: bool) -> None:
    question = Form.signed if signed_step else Form.until
    data = await ctx.state.get_data()
    pending = day_of(data.get("pending"))
    confirming = await ctx.state.get_state() != question.state
    if not (message.text or "").strip() and confirming and pending is not None:
        # a sticker or a photo at "… right?": the same confirmation again
        error = _bad_input(ctx, "need_text")
        await confirm_date(message, ctx, pending, signed_step=signed_step, error=error)
        return
    text = await _typed(message, ctx, question)
    if text is None:
        return
    today = ctx.today()
    parsed = parse(text, today, past=signed_step)
    if isinstance(parsed, str):
        error = ctx.render("agreements/bad_date.html", reason="parse", detail=parsed)
        await ask(message, ctx, question, error=error)
        return
    if signed_step:
        reason = "future_signed" if parsed > today else ""
    else:
        reason = rules.check_end(parsed, day_of(data.get("signed")), today)
    if reason:
        await ask(message, ctx, question, error=bad_date(ctx.tx, reason))
        return
    await ctx.state.update_data(pending=parsed.isoformat())
    await confirm_date(message, ctx, parsed, signed_step=signed_step)


async def signed_typed(message: Message, ctx: Ctx) -> None:
    """The signing date, typed at the question or at its confirmation."""
    await _date_typed(message, ctx, signed_step=True)


async def until_typed(message: Message, ctx: Ctx) -> None:
    """The end date, typed at the question or at its confirmation."""
    await _date_typed(message, ctx, signed_step=False)


async def term_typed(message: Message, ctx: Ctx) -> None:
    text = await _typed(message, ctx, Form.term)
    if text is None:
        return
    number = "".join(ch for ch in text if digits(ch))
    if not number or len(number) > 4 or not 1 <= int(number) <= MAX_TERM_MONTHS:
        error = _bad_input(ctx, "months", limit=MAX_TERM_MONTHS)
        await ask(message, ctx, Form.term, error=error)
        return
    in_years = any(word in text.lower() for word in words.YEAR_WORDS)
    months = min(int(number) * (12 if in_years else 1), MAX_TERM_MONTHS)
    await set_months(message, ctx, months)


async def buttons_only(message: Message, ctx: Ctx) -> None:
    """A question answered with buttons (the kind, automatic prolongation, the responsible
    member): say so and ask again."""
    current = await ctx.state.get_state()
    step = next(s for s in Form.__states__ if s.state == current)
    if await _typed(message, ctx, step) is not None:
        await ask(message, ctx, step, error=_bad_input(ctx, "use_buttons"))


async def scan_sent(message: Message, ctx: Ctx) -> None:
    scan = scan_of(message)
    if scan is None:
        await message.answer(
            ctx.render(
                "agreements/ask.html",
                step="scan",
                error=_bad_input(ctx, "need_scan"),
                echo="",
                partner="",
                max_mb=MAX_TEMPLATE_MB,
            ),
            reply_markup=keyboards.skip(FormAct.SCAN_SKIP),
        )
        return
    file_id, kind, name = scan
    await ctx.state.update_data(scan_file_id=file_id, scan_kind=kind, scan_name=name)
    await summary(message, ctx)


async def at_summary(message: Message, ctx: Ctx) -> None:
    """The summary is answered with its buttons."""
    if (message.text or "").strip().startswith("/"):
        await message.answer(_bad_input(ctx, "command"))
        return
    await summary(message, ctx, error=_bad_input(ctx, "use_buttons"))


async def signed_picked(query: CallbackQuery, callback_data: CalCb, ctx: Ctx) -> None:
    message = message_of(query)
    if message is None:
        return
    day = callback_data.day
    if day > ctx.today():
        error = ctx.render("agreements/bad_date.html", reason="future_signed")
        await ask(message, ctx, Form.signed, error=error)
        return
    await set_signed(message, ctx, day)


async def until_picked(query: CallbackQuery, callback_data: CalCb, ctx: Ctx) -> None:
    message = message_of(query)
    if message is None:
        return
    day = callback_data.day
    signed = day_of((await ctx.state.get_data()).get("signed"))
    reason = rules.check_end(day, signed, ctx.today())
    if reason:
        await ask(message, ctx, Form.until, error=bad_date(ctx.tx, reason))
        return
    await set_until(message, ctx, day)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(
        signed_picked,
        CalendarPick(CAL_SIGNED, "d"),
        StateFilter(Form.signed, Form.signed_confirm),
    )
    r.callback_query.register(
        until_picked, CalendarPick(CAL_UNTIL, "d"), StateFilter(Form.until, Form.until_confirm)
    )
    r.message.register(partner_typed, StateFilter(Form.partner))
    r.message.register(number_typed, StateFilter(Form.number))
    r.message.register(subject_typed, StateFilter(Form.subject))
    r.message.register(signed_typed, StateFilter(Form.signed, Form.signed_confirm))
    r.message.register(until_typed, StateFilter(Form.until, Form.until_confirm))
    r.message.register(term_typed, StateFilter(Form.term))
    r.message.register(buttons_only, StateFilter(Form.kind, Form.auto, Form.responsible))
    r.message.register(scan_sent, StateFilter(Form.scan))
    r.message.register(at_summary, StateFilter(Form.confirm))
    return r
