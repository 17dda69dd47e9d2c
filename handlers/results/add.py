"""Recording a result: its kind → the kind's details one by one → the day; then the partners,
the event and a file (handlers/results/links.py). Started from the log, or by another
feature with `NewResult` (a held event, an agreement's card): their partners come along."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain import dates
from bot.domain.results import (
    FIELDS,
    FieldError,
    FieldReason,
    FieldType,
    ResultKind,
    parse_field,
    validate,
)
from handlers.results import keyboards, links
from handlers.results.callbacks import ChoiceCb, DayAct, DayCb, KindCb, ResAct, ResCb
from handlers.results.states import ResultForm
from handlers.shared.callbacks import NewResult
from storage import results as db
from storage.names import norm
from texts import buttons, shorten
from texts import report as words
from texts import results as labels

MAX_YEARS_BACK = 10  # a result dated earlier is almost certainly a typo
CHOICES = (FieldType.LEVEL, FieldType.CHANGE)


async def _begin(message: Message, ctx: Ctx, data: dict[str, Any], origin: dict[str, str]) -> None:
    await ctx.state.clear()
    await ctx.state.set_state(ResultForm.kind)
    await ctx.state.update_data(data)
    shown = {"event": "", "event_day": "", "partners": "", **origin}
    await message.answer(
        ctx.render("results/ask_kind.html", kinds=list(words.RESULT_KINDS.values()), **shown),
        reply_markup=keyboards.kind_keyboard(),
    )


async def start(query: CallbackQuery, ctx: Ctx) -> None:
    """«Record a result» in the log."""
    if isinstance(query.message, Message):
        await _begin(query.message, ctx, {"res_ask_partners": True, "res_ask_event": True}, {})


async def start_shared(
    query: CallbackQuery, callback_data: NewResult, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """A result of a held event (its partners and its day come along) or of an agreement
    (its partner comes along)."""
    if not isinstance(query.message, Message):
        return
    data: dict[str, Any] = {"res_ask_partners": True, "res_ask_event": True}
    origin: dict[str, str] = {}
    partner_ids: list[int] = []
    if callback_data.event_id:
        event = await db.event_of(ctx.session, ctx.org, callback_data.event_id)
        if event is None:
            callback_answer.text = ctx.render("common/not_found.html")
            callback_answer.show_alert = True
            return
        partner_ids = await db.event_partner_ids(ctx.session, ctx.org, event[0])
        data.update(res_event=event[0], res_event_day=event[2].isoformat(), res_ask_event=False)
        origin.update(event=shorten(event[1], 200), event_day=event[2].strftime("%d.%m.%Y"))
    elif callback_data.agreement_id:
        found = await db.agreement_partner(ctx.session, ctx.org, callback_data.agreement_id)
        if found is None:
            callback_answer.text = ctx.render("common/not_found.html")
            callback_answer.show_alert = True
            return
        partner_ids = [found[1]]
        data.update(res_agreement=found[0], res_ask_event=False)
    if partner_ids:
        names = await db.partner_names(ctx.session, ctx.org, partner_ids)
        data.update(res_partners=[pid for pid, _ in names], res_ask_partners=False)
        origin["partners"] = shorten(", ".join(name for _, name in names), 500)
    await _begin(query.message, ctx, data, origin)


async def kind_chosen(query: CallbackQuery, callback_data: KindCb, ctx: Ctx) -> None:
    if isinstance(query.message, Message):
        await _kind(query.message, ctx, callback_data.kind)


async def _kind(message: Message, ctx: Ctx, kind: ResultKind) -> None:
    await ctx.state.update_data(res_kind=kind.value, res_values={}, res_field=0)
    await ctx.state.set_state(ResultForm.field)
    await ask_field(message, ctx)


def typed_kind(text: str) -> ResultKind | None:
    """The kind a typed word names («диплом», «опрос»), when it names exactly one."""
    words_typed = re.findall(r"\w+", norm(text))
    found = {
        kind
        for kind, stems in labels.KIND_WORDS.items()
        for word in words_typed
        if word.startswith(stems)
    }
    return ResultKind(found.pop()) if len(found) == 1 else None


async def kind_typed(message: Message, ctx: Ctx) -> None:
    kind = typed_kind(message.text or "")
    if kind is None:
        await message.answer(
            ctx.render("results/use_buttons.html"), reply_markup=keyboards.kind_keyboard()
        )
        return
    await _kind(message, ctx, kind)


async def ask_field(message: Message, ctx: Ctx, problem: str = "") -> None:
    data = await ctx.state.get_data()
    kind = ResultKind(data["res_kind"])
    index = int(data.get("res_field", 0))
    item = FIELDS[kind][index]
    text = ctx.render(
        "results/ask_field.html",
        kind_label=words.RESULT_SHORT[kind],
        question=words.RESULT_FIELDS[item.key],
        number=index + 1,
        total=len(FIELDS[kind]),
        optional=not item.required,
        choice=item.type in CHOICES,
        problem=problem,
    )
    markup = keyboards.choice_keyboard(item) or keyboards.text_keyboard(optional=not item.required)
    await message.answer(text, reply_markup=markup)


async def _take(message: Message, ctx: Ctx, answer: str) -> None:
    """The answer to the field asked: kept, and the next question; or why not, and the same
    question again (earlier answers kept)."""
    data = await ctx.state.get_data()
    kind = ResultKind(data["res_kind"])
    index = int(data.get("res_field", 0))
    item = FIELDS[kind][index]
    parsed = parse_field(item, "" if answer == buttons.SKIP else answer)
    if isinstance(parsed, FieldError):
        await ask_field(message, ctx, parsed.text())
        return
    values = dict(data.get("res_values") or {})
    if parsed is None:
        values.pop(item.key, None)
    else:
        values[item.key] = parsed
    checked = validate(kind, values)
    if isinstance(checked, list):  # rules across fields (of them gifted ≤ children)
        mine = [e for e in checked if e.key == item.key and e.reason is not FieldReason.EMPTY]
        if mine:
            await ask_field(message, ctx, mine[0].text())
            return
    await ctx.state.update_data(res_values=values, res_field=index + 1)
    if index + 1 < len(FIELDS[kind]):
        await ask_field(message, ctx)
        return
    await ctx.state.set_state(ResultForm.day)
    await ask_day(message, ctx)


async def field_typed(message: Message, ctx: Ctx) -> None:
    if message.text is None:
        await ask_field(message, ctx, ctx.render("partners/bad.html", reason="text"))
        return
    await _take(message, ctx, message.text)


async def field_chosen(query: CallbackQuery, callback_data: ChoiceCb, ctx: Ctx) -> None:
    """A level or a change tapped: the code goes through the same check as a typed word (a
    button of an earlier question only asks the current one again)."""
    if not isinstance(query.message, Message):
        return
    data = await ctx.state.get_data()
    item = FIELDS[ResultKind(data["res_kind"])][int(data.get("res_field", 0))]
    if item.type not in CHOICES:
        await ask_field(query.message, ctx)
        return
    await _take(query.message, ctx, callback_data.value)


async def ask_day(message: Message, ctx: Ctx, problem: str = "") -> None:
    data = await ctx.state.get_data()
    event_day = data.get("res_event_day")
    await message.answer(
        ctx.render("results/ask_day.html", problem=problem),
        reply_markup=keyboards.day_keyboard(
            date.fromisoformat(event_day) if isinstance(event_day, str) else None
        ),
    )


def check_day(day: date, today: date) -> tuple[str, str] | None:
    """(reason, detail) when a result cannot be dated so."""
    if day > today:
        return "future", day.strftime("%d.%m.%Y")
    if day.year < today.year - MAX_YEARS_BACK:
        return "too_old", day.strftime("%d.%m.%Y")
    return None


async def _dated(message: Message, ctx: Ctx, day: date) -> None:
    if (problem := check_day(day, ctx.today())) is not None:
        reason, detail = problem
        await ask_day(
            message, ctx, ctx.render("results/bad_day.html", reason=reason, detail=detail)
        )
        return
    await ctx.state.update_data(res_day=day.isoformat())
    await links.after_day(message, ctx)


async def day_typed(message: Message, ctx: Ctx) -> None:
    parsed = dates.parse_day(message.text or "", ctx.today(), prefer_past=True)
    if isinstance(parsed, dates.ParseError):
        reason = "bad_date" if parsed.reason is dates.Reason.BAD_DATE else "unknown"
        await ask_day(
            message, ctx, ctx.render("results/bad_day.html", reason=reason, detail=parsed.detail)
        )
        return
    await _dated(message, ctx, parsed)


async def day_chosen(query: CallbackQuery, callback_data: DayCb, ctx: Ctx) -> None:
    if not isinstance(query.message, Message):
        return
    today = ctx.today()
    day = today if callback_data.action is DayAct.TODAY else today - timedelta(days=1)
    if callback_data.action is DayAct.EVENT:
        event_day = (await ctx.state.get_data()).get("res_event_day")
        if not isinstance(event_day, str):
            await ask_day(query.message, ctx)
            return
        day = date.fromisoformat(event_day)
    await _dated(query.message, ctx, day)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(start, ResCb.filter(F.action == ResAct.ADD))
    r.callback_query.register(start_shared, NewResult.filter())
    r.callback_query.register(kind_chosen, KindCb.filter(), StateFilter(ResultForm.kind))
    r.callback_query.register(field_chosen, ChoiceCb.filter(), StateFilter(ResultForm.field))
    r.callback_query.register(day_chosen, DayCb.filter(), StateFilter(ResultForm.day))
    r.message.register(kind_typed, StateFilter(ResultForm.kind))
    r.message.register(field_typed, StateFilter(ResultForm.field))
    r.message.register(day_typed, StateFilter(ResultForm.day))
    return r
