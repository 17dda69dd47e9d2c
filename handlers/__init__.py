"""The feature routers, in order of precedence.

`common` first: /cancel, /help and the cancel button win in every flow. Flows' state
handlers come before anything that takes free text outside a flow (the partner search);
`fallback` last: nothing is met with silence.
"""

from __future__ import annotations

from aiogram import Router


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
        requisites,
        results,
        settings,
        start,
        tasks,
        transfer,
    )
    from handlers.common import fallback

    return [
        common.router(),
        start.router(),
        settings.router(),
        about.router(),
        coach.router(),
        meetings.router(),
        tasks.router(),
        agreements.router(),
        requisites.router(),
        programs.router(),
        results.router(),
        report.router(),
        transfer.router(),  # before the search: a spreadsheet sent outside a flow
        partners.router(),  # last of the features: typed text outside a flow is a search
        fallback.router(),
    ]
