"""The feature routers, in order of precedence.

`common` first: /cancel, /help and the cancel button win in every flow. Flows' state
handlers come before anything that takes free text outside a flow (the partner search);
`fallback` last: nothing is met with silence.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.utils.callback_answer import CallbackAnswerMiddleware


def get_routers() -> list[Router]:
    from handlers import (
        about,
        agreements,
        coach,
        common,
        meetings,
        partners,
        programs,
        report,
        results,
        settings,
        start,
        transfer,
    )
    from handlers.common import fallback

    about_router = about.router()
    about_router.callback_query.middleware(CallbackAnswerMiddleware())
    fallback_router = fallback.router()
    fallback_router.callback_query.middleware(CallbackAnswerMiddleware())
    return [
        common.router(),
        start.router,
        settings.router,
        about_router,
        coach.router,
        meetings.router(),
        agreements.router,
        programs.router(),
        results.router(),
        report.router(),
        transfer.router(),  # before the search: a spreadsheet sent outside a flow
        partners.router(),  # last of the features: typed text outside a flow is a search
        fallback_router,
    ]
