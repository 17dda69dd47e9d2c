"""The partner database (stage I of the method): add, find, open and edit partners.

Add flow: name → (duplicates?) → category → source → contact person → phone → e-mail →
address (optional: meetings offer it as the place) → what we offer → what we ask →
directions → saved, card shown. Every answer goes into FSM data at once (stored in the
database), so a restart resumes at the same question.
The free-text search handler is registered last: typed text with no active flow.
"""

from __future__ import annotations

import html
import math
import re
from functools import cache, lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    TelegramObject,
)
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain.contacts import normalize_email, normalize_phone
from bot.middlewares import FLOW_RESUMED
from bot.services import partners as service
from handlers.shared.callbacks import (
    AddPartner,
    Draft,
    EditOffer,
    Evaluate,
    NewAgreement,
    NewEvent,
    NewMeeting,
    OpenPartner,
    PartnerAgreements,
    PartnerMeetings,
)
from handlers.shared.filters import Has, Registered, TextIs
from handlers.shared.keyboards import edit, inline, main_menu
from storage import orgs, programs
from storage import partners as db
from storage.enums import Direction, PartnerCategory, PartnerSource, PartnerStatus
from storage.history import partner_history
from storage.models import Partner
from storage.orgs import MemberInfo
from texts import TELEGRAM_TEXT_LIMIT, Texts, buttons, method, shorten
from texts import partners as labels

router = Router(name=__name__)
router.message.filter(Registered())
router.callback_query.filter(Registered())


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


class PartnerEdit(StatesGroup):
    value = State()  # data: edit_pid, edit_field, edit_chain (EditOffer: "ask" next)
    note = State()  # data: note_pid


# --------------------------------------------------------------------------- callback data


class Pick(CallbackData, prefix="pk"):
    """A choice button: kind c (category), s (source), d (direction toggle), dd (done).
    pid 0: the add flow; otherwise the partner being edited."""

    kind: str
    code: str = ""
    pid: int = 0


class Skip(CallbackData, prefix="sk"):
    step: str


class Dup(CallbackData, prefix="du"):
    """Duplicate found: open the existing partner (id) or add anyway (id 0)."""

    id: int = 0


class Card(CallbackData, prefix="pc"):
    """Actions on a partner card; `x` is the action's argument."""

    a: str
    id: int
    x: str = ""


class ListCb(CallbackData, prefix="pl"):
    """The list: page, filters (category, status, direction, archived), search (q=1 uses the
    query kept in FSM data), m: the filter menu to show instead of the list."""

    p: int = 0
    c: str = ""
    s: str = ""
    d: str = ""
    a: int = 0
    q: int = 0
    m: str = ""


class FromChat(CallbackData, prefix="pf"):
    """Add a partner from a shared contact (kind c) or a search that found nothing (kind q)."""

    kind: str


# --------------------------------------------------------------------------- limits

ORDER: tuple[str, ...] = (
    "name",
    "category",
    "source",
    "contact_person",
    "phone",
    "email",
    "address",
    "offer",
    "ask",
    "directions",
)
STATES: dict[str, State] = {key: getattr(PartnerForm, key) for key in ORDER}
STEP_OF_STATE: dict[str | None, str] = {s.state: key for key, s in STATES.items()}
OPTIONAL = frozenset(
    {"source", "contact_person", "phone", "email", "address", "offer", "ask", "directions"}
)
TEXT_STEPS = frozenset({"name", "contact_person", "phone", "email", "address", "offer", "ask"})
LIMITS: dict[str, tuple[int, int]] = {
    "name": (2, 200),
    "contact_person": (2, 200),
    "address": (2, 300),
    "offer": (2, 1000),
    "ask": (2, 1000),
    "note": (2, 3000),
    "phone": (5, 64),
    "email": (3, 254),
}
CHAIN_END = "-"  # the last question of a chain (EditOffer): skip, not clear
EDITABLE_TEXT = ("name", "contact_person", "phone", "email", "address", "offer", "ask")
REQUIRED_EDIT = frozenset({"name"})
SEARCH_MAX = 100
CATEGORIES = tuple(PartnerCategory)
SOURCES = tuple(PartnerSource)
DIRECTIONS = tuple(Direction)
STATUSES = tuple(PartnerStatus)


class CardSize(NamedTuple):
    """How much of each value the card shows (source values are shortened before rendering:
    a cut through rendered HTML could split a tag or an entity)."""

    text: int  # what we offer / ask
    history: int  # history items
    note: int  # one note in the history
    programs: int  # linked programmes
    program: int  # one programme's name
    field: int  # name, contact person, e-mail, address, responsible


# Card rendering, from generous to compact, until it fits in one message. The last size
# drops the history and the programmes: whatever is stored, it fits (a test checks it).
CARD_SIZES: tuple[CardSize, ...] = (
    CardSize(600, 10, 300, 10, 200, 300),
    CardSize(300, 6, 150, 10, 80, 300),
    CardSize(120, 3, 60, 5, 40, 300),
    CardSize(60, 0, 0, 0, 0, 60),
)
_TAG_RE = re.compile(r"<[^>]+>")
MENU_LABELS = frozenset(
    value for name, value in vars(buttons).items() if name.isupper() and isinstance(value, str)
)


class SearchText(Filter):
    """Plain typed text that is not a command nor a menu label: a search query."""

    def quick_check(self, event: TelegramObject) -> bool:  # also read by bot/routing.py
        text = getattr(event, "text", None)
        if not text:
            return False
        text = text.strip()
        return (
            len(text) >= 2
            and not text.startswith("/")
            and text not in MENU_LABELS
            and len(text) <= SEARCH_MAX
        )

    async def __call__(self, event: TelegramObject) -> bool:
        return self.quick_check(event)


# --------------------------------------------------------------------------- keyboards


@cache  # keyboards are immutable values: each distinct one is built once
def _flow_keyboard(*, optional: bool, contact: bool = False, clear: bool = False) -> Any:
    rows: list[list[KeyboardButton]] = []
    if contact:
        rows.append([KeyboardButton(text=buttons.SHARE_CONTACT, request_contact=True)])
    if optional:
        rows.append([KeyboardButton(text=labels.CLEAR if clear else buttons.SKIP)])
    rows.append([KeyboardButton(text=buttons.CANCEL)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def _choice_keyboard(
    kind: str, pid: int, *, selected: set[str] | None = None, step: str = ""
) -> InlineKeyboardMarkup:
    return _choice_markup(kind, pid, frozenset(selected or ()), step)


@lru_cache(maxsize=1024)  # per partner and selection: a few hundred bytes each
def _choice_markup(
    kind: str, pid: int, selected: frozenset[str], step: str
) -> InlineKeyboardMarkup:
    rows: list[list[tuple[str, str]]] = []
    if kind == "c":
        rows = [
            [(method.CATEGORY_SHORT[c], Pick(kind="c", code=c.value, pid=pid).pack())]
            for c in CATEGORIES
        ]
    elif kind == "s":
        items = [
            (method.SOURCE_LABELS[s], Pick(kind="s", code=s.value, pid=pid).pack()) for s in SOURCES
        ]
        rows = [items[i : i + 2] for i in range(0, len(items), 2)]
    elif kind == "d":
        chosen = selected
        rows = [
            [
                (
                    (labels.CHECK if d.value in chosen else "") + method.DIRECTION_SHORT[d],
                    Pick(kind="d", code=d.value, pid=pid).pack(),
                )
            ]
            for d in DIRECTIONS
        ]
        rows.append([(buttons.DONE, Pick(kind="dd", pid=pid).pack())])
    if step and pid == 0:
        rows.append([(buttons.SKIP, Skip(step=step).pack())])
    if pid:
        rows.append([(labels.TO_CARD, Card(a="open", id=pid).pack())])
    return inline(rows)


def _card_keyboard(partner: Partner, extra: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    pid = partner.id
    rows: list[list[tuple[str, str]]] = [
        [
            (labels.EDIT, Card(a="edit", id=pid).pack()),
            (labels.NOTE, Card(a="note", id=pid).pack()),
            (labels.STATUS, Card(a="st", id=pid).pack()),
        ],
        [
            (labels.MEETING, NewMeeting(partner_id=pid).pack()),
            (labels.AGREEMENT, NewAgreement(partner_id=pid).pack()),
        ],
        [
            (labels.MEETINGS_LIST, PartnerMeetings(partner_id=pid).pack()),
            (labels.AGREEMENTS_LIST, PartnerAgreements(partner_id=pid).pack()),
        ],
        [
            (labels.LETTER, Draft(kind="letter", partner_id=pid).pack()),
            (labels.DRAFT_AGREEMENT, Draft(kind="agr", partner_id=pid).pack()),
        ],
        [
            (labels.EVENT, NewEvent(partner_id=pid).pack()),
            (labels.EVALUATE, Evaluate(partner_id=pid).pack()),
        ],
    ]
    rows.extend([item] for item in extra)
    rows.append(
        [
            (labels.RESTORE, Card(a="rest", id=pid).pack())
            if partner.archived_at
            else (labels.ARCHIVE, Card(a="arch", id=pid).pack()),
            (labels.DELETE, Card(a="del", id=pid).pack()),
        ]
    )
    rows.append([(labels.TO_LIST, ListCb().pack())])
    return inline(rows)


def _edit_keyboard(pid: int) -> InlineKeyboardMarkup:
    items = [
        (label, Card(a="field", id=pid, x=field).pack())
        for field, label in labels.FIELD_LABELS.items()
    ]
    rows = [items[i : i + 2] for i in range(0, len(items), 2)]
    rows.append([(labels.TO_CARD, Card(a="open", id=pid).pack())])
    return inline(rows)


# --------------------------------------------------------------------------- card


async def _card(
    session: AsyncSession, member: MemberInfo, partner: Partner, tx: Texts
) -> tuple[str, InlineKeyboardMarkup]:
    tz = ZoneInfo(member.timezone)
    history = await partner_history(session, member.organisation_id, partner.id)
    responsible = None
    if partner.responsible_id == member.id:  # the usual case: no query
        responsible = member.full_name
    elif partner.responsible_id:
        person = await orgs.get_member(session, member.organisation_id, partner.responsible_id)
        responsible = person.full_name if person else None
    linked = await db.partner_program_names(session, member.organisation_id, partner.id)
    text = ""
    size = CARD_SIZES[-1]
    for size in CARD_SIZES:
        text = tx.render(
            "partners/card.html",
            p=partner,
            name=shorten(partner.name, size.field),
            contact_person=shorten(partner.contact_person, size.field),
            email=shorten(partner.email, size.field),
            address=shorten(partner.address, size.field),
            offer=shorten(partner.offer, size.text),
            ask=shorten(partner.ask, size.text),
            note_cut=size.note,
            tz=tz,
            status_date=partner.status_changed_at.astimezone(tz).strftime("%d.%m.%Y"),
            responsible=shorten(responsible, size.field),
            directions=[d.direction for d in partner.directions],
            programs=[shorten(name, size.program) for name in linked[: size.programs]],
            history=history[: size.history],
        )
        if shown_length(text) <= TELEGRAM_TEXT_LIMIT:
            break
    cut, limit, note_cut = size.text, size.history, size.note
    extra: list[tuple[str, str]] = []
    if partner.offer and len(partner.offer) > cut:
        extra.append((labels.FULL_OFFER, Card(a="full", id=partner.id, x="o").pack()))
    if partner.ask and len(partner.ask) > cut:
        extra.append((labels.FULL_ASK, Card(a="full", id=partner.id, x="a").pack()))
    for item in history[:limit]:
        if item.kind == "note" and len(item.data["text"]) > note_cut and len(extra) < 5:
            # the time tells two notes of one day apart; a number, two of the same minute
            label = labels.FULL_NOTE.format(date=item.at.astimezone(tz).strftime("%d.%m %H:%M"))
            taken = [text for text, _ in extra]
            if label in taken:
                label = f"{label} ({sum(1 for t in taken if t.startswith(label)) + 1})"
            extra.append((label, Card(a="full", id=partner.id, x=f"n{item.data['id']}").pack()))
    return text, _card_keyboard(partner, extra)


async def _card_by_id(
    session: AsyncSession, member: MemberInfo, partner_id: int, tx: Texts
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The rendered card; None if not the organisation's partner."""
    partner = await db.get_partner(session, member.organisation_id, partner_id)
    if partner is None:
        return None
    return await _card(session, member, partner, tx)


async def _send_card(
    message: Message, session: AsyncSession, member: MemberInfo, partner: Partner, tx: Texts
) -> None:
    text, markup = await _card(session, member, partner, tx)
    await message.answer(text, reply_markup=markup)


async def _edit_card(
    message: Message, session: AsyncSession, member: MemberInfo, partner: Partner, tx: Texts
) -> None:
    text, markup = await _card(session, member, partner, tx)
    await edit(message, text, reply_markup=markup)


def shown_length(rendered: str) -> int:
    """The length Telegram counts against its 4096 limit: the text after entity parsing."""
    return len(html.unescape(_TAG_RE.sub("", rendered)))


def _int(value: str) -> int:
    """An id from callback data: 0 (found nowhere) unless it is a plain ASCII number that
    can be a row id ("²".isdigit() is true, yet int("²") fails)."""
    if not (value.isascii() and value.isdecimal() and len(value) <= 10):
        return 0
    number = int(value)
    return number if db.valid_id(number) else 0


async def _not_found(query: CallbackQuery, tx: Texts) -> None:
    await query.answer(tx.render("common/not_found.html"), show_alert=True)


# --------------------------------------------------------------------------- the add flow


async def _ask(
    message: Message,
    state: FSMContext,
    step: str,
    tx: Texts,
    *,
    resume: bool = False,
    problem: str = "",
) -> None:
    await state.set_state(STATES[step])
    data = await state.get_data()
    optional = step in OPTIONAL
    limit = LIMITS.get(step, (0, 0))[1]
    text = tx.render(
        "partners/ask.html",
        step=step,
        limit=limit,
        data=data,
        resume=resume,
        edit=False,
        optional=optional and step in TEXT_STEPS,
        problem=Markup(problem),
    )
    markup: Any
    if step == "category":
        markup = _choice_keyboard("c", 0)
    elif step == "source":
        markup = _choice_keyboard("s", 0, step="source")
    elif step == "directions":
        markup = _choice_keyboard("d", 0, selected=set(data.get("directions") or []))
    else:
        markup = _flow_keyboard(optional=optional, contact=step == "phone")
    await message.answer(text, reply_markup=markup)


def _first_open(data: dict[str, Any]) -> str | None:
    done = set(data.get("done", []))
    for step in ORDER:
        if step not in done:
            return step
    return None


async def _advance(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    **answers: Any,
) -> None:
    """Keep the answers (marking their steps done) and ask the next open question."""
    data = await state.get_data()
    done = list(dict.fromkeys([*data.get("done", []), *answers]))
    data.update(answers)
    data["done"] = done
    await state.set_data(data)
    step = _first_open(data)
    if step is not None:
        await _ask(message, state, step, tx)
        return
    await _save(message, state, session, member, tx, clock, data)


async def _save(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    data: dict[str, Any],
) -> None:
    partner = await service.add_partner(
        session,
        member,
        service.PartnerDraft(
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
        ),
        now=clock.now(),
    )
    await state.clear()
    await message.answer(
        tx.render(
            "partners/saved.html",
            name=partner.name,
            advanced=partner.status == PartnerStatus.OFFER_READY,
        ),
        reply_markup=main_menu(),
    )
    await _send_card(message, session, member, partner, tx)


async def _start_add(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    *,
    name: str = "",
    category: str = "",
    prefill: dict[str, Any] | None = None,
) -> None:
    data: dict[str, Any] = dict(prefill or {})
    data["done"] = list(data)
    if category in set(PartnerCategory):
        data["category"] = category
        data["done"].append("category")
    await state.set_state(PartnerForm.name)
    await state.set_data(data)
    if name:
        await _take_name(message, state, session, member, tx, clock, name)
    else:
        await _ask(message, state, "name", tx)


async def _take_name(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    name: str,
) -> None:
    low, high = LIMITS["name"]
    if not low <= len(name) <= high:
        problem = tx.render(
            "partners/bad.html", reason="length", min=low, limit=high, length=len(name)
        )
        await _ask(message, state, "name", tx, problem=problem)
        return
    similar = await db.find_similar(session, member.organisation_id, name)
    if similar:
        await state.update_data(name=name)
        await state.set_state(PartnerForm.dup)
        await _ask_duplicate(message, tx, name, similar)
        return
    await _advance(message, state, session, member, tx, clock, name=name)


async def _ask_duplicate(
    message: Message, tx: Texts, name: str, similar: list[db.Similar], problem: str = ""
) -> None:
    """The duplicate question with its buttons (after `problem`, when there is one)."""
    rows = [
        [(labels.OPEN_EXISTING.format(name=labels.quoted(item.name[:40])), Dup(id=item.id).pack())]
        for item in similar
    ]
    rows.append([(labels.ADD_ANYWAY, Dup(id=0).pack())])
    await message.answer(
        tx.render("partners/duplicate.html", similar=similar, name=name, problem=Markup(problem)),
        reply_markup=inline(rows),
    )


def _check_text(step: str, message: Message, tx: Texts) -> tuple[str | None, str | None]:
    """(value, None) when the answer fits the step, else (None, the explanation)."""
    if message.text is None:
        return None, tx.render("partners/bad.html", reason="text")
    value = message.text.strip()
    low, high = LIMITS[step]
    if step == "phone":
        phone = normalize_phone(value)
        return (phone, None) if phone else (None, tx.render("partners/bad.html", reason="phone"))
    if step == "email":
        email = normalize_email(value)
        return (email, None) if email else (None, tx.render("partners/bad.html", reason="email"))
    if not low <= len(value) <= high:
        return None, tx.render(
            "partners/bad.html", reason="length", min=low, limit=high, length=len(value)
        )
    return value, None


# --------------------------------------------------------------------------- entry points


@router.message(Command("add"))
@router.message(TextIs(buttons.MENU_ADD))
async def add_command(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    command: CommandObject | None = None,
) -> str | None:
    name = ((command.args if command else None) or "").strip()
    current = await state.get_state()
    if not name and current in STEP_OF_STATE:
        await _ask(message, state, STEP_OF_STATE[current], tx, resume=True)
        return FLOW_RESUMED
    if not name and current == PartnerForm.dup.state:
        data = await state.get_data()
        await _take_name(message, state, session, member, tx, clock, data.get("name", ""))
        return FLOW_RESUMED
    await state.clear()
    await _start_add(message, state, session, member, tx, clock, name=name)
    return None


@router.callback_query(AddPartner.filter())
async def add_button(
    query: CallbackQuery,
    callback_data: AddPartner,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    await state.clear()
    await _start_add(
        query.message, state, session, member, tx, clock, category=callback_data.category
    )


@router.callback_query(FromChat.filter())
async def add_from_chat(
    query: CallbackQuery,
    callback_data: FromChat,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    if not isinstance(query.message, Message):
        await query.answer()
        return
    data = await state.get_data()
    current = await state.get_state()
    if callback_data.kind == "c" and data.get("contact") and current is None:
        contact = data["contact"]
        await query.answer()
        await edit(query.message, reply_markup=None)
        prefill = {"contact_person": contact["name"]}
        if contact.get("phone"):
            prefill["phone"] = contact["phone"]
        await state.clear()
        await _start_add(
            query.message, state, session, member, tx, clock, name=contact["name"], prefill=prefill
        )
        return
    if callback_data.kind == "q" and data.get("sq") and current is None:
        await query.answer()
        await edit(query.message, reply_markup=None)
        name = str(data["sq"])
        await state.clear()
        await _start_add(query.message, state, session, member, tx, clock, name=name)
        return
    await query.answer(tx.render("common/stale.html"), show_alert=True)


@router.callback_query(StateFilter(PartnerForm.dup), Dup.filter())
async def duplicate_choice(
    query: CallbackQuery,
    callback_data: Dup,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    if not isinstance(query.message, Message):
        await query.answer()
        return
    if callback_data.id:
        partner = await db.get_partner(session, member.organisation_id, callback_data.id)
        if partner is None:
            await _not_found(query, tx)
            return
        await query.answer()
        await state.clear()
        await edit(query.message, reply_markup=None)
        await query.message.answer(tx.render("partners/opening.html"), reply_markup=main_menu())
        await _send_card(query.message, session, member, partner, tx)
        return
    await query.answer()
    await edit(query.message, reply_markup=None)
    data = await state.get_data()
    await _advance(query.message, state, session, member, tx, clock, name=data.get("name", ""))


@router.message(StateFilter(PartnerForm.dup))
async def duplicate_typed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    """Text typed at the duplicate question: the explanation and the question again."""
    name = str((await state.get_data()).get("name", ""))
    similar = await db.find_similar(session, member.organisation_id, name)
    if not similar:  # the look-alike is gone meanwhile: nothing to choose between
        await _advance(message, state, session, member, tx, clock, name=name)
        return
    problem = tx.render("partners/bad.html", reason="button")
    await _ask_duplicate(message, tx, name, similar, problem)


@router.message(StateFilter(PartnerForm.phone), Has("contact"))
async def phone_contact(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    assert message.contact is not None
    phone = normalize_phone(message.contact.phone_number, lenient=True)
    if phone is None:
        await _ask(
            message, state, "phone", tx, problem=tx.render("partners/bad.html", reason="phone")
        )
        return
    await _advance(message, state, session, member, tx, clock, phone=phone)


@router.message(
    StateFilter(
        PartnerForm.name,
        PartnerForm.contact_person,
        PartnerForm.phone,
        PartnerForm.email,
        PartnerForm.address,
        PartnerForm.offer,
        PartnerForm.ask,
    )
)
async def text_answer(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    step = STEP_OF_STATE[await state.get_state()]
    if message.text is not None and message.text.strip() == buttons.SKIP:
        if step in OPTIONAL:
            await _advance(message, state, session, member, tx, clock, **{step: None})
        else:
            problem = tx.render("partners/bad.html", reason="required")
            await _ask(message, state, step, tx, problem=problem)
        return
    if step == "name":
        if message.text is None:
            await _ask(
                message, state, step, tx, problem=tx.render("partners/bad.html", reason="text")
            )
            return
        await _take_name(message, state, session, member, tx, clock, message.text.strip())
        return
    value, bad = _check_text(step, message, tx)
    if bad is not None:
        await _ask(message, state, step, tx, problem=bad)
        return
    await _advance(message, state, session, member, tx, clock, **{step: value})


@router.callback_query(Skip.filter())
async def skip_button(
    query: CallbackQuery,
    callback_data: Skip,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    step = STEP_OF_STATE.get(await state.get_state())
    if step != callback_data.step or step not in OPTIONAL or not isinstance(query.message, Message):
        await query.answer(tx.render("common/stale.html"), show_alert=True)
        return
    await query.answer()
    await edit(query.message, reply_markup=None)
    await _advance(query.message, state, session, member, tx, clock, **{step: None})


@router.message(StateFilter(PartnerForm.category, PartnerForm.source, PartnerForm.directions))
async def choice_typed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    step = STEP_OF_STATE[await state.get_state()]
    if message.text is not None and message.text.strip() == buttons.SKIP and step in OPTIONAL:
        await _advance(message, state, session, member, tx, clock, **{step: None})
        return
    await _ask(message, state, step, tx, problem=tx.render("partners/bad.html", reason="button"))


@router.callback_query(Pick.filter())
async def pick(
    query: CallbackQuery,
    callback_data: Pick,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    if callback_data.pid:
        await _pick_on_card(query, message, callback_data, session, member, tx, clock)
        return
    step = STEP_OF_STATE.get(await state.get_state())
    kind, code = callback_data.kind, callback_data.code
    expected = {"c": "category", "s": "source", "d": "directions", "dd": "directions"}.get(kind)
    if step is None or step != expected:
        await query.answer(tx.render("common/stale.html"), show_alert=True)
        return
    if kind == "c" and code in set(PartnerCategory):
        await query.answer()
        await edit(message, reply_markup=None)
        await _advance(message, state, session, member, tx, clock, category=code)
    elif kind == "s" and code in set(PartnerSource):
        await query.answer()
        await edit(message, reply_markup=None)
        await _advance(message, state, session, member, tx, clock, source=code)
    elif kind == "d" and code in set(Direction):
        await query.answer()
        data = await state.get_data()
        chosen = list(data.get("directions") or [])
        if code in chosen:
            chosen.remove(code)
        else:
            chosen.append(code)
        await state.update_data(directions=chosen)
        await edit(message, reply_markup=_choice_keyboard("d", 0, selected=set(chosen)))
    elif kind == "dd":
        await query.answer()
        await edit(message, reply_markup=None)
        data = await state.get_data()
        await _advance(
            message, state, session, member, tx, clock, directions=data.get("directions") or []
        )
    else:
        await query.answer(tx.render("common/stale.html"), show_alert=True)


# --------------------------------------------------------------------------- card actions


@router.callback_query(OpenPartner.filter())
async def open_partner(
    query: CallbackQuery,
    callback_data: OpenPartner,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    view = await _card_by_id(session, member, callback_data.id, tx)
    if view is None or not isinstance(query.message, Message):
        await _not_found(query, tx)
        return
    await query.answer()
    await query.message.answer(view[0], reply_markup=view[1])


async def _pick_on_card(
    query: CallbackQuery,
    message: Message,
    cb: Pick,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    partner = await db.get_partner(session, member.organisation_id, cb.pid)
    if partner is None:
        await _not_found(query, tx)
        return
    now = clock.now()
    if cb.kind == "c" and cb.code in set(PartnerCategory):
        await service.update_field(session, member, partner, "category", cb.code, now=now)
    elif cb.kind == "s" and cb.code in set(PartnerSource):
        await service.update_field(session, member, partner, "source", cb.code, now=now)
    elif cb.kind == "d" and cb.code in set(Direction):
        await service.toggle_direction(session, partner, cb.code, now=now)
        await query.answer()
        selected = {d.direction for d in partner.directions}
        await edit(message, reply_markup=_choice_keyboard("d", partner.id, selected=selected))
        return
    elif cb.kind != "dd":
        await query.answer(tx.render("common/stale.html"), show_alert=True)
        return
    await query.answer()
    await _edit_card(message, session, member, partner, tx)


@router.callback_query(Card.filter())
async def card_action(
    query: CallbackQuery,
    callback_data: Card,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = query.message
    partner = await db.get_partner(session, member.organisation_id, callback_data.id)
    if partner is None or not isinstance(message, Message):
        await _not_found(query, tx)
        return
    action, arg, now = callback_data.a, callback_data.x, clock.now()
    if action == "open":
        await query.answer()
        await state.clear()
        await _edit_card(message, session, member, partner, tx)
    elif action == "edit":
        await query.answer()
        await edit(
            message,
            tx.render("partners/edit_menu.html", name=partner.name),
            reply_markup=_edit_keyboard(partner.id),
        )
    elif action == "field":
        await query.answer()
        await _edit_field_start(message, state, session, member, partner, arg, tx)
    elif action == "note":
        await query.answer()
        await state.set_state(PartnerEdit.note)
        await state.set_data({"note_pid": partner.id})
        await message.answer(
            tx.render(
                "partners/ask.html",
                step="note",
                limit=LIMITS["note"][1],
                data={"name": partner.name},
                resume=False,
                edit=False,
                optional=False,
            ),
            reply_markup=_flow_keyboard(optional=False),
        )
    elif action == "st":
        await query.answer()
        rows = [
            [
                (
                    (labels.CHECK if s == partner.status else method.STATUS_ICONS[s] + " ")
                    + method.STATUS_LABELS[s],
                    Card(a="set", id=partner.id, x=s.value).pack(),
                )
            ]
            for s in STATUSES
        ]
        rows.append([(labels.TO_CARD, Card(a="open", id=partner.id).pack())])
        await edit(
            message,
            tx.render("partners/status_pick.html", name=partner.name, status=partner.status),
            reply_markup=inline(rows),
        )
    elif action == "set":
        if arg not in set(PartnerStatus):
            await query.answer(tx.render("common/stale.html"), show_alert=True)
            return
        await service.set_status(session, member, partner, PartnerStatus(arg), now=now)
        await query.answer(method.STATUS_LABELS[arg])
        await _edit_card(message, session, member, partner, tx)
    elif action == "resp":
        if arg:
            person = await orgs.get_member(session, member.organisation_id, _int(arg))
            if person is None:
                await _not_found(query, tx)
                return
            await service.set_responsible(session, partner, person.id, now=now)
            await query.answer()
            await _edit_card(message, session, member, partner, tx)
            return
        await query.answer()
        people = await orgs.list_members(session, member.organisation_id)
        rows = [
            [
                (
                    (labels.CHECK if p.id == partner.responsible_id else "") + p.full_name,
                    Card(a="resp", id=partner.id, x=str(p.id)).pack(),
                )
            ]
            for p in people[:30]
        ]
        rows.append([(labels.TO_CARD, Card(a="open", id=partner.id).pack())])
        await edit(
            message,
            tx.render("partners/responsible_pick.html", name=partner.name),
            reply_markup=inline(rows),
        )
    elif action == "prog":
        await _programs_menu(query, message, session, member, partner, arg, tx)
    elif action in ("arch", "rest"):
        await service.set_archived(session, partner, action == "arch", now=now)
        await query.answer(
            tx.render("partners/archived.html", name=partner.name, archived=action == "arch"),
            show_alert=True,
        )
        await _edit_card(message, session, member, partner, tx)
    elif action == "del":
        await query.answer()
        await edit(
            message,
            tx.render("partners/delete_confirm.html", name=partner.name),
            reply_markup=inline(
                [
                    [(labels.DELETE_CONFIRM, Card(a="delok", id=partner.id).pack())],
                    [(labels.KEEP, Card(a="open", id=partner.id).pack())],
                ]
            ),
        )
    elif action == "delok":
        name = partner.name
        await service.delete_partner(session, member.organisation_id, partner.id)
        await query.answer()
        await edit(
            message,
            tx.render("partners/deleted.html", name=name),
            reply_markup=inline([[(labels.TO_LIST, ListCb().pack())]]),
        )
    elif action == "full":
        await _full_text(query, message, session, member, partner, arg, tx)
    else:
        await query.answer(tx.render("common/stale.html"), show_alert=True)


async def _full_text(
    query: CallbackQuery,
    message: Message,
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    arg: str,
    tx: Texts,
) -> None:
    if arg == "o":
        title, text = labels.FIELD_LABELS["offer"], partner.offer or ""
    elif arg == "a":
        title, text = labels.FIELD_LABELS["ask"], partner.ask or ""
    elif arg.startswith("n") and _int(arg[1:]):
        note = await db.get_note(session, member.organisation_id, _int(arg[1:]))
        if note is None or note.partner_id != partner.id:
            await _not_found(query, tx)
            return
        date = note.created_at.astimezone(ZoneInfo(member.timezone)).strftime("%d.%m.%Y")
        title, text = f"{partner.name} · {date}", note.text
    else:
        await _not_found(query, tx)
        return
    await query.answer()
    title = shorten(title, LIMITS["name"][1] + 20)
    # the text is shortened (never the rendered HTML) to what the message can still hold
    room = TELEGRAM_TEXT_LIMIT - shown_length(
        tx.render("partners/full_text.html", title=title, text="")
    )
    body = tx.render("partners/full_text.html", title=title, text=shorten(text, room - 1))
    await message.answer(body)


async def _programs_menu(
    query: CallbackQuery,
    message: Message,
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    arg: str,
    tx: Texts,
) -> None:
    if arg:
        program = await programs.get_program(session, member.organisation_id, _int(arg))
        if program is None:
            await _not_found(query, tx)
            return
        await service.toggle_programme(session, partner, program)
    await query.answer()
    items = await programs.list_programs(session, member.organisation_id)
    linked = await db.partner_program_ids(session, member.organisation_id, partner.id)
    rows = [
        [
            (
                (labels.CHECK if p.id in linked else "") + p.name[:50],
                Card(a="prog", id=partner.id, x=str(p.id)).pack(),
            )
        ]
        for p in items[:40]
    ]
    rows.append([(labels.TO_CARD, Card(a="open", id=partner.id).pack())])
    await edit(
        message,
        tx.render("partners/programs_pick.html", name=partner.name, has_programs=bool(items)),
        reply_markup=inline(rows),
    )


async def _edit_field_start(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    field: str,
    tx: Texts,
    *,
    chain: str = "",
) -> None:
    if field == "category":
        await edit(message, reply_markup=_choice_keyboard("c", partner.id))
    elif field == "source":
        await edit(message, reply_markup=_choice_keyboard("s", partner.id))
    elif field == "directions":
        selected = {d.direction for d in partner.directions}
        await edit(message, reply_markup=_choice_keyboard("d", partner.id, selected=selected))
    elif field == "responsible":
        people = await orgs.list_members(session, member.organisation_id)
        rows = [
            [
                (
                    (labels.CHECK if p.id == partner.responsible_id else "") + p.full_name,
                    Card(a="resp", id=partner.id, x=str(p.id)).pack(),
                )
            ]
            for p in people[:30]
        ]
        rows.append([(labels.TO_CARD, Card(a="open", id=partner.id).pack())])
        await edit(
            message,
            tx.render("partners/responsible_pick.html", name=partner.name),
            reply_markup=inline(rows),
        )
    elif field == "programs":
        items = await programs.list_programs(session, member.organisation_id)
        linked = await db.partner_program_ids(session, member.organisation_id, partner.id)
        rows = [
            [
                (
                    (labels.CHECK if p.id in linked else "") + p.name[:50],
                    Card(a="prog", id=partner.id, x=str(p.id)).pack(),
                )
            ]
            for p in items[:40]
        ]
        rows.append([(labels.TO_CARD, Card(a="open", id=partner.id).pack())])
        await edit(
            message,
            tx.render("partners/programs_pick.html", name=partner.name, has_programs=bool(items)),
            reply_markup=inline(rows),
        )
    elif field in EDITABLE_TEXT:
        await state.set_state(PartnerEdit.value)
        await state.set_data({"edit_pid": partner.id, "edit_field": field, "edit_chain": chain})
        await _ask_edit(message, partner, field, chain, tx)
    else:
        await message.answer(tx.render("common/stale.html"))


async def _ask_edit(
    message: Message, partner: Partner, field: str, chain: str, tx: Texts, *, problem: str = ""
) -> None:
    """The question for one field of an existing partner (chain: EditOffer's second step)."""
    await message.answer(
        tx.render(
            "partners/ask.html",
            step=field,
            limit=LIMITS[field][1],
            data={"name": partner.name},
            resume=False,
            edit=True,
            field_label=labels.FIELD_LABELS[field],
            optional=False,
            problem=Markup(problem),
        ),
        reply_markup=_flow_keyboard(
            optional=field not in REQUIRED_EDIT, contact=field == "phone", clear=not chain
        ),
    )


@router.callback_query(EditOffer.filter())
async def edit_offer(
    query: CallbackQuery,
    callback_data: EditOffer,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    partner = await db.get_partner(session, member.organisation_id, callback_data.partner_id)
    if partner is None or not isinstance(query.message, Message):
        await _not_found(query, tx)
        return
    await query.answer()
    await query.message.answer(tx.render("partners/offer_intro.html", name=partner.name))
    await _edit_field_start(
        query.message, state, session, member, partner, "offer", tx, chain="ask"
    )


@router.message(StateFilter(PartnerEdit.value))
async def edit_value(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    data = await state.get_data()
    field, chain = str(data.get("edit_field", "")), str(data.get("edit_chain", ""))
    partner = await db.get_partner(session, member.organisation_id, int(data.get("edit_pid", 0)))
    if partner is None or field not in EDITABLE_TEXT:
        await state.clear()
        await message.answer(tx.render("common/not_found.html"), reply_markup=main_menu())
        return
    text = (message.text or "").strip()
    value: str | None
    skip = False
    if message.text is not None and text in (labels.CLEAR, buttons.SKIP) and field != "name":
        value, skip = None, text == buttons.SKIP
    elif field == "phone" and message.contact is not None:
        value = normalize_phone(message.contact.phone_number, lenient=True)
        if value is None:
            await message.answer(tx.render("partners/bad.html", reason="phone"))
            return
    else:
        value, problem = _check_text(field, message, tx)
        if problem is not None:
            await _ask_edit(message, partner, field, chain, tx, problem=problem)
            return
    advanced = False
    if not skip:
        advanced = await service.update_field(
            session, member, partner, field, value, now=clock.now()
        )
    if chain in EDITABLE_TEXT:  # EditOffer: the second question (what we ask)
        await _edit_field_start(
            message, state, session, member, partner, chain, tx, chain=CHAIN_END
        )
        return
    await state.clear()
    await message.answer(
        tx.render(
            "partners/saved_field.html",
            field_label=labels.FIELD_LABELS[field],
            advanced=advanced,
        ),
        reply_markup=main_menu(),
    )
    await _send_card(message, session, member, partner, tx)


@router.message(StateFilter(PartnerEdit.note))
async def note_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    data = await state.get_data()
    partner = await db.get_partner(session, member.organisation_id, int(data.get("note_pid", 0)))
    if partner is None:
        await state.clear()
        await message.answer(tx.render("common/not_found.html"), reply_markup=main_menu())
        return
    value, problem = _check_text("note", message, tx)
    if problem is not None or value is None:
        await message.answer(problem or "")
        return
    await service.add_note(session, member, partner, value, now=clock.now())
    await state.clear()
    await message.answer(tx.render("partners/note_saved.html"), reply_markup=main_menu())
    await _send_card(message, session, member, partner, tx)


# --------------------------------------------------------------------------- the list


def _filter_of(cb: ListCb) -> db.ListFilter:
    return db.ListFilter(
        category=cb.c if cb.c in set(PartnerCategory) else "",
        status=cb.s if cb.s in set(PartnerStatus) else "",
        direction=cb.d if cb.d in set(Direction) else "",
        archived=bool(cb.a),
    )


async def _list_view(
    session: AsyncSession,
    member: MemberInfo,
    state: FSMContext,
    cb: ListCb,
    tx: Texts,
    *,
    found: tuple[str, list[db.ListRow], bool] | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """The list (or search results: `found` = query, rows, more when already searched)."""
    query = found[0] if found else ""
    if cb.q and not found:
        query = str((await state.get_data()).get("sq", ""))
    return await _render_list(session, member.organisation_id, cb, tx, query, found)


async def _render_list(
    session: AsyncSession,
    org: int,
    cb: ListCb,
    tx: Texts,
    query: str,
    found: tuple[str, list[db.ListRow], bool] | None,
) -> tuple[str, InlineKeyboardMarkup]:
    more = False
    total: int | None = None
    if query:
        if found:
            rows, more = found[1], found[2]
        else:
            rows, more = await db.search_partners(session, org, query, cb.p)
        counts: list[tuple[str, int]] = []
        if cb.p == 0 and not more:
            total = len(rows)
    else:
        flt = _filter_of(cb)
        by_category = await db.category_counts(session, org, archived=flt.archived)
        if not (flt.status or flt.direction):  # the counts per category give the total
            total = by_category.get(flt.category, 0) if flt.category else sum(by_category.values())
        rows, counted = await db.list_partners(session, org, flt, cb.p, count=total is None)
        total = counted if total is None else total
        more = (cb.p + 1) * db.PAGE_SIZE < total
        if not by_category and not flt.archived and not await db.archived_count(session, org):
            text = tx.render("partners/empty.html")
            markup = inline(
                [
                    [(method.CATEGORY_SHORT[c], AddPartner(category=c.value).pack())]
                    for c in CATEGORIES
                ]
            )
            return text, markup
        counts = [(c.value, by_category[c.value]) for c in CATEGORIES if by_category.get(c.value)]
    pages = max(1, math.ceil(total / db.PAGE_SIZE)) if total is not None else 0
    filters = []
    valid = _filter_of(cb)
    if valid.category:
        filters.append(method.CATEGORY_SHORT[valid.category])
    if valid.status:
        filters.append(method.STATUS_LABELS[valid.status])
    if valid.direction:
        filters.append(method.DIRECTION_SHORT[valid.direction])
    text = tx.render(
        "partners/list.html",
        archived=bool(cb.a),
        query=query,
        counts=counts,
        filters=filters,
        total=total,
        page=cb.p,
        pages=pages,
    )
    keyboard: list[list[tuple[str, str]]] = [
        [
            (
                f"{method.STATUS_ICONS.get(r.status, '')} {r.name[:48]}"
                + (" 🗄" if r.archived and not cb.a else ""),
                OpenPartner(id=r.id).pack(),
            )
        ]
        for r in rows
    ]
    nav: list[tuple[str, str]] = []
    if cb.p > 0:
        nav.append((buttons.PREV, cb.model_copy(update={"p": cb.p - 1}).pack()))
    if pages > 1 or (not pages and (more or cb.p)):
        label = labels.PAGE.format(page=cb.p + 1, pages=pages) if pages else str(cb.p + 1)
        nav.append((label, cb.model_copy(update={"m": "n"}).pack()))
    if more:
        nav.append((buttons.FORWARD, cb.model_copy(update={"p": cb.p + 1}).pack()))
    if nav:
        keyboard.append(nav)
    if not query:
        keyboard.append(
            [
                (labels.FILTER_CATEGORY, cb.model_copy(update={"m": "c"}).pack()),
                (labels.FILTER_STATUS, cb.model_copy(update={"m": "s"}).pack()),
                (labels.FILTER_DIRECTION, cb.model_copy(update={"m": "d"}).pack()),
            ]
        )
        tail = [
            (labels.FILTER_CURRENT, ListCb().pack())
            if cb.a
            else (labels.FILTER_ARCHIVE, ListCb(a=1).pack())
        ]
        if cb.c or cb.s or cb.d:
            tail.append((labels.FILTER_RESET, ListCb(a=cb.a).pack()))
        keyboard.append(tail)
    keyboard.append([(buttons.MENU_ADD, AddPartner().pack())])
    return text, inline(keyboard)


def _filter_menu(cb: ListCb, counts: dict[str, int]) -> InlineKeyboardMarkup:
    base = cb.model_copy(update={"p": 0, "m": ""})
    rows: list[list[tuple[str, str]]] = []
    if cb.m == "c":
        for c in CATEGORIES:
            label = f"{method.CATEGORY_SHORT[c]} · {counts.get(c.value, 0)}"
            rows.append(
                [
                    (
                        (labels.CHECK if cb.c == c else "") + label,
                        base.model_copy(update={"c": c.value}).pack(),
                    )
                ]
            )
        rows.append([(labels.FILTER_ALL, base.model_copy(update={"c": ""}).pack())])
    elif cb.m == "s":
        for s in STATUSES:
            label = method.STATUS_ICONS[s] + " " + method.STATUS_LABELS[s]
            rows.append(
                [
                    (
                        (labels.CHECK if cb.s == s else "") + label,
                        base.model_copy(update={"s": s.value}).pack(),
                    )
                ]
            )
        rows.append([(labels.FILTER_ALL, base.model_copy(update={"s": ""}).pack())])
    else:
        for d in DIRECTIONS:
            rows.append(
                [
                    (
                        (labels.CHECK if cb.d == d else "") + method.DIRECTION_SHORT[d],
                        base.model_copy(update={"d": d.value}).pack(),
                    )
                ]
            )
        rows.append([(labels.FILTER_ALL, base.model_copy(update={"d": ""}).pack())])
    return inline(rows)


@router.message(Command("partners"))
@router.message(TextIs(buttons.MENU_PARTNERS))
async def list_command(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    await state.clear()
    text, markup = await _list_view(session, member, state, ListCb(), tx)
    await message.answer(text, reply_markup=markup)


@router.callback_query(ListCb.filter())
async def list_page(
    query: CallbackQuery,
    callback_data: ListCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    message = query.message
    if not isinstance(message, Message) or callback_data.p < 0 or callback_data.p > 100_000:
        await query.answer(tx.render("common/stale.html"), show_alert=True)
        return
    await query.answer()
    if callback_data.m == "n":
        return
    if callback_data.m in ("c", "s", "d"):
        counts = await db.category_counts(
            session, member.organisation_id, archived=bool(callback_data.a)
        )
        await edit(message, reply_markup=_filter_menu(callback_data, counts))
        return
    text, markup = await _list_view(session, member, state, callback_data, tx)
    await edit(message, text, reply_markup=markup)


# --------------------------------------------------------------------------- no active flow


@router.message(StateFilter(None), Has("contact"))
async def contact_offer(message: Message, state: FSMContext, tx: Texts) -> None:
    contact = message.contact
    assert contact is not None
    name = " ".join(filter(None, [contact.first_name, contact.last_name])).strip()[:200]
    phone = normalize_phone(contact.phone_number, lenient=True)
    await state.set_data({"contact": {"name": name or contact.phone_number, "phone": phone}})
    await message.answer(
        tx.render("partners/contact_offer.html", name=name, phone=phone),
        reply_markup=inline([[(labels.ADD_CONTACT, FromChat(kind="c").pack())]]),
    )


@router.message(StateFilter(None), SearchText())
async def search_typed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    query = (message.text or "").strip()
    rows, more = await db.search_partners(session, member.organisation_id, query)
    await state.set_data({"sq": query})
    if len(rows) == 1 and not more:
        view = await _card_by_id(session, member, rows[0].id, tx)
        if view is not None:
            await message.answer(view[0], reply_markup=view[1])
            return
    if not rows:
        await message.answer(
            tx.render("partners/search_none.html", query=query),
            reply_markup=inline(
                [[(labels.ADD_FOUND.format(name=query[:40]), FromChat(kind="q").pack())]]
            ),
        )
        return
    text, markup = await _list_view(
        session, member, state, ListCb(q=1), tx, found=(query, rows, more)
    )
    await message.answer(text, reply_markup=markup)
