"""The baseline of every benchmark: a bare aiogram echo bot with long polling.

Reads BOT_TOKEN and TELEGRAM_API_URL from the environment, like `python -m bot`.
Run: `BOT_TOKEN=… TELEGRAM_API_URL=… python -m bench.echo_bot`.
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

router = Router()


@router.message()
async def echo(message: Message) -> None:
    await message.answer(message.text or "…")


async def main() -> None:
    api_url = os.environ.get("TELEGRAM_API_URL") or "https://api.telegram.org"
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dp = Dispatcher()
    dp.include_router(router)
    await dp.start_polling(bot, handle_signals=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())
