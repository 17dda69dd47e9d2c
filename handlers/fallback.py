"""The last router: nothing the user sends is met with silence."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, ErrorEvent, Message

from handlers.shared.keyboards import main_menu
from storage.orgs import MemberInfo
from texts import Texts

router = Router(name=__name__)
log = logging.getLogger(__name__)


@router.message()
async def unknown_message(message: Message, tx: Texts, member: MemberInfo | None) -> None:
    await message.answer(
        tx.render("common/unknown.html", registered=member is not None),
        reply_markup=main_menu() if member else None,
    )


@router.callback_query()
async def stale_button(query: CallbackQuery, tx: Texts) -> None:
    await query.answer(tx.render("common/stale.html"), show_alert=True)


async def on_error(event: ErrorEvent, tx: Texts) -> bool:
    """Global error handler: log with the update id, apologise, keep polling alive."""
    update = event.update
    log.error("handler failed on update %s", update.update_id, exc_info=event.exception)
    text = tx.render("common/error.html")
    try:
        if update.message is not None:
            await update.message.answer(text)
        elif update.callback_query is not None:
            query = update.callback_query
            try:
                await query.answer(text, show_alert=True)
            except TelegramBadRequest:  # already answered before the failure: say it in chat
                if isinstance(query.message, Message):
                    await query.message.answer(text)
    except Exception:  # the apology itself may fail (network, blocked): never re-raise
        log.warning("could not apologise for update %s", update.update_id, exc_info=True)
    return True
