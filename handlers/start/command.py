"""/start: the main menu for a member; for anyone else onboarding, or joining the
organisation of an invitation link (/start inv_<code>), resumed where it stopped."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.services import members, onboarding
from handlers.shared.keyboards import main_menu
from handlers.start.questions import ask, ask_next
from handlers.start.states import Joining, key_of, order_of
from storage import orgs
from storage.orgs import MemberInfo
from texts import Texts


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
        member = await members.ensure_address_form(session, member)
        await message.answer(tx.render("start/menu.html", member=member), reply_markup=main_menu())
        return
    code = onboarding.invite_code((command.args or "").strip())
    if code is not None:
        organisation = await orgs.get_organisation_by_invite(session, code)
        if organisation is not None:
            await state.set_data(
                {
                    "join_org_id": organisation.id,
                    "join_org_name": organisation.name,
                    "timezone": organisation.timezone,
                }
            )
            await message.answer(
                tx.render("start/join_welcome.html", name=organisation.name),
                reply_markup=ReplyKeyboardRemove(),
            )
            await ask(message, state, Joining.full_name, tx, settings)
            return
        await message.answer(tx.render("start/bad_invite.html"))
    data = await state.get_data()
    if any(data.get(key_of(step)) for step in order_of(data)):
        await message.answer(tx.render("start/resume.html"))
    else:
        await message.answer(tx.render("start/welcome.html"), reply_markup=ReplyKeyboardRemove())
    await ask_next(message, state, tx, settings)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(start, CommandStart())
    return r
