"""One aiogram Router per feature: `common` first (/cancel and the cancel button win in
every flow), the fallback last.

Between them no two features take the same event — `partners`' "typed a name → search"
takes only plain text outside any flow that is neither a command nor a menu label — and
tests/test_routing.py checks it. So their order only decides how soon an update finds its
handler: the most frequent features come first.
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
        partners.router,  # the partner base: lists, cards, search, adding
        coach.router,  # /next and /plan
        start.router,
        about.router,
        meetings.router,
        agreements.router,
        settings.router,
        programs.router,
        fallback.router,
    ]
