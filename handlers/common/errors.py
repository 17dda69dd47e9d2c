"""The global error handler: log with the update id, apologise, keep polling alive."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ErrorEvent, Message

from texts import Texts

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, tx: Texts) -> bool:
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
