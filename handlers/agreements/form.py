"""Registering a signed agreement: the form's states, its questions, the summary and saving.

Each answer goes into FSM data at once (the SQL FSM storage writes through, so a restart
resumes at the same question); buttons are handled in form_buttons.py, typed answers and
calendar taps in form_text.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup, Message

from bot.context import Ctx
from bot.domain import template_safety
from bot.services import agreements as service
from handlers.agreements import keyboards
from handlers.agreements.callbacks import FormAct
from handlers.agreements.card import show_card
from handlers.agreements.views import PAGE, day_of, local_day, page_of
from storage import agreements as store
from storage import orgs
from storage.models import AgreementKind, Partner
from texts import agreements as words

MAX_SUBJECT = 1000
MAX_NUMBER = 64
MAX_TERM_MONTHS = 120
MAX_TEMPLATE_MB = template_safety.MAX_FILE_BYTES // (1024 * 1024)


class AgreementForm(StatesGroup):
    partner = State()
    kind = State()
    number = State()
    subject = State()
    signed = State()
    signed_confirm = State()
    until = State()
    until_confirm = State()
    auto = State()
    term = State()
    responsible = State()
    scan = State()
    confirm = State()


Keyboard = tuple[InlineKeyboardMarkup | None, dict[str, Any]]
# a question's keyboard and extra template values, from the form's data and the page; None
# when there is nothing to ask (the form ended)
Question = Callable[[Message, Ctx, dict[str, Any], int], Awaitable[Keyboard | None]]


async def _partner(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard | None:
    query = data.get("query", "")
    found, total = await store.choose_partners(
        ctx.session, ctx.org, query=query, limit=PAGE, offset=page * PAGE
    )
    if total == 0 and not query:
        await ctx.state.clear()
        await message.answer(ctx.render("agreements/no_partners.html"))
        return None
    return keyboards.partners(found, page, total, PAGE), {"total": total, "query": query}


async def _kind(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard:
    return keyboards.kinds(), {}


async def _number(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard:
    return keyboards.skip(FormAct.NUMBER_SKIP), {}


async def _subject(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard:
    current = data.get("subject")
    return keyboards.subject(bool(current)), {"default": words.DEFAULT_SUBJECT, "current": current}


async def _signed(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard:
    today = ctx.today()
    return keyboards.signed_calendar(today.year, today.month, today), {}


async def _until(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard:
    return keyboards.until_calendar(ctx.today()), {}


async def _auto(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard:
    return keyboards.auto(), {}


async def _term(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard:
    return keyboards.terms(), {}


async def _responsible(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard:
    members = await orgs.list_members(ctx.session, ctx.org)
    active = [(m.id, m.full_name) for m in members if m.is_active]
    return keyboards.responsible(active, ctx.member.id), {}


async def _scan(message: Message, ctx: Ctx, data: dict[str, Any], page: int) -> Keyboard:
    return keyboards.skip(FormAct.SCAN_SKIP), {}


# state → (the name ask.html knows it by, its question)
QUESTIONS: dict[str, tuple[str, Question]] = {
    AgreementForm.partner.state or "": ("partner", _partner),
    AgreementForm.kind.state or "": ("kind", _kind),
    AgreementForm.number.state or "": ("number", _number),
    AgreementForm.subject.state or "": ("subject", _subject),
    AgreementForm.signed.state or "": ("signed", _signed),
    AgreementForm.until.state or "": ("until", _until),
    AgreementForm.auto.state or "": ("auto", _auto),
    AgreementForm.term.state or "": ("term", _term),
    AgreementForm.responsible.state or "": ("responsible", _responsible),
    AgreementForm.scan.state or "": ("scan", _scan),
}


async def ask(
    message: Message, ctx: Ctx, step: State, *, error: str = "", echo: str = "", page: int = 0
) -> None:
    """Ask the question of `step` (with an error or an echo of the previous answer first)."""
    await ctx.state.set_state(step)
    data = await ctx.state.get_data()
    name, question = QUESTIONS[step.state or ""]
    keyboard = await question(message, ctx, data, page_of(page))
    if keyboard is None:
        return
    markup, extra = keyboard
    await message.answer(
        ctx.render(
            "agreements/ask.html",
            step=name,
            error=error,
            echo=echo,
            partner=data.get("partner_name", ""),
            max_mb=MAX_TEMPLATE_MB,
            **extra,
        ),
        reply_markup=markup,
    )


def question_of(step: State) -> State:
    """The question to repeat at `step` (a date confirmation repeats the date question)."""
    return {
        AgreementForm.signed_confirm.state: AgreementForm.signed,
        AgreementForm.until_confirm.state: AgreementForm.until,
    }.get(step.state or "", step)


async def start(
    message: Message, ctx: Ctx, partner: Partner | None, preset: dict[str, Any] | None = None
) -> None:
    await ctx.state.clear()
    data: dict[str, Any] = dict(preset or {})
    if partner is None:
        await ctx.state.set_data(data)
        await ask(message, ctx, AgreementForm.partner)
        return
    data["partner_id"] = partner.id
    data["partner_name"] = partner.name
    await ctx.state.set_data(data)
    await ask(message, ctx, AgreementForm.number if "kind" in data else AgreementForm.kind)


# --------------------------------------------------------------------------- steps


async def after_until(message: Message, ctx: Ctx, echo: str) -> None:
    data = await ctx.state.get_data()
    if data.get("open_ended"):
        await ctx.state.update_data(auto=False, months=None)
        await after_term(message, ctx, echo)
    else:
        await ask(message, ctx, AgreementForm.auto, echo=echo)


async def after_term(message: Message, ctx: Ctx, echo: str) -> None:
    members = [m for m in await orgs.list_members(ctx.session, ctx.org) if m.is_active]
    if len(members) <= 1:
        await ctx.state.update_data(
            responsible=ctx.member.id, responsible_name=ctx.member.full_name
        )
        await ask(message, ctx, AgreementForm.scan, echo=echo)
    else:
        await ask(message, ctx, AgreementForm.responsible, echo=echo)


async def set_signed(message: Message, ctx: Ctx, day: date) -> None:
    await ctx.state.update_data(signed=day.isoformat(), pending=None)
    echo = ctx.render("agreements/echo.html", what="signed", day=words.long_date(day))
    await ask(message, ctx, AgreementForm.until, echo=echo)


async def set_until(message: Message, ctx: Ctx, day: date) -> None:
    await ctx.state.update_data(until=day.isoformat(), open_ended=False, pending=None)
    echo = ctx.render(
        "agreements/echo.html",
        what="until",
        day=words.long_date(day),
        days=(day - ctx.today()).days,
    )
    await after_until(message, ctx, echo)


async def set_months(message: Message, ctx: Ctx, months: int) -> None:
    await ctx.state.update_data(months=months)
    echo = ctx.render("agreements/echo.html", what="term", value=words.months_label(months))
    await after_term(message, ctx, echo)


async def confirm_date(
    message: Message, ctx: Ctx, day: date, *, signed_step: bool, error: str = ""
) -> None:
    """Echo the understood date (weekday, days left) and ask to confirm it with buttons;
    a date typed instead of a tap replaces `day` and is asked about again."""
    await ctx.state.set_state(
        AgreementForm.signed_confirm if signed_step else AgreementForm.until_confirm
    )
    yes, no = (
        (FormAct.SIGNED_YES, FormAct.SIGNED_NO)
        if signed_step
        else (FormAct.UNTIL_YES, FormAct.UNTIL_NO)
    )
    await message.answer(
        ctx.render(
            "agreements/confirm_date.html",
            what="signed" if signed_step else "until",
            day=words.long_date(day),
            weekday=words.weekday(day),
            days=(day - ctx.today()).days,
            error=error,
        ),
        reply_markup=keyboards.confirm_date(yes, no),
    )


async def summary(message: Message, ctx: Ctx, error: str = "") -> None:
    await ctx.state.set_state(AgreementForm.confirm)
    data = await ctx.state.get_data()
    await message.answer(
        ctx.render(
            "agreements/summary.html",
            error=error,
            partner=data.get("partner_name", ""),
            kind=words.KIND_LABELS.get(data.get("kind", ""), ""),
            number=data.get("number"),
            subject=data.get("subject", ""),
            signed=words.long_date(day_of(data.get("signed"))),
            until=words.long_date(day_of(data.get("until"))),
            open_ended=bool(data.get("open_ended")),
            auto=bool(data.get("auto")),
            term=words.months_label(data["months"]) if data.get("months") else "",
            responsible=data.get("responsible_name", ""),
            scan=bool(data.get("scan_file_id")),
        ),
        reply_markup=keyboards.summary(),
    )


def registration(data: dict[str, Any], member_id: int) -> service.Registration:
    return service.Registration(
        partner_id=int(data.get("partner_id") or 0),
        kind=data.get("kind") or AgreementKind.COOPERATION,
        number=data.get("number"),
        subject=data.get("subject") or words.DEFAULT_SUBJECT,
        signed_on=day_of(data.get("signed")),
        valid_until=None if data.get("open_ended") else day_of(data.get("until")),
        auto_prolong=bool(data.get("auto")),
        prolong_months=data.get("months"),
        responsible_id=int(data.get("responsible") or member_id),
        scan_file_id=data.get("scan_file_id"),
        scan_kind=data.get("scan_kind"),
        scan_name=data.get("scan_name"),
        draft_id=int(data["draft_id"]) if data.get("draft_id") else None,
    )


async def save(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    today = ctx.today()
    done = await service.register(
        ctx.session, ctx.member, registration(data, ctx.member.id), now=ctx.now()
    )
    await ctx.state.clear()
    if done is None:
        await message.answer(ctx.render("common/not_found.html"))
        return
    agreement = done.agreement
    # only the renewal reminders still ahead (a 30-day one is gone for an agreement ending
    # in 20 days): "I will remind you on 10.12 and 16.12"
    ahead = await store.pending_reminders(ctx.session, ctx.org, agreement.id, notices=False)
    prefix = ctx.render(
        "agreements/saved.html",
        status_changed=done.status_changed,
        remind=[
            words.day_month(local_day(r.due_at, ctx.member.timezone), today)
            for r in ahead
            if r.kind == store.KIND_RENEWAL
        ],
        auto=agreement.auto_prolong,
        open_ended=agreement.valid_until is None,
    )
    await show_card(message, ctx, agreement, done.partner, prefix=prefix, reminders=False)
