"""/export and /import: the partner database out to Excel and CSV, and partners in from a
teacher's own .xlsx or .csv (a file sent outside any flow starts the import). For the
organisation's members only; every export and import is recorded (who, when)."""

from __future__ import annotations

from aiogram import Router

from handlers.shared.filters import Registered
from handlers.transfer import export, run, upload


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    r.include_routers(export.router(), upload.router(), run.router())
    return r
