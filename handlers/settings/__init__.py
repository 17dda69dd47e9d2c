"""/settings: the member's name, position, form of address and time zone; the
organisation's name and municipality and inviting colleagues (admins); the way to the
reminder settings of meetings (handlers/meetings)."""

from __future__ import annotations

from aiogram import Router

from handlers.settings import address, invite, organisation, profile, show, timezone
from handlers.settings.callbacks import SetAct, SetCb
from handlers.settings.profile import SettingsForm
from handlers.shared.filters import Registered

__all__ = ["SetAct", "SetCb", "SettingsForm", "router"]


def router() -> Router:
    r = Router(name=__name__)
    r.include_routers(
        show.router(),
        profile.router(),
        address.router(),
        timezone.router(),
        organisation.router(),
        invite.router(),
    )
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    return r
