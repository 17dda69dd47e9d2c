"""Dates and times typed the way people write them, in Russian.

`parse_moment("завтра в 15:00", now_utc, "Asia/Yekaterinburg")` → a `ParsedMoment` (a day,
maybe a time, in the member's zone) or a `ParseError` with a reason code; the Russian
explanation of each code lives in texts (texts/meetings.py `PARSE_ERRORS`).

The common forms are handled by the small grammar below (fast, predictable):
  «завтра в 15:00», «в пятницу 10:30», «25.12 14:00», «через 2 дня в 11», «15:00»,
  «сегодня в 18:30», «послезавтра», «1 декабря в 9:00», «в 9 утра», «через 2 часа»,
  «15.00», «15-00», «15 00», «в 15», «к 15», «завтра 10», «завтра 15.00», «завтра утром»,
  «в след. вторник», «в следующую пятницу в 14», «во вторник на следующей неделе», «до 15.12»…
dateparser is only the fallback for anything else (imported lazily, on the first phrase the
grammar does not know). We do not rely on it for the common forms because it moves a bare
«15:00» to tomorrow in non-UTC zones, takes today's weekday for next week's and, given
«завтра 15.00», returns tomorrow at the clock's current time. A time the member typed is
never replaced by the clock's: when dateparser is used, the typed time is read by our own
grammar and put on its day; if no time can be read, the result has no time (ask for one).

Rules:
  * a bare time is today if still ahead, otherwise tomorrow;
  * a bare number after a day is a time: «завтра 10» = tomorrow 10:00; «15.00», «15-00» and
    «15 00» are times; «15.12» alone is a date (15 December), «завтра 15.12» is 15:12;
  * weekdays — THE rule: a bare weekday («в пятницу», «в эту пятницу», «в ближайшую
    пятницу») is the nearest one ahead: today if the time (or, without a time, the day) is
    still ahead, otherwise the one within the next six days; «следующий»/«след.»/«будущий»
    weekday is the one in the NEXT calendar week (Monday to Sunday), never today;
    «на следующей неделе во вторник» is next week's Tuesday, «на этой неделе» this week's;
    «прошлый»/«прошлую» weekday is the one in the previous week;
  * where a phrase is ambiguous the result carries the other reading in `alternative`, for
    the echo to offer as a button (at most one; a day's ambiguity wins over an hour's):
      - «в следующий вторник» typed while this week's Tuesday is still ahead (e.g. on
        Monday): primary = next week's, alternative = this week's (the nearest);
      - «в следующий понедельник» typed on Sunday: primary = tomorrow (next week starts
        tomorrow), alternative = the Monday after;
      - a bare weekday that falls on today («в четверг» on Thursday, time still ahead):
        primary = today, alternative = the same weekday next week;
      - an hour from 1 to 7 typed without a leading zero or a part of day («в 3», «5:30»):
        primary = as typed (03:00), alternative = twelve hours later (15:00); if the
        morning reading is already past and the afternoon one is not, the afternoon one is
        the primary reading and there is no alternative;
  * «утром»/«с утра», «днём»/«в обед», «после обеда», «вечером» without a time mean 09:00,
    13:00, 14:00, 18:00,
    and `assumed_part_of_day` says so (the echo must tell the member); with a time they pick
    the half of the day: «вечером в 7» = 19:00, «днём в 2» = 14:00;
  * a weekday with a date («в субботу 28.11», «завтра (вторник)») is the date; when the date
    is not that weekday, or «следующий» points to another week, `alternative` is the
    weekday rule's day;
  * «около 15», «примерно в 15», «ровно в 15» are 15:00; «с 10 до 12» is 10:00 (the start);
    «через полчаса», «через полтора часа», «через 2 часа» count from now;
  * «до 15.12», «по 15.12», «до пятницы», «до конца недели/месяца/года», «к концу недели»
    name an end date: the day, with `until=True`;
  * a day and month without a year is this year, unless it was more than 60 days ago,
    then next year (so «25.11» typed on 26.11 is refused as past, but «10.01» on 31.12 is
    next January);
  * moments in the past and impossible dates (31.02, 25:00) are refused with the reason.

Results:
  `ParsedMoment` — `local` (aware, member's zone; midnight when `has_time` is False),
  `has_time`, `source` ("grammar" or "dateparser"), and, new:
    `assumed_part_of_day: PartOfDay | None` — the time was not typed but taken from
      «утром/днём/вечером»; the echo shows `notes()`;
    `alternative: ParsedMoment | None` — the other reading of an ambiguous phrase, already
      checked to be a valid future moment; `alternative_button()` labels it;
    `until: bool` — the phrase named an end date («до 15.12»).
  `read_day()` → `DayReading(day, alternative, until)` and `read_time()` →
  `TimeReading(value, assumed_part_of_day, alternative)` are the same for a date alone and a
  time alone; `parse_day()` and `parse_time()` return just the date / time, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from texts import dates as words

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


class PartOfDay(StrEnum):
    MORNING = "morning"  # утром, с утра → 09:00
    AFTERNOON = "afternoon"  # днём, в обед → 13:00
    AFTER_LUNCH = "after_lunch"  # после обеда → 14:00
    EVENING = "evening"  # вечером → 18:00


PART_OF_DAY_TIMES: dict[PartOfDay, time] = {
    PartOfDay.MORNING: time(9, 0),
    PartOfDay.AFTERNOON: time(13, 0),
    PartOfDay.AFTER_LUNCH: time(14, 0),
    PartOfDay.EVENING: time(18, 0),
}
_PART_PERIOD: dict[PartOfDay, str] = {
    PartOfDay.MORNING: "утра",
    PartOfDay.AFTERNOON: "дня",
    PartOfDay.AFTER_LUNCH: "дня",
    PartOfDay.EVENING: "вечера",
}


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
    assumed_part_of_day: PartOfDay | None = None  # «утром» → 09:00: say so in the echo
    alternative: ParsedMoment | None = None  # the other reading of an ambiguous phrase
    until: bool = False  # «до 15.12»: an end date

    @property
    def at(self) -> datetime:
        """The moment in UTC (what is stored)."""
        return self.local.astimezone(UTC)

    @property
    def day(self) -> date:
        return self.local.date()


@dataclass(frozen=True, slots=True)
class DayReading:
    """A date alone (`read_day`)."""

    day: date
    alternative: date | None = None  # «в следующий вторник» on a Monday: this week's
    until: bool = False  # «до 15.12»


@dataclass(frozen=True, slots=True)
class TimeReading:
    """A time alone (`read_time`)."""

    value: time
    assumed_part_of_day: PartOfDay | None = None  # «вечером» → 18:00
    alternative: time | None = None  # «в 3» → 03:00, or 15:00


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

# the start of each weekday's name in any case («среду», «пятницы», «воскресенье»),
# and the two-letter abbreviations
WEEKDAYS: dict[str, int] = {
    "понедельник": 0,
    "пн": 0,
    "вторник": 1,
    "вт": 1,
    "сред": 2,
    "ср": 2,
    "четверг": 3,
    "чт": 3,
    "пятниц": 4,
    "пт": 4,
    "суббот": 5,
    "сб": 5,
    "воскресень": 6,
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

RELATIVE_DAYS = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}

_NUM = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_PERIOD = r"(?:утра|дня|вечера|ночи)"
_MONTH_STEM = r"(?:янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек)"
_HOURS = r"(?:\s*(?:ч\b\.?|час\w*))?"
_AT = r"(?:в|во|к|около|примерно|ровно)"  # «в 15», «к 15», «около 15»

# Time expressions, tried in order; the matched span is removed and the rest is the day.
# Each has the hour in group 1, the minutes (maybe empty) in group 2, the period in group 3.
_TIME_PATTERNS: tuple[re.Pattern[str], ...] = (
    # с 10 до 12, с 10:30 до 12:00: the start
    re.compile(r"\bс\s+(\d{1,2})(?:[:.](\d{2}))?\s*(?:до|-|–)\s*\d{1,2}(?:[:.]\d{2})?()\b"),
    # 15:00, в 9:30, к 10:00 вечера
    re.compile(
        r"(?:\b(?:"
        + _AT
        + r"|на)\s+)?\b(\d{1,2}):(\d{2})\b"
        + _HOURS
        + r"(?:\s*("
        + _PERIOD
        + r"))?"
    ),
    # 10 часов 30 минут, в 10 ч 30 мин
    re.compile(
        r"(?:\b(?:в|во|к)\s+)?\b(\d{1,2})\s*(?:ч\b\.?|час\w*)\s*(\d{1,2})\s*(?:м\b\.?|мин\w*)"
        r"(?:\s*(" + _PERIOD + r"))?"
    ),
    # в 15.30, в 15-30, в 15 30 (only after «в»/«к», so 25.12 stays a date)
    re.compile(r"\b" + _AT + r"\s+(\d{1,2})[.\- ](\d{2})\b(?:\s*(" + _PERIOD + r"))?"),
    # в 11, в 11 часов, в 3 дня, к 9 утра
    re.compile(
        r"\b"
        + _AT
        + r"\s+(\d{1,2})()(?![\d.:/])(?!\s*"
        + _MONTH_STEM
        + r")"
        + _HOURS
        + r"(?:\s*("
        + _PERIOD
        + r"))?"
    ),
    # 9 утра, 7 вечера (no «в»; «дня» is left out: «2 дня» means two days)
    re.compile(r"\b(\d{1,2})()\s*(?:ч\b\.?|час\w*)?\s*(утра|вечера|ночи)\b"),
    # 11 ч, 11 часов
    re.compile(r"\b(\d{1,2})()\s*(?:ч\b\.?|часов|часа|час)(?!\w)()"),
)
# A number standing for a time only when the rest of the phrase is a day (or nothing):
# «завтра 10», «завтра 15.00», «15-00», «15 00», «15.00 завтра». Tried after the whole
# phrase failed to be a day, so «15.12» stays a date.
_WEAK_TIMES: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?:^|\s)(\d{1,2})(?:[.\- ](\d{2}))?()$"),
    re.compile(r"^(\d{1,2})[.\-](\d{2})()(?=\s)"),
)
_NOON = re.compile(r"\b(?:в\s+)?полдень\b")
_PART_OF_DAY = re.compile(r"\b(с\s+утра|утром|днем|в\s+обед|после\s+обеда|вечером)\b")

_RELATIVE_DAY = re.compile(r"(?:на\s+)?(позавчера|вчера|сегодня|завтра|послезавтра|после\s+завтра)")
_IN_DAYS = re.compile(r"через\s+(?:" + _NUM + r"\s+)?(день|дня|дней|недел\w*|месяц\w*)")
_IN_TIME = re.compile(r"через\s+(?:" + _NUM + r"\s+)?(час\w*|минут\w*|мин)\.?")
_IN_HALF = re.compile(r"через\s+(полчаса|полтора\s+часа)")
_WEEKDAY_NAME = (
    r"(?P<name>понедельник\w*|вторник\w*|сред[аеуы]|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*"
    r"|пн|вт|ср|чт|пт|сб|вс)"
)
_QUALIFIER = r"(?P<qualifier>следующ\w*|след\.?|будущ\w*|эт\w*|ближайш\w*|прошл\w*|прошедш\w*)"
_WEEKDAY = re.compile(
    r"(?:(?:в|во|на|к|ко)\s+)?(?:" + _QUALIFIER + r"\s*)?" + _WEEKDAY_NAME + r"\.?"
)
_WEEKDAY_FIRST = re.compile(_WEEKDAY.pattern + r"\s+(?P<rest>.+)")
_WEEKDAY_LAST = re.compile(r"(?P<rest>.+?)\s+" + _WEEKDAY.pattern)
_WEEK = re.compile(r"(?:(?:на|в|во)\s+)?(следующ\w*|след\.?|будущ\w*|эт\w*|прошл\w*)\s+недел\w*")
_UNTIL = re.compile(r"(?:до|по)\s+(.+)|к\s+(конц.+)")
_END_OF = re.compile(r"(?:конц[аеуя]|конец)\s+(?:эт\w+\s+)?(месяца|года|недели)")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?(?:\s*(?:г\.?|года?))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TEXT_DATE = re.compile(r"(\d{1,2})(?:-?го)?\s+([а-я]{3,})\.?(?:\s+(\d{4}))?(?:\s*(?:г\.?|года?))?")
_FILLER = re.compile(r"[,;!?()«»\"]+|\s+")


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


def _weekday_index(word: str) -> int:
    word = word.rstrip(".")
    for stem, index in WEEKDAYS.items():
        if word.startswith(stem):
            return index
    raise ValueError(word)  # unreachable: the pattern only lets these through


def _cut(text: str, m: re.Match[str]) -> str:
    return re.sub(r"\s+", " ", text[: m.start()] + " " + text[m.end() :]).strip()


# --------------------------------------------------------------------------- time part


@dataclass(frozen=True, slots=True)
class _TimeHit:
    value: time | None
    error: ParseError | None
    rest: str
    twelve_hour: bool = False  # «в 3»: could also be 15:00
    date_like: bool = False  # a weak «10.05» that could also be a date
    with_minutes: bool = False  # «15.00», not a bare «15»


def _apply_period(hour: int, period: str | None) -> int:
    if period == "вечера" and 1 <= hour < 12:
        return hour + 12
    if period == "дня" and 1 <= hour <= 6:  # «в 3 дня» = 15:00, but «в 11 дня» = 11:00
        return hour + 12
    if (period == "ночи" and hour == 12) or (period == "утра" and hour == 12):
        return 0
    return hour


def _time_hit(m: re.Match[str], rest: str, part: PartOfDay | None, weak: bool) -> _TimeHit:
    raw_hour, raw_minute, period = m.group(1), m.group(2), m.group(3) or None
    hour, minute = int(raw_hour), int(raw_minute) if raw_minute else 0
    if hour > 23 or minute > 59:
        return _TimeHit(None, ParseError(Reason.BAD_TIME, f"{hour:02d}:{minute:02d}"), rest)
    if period is None and part is not None:
        period = _PART_PERIOD[part]
    twelve = period is None and 1 <= hour <= 7 and not raw_hour.startswith("0")
    date_like = weak and bool(raw_minute) and 1 <= minute <= 12
    value = time(_apply_period(hour, period), minute)
    return _TimeHit(
        value, None, rest, twelve_hour=twelve, date_like=date_like, with_minutes=bool(raw_minute)
    )


def _extract_time(text: str, part: PartOfDay | None = None) -> _TimeHit | None:
    """A time stated unmistakably (with «в», a colon, «часов», «утра»…) anywhere in `text`."""
    if (m := _NOON.search(text)) is not None:
        return _TimeHit(time(12, 0), None, _cut(text, m))
    for pattern in _TIME_PATTERNS:
        if (m := pattern.search(text)) is not None:
            return _time_hit(m, _cut(text, m), part, weak=False)
    return None


def _weak_times(text: str, part: PartOfDay | None) -> list[_TimeHit]:
    """Numbers that may be a time if the rest is a day; those that cannot be dates first."""
    hits = [
        _time_hit(m, _cut(text, m), part, weak=True)
        for pattern in _WEAK_TIMES
        if (m := pattern.search(text)) is not None
    ]
    return sorted(hits, key=lambda hit: hit.date_like)


def _extract_part_of_day(text: str) -> tuple[PartOfDay | None, str]:
    m = _PART_OF_DAY.search(text)
    if m is None:
        return None, text
    word = m.group(1)
    if "утр" in word:
        part = PartOfDay.MORNING
    elif word.startswith("веч"):
        part = PartOfDay.EVENING
    elif word.startswith("после"):
        part = PartOfDay.AFTER_LUNCH
    else:
        part = PartOfDay.AFTERNOON
    return part, _cut(text, m)


def _pm(at: time) -> time:
    return at.replace(hour=at.hour + 12)


def read_time(text: str) -> TimeReading | ParseError:
    """A time alone: «15:00», «в 9», «к 15», «15.00», «15-00», «15 00», «9 утра», «вечером»."""
    norm = normalise(text)
    if not norm:
        return ParseError(Reason.EMPTY)
    part, norm = _extract_part_of_day(norm)
    if not norm:
        assert part is not None
        return TimeReading(PART_OF_DAY_TIMES[part], assumed_part_of_day=part)
    m = re.fullmatch(
        r"(?:(?:в|во|к|на)\s+)?(\d{1,2})(?:[:.\- ](\d{2}))?"
        + _HOURS
        + r"(?:\s*("
        + _PERIOD
        + r"))?",
        norm,
    )
    hit = _time_hit(m, "", part, weak=False) if m is not None else _extract_time(norm, part)
    if hit is None or hit.rest:
        return ParseError(Reason.UNKNOWN)
    if hit.error is not None:
        return hit.error
    assert hit.value is not None
    return TimeReading(hit.value, alternative=_pm(hit.value) if hit.twelve_hour else None)


def parse_time(text: str) -> time | ParseError:
    """A time alone: «15:00», «в 9», «9 утра», «18.30» (for the time step of a form)."""
    reading = read_time(text)
    return reading if isinstance(reading, ParseError) else reading.value


# --------------------------------------------------------------------------- day part


@dataclass(frozen=True, slots=True)
class _DayHit:
    day: date | None  # None: no day was named
    weekday_today: bool = False  # a bare weekday that fell on today (may move a week on)
    error: ParseError | None = None
    alternative: date | None = None
    until: bool = False


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


def _week_kind(word: str | None) -> str | None:
    """«следующий» → "next", «прошлый» → "last", «этот»/«ближайший»/none → None."""
    if word is None:
        return None
    if word.startswith(("след", "будущ")):
        return "next"
    if word.startswith("прош"):
        return "last"
    return None


def _weekday(
    today: date, target: int, qualifier: str | None, week: str | None, prefer_past: bool
) -> _DayHit:
    """The weekday rule of the module docstring."""
    monday = today - timedelta(days=today.weekday())
    if week is not None:  # «на следующей/этой/прошлой неделе во вторник»: no doubt
        shift = {"next": 7, "last": -7}.get(_week_kind(week) or "", 0)
        return _DayHit(monday + timedelta(days=shift + target))
    kind = _week_kind(qualifier)
    if kind == "next":
        day = monday + timedelta(days=7 + target)
        nearest = today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
        if nearest != day:
            return _DayHit(day, alternative=nearest)
        if day == today + timedelta(days=1):  # Sunday: «следующий понедельник»
            return _DayHit(day, alternative=day + timedelta(days=7))
        return _DayHit(day)
    if kind == "last":
        return _DayHit(monday + timedelta(days=target - 7))
    if prefer_past and qualifier is None:
        return _DayHit(today - timedelta(days=(today.weekday() - target) % 7))
    ahead = (target - today.weekday()) % 7
    day = today + timedelta(days=ahead)
    if ahead == 0:
        return _DayHit(day, weekday_today=True, alternative=day + timedelta(days=7))
    return _DayHit(day)


def _end_of(unit: str, today: date) -> date:
    if unit == "года":
        return date(today.year, 12, 31)
    if unit == "недели":
        return today + timedelta(days=6 - today.weekday())
    first_of_next = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _weekday_and_date(text: str, today: date, prefer_past: bool) -> _DayHit | None:
    """«в субботу 28.11», «2 декабря, в среду», «завтра (вторник)»: the date. If the date is
    not that weekday, or «следующий» points to another week, the weekday rule's day is the
    other reading."""
    m = _WEEKDAY_FIRST.fullmatch(text) or _WEEKDAY_LAST.fullmatch(text)
    if m is None:
        return None
    dated = _parse_day(m.group("rest"), today, prefer_past=prefer_past)
    if dated is None or dated.error is not None or dated.day is None:
        return dated if dated is not None and dated.error is not None else None
    target, qualifier = _weekday_index(m.group("name")), m.group("qualifier")
    if dated.day.weekday() == target and _week_kind(qualifier) is None:
        return _DayHit(dated.day)
    named = _weekday(today, target, qualifier, None, prefer_past)
    return _DayHit(dated.day, alternative=named.day if named.day != dated.day else None)


def _parse_day(text: str, today: date, *, prefer_past: bool = False) -> _DayHit | None:
    """The whole `text` names a day (or nothing). None: not understood."""
    if (m := _UNTIL.fullmatch(text)) is not None:
        inner = m.group(1) or m.group(2)
        if (end := _END_OF.fullmatch(inner)) is not None:
            return _DayHit(_end_of(end.group(1), today), until=True)
        hit = _parse_day(inner, today, prefer_past=prefer_past)
        if hit is None or hit.day is None:
            return hit if hit is None or hit.error is not None else None
        return replace(hit, until=True)
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
    week_word = None
    if (w := _WEEK.search(text)) is not None:
        week_word, text = w.group(1), _cut(text, w)
    if (m := _WEEKDAY.fullmatch(text)) is not None:
        if week_word is not None and m.group("qualifier") is not None:
            return None  # «в следующий вторник на этой неделе»: contradictory
        target = _weekday_index(m.group("name"))
        return _weekday(today, target, m.group("qualifier"), week_word, prefer_past)
    if week_word is not None:
        return None
    if (both := _weekday_and_date(text, today, prefer_past)) is not None:
        return both
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


def _on_day(day: date, at: time | None, now_local: datetime) -> ParsedMoment | ParseError:
    zone = now_local.tzinfo
    assert isinstance(zone, ZoneInfo)
    moment = combine(day, at, zone)
    if isinstance(moment, ParseError):
        return moment
    if (error := check_future(moment, now_local, at is not None)) is not None:
        return error
    return ParsedMoment(moment, has_time=at is not None)


def _bare_time(at: time, now_local: datetime) -> ParsedMoment | ParseError:
    """A time without a day: today if still ahead, otherwise tomorrow."""
    today = now_local.date()
    first = _on_day(today, at, now_local)
    if isinstance(first, ParsedMoment):
        return first
    return _on_day(today + timedelta(days=1), at, now_local)


def _resolve(
    hit: _TimeHit, day_hit: _DayHit, part: PartOfDay | None, now_local: datetime
) -> ParsedMoment | ParseError:
    at, assumed = hit.value, None
    if at is None and part is not None:
        at, assumed = PART_OF_DAY_TIMES[part], part
    if day_hit.day is None and at is None:
        return ParseError(Reason.UNKNOWN)

    def reading(at: time | None) -> ParsedMoment | ParseError:
        if day_hit.day is None:
            assert at is not None
            return _bare_time(at, now_local)
        day = day_hit.day
        if (
            day_hit.weekday_today
            and at is not None
            and datetime.combine(day, at) <= now_local.replace(tzinfo=None)
        ):
            day += timedelta(days=7)  # «в четверг 9:00» said on Thursday at noon: next week
        return _on_day(day, at, now_local)

    primary = reading(at)
    other: ParsedMoment | ParseError | None = None
    if day_hit.alternative is not None:
        if isinstance(primary, ParsedMoment) and primary.day == day_hit.day:
            other = _on_day(day_hit.alternative, at, now_local)
    elif hit.twelve_hour and at is not None:
        other = reading(_pm(at))
        if isinstance(primary, ParseError) and isinstance(other, ParsedMoment):
            primary, other = other, None  # «сегодня в 3» at 10:00 can only be 15:00
    if isinstance(primary, ParseError):
        return primary
    alternative = other if isinstance(other, ParsedMoment) and other != primary else None
    return replace(
        primary, assumed_part_of_day=assumed, alternative=alternative, until=day_hit.until
    )


def _grammar(norm: str, now_local: datetime) -> ParsedMoment | ParseError | None:
    """The small grammar; None: not understood (try dateparser)."""
    part, norm = _extract_part_of_day(norm)
    strong = _extract_time(norm, part)
    if strong is not None and strong.error is not None:
        return strong.error
    splits = [strong] if strong is not None else [_TimeHit(None, None, norm)]
    if strong is None:
        splits += _weak_times(norm, part)
    errors: list[ParseError] = []
    for hit in splits:
        if hit.error is not None:
            errors.append(hit.error)
            continue
        day_hit = _parse_day(hit.rest, now_local.date())
        if day_hit is None:
            continue
        if day_hit.error is not None:
            errors.append(day_hit.error)
            continue
        return _resolve(hit, day_hit, part, now_local)
    # «24.00»: not a date (no month 0) and not a time either: say it is the time
    for error in errors:
        if error.reason == Reason.BAD_TIME and error.detail.endswith(":00"):
            return error
    return errors[0] if errors else None


def parse_moment(text: str, now_utc: datetime, tz: str) -> ParsedMoment | ParseError:
    """A future moment (or a future day without a time) from what the member typed."""
    norm = normalise(text)
    if not norm:
        return ParseError(Reason.EMPTY)
    zone = ZoneInfo(tz)
    now_local = now_utc.astimezone(zone)

    if (m := _IN_HALF.fullmatch(norm)) is not None:
        minutes = 30 if m.group(1) == "полчаса" else 90
        local = (now_local + timedelta(minutes=minutes)).replace(second=0, microsecond=0)
        return ParsedMoment(local, has_time=True)
    if (m := _IN_TIME.fullmatch(norm)) is not None:
        n = _number(m.group(1))
        delta = timedelta(hours=n) if m.group(2).startswith("час") else timedelta(minutes=n)
        local = (now_local + delta).replace(second=0, microsecond=0)
        return ParsedMoment(local, has_time=True)

    result = _grammar(norm, now_local)
    if result is None:
        return _fallback(text, now_utc, zone)
    return result


def read_day(text: str, today: date, *, prefer_past: bool = False) -> DayReading | ParseError:
    """`parse_day` with the other reading of an ambiguous weekday and the «до …» flag."""
    norm = normalise(text)
    if not norm:
        return ParseError(Reason.EMPTY)
    hit = _parse_day(norm, today, prefer_past=prefer_past)
    if hit is not None:
        if hit.error is not None:
            return hit.error
        if hit.day is not None:
            return DayReading(hit.day, alternative=hit.alternative, until=hit.until)
        return ParseError(Reason.UNKNOWN)
    parsed = _dateparser_parse(
        text,
        base=datetime.combine(today, time(12, 0)),
        tz=None,
        prefer="past" if prefer_past else "future",
    )
    if parsed is None:
        return ParseError(Reason.UNKNOWN)
    return DayReading(parsed.date())


def parse_day(text: str, today: date, *, prefer_past: bool = False) -> date | ParseError:
    """A date alone: «15.01.2027», «15 января 2027», «15.01», «завтра», «в пятницу», «до 15.12».

    Past days are NOT refused here (an agreement may have been signed last month): the
    caller decides. Without a year, a day-month is this year unless it was more than 60
    days ago (then next year); with `prefer_past`, unless it is more than 60 days ahead
    (then last year), and a bare weekday is the nearest one back (today included).
    """
    reading = read_day(text, today, prefer_past=prefer_past)
    return reading if isinstance(reading, ParseError) else reading.day


# --------------------------------------------------------------------------- the echo


def notes(parsed: ParsedMoment) -> list[str]:
    """Russian lines the echo adds under the understood moment (may be empty)."""
    lines: list[str] = []
    if parsed.assumed_part_of_day is not None:
        lines.append(words.PART_OF_DAY_NOTES[parsed.assumed_part_of_day])
    if parsed.until:
        lines.append(words.UNTIL_NOTE)
    alternative = parsed.alternative
    if alternative is not None:
        other_hour = alternative.local.time() != parsed.local.time()
        lines.append(words.TWELVE_HOUR_NOTE if other_hour else words.WEEKDAY_RULE_NOTE)
    return lines


def alternative_button(
    parsed: ParsedMoment,
    when: Callable[[datetime, bool], str] = words.short_when,
) -> str | None:
    """The label of the button offering the other reading («Нет, вторник, 24 ноября, 14:00»)."""
    if parsed.alternative is None:
        return None
    alternative = parsed.alternative
    return words.ALTERNATIVE_BUTTON.format(when=when(alternative.local, alternative.has_time))


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


def _typed_time(norm: str) -> time | None:
    """The time the member typed, read by our grammar (never dateparser's guess)."""
    part, rest = _extract_part_of_day(norm)
    hit = _extract_time(rest, part)
    if hit is None:  # «15.00», «10-30»; not a bare «15» (a day?) nor «2.12» (a date?)
        hit = next(
            (
                weak
                for weak in _weak_times(rest, part)
                if weak.value is not None and weak.with_minutes and not weak.date_like
            ),
            None,
        )
    if hit is not None and hit.value is not None:
        return hit.value
    return PART_OF_DAY_TIMES[part] if part is not None else None


def _fallback(text: str, now_utc: datetime, zone: ZoneInfo) -> ParsedMoment | ParseError:
    now_local = now_utc.astimezone(zone)
    parsed = _dateparser_parse(text, base=now_local, tz=zone)
    if parsed is None:
        return ParseError(Reason.UNKNOWN)
    typed = _typed_time(normalise(text))
    # dateparser keeps the clock's time when it cannot read the typed one («завтра 15.00»
    # came back as tomorrow at the current minute): only a time we read ourselves counts
    local = combine(parsed.astimezone(zone).date(), typed, zone)
    if isinstance(local, ParseError):
        return local
    has_time = typed is not None
    if (error := check_future(local, now_utc, has_time)) is not None:
        return error
    return ParsedMoment(local, has_time=has_time, source="dateparser")
