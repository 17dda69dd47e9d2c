"""One aiogram Router per feature; order matters: /cancel first, the fallback last.

`partners` holds the catch-all "typed a name → search" handler, so it comes after every
other feature and right before the fallback.
"""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from handlers import (
        about,
        agreements,
        coach,
        common,
        fallback,
        meetings,
        partners,
        programs,
        settings,
        start,
    )

    return [
        common.router,
        start.router,
        about.router,
        coach.router,  # /next and /plan are frequent: checked before the rarer features
        settings.router,
        meetings.router,
        agreements.router,
        programs.router,
        partners.router,
        fallback.router,
    ]
