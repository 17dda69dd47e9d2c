"""/report: the director's report for a period — partners by category and status and how
they changed, meetings, agreements, joint events, the five results, the pipeline from
"potential" to "active", the method's progress — as a .docx, an .xlsx and a chart.
For the organisation's members only; each report is recorded in the audit log."""

from __future__ import annotations

from aiogram import Router

from handlers.report import period
from handlers.shared.filters import Registered


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(Registered())
    r.callback_query.filter(Registered())
    r.include_routers(period.router())
    return r
