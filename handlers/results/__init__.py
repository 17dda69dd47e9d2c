"""/results: the results of social partnership (the method's five: prizes, programmes,
satisfaction, external assessment, services for different children), recorded as they come
(from the log, a held event or an agreement's card: `NewResult`) and summed up for the
year (the coach's stage III) and for the director's report."""

from __future__ import annotations

from aiogram import Router

from handlers.results import add, links, log
from handlers.shared.filters import Registered


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    r.include_routers(log.router(), add.router(), links.router())
    return r
