"""Organisations' details (requisites): ours, from /settings → «Реквизиты», and a partner
organisation's, from its card → «Реквизиты». One form serves both: the screen, the
questions (one field at a time, each skippable and checked) and the director's gender asked
once. Documents that miss a detail open the same screen with a way back to the document.
"""

from __future__ import annotations

from aiogram import Router

from handlers.requisites import form
from handlers.shared.filters import Registered


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    r.include_routers(form.router())
    return r
