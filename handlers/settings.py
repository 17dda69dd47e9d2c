"""/settings: the member's name, position and time zone; inviting colleagues."""

from __future__ import annotations

import inspect
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.reminders import ReminderEngine
from handlers import meetings
from handlers.shared.callbacks import Invite
from handlers.shared.filters import Registered, TextIs
from handlers.shared.keyboards import edit, inline
from handlers.start import INVITE_PREFIX
from storage import agreements as agreements_store
from storage import orgs
from storage.orgs import MemberInfo
from texts import Texts, buttons

router = Router(name=__name__)
router.message.filter(Registered())
router.callback_query.filter(Registered())


class SettingsForm(StatesGroup):
    full_name = State()
    position = State()


class SetCb(CallbackData, prefix="st"):
    action: str  # name | pos | tz | inv
    idx: int = -1


LIMITS = {"full_name": 200, "position": 100}


def _keyboard(member: MemberInfo) -> InlineKeyboardMarkup:
    rows = [
        [
            (buttons.SETTINGS_NAME, SetCb(action="name").pack()),
            (buttons.SETTINGS_POSITION, SetCb(action="pos").pack()),
        ],
        [(buttons.SETTINGS_TZ, SetCb(action="tz").pack())],
        meetings.settings_row(),  # reminders about meetings, quiet hours (handlers/meetings.py)
    ]
    if member.is_admin:
        rows.append([(buttons.SETTINGS_INVITE, SetCb(action="inv").pack())])
    return inline(rows)


async def _show(message: Message, member: MemberInfo, tx: Texts) -> None:
    await message.answer(
        tx.render(
            "settings/show.html", member=member, tz_label=buttons.timezone_label(member.timezone)
        ),
        reply_markup=_keyboard(member),
    )


@router.message(Command("settings"))
@router.message(TextIs(buttons.MENU_SETTINGS))
async def show_settings(message: Message, state: FSMContext, member: MemberInfo, tx: Texts) -> None:
    await state.clear()
    await _show(message, member, tx)


@router.callback_query(SetCb.filter())
async def settings_action(
    query: CallbackQuery,
    callback_data: SetCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    bot: Bot,
    clock: Clock,
    reminders: ReminderEngine | None = None,
) -> None:
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return
    action = callback_data.action
    if action == "name":
        await state.set_state(SettingsForm.full_name)
        await message.answer(tx.render("settings/ask_name.html", limit=LIMITS["full_name"]))
    elif action == "pos":
        await state.set_state(SettingsForm.position)
        await message.answer(tx.render("settings/ask_position.html", limit=LIMITS["position"]))
    elif action == "tz":
        zones = list(buttons.TIMEZONES.items())
        if 0 <= callback_data.idx < len(zones):
            label, tz = zones[callback_data.idx]
            updated = await orgs.update_member_profile(session, member.telegram_id, timezone=tz)
            # reminders still to come are re-planned in the new zone: agreements' (10:00
            # local) first, then meetings' (18:00 the evening before), which commits both
            moments = await agreements_store.timezone_changed(
                session, member.organisation_id, member.id, tz, clock.now()
            )
            await meetings.timezone_changed(session, member, tz, clock, reminders)
            if reminders is not None and moments:
                reminders.notify(moments[0])
            await edit(message, tx.render("settings/saved.html", what="tz", value=label))
            await _show(message, updated or member, tx)
            return
        await edit(
            message,
            reply_markup=inline(
                [[(label, SetCb(action="tz", idx=i).pack())] for i, (label, _) in enumerate(zones)]
            ),
        )
    elif action == "inv" and member.is_admin:
        me = await bot.me()
        link = f"https://t.me/{me.username}?start={INVITE_PREFIX}{member.invite_code}"
        await message.answer(tx.render("settings/invite.html", link=link, member=member))
    else:
        await message.answer(tx.render("common/stale.html"))


@router.message(StateFilter(SettingsForm.full_name, SettingsForm.position))
async def settings_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    field = "full_name" if await state.get_state() == SettingsForm.full_name.state else "position"
    value = (message.text or "").strip()
    if message.text is None:
        await message.answer(tx.render("start/need_text.html"))
        return
    if not 2 <= len(value) <= LIMITS[field]:
        await message.answer(tx.render("start/bad_length.html", limit=LIMITS[field]))
        return
    updated = await orgs.update_member_profile(session, member.telegram_id, **{field: value})
    await state.clear()
    await message.answer(tx.render("settings/saved.html", what=field, value=value))
    await _show(message, updated or member, tx)


@router.callback_query(Invite.filter())
async def invite_entry(query: CallbackQuery, callback_data: Invite, **data: Any) -> None:
    """The shared entry point (Invite), served by the action handler below it."""
    wanted = inspect.signature(settings_action).parameters  # temporary shim
    await settings_action(
        query, SetCb(action="inv"), **{k: v for k, v in data.items() if k in wanted}
    )
