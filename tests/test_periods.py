"""Report periods: quarters, years and academic years around their edges, in the member's
zone; typed periods in the forms people write them, and the refusals with their words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.periods import (
    Period,
    PeriodKind,
    RangeError,
    RangeReason,
    current,
    local_today,
    parse_range,
    period_for,
)
from texts import report as words

TODAY = date(2026, 11, 26)  # Thursday


@pytest.mark.parametrize(
    ("kind", "today", "start", "end"),
    [
        (PeriodKind.THIS_QUARTER, date(2026, 11, 26), date(2026, 10, 1), date(2026, 12, 31)),
        (PeriodKind.THIS_QUARTER, date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (PeriodKind.THIS_QUARTER, date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31)),
        (PeriodKind.THIS_QUARTER, date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30)),
        (PeriodKind.THIS_QUARTER, date(2026, 9, 30), date(2026, 7, 1), date(2026, 9, 30)),
        (PeriodKind.LAST_QUARTER, date(2026, 11, 26), date(2026, 7, 1), date(2026, 9, 30)),
        (PeriodKind.LAST_QUARTER, date(2026, 2, 10), date(2025, 10, 1), date(2025, 12, 31)),
        (PeriodKind.LAST_QUARTER, date(2026, 4, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (PeriodKind.THIS_YEAR, date(2026, 11, 26), date(2026, 1, 1), date(2026, 12, 31)),
        (PeriodKind.ACADEMIC_YEAR, date(2026, 11, 26), date(2026, 9, 1), date(2027, 8, 31)),
        (PeriodKind.ACADEMIC_YEAR, date(2026, 9, 1), date(2026, 9, 1), date(2027, 8, 31)),
        (PeriodKind.ACADEMIC_YEAR, date(2026, 8, 31), date(2025, 9, 1), date(2026, 8, 31)),
        (PeriodKind.ACADEMIC_YEAR, date(2027, 2, 28), date(2026, 9, 1), date(2027, 8, 31)),
    ],
)
def test_period_ranges(kind: PeriodKind, today: date, start: date, end: date) -> None:
    period = period_for(kind, today)
    assert (period.kind, period.start, period.end) == (kind, start, end)


def test_quarter_lengths_and_leap_february() -> None:
    assert period_for(PeriodKind.THIS_QUARTER, date(2028, 2, 29)).days == 91  # leap year
    assert period_for(PeriodKind.THIS_QUARTER, date(2026, 2, 1)).days == 90
    assert period_for(PeriodKind.THIS_YEAR, date(2028, 6, 1)).days == 366


def test_custom_needs_typing() -> None:
    with pytest.raises(ValueError, match="parse_range"):
        period_for(PeriodKind.CUSTOM, TODAY)


def test_today_is_the_members_not_utc() -> None:
    # 31 December 20:00 UTC is already 1 January in Tyumen (UTC+5), still 31 Dec in Moscow
    moment = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
    assert local_today(moment, "Asia/Yekaterinburg") == date(2027, 1, 1)
    assert local_today(moment, "Europe/Moscow") == date(2026, 12, 31)
    assert current(PeriodKind.THIS_YEAR, moment, "Asia/Yekaterinburg").start == date(2027, 1, 1)
    assert current(PeriodKind.THIS_YEAR, moment, "Europe/Moscow").start == date(2026, 1, 1)


def test_bounds_are_local_midnights_in_utc() -> None:
    period = period_for(PeriodKind.THIS_QUARTER, TODAY)
    start, end = period.bounds("Asia/Yekaterinburg")
    assert start == datetime(2026, 9, 30, 19, 0, tzinfo=UTC)
    assert end == datetime(2026, 12, 31, 19, 0, tzinfo=UTC)
    # a zone with daylight saving: 1 January is winter time, 1 July summer time
    start, end = Period(PeriodKind.CUSTOM, date(2026, 1, 1), date(2026, 6, 30)).bounds(
        "Europe/Berlin"
    )
    assert start == datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)


def test_contains_seen_until_and_over() -> None:
    period = period_for(PeriodKind.THIS_QUARTER, TODAY)
    assert date(2026, 10, 1) in period and date(2026, 12, 31) in period
    assert date(2026, 9, 30) not in period and date(2027, 1, 1) not in period
    assert datetime(2026, 12, 31, 23, 59) in period
    assert "2026-10-01" not in period
    assert period.seen_until(TODAY) == TODAY
    assert not period.is_over(TODAY)
    last = period_for(PeriodKind.LAST_QUARTER, TODAY)
    assert last.seen_until(TODAY) == date(2026, 9, 30)
    assert last.is_over(TODAY)


def test_a_period_never_runs_backwards() -> None:
    with pytest.raises(ValueError):
        Period(PeriodKind.CUSTOM, date(2026, 2, 1), date(2026, 1, 31))


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("01.09.2026–31.12.2026", date(2026, 9, 1), date(2026, 12, 31)),
        ("01.09.2026 — 31.12.2026", date(2026, 9, 1), date(2026, 12, 31)),
        ("01.09.2026-31.12.2026", date(2026, 9, 1), date(2026, 12, 31)),
        ("01.09.2026 - 31.12.2026", date(2026, 9, 1), date(2026, 12, 31)),
        ("1.9.26–31.12.26", date(2026, 9, 1), date(2026, 12, 31)),
        ("01/09/2026–31/12/2026", date(2026, 9, 1), date(2026, 12, 31)),
        ("2026-09-01 - 2026-12-31", date(2026, 9, 1), date(2026, 12, 31)),
        ("2026-09-01–2026-12-31", date(2026, 9, 1), date(2026, 12, 31)),
        ("с 01.09.2026 по 31.12.2026", date(2026, 9, 1), date(2026, 12, 31)),
        ("С 1 сентября по 31 декабря 2026 г.", date(2026, 9, 1), date(2026, 12, 31)),
        ("за период с 01.09.2025 до 31.05.2026", date(2025, 9, 1), date(2026, 5, 31)),
        ("с 01.09.2026 по сегодня", date(2026, 9, 1), TODAY),
        ("1 сентября 2025 – 31 мая", date(2025, 9, 1), date(2026, 5, 31)),  # runs forward
        ("1 декабря – 31 мая 2026", date(2025, 12, 1), date(2026, 5, 31)),
        ("01.09–31.10", date(2026, 9, 1), date(2026, 10, 31)),  # this year
        ("01.09–31.05", date(2026, 9, 1), date(2027, 5, 31)),  # the academic year
        ("01.12–31.12", date(2025, 12, 1), date(2025, 12, 31)),  # not started: last year's
        ("26.11.2026–26.11.2026", TODAY, TODAY),  # one day
        ("01.03.2028–29.02.2032", date(2028, 3, 1), date(2032, 2, 29)),  # < 5 years
    ],
)
def test_typed_periods(typed: str, start: date, end: date) -> None:
    today = date(2028, 3, 1) if "2028" in typed else TODAY
    period = parse_range(typed, today)
    assert period == Period(PeriodKind.CUSTOM, start, end), typed


@pytest.mark.parametrize(
    ("typed", "reason", "detail"),
    [
        ("", RangeReason.EMPTY, ""),
        ("  с  ", RangeReason.EMPTY, ""),
        ("в прошлом году", RangeReason.UNKNOWN, "в прошлом году"),
        ("01.09.2026", RangeReason.UNKNOWN, "01.09.2026"),
        ("01.09.2026–", RangeReason.UNKNOWN, "01.09.2026–"),
        ("абв–где", RangeReason.UNKNOWN, "абв"),
        ("31.02.2026–31.03.2026", RangeReason.BAD_DATE, "31.02.2026"),
        ("01.01.2026–32.01.2026", RangeReason.BAD_DATE, "32.01.2026"),
        ("29.02–31.03", RangeReason.BAD_DATE, "29.02.2026"),
        ("31.12.2026–01.09.2026", RangeReason.REVERSED, "31.12.2026 – 01.09.2026"),
        ("01.12.2026–31.12.2026", RangeReason.FUTURE, "01.12.2026 – 31.12.2026"),
        ("01.01.2021–01.01.2026", RangeReason.TOO_LONG, "01.01.2021 – 01.01.2026"),
        ("01.09.2026–31.12.2062", RangeReason.TOO_LONG, "01.09.2026 – 31.12.2062"),
    ],
)
def test_refused_periods(typed: str, reason: RangeReason, detail: str) -> None:
    result = parse_range(typed, TODAY)
    assert result == RangeError(reason, detail), typed


def test_every_refusal_has_words() -> None:
    for reason in RangeReason:
        text = words.PERIOD_ERRORS[reason].format(detail="01.09.2026 – 31.12.2026")
        assert text and "{" not in text
    assert "01.09.2026–31.12.2026" in words.PERIOD_ERRORS[RangeReason.UNKNOWN]
    assert set(words.PERIOD_BUTTONS) == set(PeriodKind)


@pytest.mark.parametrize(
    ("kind", "today", "name", "heading"),
    [
        (PeriodKind.THIS_QUARTER, TODAY, "IV квартал 2026 г.", "за IV квартал 2026 г."),
        (PeriodKind.LAST_QUARTER, TODAY, "III квартал 2026 г.", "за III квартал 2026 г."),
        (PeriodKind.LAST_QUARTER, date(2026, 2, 1), "IV квартал 2025 г.", None),
        (PeriodKind.THIS_QUARTER, date(2026, 5, 1), "II квартал 2026 г.", None),
        (PeriodKind.THIS_YEAR, TODAY, "2026 год", "за 2026 год"),
        (PeriodKind.ACADEMIC_YEAR, TODAY, "2026/2027 учебный год", "за 2026/2027 учебный год"),
        (PeriodKind.ACADEMIC_YEAR, date(2026, 5, 1), "2025/2026 учебный год", None),
    ],
)
def test_period_names(kind: PeriodKind, today: date, name: str, heading: str | None) -> None:
    period = period_for(kind, today)
    assert words.period_name(period.kind, period.start, period.end) == name
    if heading:
        assert words.period_for(period.kind, period.start, period.end) == heading


def test_custom_period_names() -> None:
    period = parse_range("1.9.2026-31.10.2026", TODAY)
    assert isinstance(period, Period)
    assert words.period_name(period.kind, period.start, period.end) == "01.09.2026 – 31.10.2026"
    assert (
        words.period_for(period.kind, period.start, period.end)
        == "за период с 01.09.2026 по 31.10.2026"
    )
