"""Cooperation agreements: register one, its card, lists, prolongation, the end, scans,
documents (drafts.py starts them, produce.py makes them: the obligations confirmed once in
obligations.py, a network form's terms in network.py, the member's contacts for letters in
contacts.py), the organisation's settings (reminder offsets, templates) and the reminders'
renderers.

Entry points from other features (handlers/shared/callbacks.py): `OpenAgreement(id)`,
`NewAgreement(partner_id)`, `PartnerAgreements(partner_id)`, `Draft(kind, partner_id)`.
The writes are bot/services/agreements.py's, the terms' rules bot/domain/agreements.py's;
the daily lifecycle (auto-prolongation, the end, the partner paused) runs there too, and the
renderers in `REMINDER_RENDERERS` (collected by bot/app.py) only tell the member.
"""

from __future__ import annotations

from aiogram import Router

from handlers.agreements import (
    card,
    contacts,
    drafts,
    form_buttons,
    form_text,
    network,
    obligations,
    offsets,
    overview,
    produce,
    prolong,
    scan,
    stale,
    templates,
)
from handlers.agreements.reminders import REMINDER_RENDERERS
from handlers.shared.filters import Registered

__all__ = ["REMINDER_RENDERERS", "router"]


def router() -> Router:
    root = Router(name=__name__)
    root.message.filter(Registered())
    root.callback_query.filter(Registered())
    root.include_routers(
        overview.router(),
        card.router(),
        drafts.router(),
        produce.router(),
        obligations.router(),
        network.router(),
        contacts.router(),
        scan.router(),
        form_buttons.router(),
        form_text.router(),
        prolong.router(),
        offsets.router(),
        templates.router(),
        stale.router(),  # last: form buttons at another question
    )
    return root
