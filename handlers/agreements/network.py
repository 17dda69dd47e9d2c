"""What a network-form agreement adds (Federal Law 273-FZ, art. 15), asked once per
agreement: the programme (one of the organisation's, or typed), its volume, the parts
(modules) each party runs and the resources each uses. The answers are kept on the
agreement; its document's caption offers to go through them again."""

from __future__ import annotations

import re
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.domain.paperwork.obligations import split_notes
from bot.services import agreements as service
from handlers.agreements.callbacks import NetAct, NetCb
from handlers.agreements.produce import Job, load, run
from handlers.agreements.views import message_of
from storage import programs as programme_store
from storage.models import Agreement
from texts import agreements as words
from texts import buttons, plural, shorten

KEY = "nw"
LISTS = ("our_parts", "partner_parts", "our_resources", "partner_resources")
MAX_PROGRAMMES = 8


class NetworkForm(StatesGroup):
    answer = State()


def _key(q: int) -> str:
    return words.NETWORK_QUESTIONS[q][0]


def _current(terms: dict[str, Any], q: int) -> str:
    value = terms.get(_key(q))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value or "")


async def _ask(message: Message, ctx: Ctx, data: dict[str, Any], error: str = "") -> None:
    q = int(data["q"])
    aid = int(data["job"]["aid"])
    kb = InlineKeyboardBuilder()
    if _key(q) == "programme":
        for programme in (await programme_store.list_programs(ctx.session, ctx.org))[
            :MAX_PROGRAMMES
        ]:
            kb.row(
                InlineKeyboardButton(
                    text=shorten(programme.name, 60),
                    callback_data=NetCb(action=NetAct.PROGRAMME, aid=aid, i=programme.id).pack(),
                )
            )
    current = _current(data["terms"], q)
    if words.NETWORK_QUESTIONS[q][2] or current:
        label = buttons.SKIP if not current else words.BTN_KEEP_SUBJECT
        kb.row(
            InlineKeyboardButton(
                text=label, callback_data=NetCb(action=NetAct.SKIP, aid=aid, i=q).pack()
            )
        )
    markup: InlineKeyboardMarkup | None = kb.as_markup() if kb.export() else None
    await message.answer(
        ctx.render(
            "agreements/net_ask.html",
            partner=data["partner"],
            n=q + 1,
            total=len(words.NETWORK_QUESTIONS),
            question=words.NETWORK_QUESTIONS[q][1],
            current=shorten(current, 300),
            error=error,
        ),
        reply_markup=markup,
    )


async def start(message: Message, ctx: Ctx, job: Job, agreement: Agreement) -> None:
    """The questions from the first, the answers given before shown as they are."""
    loaded = await load(ctx, job)
    partner = loaded.partner.name if loaded is not None else ""
    data = {
        "job": job.as_data(),
        "partner": shorten(partner, 80),
        "q": 0,
        "terms": dict(agreement.network_terms or {}),
    }
    await ctx.state.set_state(NetworkForm.answer)
    await ctx.state.set_data({KEY: data})
    await _ask(message, ctx, data)


async def _next(message: Message, ctx: Ctx, data: dict[str, Any]) -> None:
    data["q"] = int(data["q"]) + 1
    if data["q"] < len(words.NETWORK_QUESTIONS):
        await ctx.state.set_data({KEY: data})
        await _ask(message, ctx, data)
        return
    job = Job.from_data(data["job"])
    loaded = await load(ctx, job) if job is not None else None
    await ctx.state.clear()
    if job is None or loaded is None or loaded.agreement is None:
        await message.answer(ctx.render("common/not_found.html"))
        return
    await service.save_network_terms(ctx.session, loaded.agreement, data["terms"], now=ctx.now())
    await run(message, ctx, job)


def _volume(text: str) -> str:
    """«72» → «72 академических часа»; anything else as typed."""
    if re.fullmatch(r"\d{1,4}", text):
        n = int(text)
        return f"{n} {plural(n, *words.ACADEMIC_HOURS)}"
    return text


async def typed(message: Message, ctx: Ctx) -> None:
    data = (await ctx.state.get_data()).get(KEY)
    if not isinstance(data, dict):
        await ctx.state.clear()
        await message.answer(ctx.render("common/stale.html"))
        return
    raw = (message.text or "").strip()
    if not raw or len(raw) > words.MAX_NETWORK_ANSWER:
        error = ctx.render("agreements/net_bad.html", empty=not raw, limit=words.MAX_NETWORK_ANSWER)
        await _ask(message, ctx, data, error)
        return
    key = _key(int(data["q"]))
    if key in LISTS:
        data["terms"][key] = split_notes(raw)
    elif key == "volume":
        data["terms"][key] = _volume(" ".join(raw.split()))
    else:
        data["terms"] |= {"programme": " ".join(raw.split()).strip('«»"'), "focus": ""}
    await _next(message, ctx, data)


async def _tapped(
    query: CallbackQuery, callback_data: NetCb, ctx: Ctx, answer: CallbackAnswer
) -> tuple[Message, dict[str, Any]] | None:
    data = (await ctx.state.get_data()).get(KEY)
    message = message_of(query)
    if (
        message is None
        or not isinstance(data, dict)
        or await ctx.state.get_state() != NetworkForm.answer.state
        or int(data["job"]["aid"]) != callback_data.aid
    ):
        answer.text = ctx.render("common/stale.html")
        answer.show_alert = True
        return None
    return message, data


async def skip(
    query: CallbackQuery, callback_data: NetCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _tapped(query, callback_data, ctx, callback_answer)
    if found is None:
        return
    message, data = found
    if int(data["q"]) != callback_data.i:
        callback_answer.text = ctx.render("common/stale.html")
        callback_answer.show_alert = True
        return
    await _next(message, ctx, data)


async def programme(
    query: CallbackQuery, callback_data: NetCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _tapped(query, callback_data, ctx, callback_answer)
    if found is None:
        return
    message, data = found
    chosen = await programme_store.get_program(ctx.session, ctx.org, callback_data.i)
    if chosen is None or _key(int(data["q"])) != "programme":
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
        return
    data["terms"] |= {"programme": chosen.name, "focus": chosen.focus or ""}
    await _next(message, ctx, data)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(skip, NetCb.filter(F.action == NetAct.SKIP))
    r.callback_query.register(programme, NetCb.filter(F.action == NetAct.PROGRAMME))
    r.message.register(typed, StateFilter(NetworkForm.answer))
    return r
