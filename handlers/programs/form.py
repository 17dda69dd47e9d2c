"""Adding a programme: name → focus area (one of the six, by button) → ages → description
(the last two optional)."""

from __future__ import annotations

import re
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.domain.programs import focus_area_of
from bot.domain.search import has_name_chars
from bot.services import programs as service
from bot.services.programs import ProgrammeDraft
from handlers.programs import view
from handlers.programs.callbacks import ProgAct, ProgCb
from handlers.programs.keyboards import focus_keyboard, form_keyboard
from handlers.shared.callbacks import AddProgramme
from handlers.shared.keyboards import main_menu
from storage.enums import FocusArea
from texts import buttons, method
from texts import partners as labels


class ProgramForm(StatesGroup):
    name = State()
    focus = State()
    ages = State()
    description = State()
    edit = State()  # data: prog_id, prog_field (handlers/programs/edit.py)


ORDER = ("name", "focus", "ages", "description")
STATES = {key: getattr(ProgramForm, key) for key in ORDER}
STEP_OF_STATE = {s.state: key for key, s in STATES.items()}
LIMITS = {"name": (2, 200), "focus": (2, 100), "ages": (1, 20), "description": (2, 1000)}
OPTIONAL = frozenset({"ages", "description"})
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


async def ask(message: Message, ctx: Ctx, step: str, *, edit: bool = False) -> None:
    optional = step in OPTIONAL
    markup = focus_keyboard() if step == "focus" else form_keyboard(optional=optional)
    await message.answer(
        ctx.render(
            "programs/ask.html",
            step=step,
            limit=LIMITS[step][1],
            optional=optional,
            edit=edit,
            age_min=AGE_MIN,
            age_max=AGE_MAX,
        ),
        reply_markup=markup,
    )


def check(step: str, message: Message, ctx: Ctx) -> tuple[Any, str | None]:
    """(value, None) when the answer fits the step, else (None, the explanation)."""
    if message.text is None:
        return None, ctx.render("partners/bad.html", reason="text")
    value = message.text.strip()
    if step == "focus":  # one of the six focus areas: its button, or its name typed
        area = focus_area_of(value, method.FOCUS_AREA_LABELS, method.FOCUS_AREA_BUTTONS)
        if area is None:
            return None, ctx.render("programs/bad_focus.html", typed=value)
        return area, None
    if step == "ages":
        ages = check_ages(value)
        if isinstance(ages, str):
            return None, ctx.render(
                "programs/bad_ages.html",
                reason=ages,
                typed=value,
                age_min=AGE_MIN,
                age_max=AGE_MAX,
            )
        return ages, None
    low, high = LIMITS[step]
    if not low <= len(value) <= high:
        return None, ctx.render(
            "partners/bad.html", reason="length", min=low, limit=high, length=len(value)
        )
    if step == "name" and not has_name_chars(value):
        return None, ctx.render("partners/bad.html", reason="nameless", subject="programme")
    return value, None


def skipped(message: Message, step: str) -> bool:
    return message.text is not None and message.text.strip() == buttons.SKIP and step in OPTIONAL


async def start(query: CallbackQuery, ctx: Ctx) -> None:
    """«Add a programme» in the list, or offered by another feature (AddProgramme)."""
    if not isinstance(query.message, Message):
        return
    await ctx.state.clear()
    await ctx.state.set_state(ProgramForm.name)
    await ask(query.message, ctx, "name")


async def answer(message: Message, ctx: Ctx) -> None:
    step = STEP_OF_STATE[await ctx.state.get_state()]
    value: Any = None
    if not skipped(message, step):
        value, problem = check(step, message, ctx)
        if problem is not None:
            await message.answer(problem)
            await ask(message, ctx, step)  # the same question again
            return
    if step == "ages" and value is not None:
        await ctx.state.update_data(age_from=value[0], age_to=value[1])
    else:
        await ctx.state.update_data({step: value})
    following = ORDER.index(step) + 1
    if following < len(ORDER):
        await ctx.state.set_state(STATES[ORDER[following]])
        await ask(message, ctx, ORDER[following])
        return
    data = await ctx.state.get_data()
    program = await service.add_programme(
        ctx.session,
        ctx.member,
        ProgrammeDraft(
            name=data["name"],
            focus_area=data.get("focus") if data.get("focus") in set(FocusArea) else None,
            age_from=data.get("age_from"),
            age_to=data.get("age_to"),
            description=data.get("description"),
        ),
        now=ctx.now(),
    )
    await ctx.state.clear()
    await message.answer(
        ctx.render("programs/saved.html", name=program.name), reply_markup=main_menu()
    )
    text, markup = await view.card(ctx, program)
    await message.answer(text, reply_markup=markup)


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(start, ProgCb.filter(F.action == ProgAct.ADD))
    r.callback_query.register(start, AddProgramme.filter())
    r.message.register(
        answer,
        StateFilter(ProgramForm.name, ProgramForm.focus, ProgramForm.ages, ProgramForm.description),
    )
    return r
