"""`python -m bot`: long polling with BOT_TOKEN, otherwise (or with `chat`) a terminal chat."""

from __future__ import annotations

import asyncio
import logging
import os
import sys

from bot.config import Settings, load_settings


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # aiohttp/aiogram may log request URLs, which contain the token: keep them quiet,
    # and mask the token in whatever is logged anyway (aiogram's network errors).
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.client").setLevel(logging.WARNING)
    if settings.bot_token is not None:
        from bot.logs import redact

        redact(settings.bot_token.get_secret_value())


async def _polling(settings: Settings) -> None:
    from bot.app import build_app, run_polling
    from bot.workers import Workers

    app = await build_app(settings, workers=Workers())
    await run_polling(app)


async def _terminal(settings: Settings) -> None:
    from bot.terminal import run_terminal_chat

    await run_terminal_chat(settings)


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # the database and any file the bot writes: owner only
    args = sys.argv[1:] if argv is None else argv
    settings = load_settings()
    force_chat = bool(args) and args[0] == "chat"
    if settings.bot_token is None or force_chat:
        if not force_chat:
            from texts.terminal import NO_TOKEN

            print(NO_TOKEN, file=sys.stderr)
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        asyncio.run(_terminal(settings))
        return 0
    _configure_logging(settings)
    asyncio.run(_polling(settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
