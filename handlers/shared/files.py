"""Files people send: downloaded from Telegram in one place."""

from __future__ import annotations

import io
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiohttp import ClientError

log = logging.getLogger(__name__)


async def download(bot: Bot, file_id: str) -> bytes | None:
    """The file's bytes; None when Telegram cannot give it (gone, too big, an outage that
    outlasted the retries): the caller says so and changes nothing."""
    buffer = io.BytesIO()
    try:
        await bot.download(file_id, destination=buffer)
    except (TelegramAPIError, ClientError, TimeoutError) as error:
        log.warning("could not download a file: %s", type(error).__name__)
        return None
    return buffer.getvalue()
