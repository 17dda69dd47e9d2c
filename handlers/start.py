"""/start: onboarding of a new organisation, joining by invitation, and the main menu."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from handlers.shared.keyboards import edit, inline, main_menu
from storage import orgs
from storage.orgs import MemberInfo
from texts import Texts, buttons

router = Router(name=__name__)

INVITE_PREFIX = "inv_"


class Onboarding(StatesGroup):
    org_name = State()
    municipality = State()
    full_name = State()
    position = State()
    timezone = State()
    consent = State()


class Joining(StatesGroup):
    full_name = State()
    position = State()
    consent = State()


class TzCb(CallbackData, prefix="tz"):
    idx: int  # index in texts.buttons.TIMEZONES; -1 opens the full list


class ConsentCb(CallbackData, prefix="ok"):
    pass


# (state, data key, max length)
TEXT_STEPS: dict[str | None, tuple[str, int]] = {
    Onboarding.org_name.state: ("org_name", 200),
    Onboarding.municipality.state: ("municipality", 200),
    Onboarding.full_name.state: ("full_name", 200),
    Onboarding.position.state: ("position", 100),
    Joining.full_name.state: ("full_name", 200),
    Joining.position.state: ("position", 100),
}
ONBOARDING_ORDER = (
    Onboarding.org_name,
    Onboarding.municipality,
    Onboarding.full_name,
    Onboarding.position,
    Onboarding.timezone,
    Onboarding.consent,
)
JOINING_ORDER = (Joining.full_name, Joining.position, Joining.consent)
STEP_KEYS = {
    Onboarding.org_name.state: "org_name",
    Onboarding.municipality.state: "municipality",
    Onboarding.full_name.state: "full_name",
    Onboarding.position.state: "position",
    Onboarding.timezone.state: "timezone",
    Onboarding.consent.state: "consent",
    Joining.full_name.state: "full_name",
    Joining.position.state: "position",
    Joining.consent.state: "consent",
}


def _tz_keyboard(default_tz: str, full: bool) -> InlineKeyboardMarkup:
    labels = list(buttons.TIMEZONES)
    if full:
        return inline([[(label, TzCb(idx=i).pack())] for i, label in enumerate(labels)])
    default_idx = (
        list(buttons.TIMEZONES.values()).index(default_tz)
        if default_tz in buttons.TIMEZONES.values()
        else 3
    )
    return inline(
        [
            [(labels[default_idx], TzCb(idx=default_idx).pack())],
            [(buttons.TZ_OTHER, TzCb(idx=-1).pack())],
        ]
    )


async def _ask(
    message: Message, state: FSMContext, step: State, tx: Texts, settings: Settings
) -> None:
    """Ask the question of `step` and move the conversation there."""
    await state.set_state(step)
    data = await state.get_data()
    key = STEP_KEYS[step.state or ""]
    markup: Any = None
    if key == "timezone":
        markup = _tz_keyboard(settings.default_timezone, full=False)
    elif key == "consent":
        markup = inline([[(buttons.CONSENT, ConsentCb().pack())]])
    limit = TEXT_STEPS.get(step.state or "", ("", 0))[1]
    await message.answer(
        tx.render(f"start/ask_{key}.html", data=data, limit=limit, joining=step.group is Joining),
        reply_markup=markup,
    )


def _first_open_step(data: dict[str, Any], order: tuple[State, ...]) -> State:
    for step in order:
        if not data.get(STEP_KEYS[step.state or ""]):
            return step
    return order[-1]


@router.message(CommandStart())
async def start(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo | None,
    tx: Texts,
    settings: Settings,
) -> None:
    if member is not None:
        await state.clear()
        await message.answer(
            tx.render("start/menu.html", member=member),
            reply_markup=main_menu(),
        )
        return
    data = await state.get_data()
    payload = (command.args or "").strip()
    if payload.startswith(INVITE_PREFIX):
        organisation = await orgs.get_organisation_by_invite(session, payload[len(INVITE_PREFIX) :])
        if organisation is not None:
            data = {
                "join_org_id": organisation.id,
                "join_org_name": organisation.name,
                "timezone": organisation.timezone,
            }
            await state.set_data(data)
            await message.answer(
                tx.render("start/join_welcome.html", name=organisation.name),
                reply_markup=ReplyKeyboardRemove(),
            )
            await _ask(message, state, Joining.full_name, tx, settings)
            return
        await message.answer(tx.render("start/bad_invite.html"))
    order = JOINING_ORDER if data.get("join_org_id") else ONBOARDING_ORDER
    if any(data.get(STEP_KEYS[s.state or ""]) for s in order):
        await message.answer(tx.render("start/resume.html"))
    else:
        await message.answer(tx.render("start/welcome.html"), reply_markup=ReplyKeyboardRemove())
    await _ask(message, state, _first_open_step(data, order), tx, settings)


async def _next_step(message: Message, state: FSMContext, tx: Texts, settings: Settings) -> None:
    data = await state.get_data()
    order = JOINING_ORDER if data.get("join_org_id") else ONBOARDING_ORDER
    await _ask(message, state, _first_open_step(data, order), tx, settings)


@router.message(
    StateFilter(
        Onboarding.org_name,
        Onboarding.municipality,
        Onboarding.full_name,
        Onboarding.position,
        Joining.full_name,
        Joining.position,
    )
)
async def text_answer(message: Message, state: FSMContext, tx: Texts, settings: Settings) -> None:
    current = await state.get_state() or ""
    key, limit = TEXT_STEPS[current]
    value = (message.text or "").strip()
    if message.text is None:
        await message.answer(tx.render("start/need_text.html"))
        return
    if len(value) < 2 or len(value) > limit:
        await message.answer(tx.render("start/bad_length.html", limit=limit))
        return
    await state.update_data({key: value})
    await _next_step(message, state, tx, settings)


@router.callback_query(StateFilter(Onboarding.timezone), TzCb.filter())
async def pick_timezone(
    query: CallbackQuery, callback_data: TzCb, state: FSMContext, tx: Texts, settings: Settings
) -> None:
    zones = list(buttons.TIMEZONES.items())
    if not -1 <= callback_data.idx < len(zones):
        await query.answer(tx.render("common/stale.html"))
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if callback_data.idx == -1:
        await edit(query.message, reply_markup=_tz_keyboard(settings.default_timezone, full=True))
        return
    label, tz = zones[callback_data.idx]
    await state.update_data(timezone=tz)
    await query.message.edit_text(tx.render("start/tz_chosen.html", label=label))
    await _next_step(query.message, state, tx, settings)


@router.message(StateFilter(Onboarding.timezone))
async def timezone_typed(
    message: Message, state: FSMContext, tx: Texts, settings: Settings
) -> None:
    await message.answer(
        tx.render("start/tz_use_buttons.html"),
        reply_markup=_tz_keyboard(settings.default_timezone, full=True),
    )


@router.callback_query(StateFilter(Onboarding.consent), ConsentCb.filter())
@router.callback_query(StateFilter(Joining.consent), ConsentCb.filter())
async def consent(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    tx: Texts,
    clock: Clock,
    member: MemberInfo | None,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    data = await state.get_data()
    user = query.from_user
    now = clock.now()
    if member is None:
        if data.get("join_org_id"):
            member = await orgs.join_organisation(
                session,
                organisation_id=int(data["join_org_id"]),
                telegram_id=user.id,
                chat_id=query.message.chat.id,
                full_name=data["full_name"],
                position=data["position"],
                timezone=data["timezone"],
                now=now,
            )
        else:
            member = await orgs.create_organisation_with_admin(
                session,
                name=data["org_name"],
                municipality=data["municipality"],
                timezone=data["timezone"],
                telegram_id=user.id,
                chat_id=query.message.chat.id,
                full_name=data["full_name"],
                position=data["position"],
                now=now,
            )
    await state.clear()
    await query.message.edit_reply_markup(reply_markup=None)
    await query.message.answer(
        tx.render("start/done.html", member=member),
        reply_markup=main_menu(),
    )


@router.message(StateFilter(Onboarding.consent))
@router.message(StateFilter(Joining.consent))
async def consent_typed(message: Message, tx: Texts) -> None:
    await message.answer(
        tx.render("start/consent_use_button.html"),
        reply_markup=inline([[(buttons.CONSENT, ConsentCb().pack())]]),
    )
