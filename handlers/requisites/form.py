"""The requisites screen and its questions, for our organisation (pid 0: /settings →
«Реквизиты», admins change it) and for a partner organisation (its card → «Реквизиты», any
member). Nothing is required: every question can be skipped; each typed value is checked
(ИНН and ОГРН checksums, the account against the БИК…) and a bad one is explained with the
same question asked again. When the director's gender cannot be told from the name, it is
asked once and kept (the documents decline the name and choose «Уважаемый/Уважаемая»)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain.contacts import display_phone
from bot.domain.requisites import FIELDS, Need, missing_labels
from bot.domain.russian import Gender
from bot.services import requisites as service
from handlers.requisites import keyboards
from handlers.requisites.callbacks import ReqAct, ReqCb
from handlers.shared.callbacks import Requisites
from storage.models import Partner
from storage.partners import get_partner
from texts import requisites as words
from texts import shorten


class ReqForm(StatesGroup):
    value = State()  # a typed value of the field at the head of the queue
    gender = State()  # the director just named: a man or a woman?


KEY = "rq"  # this form's part of the FSM data
BACK = "req_back"  # a document's packed callback data: the screen offers to go back to it
WALK = [f for _, _, fields in words.GROUPS[:-1] for f in fields]
VALUE_CUT = 120  # a value as the screen shows it


class NotFound(Exception):
    """The partner of the button is gone or another organisation's."""


async def _partner(ctx: Ctx, pid: int) -> Partner | None:
    """None for ours; raises NotFound for a partner not found in the member's
    organisation (the id is untrusted)."""
    if not pid:
        return None
    partner = await get_partner(ctx.session, ctx.org, pid)
    if partner is None:
        raise NotFound
    return partner


def _editable(ctx: Ctx, partner: Partner | None) -> bool:
    return partner is not None or ctx.member.is_admin


def _shown(field: str, value: str) -> str:
    return display_phone(value) if field == "phone" else shorten(value, VALUE_CUT)


async def _details(ctx: Ctx, partner: Partner | None) -> service.Details:
    if partner is None:
        return await service.ours(ctx.session, ctx.member)
    return await service.of_partner(ctx.session, partner)


def _title(partner: Partner | None) -> str:
    if partner is None:
        return words.TITLE_OURS
    return words.TITLE_PARTNER.format(name=shorten(partner.name, 100))


async def screen(
    ctx: Ctx, partner: Partner | None, *, saved: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    details = await _details(ctx, partner)
    values = details.requisites
    groups = []
    for key, title, fields in words.GROUPS:
        shown = []
        for field in fields:
            value = getattr(values, field)
            if field == "director_basis" and not value:
                value = words.DEFAULT_BASIS_NOTE
            shown.append(
                {
                    "label": words.LABELS[field],
                    "value": _shown(field, value),
                    "borrowed": field in details.borrowed,
                }
            )
        filled = any(getattr(values, f) for f in fields)
        groups.append(
            {"title": title, "fields": shown, "optional": key == words.BANK_GROUP, "filled": filled}
        )
    editable = _editable(ctx, partner)
    text = ctx.render(
        "requisites/screen.html",
        title=_title(partner),
        groups=groups,
        borrowed_note=words.BORROWED_PARTNER if partner else words.BORROWED_OURS,
        missing=missing_labels(Need.PARTY, values),
        editable=editable,
        saved=saved,
    )
    back = str((await ctx.state.get_data()).get(BACK, ""))
    pid = partner.id if partner else 0
    return text, keyboards.screen(pid, editable=editable, back=back)


async def open_screen(
    message: Message, ctx: Ctx, partner: Partner | None, *, back: str = "", saved: bool = False
) -> None:
    """The screen as a new message; `back`: a document to return to (see BACK)."""
    await _leave_questions(ctx)
    await ctx.state.update_data({BACK: back})
    text, markup = await screen(ctx, partner, saved=saved)
    await message.answer(text, reply_markup=markup)


async def _leave_questions(ctx: Ctx) -> None:
    if str(await ctx.state.get_state() or "").startswith(ReqForm.__name__):
        await ctx.state.set_state(None)
    data = await ctx.state.get_data()
    if KEY in data:
        await ctx.state.set_data({k: v for k, v in data.items() if k != KEY})


def _message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


def _refuse(ctx: Ctx, answer: CallbackAnswer, template: str) -> None:
    answer.text = ctx.render(template)
    answer.show_alert = True


async def _tapped(
    query: CallbackQuery, ctx: Ctx, pid: int, answer: CallbackAnswer, *, edit: bool
) -> tuple[Message, Partner | None] | None:
    """The message and the owner of the details; None after an alert (not found, not an
    admin for ours when `edit`)."""
    message = _message(query)
    try:
        partner = await _partner(ctx, pid)
    except NotFound:
        _refuse(ctx, answer, "common/not_found.html")
        return None
    if message is None:
        return None
    if edit and not _editable(ctx, partner):
        _refuse(ctx, answer, "requisites/admin_only.html")
        return None
    return message, partner


# --------------------------------------------------------------------------- the screen


async def show(
    query: CallbackQuery, callback_data: Requisites, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    """The entry point (/settings, the partner card): the screen, no document to go back to."""
    found = await _tapped(query, ctx, callback_data.partner_id, callback_answer, edit=False)
    if found is not None:
        await open_screen(found[0], ctx, found[1])


async def stop(
    query: CallbackQuery, callback_data: ReqCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _tapped(query, ctx, callback_data.pid, callback_answer, edit=False)
    if found is not None:
        message, partner = found
        await _leave_questions(ctx)
        text, markup = await screen(ctx, partner)
        await message.answer(text, reply_markup=markup)


# --------------------------------------------------------------------------- questions


async def _ask(
    message: Message, ctx: Ctx, partner: Partner | None, field: str, error: str = ""
) -> None:
    details = await _details(ctx, partner)
    value = getattr(details.requisites, field)
    stored = bool(value) and field not in details.borrowed
    await message.answer(
        ctx.render(
            "requisites/ask.html",
            owner=_title(partner),
            label=words.LABELS[field],
            prompt=words.PROMPTS[field],
            current=_shown(field, value),
            error=words.ERRORS.get(error, "") if error else "",
        ),
        reply_markup=keyboards.question(
            partner.id if partner else 0, field, has_value=bool(value), stored=stored
        ),
    )


async def _next(message: Message, ctx: Ctx, partner: Partner | None, queue: list[str]) -> None:
    """Ask the first field of `queue` (an individual entrepreneur has no KPP), or show the
    screen when nothing is left."""
    details = await _details(ctx, partner)
    while queue and queue[0] == "kpp" and details.requisites.is_entrepreneur:
        queue = queue[1:]
    if not queue:
        await _leave_questions(ctx)
        text, markup = await screen(ctx, partner, saved=True)
        await message.answer(text, reply_markup=markup)
        return
    await ctx.state.set_state(ReqForm.value)
    await ctx.state.update_data({KEY: {"pid": partner.id if partner else 0, "queue": queue}})
    await _ask(message, ctx, partner, queue[0])


async def walk(
    query: CallbackQuery, callback_data: ReqCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _tapped(query, ctx, callback_data.pid, callback_answer, edit=True)
    if found is not None:
        await _next(found[0], ctx, found[1], list(WALK))


async def group(
    query: CallbackQuery, callback_data: ReqCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not 0 <= callback_data.i < len(words.GROUPS):
        _refuse(ctx, callback_answer, "common/stale.html")
        return
    found = await _tapped(query, ctx, callback_data.pid, callback_answer, edit=True)
    if found is not None:
        await _next(found[0], ctx, found[1], list(words.GROUPS[callback_data.i][2]))


async def _current(ctx: Ctx) -> dict[str, Any] | None:
    data = (await ctx.state.get_data()).get(KEY)
    if not isinstance(data, dict) or not data.get("queue"):
        return None
    return data


async def _at_field(
    query: CallbackQuery, callback_data: ReqCb, ctx: Ctx, answer: CallbackAnswer
) -> tuple[Message, Partner | None, list[str]] | None:
    """A button of the question being asked (the field, the owner and the state match),
    else a stale alert."""
    data = await _current(ctx)
    state = await ctx.state.get_state()
    field = FIELDS[callback_data.i] if 0 <= callback_data.i < len(FIELDS) else ""
    if (
        data is None
        or state != ReqForm.value.state
        or data["queue"][0] != field
        or data["pid"] != callback_data.pid
    ):
        _refuse(ctx, answer, "common/stale.html")
        return None
    found = await _tapped(query, ctx, callback_data.pid, answer, edit=True)
    if found is None:
        return None
    return found[0], found[1], [str(f) for f in data["queue"]]


async def skip(
    query: CallbackQuery, callback_data: ReqCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _at_field(query, callback_data, ctx, callback_answer)
    if found is not None:
        message, partner, queue = found
        await _next(message, ctx, partner, queue[1:])


async def clear(
    query: CallbackQuery, callback_data: ReqCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    found = await _at_field(query, callback_data, ctx, callback_answer)
    if found is None:
        return
    message, partner, queue = found
    await service.save(ctx.session, ctx.member, partner, queue[0], "", now=ctx.now())
    await _next(message, ctx, partner, queue[1:])


async def typed(message: Message, ctx: Ctx) -> None:
    data = await _current(ctx)
    if data is None:
        await ctx.state.set_state(None)
        await message.answer(ctx.render("common/stale.html"))
        return
    try:
        partner = await _partner(ctx, int(data["pid"]))
    except NotFound:
        await _leave_questions(ctx)
        await message.answer(ctx.render("common/not_found.html"))
        return
    if not _editable(ctx, partner):
        await _leave_questions(ctx)
        await message.answer(ctx.render("requisites/admin_only.html"))
        return
    queue = [str(f) for f in data["queue"]]
    field = queue[0]
    value = " ".join((message.text or "").split())
    if not value:
        await _ask(message, ctx, partner, field, "need_text")
        return
    saved, error = await service.save(ctx.session, ctx.member, partner, field, value, now=ctx.now())
    if saved is None:
        await _ask(message, ctx, partner, field, error)
        return
    name = saved.requisites.director_name
    if field == "director_name" and await service.needs_gender(ctx.session, ctx.org, name):
        await ctx.state.set_state(ReqForm.gender)
        await ctx.state.update_data({KEY: {**data, "person": name}})
        await message.answer(
            ctx.render("requisites/ask_gender.html", name=name),
            reply_markup=keyboards.gender(partner.id if partner else 0),
        )
        return
    await _next(message, ctx, partner, queue[1:])


async def _gender(
    query: CallbackQuery, callback_data: ReqCb, ctx: Ctx, answer: CallbackAnswer, gender: Gender
) -> None:
    data = await _current(ctx)
    if (
        data is None
        or await ctx.state.get_state() != ReqForm.gender.state
        or data["pid"] != callback_data.pid
        or not data.get("person")
    ):
        _refuse(ctx, answer, "common/stale.html")
        return
    found = await _tapped(query, ctx, callback_data.pid, answer, edit=True)
    if found is None:
        return
    message, partner = found
    name = str(data["person"])
    await service.remember_gender(ctx.session, ctx.org, name, gender, now=ctx.now())
    answer.text = ctx.render(
        "requisites/gender_saved.html", name=name, female=gender is Gender.FEMALE
    )
    await _next(message, ctx, partner, [str(f) for f in data["queue"]][1:])


async def male(
    query: CallbackQuery, callback_data: ReqCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _gender(query, callback_data, ctx, callback_answer, Gender.MALE)


async def female(
    query: CallbackQuery, callback_data: ReqCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    await _gender(query, callback_data, ctx, callback_answer, Gender.FEMALE)


async def use_buttons(message: Message, ctx: Ctx) -> None:
    """Text typed while the gender question waits: the question again."""
    data = await _current(ctx)
    if data is None or not data.get("person"):
        await _leave_questions(ctx)
        await message.answer(ctx.render("common/stale.html"))
        return
    await message.answer(
        ctx.render("requisites/ask_gender.html", name=str(data["person"])),
        reply_markup=keyboards.gender(int(data["pid"])),
    )


def router() -> Router:
    r = Router(name=__name__)
    on = ReqCb.filter
    r.callback_query.register(show, Requisites.filter())
    r.callback_query.register(stop, on(F.action == ReqAct.STOP))
    r.callback_query.register(walk, on(F.action == ReqAct.WALK))
    r.callback_query.register(group, on(F.action == ReqAct.GROUP))
    r.callback_query.register(skip, on(F.action == ReqAct.SKIP))
    r.callback_query.register(clear, on(F.action == ReqAct.CLEAR))
    r.callback_query.register(male, on(F.action == ReqAct.MALE))
    r.callback_query.register(female, on(F.action == ReqAct.FEMALE))
    r.message.register(typed, StateFilter(ReqForm.value))
    r.message.register(use_buttons, StateFilter(ReqForm.gender))
    return r
