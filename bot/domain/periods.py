"""Report periods: this quarter, last quarter, this year, the academic year (1 September –
31 August) or two typed dates, as inclusive ranges of local days.

A period is computed from the member's today (`local_today(now_utc, tz)`); `Period.bounds`
turns its days into the half-open UTC interval [start 00:00, day after end 00:00) of the
member's zone, what SQL compares stored UTC moments with. Days stored as dates (agreement
terms, events) compare with `start`/`end` directly.

`parse_range("01.09.2026–31.12.2026", today)` reads a typed period: two dates in any form
`bot.domain.dates.parse_day` knows (31.12.2026, 31.12.26, 2026-12-31, «31 декабря 2026»,
31.12 without a year), separated by a dash or «по»/«до», optionally after «с».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain import dates
from texts.report import RANGE_WORDS_BEFORE, RANGE_WORDS_BETWEEN

ACADEMIC_START_MONTH = 9  # the academic year runs 1 September – 31 August
MAX_YEARS = 5  # a longer typed period is almost certainly a typo (2062 for 2026)


class PeriodKind(StrEnum):
    THIS_QUARTER = "quarter"
    LAST_QUARTER = "last_quarter"
    THIS_YEAR = "year"
    ACADEMIC_YEAR = "academic"
    CUSTOM = "custom"


class RangeReason(StrEnum):
    EMPTY = "empty"
    UNKNOWN = "unknown"  # not two dates
    BAD_DATE = "bad_date"  # 31.02.2026
    REVERSED = "reversed"  # the end before the start
    FUTURE = "future"  # starts after today: nothing to report yet
    TOO_LONG = "too_long"  # more than MAX_YEARS


@dataclass(frozen=True, slots=True)
class RangeError:
    reason: RangeReason
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends before it starts: {self.start} > {self.end}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):  # a datetime is a date too: compare its day
            day = day.date()
        return isinstance(day, date) and self.start <= day <= self.end

    def bounds(self, tz: str | ZoneInfo) -> tuple[datetime, datetime]:
        """[local midnight of start, local midnight after end) in UTC."""
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        return (_midnight_utc(self.start, zone), _midnight_utc(self.end + timedelta(days=1), zone))

    def seen_until(self, today: date) -> date:
        """The last day with facts: the period's end, or today if the period is not over."""
        return min(self.end, today)

    def is_over(self, today: date) -> bool:
        return self.end < today


def _midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    # fold=0: a midnight repeated by a DST change is the first one; a skipped midnight
    # (a few zones move clocks at 00:00) normalises to the next existing moment
    local = datetime.combine(day, time(0, 0), tzinfo=zone)
    return local.astimezone(UTC)


def local_today(now_utc: datetime, tz: str | ZoneInfo) -> date:
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return now_utc.astimezone(zone).date()


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _quarter(start: date, kind: PeriodKind) -> Period:
    next_start = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return Period(kind, start, next_start - timedelta(days=1))


def period_for(kind: PeriodKind, today: date) -> Period:
    """The period of this kind that contains (or, for the last quarter, precedes) today."""
    if kind is PeriodKind.THIS_QUARTER:
        return _quarter(quarter_start(today), kind)
    if kind is PeriodKind.LAST_QUARTER:
        return _quarter(quarter_start(quarter_start(today) - timedelta(days=1)), kind)
    if kind is PeriodKind.THIS_YEAR:
        return Period(kind, date(today.year, 1, 1), date(today.year, 12, 31))
    if kind is PeriodKind.ACADEMIC_YEAR:
        first = today.year if today.month >= ACADEMIC_START_MONTH else today.year - 1
        return Period(
            kind,
            date(first, ACADEMIC_START_MONTH, 1),
            date(first + 1, ACADEMIC_START_MONTH, 1) - timedelta(days=1),
        )
    raise ValueError("a custom period is typed: use parse_range")


def current(kind: PeriodKind, now_utc: datetime, tz: str | ZoneInfo) -> Period:
    """`period_for` the member's today in their zone."""
    return period_for(kind, local_today(now_utc, tz))


# --------------------------------------------------------------------------- typed periods

_DASHES = "\u2012\u2013\u2014\u2015\u2212"  # figure dash, en, em, bar, minus
_LONGEST_FIRST = sorted(map(re.escape, RANGE_WORDS_BEFORE), key=len, reverse=True)
_BEFORE = re.compile(r"^(?:" + "|".join(_LONGEST_FIRST) + r")(?:\s+|$)")
_BETWEEN_WORDS = re.compile(r"\s+(?:" + "|".join(map(re.escape, RANGE_WORDS_BETWEEN)) + r")\s+")
_ISO_PAIR = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})\s*-+\s*(\d{4}-\d{1,2}-\d{1,2})")


def _split(text: str) -> tuple[str, str] | None:
    """The two halves of «A–B», «A - B», «A-B», «A по B» (ISO dates keep their hyphens)."""
    for dash in _DASHES:
        if text.count(dash) == 1:
            left, right = text.split(dash)
            return left, right
    if (m := _ISO_PAIR.fullmatch(text)) is not None:
        return m.group(1), m.group(2)
    parts = _BETWEEN_WORDS.split(text)
    if len(parts) == 2:
        return parts[0], parts[1]
    if " - " in text and text.count(" - ") == 1:
        left, right = text.split(" - ")
        return left, right
    if text.count("-") == 1:
        left, right = text.split("-")
        return left, right
    return None


def _strip_before(text: str) -> str:
    """Without the words before a date: «за период с 01.09.2026» → «01.09.2026»."""
    text = text.strip(" .,;")
    while (stripped := _BEFORE.sub("", text)) != text:
        text = stripped.strip(" .,;")
    return text


def _dated(text: str) -> bool:
    """Whether a typed date stands on its own: it has a year, or it is a word relative to
    today («сегодня»). «31.12» and «31 декабря» take their year from the other date."""
    has_year = re.search(r"\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2}", text) is not None
    return has_year or not any(ch.isdigit() for ch in text)


def parse_range(text: str, today: date) -> Period | RangeError:
    """Two typed dates → a custom period (inclusive), or why not.

    A date without a year takes the other date's year when that one has it («1 сентября –
    31 декабря 2026»), moved a year so that the period runs forward («01.09.2025–31.05»
    ends in 2026); with neither, both are this year, an end before the start moves to the
    next year («01.09–31.05»), and the whole period a year back if it would start in the
    future (reports look back).
    """
    norm = " ".join(text.lower().replace("ё", "е").replace("\u00a0", " ").split())
    norm = _strip_before(norm)
    if not norm:
        return RangeError(RangeReason.EMPTY)
    halves = _split(norm)
    if halves is None:
        return RangeError(RangeReason.UNKNOWN, text.strip()[:40])
    left, right = (_strip_before(half) for half in halves)
    if not left or not right:
        return RangeError(RangeReason.UNKNOWN, text.strip()[:40])
    dated_left, dated_right = _dated(left), _dated(right)
    start: date | RangeError
    end: date | RangeError
    if dated_left:
        start = _day(left, today)
        if isinstance(start, RangeError):
            return start
        end = _day(right, today, year=None if dated_right else start.year)
        if isinstance(end, date) and not dated_right and end < start:
            end = _same_day(end, start.year + 1)
    elif dated_right:
        end = _day(right, today)
        if isinstance(end, RangeError):
            return end
        start = _day(left, today, year=end.year)
        if isinstance(start, date) and start > end:
            start = _same_day(start, end.year - 1)
    else:
        start = _day(left, today, year=today.year)
        end = _day(right, today, year=today.year)
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                end = _same_day(end, end.year + 1)
            if start > today:
                start, end = _same_day(start, start.year - 1), _same_day(end, end.year - 1)
    if isinstance(start, RangeError):
        return start
    if isinstance(end, RangeError):
        return end
    detail = f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
    if end < start:
        return RangeError(RangeReason.REVERSED, detail)
    if start > today:
        return RangeError(RangeReason.FUTURE, detail)
    if end.year - start.year > MAX_YEARS or (
        end.year - start.year == MAX_YEARS and (end.month, end.day) >= (start.month, start.day)
    ):
        return RangeError(RangeReason.TOO_LONG, detail)
    return Period(PeriodKind.CUSTOM, start, end)


def _same_day(day: date, year: int) -> date:
    """The same day and month in another year (29 February → 28 February)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def _day(text: str, today: date, *, year: int | None = None) -> date | RangeError:
    if year is not None:
        # «31.12» of a given year: parse relative to the middle of that year, then pin it
        parsed = dates.parse_day(text, date(year, 7, 1))
        if isinstance(parsed, date):
            try:
                return parsed.replace(year=year)
            except ValueError:  # 29.02 of a common year
                return RangeError(RangeReason.BAD_DATE, f"{parsed:%d.%m}.{year}")
    else:
        parsed = dates.parse_day(text, today, prefer_past=True)
    if isinstance(parsed, date):
        return parsed
    if parsed.reason is dates.Reason.BAD_DATE:
        return RangeError(RangeReason.BAD_DATE, parsed.detail)
    return RangeError(RangeReason.UNKNOWN, text[:40])
