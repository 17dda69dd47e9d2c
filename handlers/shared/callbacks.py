"""Callback data shared between features: the entry points one feature offers another.

The partner card (handlers/partners) shows these buttons; the feature named next to
each handles it. Every id in them is untrusted and checked against the member's
organisation by the handler.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class OpenPartner(CallbackData, prefix="po"):
    """Open a partner's card (handlers/partners)."""

    id: int


class NewMeeting(CallbackData, prefix="mn"):
    """Plan a meeting with a partner (handlers/meetings); partner_id=0: choose the partner."""

    partner_id: int


class PartnerMeetings(CallbackData, prefix="pm"):
    """A partner's meetings (handlers/meetings)."""

    partner_id: int


class NewAgreement(CallbackData, prefix="an"):
    """Register an agreement with a partner (handlers/agreements)."""

    partner_id: int


class PartnerAgreements(CallbackData, prefix="pa"):
    """A partner's agreements (handlers/agreements)."""

    partner_id: int


class NewEvent(CallbackData, prefix="en"):
    """Plan a joint event of the work plan with a partner (handlers/coach)."""

    partner_id: int


class Evaluate(CallbackData, prefix="ev"):
    """Expert evaluation of a partnership (handlers/coach)."""

    partner_id: int


class Draft(CallbackData, prefix="dr"):
    """Generate a document for a partner: kind 'agr' (agreement draft) or 'letter' (proposal
    letter for a first visit) (handlers/agreements)."""

    kind: str
    partner_id: int


class AddPartner(CallbackData, prefix="ad"):
    """Start the add-a-partner flow (handlers/partners); category preselected if not ''."""

    category: str = ""


class EditOffer(CallbackData, prefix="eo"):
    """Write what we offer a partner and what we ask in return (handlers/partners)."""

    partner_id: int


class OpenAgreement(CallbackData, prefix="oa"):
    """An agreement's card (handlers/agreements)."""

    id: int


class ReportMeeting(CallbackData, prefix="rm"):
    """Write how a meeting went (handlers/meetings)."""

    id: int


class ReminderSettings(CallbackData, prefix="rs"):
    """The member's reminder settings for meetings (handlers/meetings)."""


class AddProgramme(CallbackData, prefix="ap"):
    """Add a programme to the organisation's list (handlers/programs)."""


class Invite(CallbackData, prefix="iv"):
    """The invitation link for colleagues (handlers/settings)."""


class NewResult(CallbackData, prefix="nr"):
    """Write down a result of the partnership (handlers/results): of a held joint event
    (event_id) or under an agreement (agreement_id); 0: not given."""

    event_id: int = 0
    agreement_id: int = 0
