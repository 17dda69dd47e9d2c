"""/help: the commands, at any moment (it never touches an open flow)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from handlers.shared.keyboards import main_menu
from storage.orgs import MemberInfo
from texts import Texts, buttons


async def help_(message: Message, tx: Texts, member: MemberInfo | None) -> None:
    await message.answer(
        tx.render("common/help.html", registered=member is not None, commands=buttons.COMMANDS),
        reply_markup=main_menu() if member else None,
    )


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(help_, Command("help"))
    return r
