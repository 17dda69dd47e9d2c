"""Adding a partner (stage I of the method): the questions and the typed answers.

name → (duplicates?) → category → source → contact person → phone → e-mail → address
(optional: meetings offer it as the place) → what we offer → what we ask → directions →
saved, card shown. Every answer goes into FSM data at once (stored in the database), so a
restart resumes at the same question. The choice buttons are in add_buttons.py.

Each draft has a token (FSM data "draft", on the «Done» button, stored on the partner it
becomes): saving a draft twice — «Done» tapped again after a crash — opens the partner
saved the first time instead of adding a second one.
"""

from __future__ import annotations

import secrets
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from markupsafe import Markup

from bot.context import Ctx
from bot.domain.contacts import normalize_phone
from bot.domain.intents import Intent, detect
from bot.domain.search import has_name_chars
from bot.middlewares import FLOW_RESUMED
from bot.services import partners as service
from bot.services.partners import PartnerDraft, Similar
from handlers.partners import keyboards, view
from handlers.partners.callbacks import Field, FromAct, FromChat
from handlers.partners.inputs import LIMITS, bad, check_text
from handlers.shared.callbacks import AddPartner
from handlers.shared.filters import Has, TextIs
from handlers.shared.keyboards import edit, main_menu
from storage.enums import PartnerCategory, PartnerStatus
from texts import buttons


class PartnerForm(StatesGroup):
    name = State()
    dup = State()
    category = State()
    source = State()
    contact_person = State()
    phone = State()
    email = State()
    address = State()
    offer = State()
    ask = State()
    directions = State()


ORDER: tuple[str, ...] = (
    Field.NAME,
    Field.CATEGORY,
    Field.SOURCE,
    Field.CONTACT_PERSON,
    Field.PHONE,
    Field.EMAIL,
    Field.ADDRESS,
    Field.OFFER,
    Field.ASK,
    Field.DIRECTIONS,
)
STATES: dict[str, State] = {key: getattr(PartnerForm, key) for key in ORDER}
STEP_OF_STATE: dict[str | None, str] = {s.state: key for key, s in STATES.items()}
OPTIONAL = frozenset(ORDER) - {Field.NAME, Field.CATEGORY}
# what nobody calls a partner: asked for a name, the member meant something else
NOT_NAMES = frozenset({Intent.GREETING, Intent.NEXT})
TEXT_STEPS = frozenset({"name", "contact_person", "phone", "email", "address", "offer", "ask"})


async def ask(
    message: Message, ctx: Ctx, step: str, *, resume: bool = False, problem: str = ""
) -> None:
    """The question of `step` (after `problem`, when the last answer did not fit)."""
    await ctx.state.set_state(STATES[step])
    data = await ctx.state.get_data()
    optional = step in OPTIONAL
    text = ctx.render(
        "partners/ask.html",
        step=step,
        limit=LIMITS.get(step, (0, 0))[1],
        data=data,
        resume=resume,
        edit=False,
        optional=optional and step in TEXT_STEPS,
        problem=Markup(problem),
    )
    markup: Any
    if step == Field.CATEGORY:
        markup = keyboards.categories()
    elif step == Field.SOURCE:
        markup = keyboards.sources(skip=Field.SOURCE)
    elif step == Field.DIRECTIONS:
        markup = keyboards.directions(
            selected=set(data.get("directions") or []), draft=str(data.get("draft", ""))
        )
    else:
        markup = keyboards.flow_keyboard(optional=optional, contact=step == Field.PHONE)
    await message.answer(text, reply_markup=markup)


def first_open(data: dict[str, Any]) -> str | None:
    done = set(data.get("done", []))
    for step in ORDER:
        if step not in done:
            return step
    return None


async def advance(message: Message, ctx: Ctx, **answers: Any) -> None:
    """Keep the answers (marking their steps done) and ask the next open question."""
    data = await ctx.state.get_data()
    done = list(dict.fromkeys([*data.get("done", []), *answers]))
    data.update(answers)
    data["done"] = done
    await ctx.state.set_data(data)
    step = first_open(data)
    if step is not None:
        await ask(message, ctx, step)
        return
    partner = await service.add_partner(
        ctx.session,
        ctx.member,
        PartnerDraft(
            name=data["name"],
            category=data["category"],
            source=data.get("source"),
            contact_person=data.get("contact_person"),
            phone=data.get("phone"),
            email=data.get("email"),
            address=data.get("address"),
            offer=data.get("offer"),
            ask=data.get("ask"),
            directions=data.get("directions") or [],
            draft_token=data.get("draft"),
        ),
        now=ctx.now(),
    )
    await ctx.state.clear()
    await message.answer(
        ctx.render(
            "partners/saved.html",
            name=partner.name,
            advanced=partner.status == PartnerStatus.OFFER_READY,
        ),
        reply_markup=main_menu(),
    )
    await view.send_card(message, ctx, partner)


def new_draft_token() -> str:
    """The token of a new draft (16 characters: partners.draft_token)."""
    return secrets.token_hex(8)


async def start_add(
    message: Message,
    ctx: Ctx,
    *,
    name: str = "",
    category: str = "",
    prefill: dict[str, Any] | None = None,
) -> None:
    data: dict[str, Any] = dict(prefill or {})
    data["done"] = list(data)
    data["draft"] = new_draft_token()
    if category in set(PartnerCategory):
        data["category"] = category
        data["done"].append(Field.CATEGORY)
    await ctx.state.set_state(PartnerForm.name)
    await ctx.state.set_data(data)
    if name:
        await take_name(message, ctx, name)
    else:
        await ask(message, ctx, Field.NAME)


async def take_name(message: Message, ctx: Ctx, name: str) -> None:
    low, high = LIMITS["name"]
    if not low <= len(name) <= high:
        problem = ctx.render(
            "partners/bad.html", reason="length", min=low, limit=high, length=len(name)
        )
        await ask(message, ctx, Field.NAME, problem=problem)
        return
    if not has_name_chars(name):
        await ask(message, ctx, Field.NAME, problem=bad(ctx, "nameless"))
        return
    if detect(name) in NOT_NAMES:  # "hello", "what next?" typed at the name question
        problem = ctx.render("partners/bad.html", reason="not_a_name", typed=name)
        await ask(message, ctx, Field.NAME, problem=problem)
        return
    similar = await service.find_similar(ctx.session, ctx.org, name)
    if similar:
        await ctx.state.update_data(name=name)
        await ctx.state.set_state(PartnerForm.dup)
        await ask_duplicate(message, ctx, name, similar)
        return
    await advance(message, ctx, name=name)


async def ask_duplicate(
    message: Message, ctx: Ctx, name: str, similar: list[Similar], problem: str = ""
) -> None:
    """The duplicate question with its buttons (after `problem`, when there is one)."""
    await message.answer(
        ctx.render("partners/duplicate.html", similar=similar, name=name, problem=Markup(problem)),
        reply_markup=keyboards.duplicates(similar),
    )


# --------------------------------------------------------------------------- entry points


async def add_command(
    message: Message, ctx: Ctx, command: CommandObject | None = None
) -> str | None:
    """/add [name] and the menu button; in the middle of adding, the open question again."""
    name = ((command.args if command else None) or "").strip()
    current = await ctx.state.get_state()
    if not name and current in STEP_OF_STATE:
        await ask(message, ctx, STEP_OF_STATE[current], resume=True)
        return FLOW_RESUMED
    if not name and current == PartnerForm.dup.state:
        data = await ctx.state.get_data()
        await take_name(message, ctx, data.get("name", ""))
        return FLOW_RESUMED
    await ctx.state.clear()
    await start_add(message, ctx, name=name)
    return None


async def add_button(query: CallbackQuery, callback_data: AddPartner, ctx: Ctx) -> None:
    """AddPartner: from the empty list (a category chosen), the list, other features."""
    if isinstance(query.message, Message):
        await ctx.state.clear()
        await start_add(query.message, ctx, category=callback_data.category)


async def from_contact(query: CallbackQuery, ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    """«Add to partners» under a contact card shared in the chat."""
    if not isinstance(query.message, Message):
        return
    contact = (await ctx.state.get_data()).get("contact")
    if not contact or await ctx.state.get_state() is not None:
        view.stale(ctx, callback_answer)
        return
    await edit(query.message, reply_markup=None)
    prefill = {"contact_person": contact["name"]}
    if contact.get("phone"):
        prefill["phone"] = contact["phone"]
    await ctx.state.clear()
    await start_add(query.message, ctx, name=contact["name"], prefill=prefill)


async def from_search(query: CallbackQuery, ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    """«Add …» under a search that found nothing: the query is the name."""
    if not isinstance(query.message, Message):
        return
    data = await ctx.state.get_data()
    if not data.get("sq") or await ctx.state.get_state() is not None:
        view.stale(ctx, callback_answer)
        return
    await edit(query.message, reply_markup=None)
    await ctx.state.clear()
    await start_add(query.message, ctx, name=str(data["sq"]))


# --------------------------------------------------------------------------- typed answers


async def duplicate_typed(message: Message, ctx: Ctx) -> None:
    """Text typed at the duplicate question: the explanation and the question again."""
    name = str((await ctx.state.get_data()).get("name", ""))
    similar = await service.find_similar(ctx.session, ctx.org, name)
    if not similar:  # the look-alike is gone meanwhile: nothing to choose between
        await advance(message, ctx, name=name)
        return
    await ask_duplicate(message, ctx, name, similar, bad(ctx, "button"))


async def phone_contact(message: Message, ctx: Ctx) -> None:
    assert message.contact is not None
    phone = normalize_phone(message.contact.phone_number, lenient=True)
    if phone is None:
        await ask(message, ctx, Field.PHONE, problem=bad(ctx, "phone"))
        return
    await advance(message, ctx, phone=phone)


async def text_answer(message: Message, ctx: Ctx) -> None:
    step = STEP_OF_STATE[await ctx.state.get_state()]
    if message.text is not None and message.text.strip() == buttons.SKIP:
        if step in OPTIONAL:
            await advance(message, ctx, **{step: None})
        else:
            await ask(message, ctx, step, problem=bad(ctx, "required"))
        return
    if step == Field.NAME:
        if message.text is None:
            await ask(message, ctx, step, problem=bad(ctx, "text"))
            return
        await take_name(message, ctx, message.text.strip())
        return
    value, problem = check_text(step, message, ctx)
    if problem is not None:
        await ask(message, ctx, step, problem=problem)
        return
    await advance(message, ctx, **{step: value})


async def choice_typed(message: Message, ctx: Ctx) -> None:
    """Typed (or sent) at a question answered with buttons: «Skip» or the question again."""
    step = STEP_OF_STATE[await ctx.state.get_state()]
    if message.text is not None and message.text.strip() == buttons.SKIP and step in OPTIONAL:
        await advance(message, ctx, **{step: None})
        return
    await ask(message, ctx, step, problem=bad(ctx, "button"))


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(add_command, Command("add"))
    r.message.register(add_command, TextIs(buttons.MENU_ADD))
    r.callback_query.register(add_button, AddPartner.filter())
    r.callback_query.register(from_contact, FromChat.filter(F.action == FromAct.CONTACT))
    r.callback_query.register(from_search, FromChat.filter(F.action == FromAct.SEARCH))
    r.message.register(duplicate_typed, StateFilter(PartnerForm.dup))
    r.message.register(phone_contact, StateFilter(PartnerForm.phone), Has("contact"))
    r.message.register(
        text_answer,
        StateFilter(
            PartnerForm.name,
            PartnerForm.contact_person,
            PartnerForm.phone,
            PartnerForm.email,
            PartnerForm.address,
            PartnerForm.offer,
            PartnerForm.ask,
        ),
    )
    r.message.register(
        choice_typed,
        StateFilter(PartnerForm.category, PartnerForm.source, PartnerForm.directions),
    )
    return r
