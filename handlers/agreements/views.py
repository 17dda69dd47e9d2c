"""What the feature's screens share: an agreement as templates show it, typed dates, loading
an agreement from an untrusted id."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain import agreements as rules
from bot.domain.dates import ParseError, parse_day
from handlers.agreements.callbacks import MAX_PAGE
from storage import agreements as store
from storage.models import Agreement, AgreementStatus, Partner, RenewalDecision
from storage.partners import get_partner
from texts import Texts
from texts import agreements as words

PAGE = 8


def message_of(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def day_of(value: Any) -> date | None:
    """A date kept in FSM data (ISO text)."""
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def digits(value: str) -> bool:
    """Only ASCII 0-9 ("²".isdigit() is True, yet int("²") fails)."""
    return value.isascii() and value.isdecimal()


def page_of(value: int) -> int:
    """A page number from untrusted callback data, within 0..MAX_PAGE."""
    return min(max(0, value), MAX_PAGE)


def local_day(moment: datetime, tz: str) -> date:
    return store.local_today(moment, tz)


def parse(text: str, today: date, *, past: bool) -> date | str:
    """A typed date, or the Russian reason it was refused."""
    result = parse_day(text, today, prefer_past=past)
    if isinstance(result, ParseError):
        reason = words.DATE_ERRORS.get(str(result.reason), words.DATE_ERRORS["unknown"])
        reason = reason.rstrip(".")
        return f"{reason}: {result.detail}." if result.detail else f"{reason}."
    return result


def bad_date(tx: Texts, reason: str) -> str:
    return tx.render("agreements/bad_date.html", reason=reason, years=rules.MAX_YEARS_AHEAD)


def view(
    agreement: Agreement, partner_name: str, today: date, responsible: str | None = None
) -> dict[str, Any]:
    """What templates show about an agreement (dates already in Russian)."""
    until = agreement.valid_until
    expired = agreement.status == AgreementStatus.ENDED or (
        agreement.status == AgreementStatus.ACTIVE and until is not None and until < today
    )
    return {
        "id": agreement.id,
        "kind": words.KIND_LABELS.get(agreement.kind, agreement.kind),
        "number": agreement.number,
        "subject": agreement.subject,
        "status": agreement.status,
        "partner": partner_name,
        "signed": words.long_date(agreement.signed_on),
        "until": words.long_date(until),
        "until_short": words.short_date(until),
        "open_ended": until is None and agreement.status != AgreementStatus.DRAFT,
        "days_left": rules.days_left(until, today),
        "expired": expired,
        "ended": words.long_date(agreement.ended_on),
        "auto": agreement.auto_prolong,
        "term": words.months_label(agreement.prolong_months) if agreement.prolong_months else "",
        "let_end": agreement.renewal_decision == RenewalDecision.LET_END,
        "responsible": responsible,
        "scan": agreement.scan_file_id is not None,
        "prolonged": agreement.prolong_count,
    }


def not_found(ctx: Ctx, callback_answer: CallbackAnswer) -> None:
    """A button whose record is gone or someone else's: an alert."""
    callback_answer.text = ctx.render("common/not_found.html")
    callback_answer.show_alert = True


async def load(ctx: Ctx, agreement_id: int) -> tuple[Agreement, Partner] | None:
    """The organisation's agreement and its partner (the id is untrusted)."""
    agreement = await store.get_agreement(ctx.session, ctx.org, agreement_id)
    if agreement is None:
        return None
    partner = await get_partner(ctx.session, ctx.org, agreement.partner_id)
    if partner is None:
        return None
    return agreement, partner


async def loaded(
    query: CallbackQuery, agreement_id: int, ctx: Ctx, callback_answer: CallbackAnswer
) -> tuple[Message, Agreement, Partner] | None:
    """The message under the button and the agreement it is about; None (after an alert)
    when the agreement is not found."""
    found = await load(ctx, agreement_id)
    message = message_of(query)
    if found is None or message is None:
        not_found(ctx, callback_answer)
        return None
    return message, *found


async def stale(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.render("common/stale.html"))
