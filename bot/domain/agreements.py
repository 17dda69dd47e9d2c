"""Agreement terms and lifecycle as pure functions: end dates, prolongation, what is still
in term, and what happens to an agreement on a given day.

The day is the local date of the member who gets the agreement's reminders. On its end date
an agreement with automatic prolongation moves on by its term (by as many terms as it takes
to reach a date still ahead, when the bot was down for longer); any other agreement is in
force through its end date and ends the day after. A member's decision to let it end turns
automatic prolongation off. Partner statuses follow bot/domain/statuses.py (the service
reports Fact.AGREEMENT_ENDED when the last agreement in force ends).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# the furthest end date (and prolongation) accepted: anything later is a typo, and dates near
# year 9999 overflow once reminders are planned around them
MAX_YEARS_AHEAD = 50
DEFAULT_TERM_MONTHS = 12  # an automatic prolongation without a term, a new draft's term


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st (29 February) falls back to the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_end(today: date) -> date:
    """The latest end date an agreement may have: `MAX_YEARS_AHEAD` years from today."""
    return add_months(today, 12 * MAX_YEARS_AHEAD)


def days_left(until: date | None, today: date) -> int | None:
    return (until - today).days if until is not None else None


def in_term(until: date | None, today: date) -> bool:
    """A fixed-term agreement whose end date has not passed (it is in force today)."""
    return until is not None and until >= today


def check_end(day: date, signed: date | None, today: date) -> str:
    """'' if `day` is an acceptable end date for a new agreement, else the reason code."""
    if signed is not None and day <= signed:
        return "before_signed"
    if day < today:
        return "past_end"
    if day > latest_end(today):
        return "too_far"
    return ""


def check_prolong(day: date, until: date | None, today: date) -> str:
    """'' if an agreement ending on `until` may be prolonged to `day`, else the reason code."""
    if until is None or day <= max(until, today - timedelta(days=1)):
        return "not_later"
    if day > latest_end(today):
        return "too_far"
    return ""


def next_term(previous_until: date | None, months: int | None, today: date) -> tuple[date, date]:
    """(start, end) of a new agreement continuing one that ends on `previous_until`: from the
    day after (today at the earliest) for the same term. An end date saved before dates were
    capped may be near year 9999: no overflow."""
    end = min(previous_until or today, latest_end(today))
    start = max(today, end + timedelta(days=1))
    return start, add_months(start, months or DEFAULT_TERM_MONTHS) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Term:
    """What the lifecycle needs to know about an agreement in force."""

    valid_until: date | None  # None: open-ended
    auto_prolong: bool
    prolong_months: int | None
    let_end: bool  # the member decided not to prolong


@dataclass(frozen=True, slots=True)
class Prolong:
    """Automatic prolongation: the end date moves from `until` to `new_until`."""

    until: date
    new_until: date


@dataclass(frozen=True, slots=True)
class End:
    """The agreement ended on `until` (its last day in force)."""

    until: date


def prolonged_until(until: date, months: int, today: date) -> date:
    """The end date after automatic prolongation on `today`: term after term until it is
    still ahead."""
    new_until = add_months(until, months)
    while new_until <= today:  # the bot was down for longer than a whole term
        new_until = add_months(new_until, months)
    return new_until


def due_on(term: Term, today: date) -> Prolong | End | None:
    """What happens to an agreement in force on `today`: nothing before its end date (or
    ever, for an open-ended one); on it, automatic prolongation; after it, the end."""
    until = term.valid_until
    if until is None:
        return None
    if term.auto_prolong and not term.let_end:
        if until > today:
            return None
        months = term.prolong_months or DEFAULT_TERM_MONTHS
        return Prolong(until, prolonged_until(until, months, today))
    return End(until) if until < today else None
