"""/start: onboarding of a new organisation, joining by invitation, and the main menu.

Open to anyone (no `Registered()`): the people it serves are not members yet."""

from __future__ import annotations

from aiogram import Router

from handlers.start import address, command, consent, questions, timezone


def router() -> Router:
    r = Router(name=__name__)
    r.include_routers(
        command.router(),
        questions.router(),
        address.router(),
        timezone.router(),
        consent.router(),
    )
    return r
