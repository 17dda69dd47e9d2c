"""What works everywhere: /cancel and /help (first router), the last-resort answers
(`fallback`, last router) and the error handler (`errors`)."""

from __future__ import annotations

from aiogram import Router

from handlers.common import cancel, help


def router() -> Router:
    root = Router(name=__name__)
    root.include_routers(cancel.router(), help.router())
    return root
