"""The parties' obligations, confirmed by the member before they go into an agreement.

Drafts come from the partner's notes «what we offer» and «what we ask»
(bot/domain/paperwork/obligations.py): one message lists them, each with ✅ keep, ✏️ edit,
🗑 drop, plus «➕» to add one and «Всё верно». A draft marked for review (a doubt, money)
needs the member's own decision; the notes themselves never go in. The confirmed ones are
kept on the agreement, so the next document of it does not ask again (its caption offers
to review them).
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from bot.domain.paperwork.obligations import OURS, PARTNER, suggest_obligations
from bot.services import agreements as service
from handlers.agreements.callbacks import ObAct, ObCb
from handlers.agreements.produce import Job, load, run
from handlers.agreements.views import message_of
from handlers.shared.keyboards import edit
from handlers.shared.text_length import shown_length
from storage.models import Agreement, AgreementKind, Partner
from texts import TELEGRAM_TEXT_LIMIT, shorten
from texts import agreements as words
from texts import paperwork as paper_words

KEY = "ob"
MAX_ITEMS = 15
SIZES = ((200, 100), (120, 60), (70, 0))  # (obligation, note) as the list shows them


class ObligationsForm(StatesGroup):
    review = State()  # the list with its buttons
    text = State()  # an obligation typed: an edit (`edit` >= 0) or a new one (`side`)


def _roles(agreement_kind: str) -> dict[str, str]:
    if agreement_kind == AgreementKind.NETWORK:
        ours, theirs = paper_words.ROLE_OURS_NETWORK, paper_words.ROLE_PARTNER_NETWORK
    else:
        ours, theirs = paper_words.ROLE_OURS, paper_words.ROLE_PARTNER
    return {OURS: ours, PARTNER: theirs}


def _items(agreement: Agreement, partner: Partner) -> list[dict[str, str]]:
    """The confirmed obligations when there are some (a review), else the drafts."""
    if agreement.our_obligations is not None:
        return [
            {"side": side, "text": str(text), "source": "", "review": "", "state": "kept"}
            for side, texts in (
                (OURS, agreement.our_obligations),
                (PARTNER, agreement.partner_obligations or []),
            )
            for text in texts
        ][:MAX_ITEMS]
    return [
        {"side": o.side, "text": o.text, "source": o.source, "review": o.review, "state": "new"}
        for o in suggest_obligations(partner.offer, partner.ask)
    ][:MAX_ITEMS]


def _ordered(items: list[dict[str, str]]) -> list[tuple[int, dict[str, str]]]:
    """(index, item), ours first: the numbers the list and the buttons show."""
    numbered = list(enumerate(items))
    return [p for p in numbered if p[1]["side"] == OURS] + [
        p for p in numbered if p[1]["side"] != OURS
    ]


def _text(ctx: Ctx, data: dict[str, Any], cut: tuple[int, int]) -> str:
    roles = _roles(str(data["kind"]))
    numbers = {index: n for n, (index, _) in enumerate(_ordered(data["items"]), 1)}
    sides = []
    for side, add in ((OURS, words.BTN_OB_ADD_OURS), (PARTNER, words.BTN_OB_ADD_THEIRS)):
        shown = []
        for index, item in enumerate(data["items"]):
            if item["side"] != side:
                continue
            flagged = item["review"] and item["state"] == "new"
            shown.append(
                {
                    "n": numbers[index],
                    "mark": words.OB_FLAGGED if flagged else words.OB_MARKS[item["state"]],
                    "text": shorten(item["text"], cut[0]),
                    "dropped": item["state"] == "dropped",
                    "source": shorten(item["source"], cut[1])
                    if cut[1] and item["state"] == "new"
                    else "",
                    "warning": paper_words.OBLIGATION_REVIEW.get(item["review"], "")
                    if flagged
                    else "",
                }
            )
        sides.append({"role": roles[side], "items": shown, "add": add})
    return ctx.render("agreements/obligations.html", partner=data["partner"], sides=sides)


def _render(ctx: Ctx, data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    text = ""
    for cut in SIZES:
        text = _text(ctx, data, cut)
        if shown_length(text) <= TELEGRAM_TEXT_LIMIT:
            break
    return text, _keyboard(data)


def _keyboard(data: dict[str, Any]) -> InlineKeyboardMarkup:
    aid = int(data["job"]["aid"])
    kb = InlineKeyboardBuilder()

    def button(label: str, action: ObAct, i: int = 0) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=label, callback_data=ObCb(action=action, aid=aid, i=i).pack()
        )

    for n, (index, item) in enumerate(_ordered(data["items"]), 1):
        if item["state"] == "dropped":
            kb.row(button(words.BTN_OB_RESTORE.format(n=n), ObAct.KEEP, index))
        else:
            kb.row(
                button(words.BTN_OB_KEEP.format(n=n), ObAct.KEEP, index),
                button(words.BTN_OB_EDIT.format(n=n), ObAct.EDIT, index),
                button(words.BTN_OB_DROP.format(n=n), ObAct.DROP, index),
            )
    kb.row(
        button(words.BTN_OB_ADD_OURS, ObAct.ADD_OURS),
        button(words.BTN_OB_ADD_THEIRS, ObAct.ADD_THEIRS),
    )
    kb.row(button(words.BTN_OB_DONE, ObAct.DONE))
    return kb.as_markup()


async def start(
    message: Message, ctx: Ctx, job: Job, agreement: Agreement, partner: Partner
) -> None:
    """The list of the agreement's obligations to confirm (or to review again)."""
    data = {
        "job": job.as_data(),
        "kind": agreement.kind,
        "partner": shorten(partner.name, 80),
        "items": _items(agreement, partner),
    }
    await ctx.state.set_state(ObligationsForm.review)
    await ctx.state.set_data({KEY: data})
    text, markup = _render(ctx, data)
    await message.answer(text, reply_markup=markup)


async def _review(
    query: CallbackQuery, callback_data: ObCb, ctx: Ctx, answer: CallbackAnswer, *, item: bool
) -> tuple[Message, dict[str, Any]] | None:
    """The review this button belongs to (the agreement and, for an item's button, the
    item exist), else a stale alert."""
    data = (await ctx.state.get_data()).get(KEY)
    state = await ctx.state.get_state()
    ok = (
        isinstance(data, dict)
        and state in (ObligationsForm.review.state, ObligationsForm.text.state)
        and int(data["job"]["aid"]) == callback_data.aid
        and (not item or 0 <= callback_data.i < len(data["items"]))
    )
    message = message_of(query)
    if not ok or message is None:
        answer.text = ctx.render("common/stale.html")
        answer.show_alert = True
        return None
    assert isinstance(data, dict)
    return message, data


async def _redraw(message: Message, ctx: Ctx, data: dict[str, Any]) -> None:
    await ctx.state.set_state(ObligationsForm.review)
    await ctx.state.update_data({KEY: data})
    text, markup = _render(ctx, data)
    await edit(message, text, markup)


async def keep(
    query: CallbackQuery, callback_data: ObCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _review(query, callback_data, ctx, callback_answer, item=True)
    if found is not None:
        message, data = found
        item = data["items"][callback_data.i]
        item["state"] = "edited" if item["state"] == "edited" else "kept"
        await _redraw(message, ctx, data)


async def drop(
    query: CallbackQuery, callback_data: ObCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _review(query, callback_data, ctx, callback_answer, item=True)
    if found is not None:
        message, data = found
        data["items"][callback_data.i]["state"] = "dropped"
        await _redraw(message, ctx, data)


async def _ask_text(
    message: Message,
    ctx: Ctx,
    data: dict[str, Any],
    *,
    n: int,
    side: str,
    current: str,
    error: str = "",
) -> None:
    await message.answer(
        ctx.render(
            "agreements/ob_edit.html",
            n=n,
            role=_roles(str(data["kind"]))[side],
            current=shorten(current, 300),
            error=error,
        )
    )


async def edit_item(
    query: CallbackQuery, callback_data: ObCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _review(query, callback_data, ctx, callback_answer, item=True)
    if found is None:
        return
    message, data = found
    item = data["items"][callback_data.i]
    data["edit"], data["side"] = callback_data.i, item["side"]
    await ctx.state.set_state(ObligationsForm.text)
    await ctx.state.update_data({KEY: data})
    numbers = {index: n for n, (index, _) in enumerate(_ordered(data["items"]), 1)}
    await _ask_text(
        message, ctx, data, n=numbers[callback_data.i], side=item["side"], current=item["text"]
    )


async def _add(
    query: CallbackQuery, callback_data: ObCb, ctx: Ctx, answer: CallbackAnswer, side: str
) -> None:
    found = await _review(query, callback_data, ctx, answer, item=False)
    if found is None:
        return
    message, data = found
    if len(data["items"]) >= MAX_ITEMS:
        answer.text = ctx.render("agreements/ob_full.html", limit=MAX_ITEMS)
        answer.show_alert = True
        return
    data["edit"], data["side"] = -1, side
    await ctx.state.set_state(ObligationsForm.text)
    await ctx.state.update_data({KEY: data})
    await _ask_text(message, ctx, data, n=0, side=side, current="")


async def add_ours(
    query: CallbackQuery, callback_data: ObCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _add(query, callback_data, ctx, callback_answer, OURS)


async def add_theirs(
    query: CallbackQuery, callback_data: ObCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _add(query, callback_data, ctx, callback_answer, PARTNER)


async def typed(message: Message, ctx: Ctx) -> None:
    data = (await ctx.state.get_data()).get(KEY)
    if not isinstance(data, dict) or "side" not in data:
        await ctx.state.clear()
        await message.answer(ctx.render("common/stale.html"))
        return
    text = " ".join((message.text or "").split()).strip(" ;")
    index = int(data.get("edit", -1))
    if not words.MIN_OBLIGATION <= len(text) <= words.MAX_OBLIGATION:
        current = data["items"][index]["text"] if 0 <= index < len(data["items"]) else ""
        error = ctx.render(
            "agreements/ob_bad.html",
            short=len(text) < words.MIN_OBLIGATION,
            limit=words.MAX_OBLIGATION,
        )
        numbers = {i: n for n, (i, _) in enumerate(_ordered(data["items"]), 1)}
        await _ask_text(
            message,
            ctx,
            data,
            n=numbers.get(index, 0),
            side=str(data["side"]),
            current=current,
            error=error,
        )
        return
    text = text[:1].upper() + text[1:]
    if 0 <= index < len(data["items"]):
        data["items"][index] |= {"text": text, "state": "edited"}
    elif len(data["items"]) < MAX_ITEMS:
        data["items"].append(
            {"side": data["side"], "text": text, "source": "", "review": "", "state": "kept"}
        )
    data.pop("edit", None)
    data.pop("side", None)
    await ctx.state.set_state(ObligationsForm.review)
    await ctx.state.set_data({KEY: data})
    text_, markup = _render(ctx, data)
    await message.answer(text_, reply_markup=markup)


async def done(
    query: CallbackQuery, callback_data: ObCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _review(query, callback_data, ctx, callback_answer, item=False)
    if found is None:
        return
    message, data = found
    for n, (_, item) in enumerate(_ordered(data["items"]), 1):
        if item["review"] and item["state"] == "new":
            callback_answer.text = ctx.render("agreements/ob_flagged.html", n=n)
            callback_answer.show_alert = True
            return
    job = Job.from_data(data["job"])
    loaded = await load(ctx, job) if job is not None else None
    if job is None or loaded is None or loaded.agreement is None:
        await ctx.state.clear()
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
        return
    kept = [i for i in data["items"] if i["state"] != "dropped"]
    await service.confirm_obligations(
        ctx.session,
        loaded.agreement,
        [i["text"] for i in kept if i["side"] == OURS],
        [i["text"] for i in kept if i["side"] != OURS],
        now=ctx.now(),
    )
    await ctx.state.clear()
    await edit(message, reply_markup=None)
    await run(message, ctx, job)


async def use_buttons(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.render("agreements/ob_use_buttons.html"))


def router() -> Router:
    r = Router(name=__name__)
    on = ObCb.filter
    r.callback_query.register(keep, on(F.action == ObAct.KEEP))
    r.callback_query.register(drop, on(F.action == ObAct.DROP))
    r.callback_query.register(edit_item, on(F.action == ObAct.EDIT))
    r.callback_query.register(add_ours, on(F.action == ObAct.ADD_OURS))
    r.callback_query.register(add_theirs, on(F.action == ObAct.ADD_THEIRS))
    r.callback_query.register(done, on(F.action == ObAct.DONE))
    r.message.register(typed, StateFilter(ObligationsForm.text))
    r.message.register(use_buttons, StateFilter(ObligationsForm.review))
    return r
