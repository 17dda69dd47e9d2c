"""The last router: nothing the user sends is met with silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from handlers.shared.keyboards import main_menu
from storage.orgs import MemberInfo
from texts import Texts


async def unknown_message(message: Message, tx: Texts, member: MemberInfo | None) -> None:
    await message.answer(
        tx.render("common/unknown.html", registered=member is not None),
        reply_markup=main_menu() if member else None,
    )


async def stale_button(_: CallbackQuery, callback_answer: CallbackAnswer, tx: Texts) -> None:
    callback_answer.text = tx.render("common/stale.html")
    callback_answer.show_alert = True


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(unknown_message)
    r.callback_query.register(stale_button)
    return r
