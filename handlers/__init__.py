"""One aiogram Router per feature; order matters: /cancel first, the fallback last."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from handlers import about, common, fallback, settings, start

    return [
        common.router,
        start.router,
        about.router,
        settings.router,
        fallback.router,
    ]
