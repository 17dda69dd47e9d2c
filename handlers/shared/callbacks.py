"""Callback data shared between features: the entry points one feature offers another.

The partner card (handlers/partners) shows these buttons; the feature named next to
each handles it. Every id in them is untrusted and checked against the member's
organisation by the handler.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from handlers.shared.ids import RowId


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


class PartnerTasks(CallbackData, prefix="ptk"):
    """A partner's open tasks (handlers/tasks); partner_id=0: all the organisation's."""

    partner_id: RowId


class OpenTask(CallbackData, prefix="otk"):
    """A task's card (handlers/tasks): offered by /next for a task due."""

    id: RowId


class NewTask(CallbackData, prefix="ntk"):
    """Add a task (a dated next step) for a partner (handlers/tasks); partner_id=0: choose
    the partner first."""

    partner_id: RowId


class MoveTask(CallbackData, prefix="tmv"):
    """Move a task to a day (yyyymmdd) and time (minutes after midnight, -1: the usual
    09:00): the other reading of an ambiguous date (handlers/tasks). Untrusted: a past or
    impossible day is refused."""

    id: RowId
    day: int
    hm: int = -1


class NewResult(CallbackData, prefix="nrs"):
    """Record a result of partnership (handlers/results): from a held event of the work plan
    (event_id) or from an agreement's card (agreement_id); both 0: from scratch. The
    event's partners (or the agreement's partner) are linked, the event's day offered."""

    event_id: RowId = 0
    agreement_id: RowId = 0


class Requisites(CallbackData, prefix="rqo"):
    """An organisation's details (handlers/requisites): ours (partner_id 0, /settings) or a
    partner organisation's (its card)."""

    partner_id: int = 0
