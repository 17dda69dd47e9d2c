"""The partner database (stage I of the method): add, find, open and edit partners.

One module per flow or screen: `add` (the questions) and `add_buttons`, `card` (open,
status, archive, delete, texts in full), `edit` (typed fields, notes) and `choices`
(category, source, directions, responsible member, programmes), `listing` (/partners and
its filters), `search` (typed text outside a flow: the last handler of the feature).
"""

from __future__ import annotations

from aiogram import Router

from handlers.partners import add, add_buttons, card, choices, edit, listing, search, status
from handlers.shared.filters import Registered


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    r.include_routers(
        add.router(),
        add_buttons.router(),
        card.router(),
        status.router(),
        edit.router(),
        choices.router(),
        listing.router(),
        search.router(),  # last: typed text outside a flow is a search
    )
    return r
