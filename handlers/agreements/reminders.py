"""Renderers of the agreements' reminders (kinds scheduled by storage/agreements.py). They
only render: prolonging and ending on the end date is the daily job's work
(bot/services/agreements.py `run_lifecycle`), which these notices report. None: the reminder
no longer makes sense, and the engine marks it skipped."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminder_types import Outgoing, ReminderRenderer
from handlers.agreements import keyboards
from handlers.agreements.views import day_of, local_day, view
from storage import agreements as store
from storage import orgs
from storage.enums import PartnerStatus
from storage.models import Agreement, AgreementStatus, Partner, Reminder, RenewalDecision
from storage.partners import get_partner
from texts import Texts
from texts import agreements as words


async def _context(
    session: AsyncSession, reminder: Reminder, now: datetime
) -> tuple[Agreement, Partner, date, str] | None:
    """The reminder's agreement and partner (in the reminder's organisation), the member's
    local date and zone."""
    organisation_id = reminder.organisation_id
    agreement = await store.get_by_id(session, organisation_id, reminder.ref_id)
    if agreement is None:
        return None
    partner = await get_partner(session, organisation_id, agreement.partner_id)
    member = await orgs.get_member(session, organisation_id, reminder.member_id)
    if partner is None or member is None:
        return None
    return agreement, partner, local_day(now, member.timezone), member.timezone


def _until(reminder: Reminder) -> date | None:
    return day_of((reminder.payload or {}).get("until"))


async def render_renewal(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    """N days before the end: prolong / prepare a new agreement / let it end."""
    found = await _context(session, reminder, now)
    if found is None:
        return None
    agreement, partner, today, _ = found
    until = _until(reminder)
    if (
        agreement.status != AgreementStatus.ACTIVE
        or agreement.valid_until is None
        or agreement.valid_until != until
        or agreement.renewal_decision == RenewalDecision.LET_END
        or agreement.valid_until < today
    ):
        return None
    if await store.newer_renewal_due(session, agreement.organisation_id, reminder, now):
        return None  # a later reminder is due too (the bot was down): send only that one
    if await store.in_force_count(
        session, agreement.organisation_id, partner.id, until, exclude_id=agreement.id
    ):
        return None  # a newer agreement with this partner runs past this one's end
    return Outgoing(
        tx.render("agreements/renewal.html", a=view(agreement, partner.name, today)),
        keyboards.renewal(agreement.id),
    )


async def render_autoprolong(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    """On the end date of an auto-prolonging agreement: it was prolonged (by the job)."""
    found = await _context(session, reminder, now)
    if found is None:
        return None
    agreement, partner, today, zone = found
    until = _until(reminder)
    prolonged = (
        until is not None
        and agreement.status == AgreementStatus.ACTIVE
        and agreement.previous_until == until
        and agreement.valid_until is not None
    )
    if not prolonged:
        return None  # prolonged by hand meanwhile, ended, or the job has not run
    pending = await store.pending_reminders(
        session, agreement.organisation_id, agreement.id, notices=False
    )
    return Outgoing(
        tx.render(
            "agreements/autoprolonged.html",
            a=view(agreement, partner.name, today),
            previous=words.long_date(until),
            next_reminder=words.long_date(local_day(pending[0].due_at, zone)) if pending else "",
        ),
        keyboards.autoprolonged(agreement.id),
    )


async def render_ended(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    """The day after the end: the agreement ended (the job closed it; the partner is paused
    when nothing else is in force), and what next."""
    found = await _context(session, reminder, now)
    if found is None:
        return None
    agreement, partner, today, _ = found
    until = _until(reminder)
    if until is None or agreement.status != AgreementStatus.ENDED or agreement.ended_on != until:
        return None
    replaced = await store.in_force_count(
        session, agreement.organisation_id, partner.id, until, exclude_id=agreement.id
    )
    return Outgoing(
        tx.render(
            "agreements/ended.html",
            a=view(agreement, partner.name, today),
            paused=partner.status == PartnerStatus.PAUSED.value,
            by_hand=False,
            replaced=replaced > 0,
        ),
        keyboards.after_end(agreement),
    )


async def render_checkin(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    """Yearly for an open-ended agreement: is it still alive? (The job plans next year's.)"""
    found = await _context(session, reminder, now)
    if found is None:
        return None
    agreement, partner, today, _ = found
    if agreement.status != AgreementStatus.ACTIVE or agreement.valid_until is not None:
        return None
    return Outgoing(
        tx.render("agreements/checkin.html", a=view(agreement, partner.name, today)),
        keyboards.checkin(agreement.id),
    )


# kind → renderer, collected by the reminder engine (bot/reminder_types.py)
REMINDER_RENDERERS: dict[str, ReminderRenderer] = {
    store.KIND_RENEWAL: render_renewal,
    store.KIND_AUTOPROLONG: render_autoprolong,
    store.KIND_ENDED: render_ended,
    store.KIND_CHECKIN: render_checkin,
}
