"""Dates and times typed the way people write them, in Russian.

`parse_moment("завтра в 15:00", now_utc, "Asia/Yekaterinburg")` → a `ParsedMoment` (a day,
maybe a time, in the member's zone) or a `ParseError` with a reason code; the Russian
explanation of each code lives in texts (texts/meetings.py `PARSE_ERRORS`).

The common forms are handled by the small grammar below (fast, predictable):
  «завтра в 15:00», «в пятницу 10:30», «25.12 14:00», «через 2 дня в 11», «15:00»,
  «сегодня в 18:30», «послезавтра», «1 декабря в 9:00», «в 9 утра», «через 2 часа»…
dateparser is only the fallback for anything else: it is imported lazily, on the first
phrase the grammar does not know (`warm_up()` pays that cost ahead, e.g. in benchmarks). We
do not rely on it for the common forms because it moves a bare «15:00» to tomorrow in
non-UTC zones and takes today's weekday for next week's.

Rules:
  * a bare time is today if still ahead, otherwise tomorrow;
  * a weekday is today if the time (or the whole day, without a time) is still ahead,
    otherwise the same weekday next week; «в следующую пятницу» is never today;
  * a day and month without a year is this year, unless it was more than 60 days ago,
    then next year (so «25.11» typed on 26.11 is refused as past, but «10.01» on 31.12 is
    next January);
  * moments in the past and impossible dates (31.02, 25:00) are refused with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

# How far ahead a meeting may be planned; anything later is almost certainly a typo.
MAX_AHEAD_DAYS = 3 * 366
# A day-month without a year at most this many days ago is taken as this year (→ "past").
YEAR_ROLLOVER_DAYS = 60


class Reason(StrEnum):
    EMPTY = "empty"
    UNKNOWN = "unknown"  # could not understand
    PAST = "past"  # the moment has already passed
    BAD_DATE = "bad_date"  # 31.02, 00.13…
    BAD_TIME = "bad_time"  # 25:00, 10:75…
    DST_GAP = "dst_gap"  # the local time does not exist (clock moved forward)
    TOO_FAR = "too_far"  # more than three years ahead


@dataclass(frozen=True, slots=True)
class ParseError:
    reason: Reason
    detail: str = ""  # what was wrong, e.g. "31.02.2027" or "25:00"


@dataclass(frozen=True, slots=True)
class ParsedMoment:
    """What was understood. Without a time, `local` is the day's midnight: ask for a time."""

    local: datetime  # aware, in the member's zone
    has_time: bool
    source: str = "grammar"  # or "dateparser"

    @property
    def at(self) -> datetime:
        """The moment in UTC (what is stored)."""
        return self.local.astimezone(UTC)

    @property
    def day(self) -> date:
        return self.local.date()


# --------------------------------------------------------------------------- vocabulary

MONTHS: dict[str, int] = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "мая": 5,
    "май": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
}

WEEKDAYS: dict[str, int] = {
    "понедельник": 0,
    "пн": 0,
    "вторник": 1,
    "вт": 1,
    "среда": 2,
    "среду": 2,
    "ср": 2,
    "четверг": 3,
    "чт": 3,
    "пятница": 4,
    "пятницу": 4,
    "пт": 4,
    "суббота": 5,
    "субботу": 5,
    "сб": 5,
    "воскресенье": 6,
    "вс": 6,
}

NUMBER_WORDS: dict[str, int] = {
    "один": 1,
    "одну": 1,
    "одна": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "пару": 2,
}

RELATIVE_DAYS = {"сегодня": 0, "завтра": 1, "послезавтра": 2}

_NUM = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_PERIOD = r"(?:утра|дня|вечера|ночи)"
_MONTH_STEM = r"(?:янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек)"

# Time expressions, tried in order; the matched span is removed and the rest is the day.
_TIME_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 15:00, в 9:30, к 10:00 вечера, 15-30 after «в»
    re.compile(
        r"(?:\b(?:в|во|к|на)\s+)?\b(\d{1,2}):(\d{2})\b(?:\s*(?:ч|час\w*))?(?:\s*("
        + _PERIOD
        + r"))?"
    ),
    # 10 часов 30 минут, в 10 ч 30 мин
    re.compile(
        r"(?:\b(?:в|во|к)\s+)?\b(\d{1,2})\s*(?:ч\b\.?|час\w*)\s*(\d{1,2})\s*(?:м\b\.?|мин\w*)"
        r"(?:\s*(" + _PERIOD + r"))?"
    ),
    # в 15.30, в 15-30, в 15 30 (only after «в»/«к», so 25.12 stays a date)
    re.compile(r"\b(?:в|во|к)\s+(\d{1,2})[.\- ](\d{2})\b(?:\s*(" + _PERIOD + r"))?"),
    # в 11, в 11 часов, в 3 дня, к 9 утра
    re.compile(
        r"\b(?:в|во|к)\s+(\d{1,2})()(?![\d.:/])(?!\s*"
        + _MONTH_STEM
        + r")(?:\s*(?:ч\b\.?|час\w*))?(?:\s*("
        + _PERIOD
        + r"))?"
    ),
    # 9 утра, 7 вечера (no «в»; «дня» is left out: «2 дня» means two days)
    re.compile(r"\b(\d{1,2})()\s*(?:ч\b\.?|час\w*)?\s*(утра|вечера|ночи)\b"),
    # 11 ч, 11 часов
    re.compile(r"\b(\d{1,2})()\s*(?:ч\b\.?|часов|часа|час)(?!\w)"),
)
_NOON = re.compile(r"\b(?:в\s+)?полдень\b")

_RELATIVE_DAY = re.compile(r"(?:на\s+)?(сегодня|завтра|послезавтра|после\s+завтра)")
_IN_DAYS = re.compile(r"через\s+(?:" + _NUM + r"\s+)?(день|дня|дней|недел\w*|месяц\w*)")
_IN_TIME = re.compile(r"через\s+(?:" + _NUM + r"\s+)?(час\w*|минут\w*|мин)\.?")
_WEEKDAY = re.compile(
    r"(?:(?:в|во|на)\s+)?(?:(следующ\w*|эт\w*|ближайш\w*)\s+)?("
    + "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    + r")\.?"
)
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?(?:\s*(?:г\.?|года?))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TEXT_DATE = re.compile(r"(\d{1,2})(?:-?го)?\s+([а-я]{3,})\.?(?:\s+(\d{4}))?(?:\s*(?:г\.?|года?))?")
_FILLER = re.compile(r"[,;!?]+|\s+")


def normalise(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("\u00a0", " ")
    text = _FILLER.sub(" ", text).strip()
    return text.rstrip(". ")


def _number(token: str | None, default: int = 1) -> int:
    if token is None:
        return default
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS[token]


def _month(word: str) -> int | None:
    if word.startswith("май") or word == "мая":
        return 5
    return MONTHS.get(word[:3]) if len(word) >= 3 else None


# --------------------------------------------------------------------------- time part


@dataclass(frozen=True, slots=True)
class _TimeHit:
    value: time | None
    error: ParseError | None
    rest: str


def _apply_period(hour: int, period: str | None) -> int:
    if period in ("дня", "вечера") and 1 <= hour < 12:
        return hour + 12
    if period == "ночи" and hour == 12:
        return 0
    return hour


def _extract_time(text: str) -> _TimeHit | None:
    if (m := _NOON.search(text)) is not None:
        return _TimeHit(time(12, 0), None, (text[: m.start()] + " " + text[m.end() :]).strip())
    for pattern in _TIME_PATTERNS:
        m = pattern.search(text)
        if m is None:
            continue
        hour = int(m.group(1))
        minute = int(m.group(2)) if m.group(2) else 0
        groups = m.groups()
        period = groups[2] if len(groups) > 2 else None
        rest = (text[: m.start()] + " " + text[m.end() :]).strip()
        rest = re.sub(r"\s+", " ", rest)
        raw = f"{hour:02d}:{minute:02d}"
        if hour > 23 or minute > 59:
            return _TimeHit(None, ParseError(Reason.BAD_TIME, raw), rest)
        return _TimeHit(time(_apply_period(hour, period), minute), None, rest)
    return None


def parse_time(text: str) -> time | ParseError:
    """A time alone: «15:00», «в 9», «9 утра», «18.30» (for the time step of a form)."""
    norm = normalise(text)
    if not norm:
        return ParseError(Reason.EMPTY)
    m = re.fullmatch(r"(?:в\s+)?(\d{1,2})(?:[:.\- ](\d{2}))?(?:\s*(" + _PERIOD + r"))?", norm)
    if m is not None:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour > 23 or minute > 59:
            return ParseError(Reason.BAD_TIME, f"{hour:02d}:{minute:02d}")
        return time(_apply_period(hour, m.group(3)), minute)
    hit = _extract_time(norm)
    if hit is None or hit.rest:
        return ParseError(Reason.UNKNOWN)
    if hit.error is not None:
        return hit.error
    assert hit.value is not None
    return hit.value


# --------------------------------------------------------------------------- day part


@dataclass(frozen=True, slots=True)
class _DayHit:
    day: date | None  # None: no day was named
    weekday_today: bool = False  # a weekday that fell on today (may move a week on)
    error: ParseError | None = None


def _checked_date(year: int, month: int, day: int) -> date | ParseError:
    try:
        return date(year, month, day)
    except ValueError:
        return ParseError(Reason.BAD_DATE, f"{day:02d}.{month:02d}.{year}")


def _full_year(raw: str) -> int:
    value = int(raw)
    return value + 2000 if value < 100 else value


def _infer_year(today: date, month: int, day: int, prefer_past: bool) -> date | ParseError:
    """No year given: this year, or the next (previous) one if the day is far behind (ahead)."""
    if month == 2 and day == 29:
        # the nearest leap year in the preferred direction
        year = today.year
        step = -1 if prefer_past else 1
        for _ in range(8):
            candidate = _checked_date(year, 2, 29)
            if isinstance(candidate, date) and (
                (candidate >= today - timedelta(days=YEAR_ROLLOVER_DAYS))
                if not prefer_past
                else (candidate <= today + timedelta(days=YEAR_ROLLOVER_DAYS))
            ):
                return candidate
            year += step
        return ParseError(Reason.BAD_DATE, "29.02")
    candidate = _checked_date(today.year, month, day)
    if isinstance(candidate, ParseError):
        return ParseError(Reason.BAD_DATE, f"{day:02d}.{month:02d}")
    if not prefer_past and candidate < today - timedelta(days=YEAR_ROLLOVER_DAYS):
        return _checked_date(today.year + 1, month, day)
    if prefer_past and candidate > today + timedelta(days=YEAR_ROLLOVER_DAYS):
        return _checked_date(today.year - 1, month, day)
    return candidate


def _parse_day(text: str, today: date, *, prefer_past: bool = False) -> _DayHit | None:
    """The whole `text` names a day (or nothing). None: not understood."""
    text = re.sub(r"^(?:на|в|во)\s+(?=\d)", "", text).strip()
    if not text:
        return _DayHit(None)
    if (m := _RELATIVE_DAY.fullmatch(text)) is not None:
        word = m.group(1).replace(" ", "")
        return _DayHit(today + timedelta(days=RELATIVE_DAYS[word]))
    if (m := _IN_DAYS.fullmatch(text)) is not None:
        n = _number(m.group(1))
        unit = m.group(2)
        if unit.startswith("недел"):
            return _DayHit(today + timedelta(days=7 * n))
        if unit.startswith("месяц"):
            month_index = today.month - 1 + n
            year, in_month = today.year + month_index // 12, month_index % 12 + 1
            for day in range(today.day, 0, -1):  # 31 января + 1 месяц → 28/29 февраля
                candidate = _checked_date(year, in_month, day)
                if isinstance(candidate, date):
                    return _DayHit(candidate)
        return _DayHit(today + timedelta(days=n))
    if (m := _WEEKDAY.fullmatch(text)) is not None:
        qualifier, name = m.group(1), m.group(2)
        ahead = (WEEKDAYS[name] - today.weekday()) % 7
        if qualifier is not None and qualifier.startswith("следующ") and ahead == 0:
            ahead = 7
        return _DayHit(today + timedelta(days=ahead), weekday_today=ahead == 0)
    if (m := _ISO_DATE.fullmatch(text)) is not None:
        result = _checked_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _DayHit(None, error=result) if isinstance(result, ParseError) else _DayHit(result)
    m = _NUMERIC_DATE.fullmatch(text)
    if m is not None:
        day, month = int(m.group(1)), int(m.group(2))
        year_raw = m.group(3)
    elif (m := _TEXT_DATE.fullmatch(text)) is not None:
        named = _month(m.group(2))
        if named is None:
            return None
        day, month, year_raw = int(m.group(1)), named, m.group(3)
    else:
        return None
    if not 1 <= month <= 12:
        return _DayHit(None, error=ParseError(Reason.BAD_DATE, f"{day:02d}.{month:02d}"))
    if year_raw is not None:
        result = _checked_date(_full_year(year_raw), month, day)
    else:
        result = _infer_year(today, month, day, prefer_past)
    return _DayHit(None, error=result) if isinstance(result, ParseError) else _DayHit(result)


# --------------------------------------------------------------------------- public API


def combine(day: date, at: time | None, tz: str | ZoneInfo) -> datetime | ParseError:
    """A local day and time in `tz` as an aware datetime; refuses times skipped by DST."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    naive = datetime.combine(day, at or time(0, 0))
    local = naive.replace(tzinfo=zone)
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        return ParseError(Reason.DST_GAP, f"{naive:%H:%M}")
    return local


def check_future(local: datetime, now_utc: datetime, has_time: bool) -> ParseError | None:
    """Refuse a moment that has passed (a day without a time: a day before today)."""
    zone = local.tzinfo
    assert zone is not None
    now_local = now_utc.astimezone(zone)
    if has_time:
        if local <= now_local:
            return ParseError(Reason.PAST, f"{local:%d.%m.%Y %H:%M}")
    elif local.date() < now_local.date():
        return ParseError(Reason.PAST, f"{local:%d.%m.%Y}")
    if local.date() > now_local.date() + timedelta(days=MAX_AHEAD_DAYS):
        return ParseError(Reason.TOO_FAR, f"{local:%d.%m.%Y}")
    return None


def parse_moment(text: str, now_utc: datetime, tz: str) -> ParsedMoment | ParseError:
    """A future moment (or a future day without a time) from what the member typed."""
    norm = normalise(text)
    if not norm:
        return ParseError(Reason.EMPTY)
    zone = ZoneInfo(tz)
    now_local = now_utc.astimezone(zone)
    today = now_local.date()

    if (m := _IN_TIME.fullmatch(norm)) is not None:
        n = _number(m.group(1))
        delta = timedelta(hours=n) if m.group(2).startswith("час") else timedelta(minutes=n)
        local = (now_local + delta).replace(second=0, microsecond=0)
        return ParsedMoment(local, has_time=True)

    hit = _extract_time(norm)
    if hit is not None and hit.error is not None:
        return hit.error
    at = hit.value if hit is not None else None
    rest = hit.rest if hit is not None else norm
    day_hit = _parse_day(rest, today)
    if day_hit is None:
        return _fallback(text, now_utc, zone)
    if day_hit.error is not None:
        return day_hit.error

    if day_hit.day is None:
        if at is None:
            return ParseError(Reason.UNKNOWN)
        # a bare time: today if still ahead, otherwise tomorrow
        first = combine(today, at, zone)
        if isinstance(first, datetime) and first > now_local:
            return ParsedMoment(first, has_time=True)
        second = combine(today + timedelta(days=1), at, zone)
        if isinstance(second, ParseError):
            return second
        return ParsedMoment(second, has_time=True)

    day = day_hit.day
    if (
        day_hit.weekday_today
        and at is not None
        and datetime.combine(day, at) <= (now_local.replace(tzinfo=None))
    ):
        day += timedelta(days=7)  # «в четверг 9:00» said on Thursday at noon: next week
    moment = combine(day, at, zone)
    if isinstance(moment, ParseError):
        return moment
    if (error := check_future(moment, now_utc, at is not None)) is not None:
        return error
    return ParsedMoment(moment, has_time=at is not None)


def parse_day(text: str, today: date, *, prefer_past: bool = False) -> date | ParseError:
    """A date alone: «15.01.2027», «15 января 2027», «15.01», «завтра», «в пятницу».

    Past days are NOT refused here (an agreement may have been signed last month): the
    caller decides. Without a year, a day-month is this year unless it was more than 60
    days ago (then next year); with `prefer_past`, unless it is more than 60 days ahead
    (then last year).
    """
    norm = normalise(text)
    if not norm:
        return ParseError(Reason.EMPTY)
    hit = _parse_day(norm, today, prefer_past=prefer_past)
    if hit is not None:
        if hit.error is not None:
            return hit.error
        if hit.day is not None:
            return hit.day
        return ParseError(Reason.UNKNOWN)
    parsed = _dateparser_parse(
        text,
        base=datetime.combine(today, time(12, 0)),
        tz=None,
        prefer="past" if prefer_past else "future",
    )
    if parsed is None:
        return ParseError(Reason.UNKNOWN)
    return parsed.date()


# --------------------------------------------------------------------------- fallback


@lru_cache(maxsize=1)
def _dateparser_module() -> Any:
    import dateparser  # slow import (~50 ms) and first parse (~100 ms): done once

    return dateparser


def _dateparser_parse(
    text: str, *, base: datetime, tz: ZoneInfo | None, prefer: str = "future"
) -> datetime | None:
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": prefer,
        "RELATIVE_BASE": base.replace(tzinfo=None),
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month"] if tz is None else [],
    }
    if tz is not None:
        settings["TIMEZONE"] = tz.key
        settings["RETURN_AS_TIMEZONE_AWARE"] = True
    try:
        result = _dateparser_module().parse(text, languages=["ru"], settings=settings)
    except Exception:  # dateparser raises odd things on odd input; treat as "not understood"
        return None
    return result if isinstance(result, datetime) else None


def _fallback(text: str, now_utc: datetime, zone: ZoneInfo) -> ParsedMoment | ParseError:
    now_local = now_utc.astimezone(zone)
    parsed = _dateparser_parse(text, base=now_local, tz=zone)
    if parsed is None:
        return ParseError(Reason.UNKNOWN)
    local = parsed.astimezone(zone).replace(second=0, microsecond=0)
    has_time = bool(re.search(r"\d[:.]\d\d|\bчас|\bутра|\bвечера|\bдня\b|полдень", normalise(text)))
    if not has_time:
        local = local.replace(hour=0, minute=0)
    if (error := check_future(local, now_utc, has_time)) is not None:
        return error
    return ParsedMoment(local, has_time=has_time, source="dateparser")
