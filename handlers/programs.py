"""/programs: the organisation's educational programmes (stage I of the method: "a database
of existing educational programmes"). Add, list, edit one field, delete; partners are linked
to programmes from the partner card (handlers/partners.py)."""

from __future__ import annotations

import inspect
import re
from typing import Any

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from handlers.partners import shown_length
from handlers.shared.callbacks import AddProgramme, OpenPartner
from handlers.shared.filters import Registered
from handlers.shared.keyboards import edit, inline, main_menu
from storage import programs as db
from storage.models import Program
from storage.orgs import MemberInfo
from texts import TELEGRAM_TEXT_LIMIT, Texts, buttons, shorten
from texts import partners as labels

router = Router(name=__name__)
router.message.filter(Registered())
router.callback_query.filter(Registered())


class ProgramForm(StatesGroup):
    name = State()
    focus = State()
    ages = State()
    description = State()
    edit = State()  # data: prog_id, prog_field


class ProgCb(CallbackData, prefix="pr"):
    """a: list | add | open | field (x = field) | del | delok."""

    a: str
    id: int = 0
    x: str = ""


ORDER = ("name", "focus", "ages", "description")
STATES = {key: getattr(ProgramForm, key) for key in ORDER}
STEP_OF_STATE = {s.state: key for key, s in STATES.items()}
LIMITS = {"name": (2, 200), "focus": (2, 100), "ages": (1, 20), "description": (2, 1000)}
OPTIONAL = frozenset({"focus", "ages", "description"})
AGE_MIN, AGE_MAX = 3, 18
_AGES_RE = re.compile(labels.AGES_PATTERN, re.IGNORECASE)


def check_ages(text: str) -> tuple[int, int] | str:
    """ "7–12", "7-12", "from 7 to 12" (texts.partners.AGES_PATTERN), "10" → (from, to);
    otherwise why not: "format" (not an age range), "reversed" (18-7), "bounds"."""
    match = _AGES_RE.match(text.strip())
    if not match:
        return "format"
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if low > high:
        return "reversed"
    if not AGE_MIN <= low <= high <= AGE_MAX:
        return "bounds"
    return low, high


def parse_ages(text: str) -> tuple[int, int] | None:
    """The age range typed, or None when it is not one (see `check_ages`)."""
    ages = check_ages(text)
    return None if isinstance(ages, str) else ages


def _keyboard(*, optional: bool) -> ReplyKeyboardMarkup:
    rows = []
    if optional:
        rows.append([KeyboardButton(text=buttons.SKIP)])
    rows.append([KeyboardButton(text=buttons.CANCEL)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


async def _ask(message: Message, step: str, tx: Texts, *, edit: bool = False) -> None:
    optional = step in OPTIONAL
    await message.answer(
        tx.render(
            "programs/ask.html",
            step=step,
            limit=LIMITS[step][1],
            optional=optional,
            edit=edit,
            age_min=AGE_MIN,
            age_max=AGE_MAX,
        ),
        reply_markup=_keyboard(optional=optional),
    )


def _check(step: str, message: Message, tx: Texts) -> tuple[Any, str | None]:
    if message.text is None:
        return None, tx.render("partners/bad.html", reason="text")
    value = message.text.strip()
    if step == "ages":
        ages = check_ages(value)
        if isinstance(ages, str):
            return None, tx.render(
                "programs/bad_ages.html",
                reason=ages,
                typed=value,
                age_min=AGE_MIN,
                age_max=AGE_MAX,
            )
        return ages, None
    low, high = LIMITS[step]
    if not low <= len(value) <= high:
        return None, tx.render(
            "partners/bad.html", reason="length", min=low, limit=high, length=len(value)
        )
    return value, None


async def _card(
    session: AsyncSession, member: MemberInfo, program: Program, tx: Texts
) -> tuple[str, InlineKeyboardMarkup]:
    partners, total = await db.linked_partners(session, member.organisation_id, program.id)
    ctx: dict[str, Any] = {"p": program, "partners": partners, "total": total}
    text = tx.render("programs/card.html", **ctx, description=program.description)
    if shown_length(text) > TELEGRAM_TEXT_LIMIT:  # only a description stored longer than
        # LIMITS allows can do that: shorten it (never the rendered HTML) to what fits
        room = TELEGRAM_TEXT_LIMIT - shown_length(
            tx.render("programs/card.html", **ctx, description="")
        )
        description = shorten(program.description, max(room - 2, 1))
        text = tx.render("programs/card.html", **ctx, description=description)
    rows: list[list[tuple[str, str]]] = [
        [
            (labels.PROGRAM_FIELDS["name"], ProgCb(a="field", id=program.id, x="name").pack()),
            (labels.PROGRAM_FIELDS["focus"], ProgCb(a="field", id=program.id, x="focus").pack()),
        ],
        [
            (labels.PROGRAM_FIELDS["ages"], ProgCb(a="field", id=program.id, x="ages").pack()),
            (
                labels.PROGRAM_FIELDS["description"],
                ProgCb(a="field", id=program.id, x="description").pack(),
            ),
        ],
    ]
    rows.extend([(name[:48], OpenPartner(id=pid).pack())] for pid, name in partners[:5])
    rows.append([(labels.PROGRAM_DELETE, ProgCb(a="del", id=program.id).pack())])
    rows.append([(labels.PROGRAM_LIST, ProgCb(a="list").pack())])
    return text, inline(rows)


async def _list(session: AsyncSession, member: MemberInfo, tx: Texts) -> tuple[str, Any]:
    items = await db.list_programs(session, member.organisation_id)
    text = tx.render("programs/list.html", items=items)
    rows = [[(p.name[:60], ProgCb(a="open", id=p.id).pack())] for p in items[:90]]
    rows.append([(labels.PROGRAM_ADD, ProgCb(a="add").pack())])
    return text, inline(rows)  # a few fixed lines: the programmes are buttons


@router.message(Command("programs"))
async def programs_command(
    message: Message, state: FSMContext, session: AsyncSession, member: MemberInfo, tx: Texts
) -> None:
    await state.clear()
    text, markup = await _list(session, member, tx)
    await message.answer(text, reply_markup=markup)


@router.callback_query(ProgCb.filter())
async def program_action(
    query: CallbackQuery,
    callback_data: ProgCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    action = callback_data.a
    if action == "list":
        await query.answer()
        text, markup = await _list(session, member, tx)
        await edit(message, text, reply_markup=markup)
        return
    if action == "add":
        await query.answer()
        await state.clear()
        await state.set_state(ProgramForm.name)
        await _ask(message, "name", tx)
        return
    program = await db.get_program(session, member.organisation_id, callback_data.id)
    if program is None:
        await query.answer(tx.render("common/not_found.html"), show_alert=True)
        return
    await query.answer()
    if action == "open":
        text, markup = await _card(session, member, program, tx)
        await edit(message, text, reply_markup=markup)
    elif action == "field" and callback_data.x in ORDER:
        await state.set_state(ProgramForm.edit)
        await state.set_data({"prog_id": program.id, "prog_field": callback_data.x})
        await _ask(message, callback_data.x, tx, edit=True)
    elif action == "del":
        await edit(
            message,
            tx.render("programs/delete_confirm.html", name=program.name),
            reply_markup=inline(
                [
                    [(labels.DELETE_CONFIRM, ProgCb(a="delok", id=program.id).pack())],
                    [(labels.KEEP, ProgCb(a="open", id=program.id).pack())],
                ]
            ),
        )
    elif action == "delok":
        await db.delete_program(session, member.organisation_id, program.id)
        text, markup = await _list(session, member, tx)
        await edit(message, text, reply_markup=markup)
    else:
        await message.answer(tx.render("common/stale.html"))


@router.message(
    StateFilter(ProgramForm.name, ProgramForm.focus, ProgramForm.ages, ProgramForm.description)
)
async def program_answer(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    step = STEP_OF_STATE[await state.get_state()]
    if message.text is not None and message.text.strip() == buttons.SKIP and step in OPTIONAL:
        value: Any = None
    else:
        value, problem = _check(step, message, tx)
        if problem is not None:
            await message.answer(problem)
            await _ask(message, step, tx)  # the same question again
            return
    if step == "ages" and value is not None:
        await state.update_data(age_from=value[0], age_to=value[1])
    else:
        await state.update_data({step: value})
    following = ORDER.index(step) + 1
    if following < len(ORDER):
        await state.set_state(STATES[ORDER[following]])
        await _ask(message, ORDER[following], tx)
        return
    data = await state.get_data()
    program = await db.create_program(
        session,
        organisation_id=member.organisation_id,
        name=data["name"],
        now=clock.now(),
        focus=data.get("focus"),
        age_from=data.get("age_from"),
        age_to=data.get("age_to"),
        description=data.get("description"),
    )
    await state.clear()
    await message.answer(
        tx.render("programs/saved.html", name=program.name), reply_markup=main_menu()
    )
    text, markup = await _card(session, member, program, tx)
    await message.answer(text, reply_markup=markup)


@router.message(StateFilter(ProgramForm.edit))
async def program_edit(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    data = await state.get_data()
    field = str(data.get("prog_field", ""))
    program = await db.get_program(session, member.organisation_id, int(data.get("prog_id", 0)))
    if program is None or field not in ORDER:
        await state.clear()
        await message.answer(tx.render("common/not_found.html"), reply_markup=main_menu())
        return
    if message.text is not None and message.text.strip() == buttons.SKIP and field in OPTIONAL:
        await db.update_program(session, program, now=clock.now(), clear=field)
    else:
        value, problem = _check(field, message, tx)
        if problem is not None:
            await message.answer(problem)
            await _ask(message, field, tx, edit=True)  # the same question again
            return
        if field == "ages":
            await db.update_program(session, program, now=clock.now(), ages=value)
        else:
            await db.update_program(session, program, now=clock.now(), **{field: value})
    await state.clear()
    await message.answer(
        tx.render("programs/saved.html", name=program.name), reply_markup=main_menu()
    )
    text, markup = await _card(session, member, program, tx)
    await message.answer(text, reply_markup=markup)


@router.callback_query(AddProgramme.filter())
async def addprogramme_entry(
    query: CallbackQuery, callback_data: AddProgramme, **data: Any
) -> None:
    """The shared entry point (AddProgramme), served by the action handler below it."""
    wanted = inspect.signature(program_action).parameters  # temporary shim
    kwargs = {k: v for k, v in data.items() if k in wanted}
    await program_action(query, ProgCb(a="add"), **kwargs)
