"""/programs: the organisation's educational programmes (stage I of the method: "a database
of existing educational programmes"). Add, list, edit one field, delete; partners are linked
to programmes from the partner card (handlers/partners)."""

from __future__ import annotations

from aiogram import Router

from handlers.programs import edit, focus, form, screens
from handlers.shared.filters import Registered


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    r.include_routers(screens.router(), form.router(), edit.router(), focus.router())
    return r
