"""Date phrases typed by teachers, with a fixed clock, in several time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.dates import ParsedMoment, ParseError, Reason, parse_day, parse_moment, parse_time

TYUMEN = "Asia/Yekaterinburg"  # UTC+5
MOSCOW = "Europe/Moscow"  # UTC+3
KAMCHATKA = "Asia/Kamchatka"  # UTC+12
KALININGRAD = "Europe/Kaliningrad"  # UTC+2


def at(tz: str, *parts: int) -> datetime:
    """A local moment in `tz` as the clock's UTC."""
    return datetime(*parts, tzinfo=ZoneInfo(tz)).astimezone(UTC)  # type: ignore[misc]


def local(result: ParsedMoment | ParseError) -> str:
    assert isinstance(result, ParsedMoment), result
    text = f"{result.local:%Y-%m-%d %a}"
    return f"{text} {result.local:%H:%M}" if result.has_time else text


# Thursday 26.11.2026 10:00 local
THU_10 = (2026, 11, 26, 10, 0)

CASES: list[tuple[tuple[int, ...], str, str, str]] = [
    # (local now, zone, phrase, expected local result)
    (THU_10, TYUMEN, "завтра в 15:00", "2026-11-27 Fri 15:00"),
    (THU_10, TYUMEN, "в пятницу 10:30", "2026-11-27 Fri 10:30"),
    (THU_10, TYUMEN, "25.12 14:00", "2026-12-25 Fri 14:00"),
    (THU_10, TYUMEN, "через 2 дня в 11", "2026-11-28 Sat 11:00"),
    (THU_10, TYUMEN, "15:00", "2026-11-26 Thu 15:00"),  # still ahead: today
    (THU_10, TYUMEN, "9:00", "2026-11-27 Fri 09:00"),  # passed: tomorrow
    (THU_10, TYUMEN, "сегодня в 18:30", "2026-11-26 Thu 18:30"),
    (THU_10, TYUMEN, "послезавтра", "2026-11-28 Sat"),
    (THU_10, TYUMEN, "1 декабря в 9:00", "2026-12-01 Tue 09:00"),
    (THU_10, TYUMEN, "в четверг в 11:00", "2026-11-26 Thu 11:00"),  # today's weekday, ahead
    (THU_10, TYUMEN, "в четверг в 9:00", "2026-12-03 Thu 09:00"),  # today's, passed
    (THU_10, TYUMEN, "в следующий четверг в 11", "2026-12-03 Thu 11:00"),
    (THU_10, TYUMEN, "в 3 дня", "2026-11-26 Thu 15:00"),
    (THU_10, TYUMEN, "завтра в 7 вечера", "2026-11-27 Fri 19:00"),
    (THU_10, TYUMEN, "в 9 утра", "2026-11-27 Fri 09:00"),
    (THU_10, TYUMEN, "Завтра, в 15.30!", "2026-11-27 Fri 15:30"),
    (THU_10, TYUMEN, "через неделю", "2026-12-03 Thu"),
    (THU_10, TYUMEN, "через 2 часа", "2026-11-26 Thu 12:00"),
    (THU_10, TYUMEN, "3 марта в 10 часов", "2027-03-03 Wed 10:00"),
    (THU_10, TYUMEN, "10.01", "2027-01-10 Sun"),  # far behind this year → next year
    (THU_10, TYUMEN, "15 января 2027 в 12:00", "2027-01-15 Fri 12:00"),
    (THU_10, TYUMEN, "2026-12-01 10:00", "2026-12-01 Tue 10:00"),
    (THU_10, TYUMEN, "3 марта 2027 года 10:00", "2027-03-03 Wed 10:00"),
    (THU_10, TYUMEN, "3-го марта в 10:00", "2027-03-03 Wed 10:00"),
    (THU_10, TYUMEN, "2 декабря, 10 часов 30 минут", "2026-12-02 Wed 10:30"),
    # the same bare time in other zones (dateparser would move «15:00» to tomorrow)
    (THU_10, MOSCOW, "15:00", "2026-11-26 Thu 15:00"),
    (THU_10, KAMCHATKA, "15:00", "2026-11-26 Thu 15:00"),
    (THU_10, KALININGRAD, "15:00", "2026-11-26 Thu 15:00"),
    # 23:59: "today" is almost over
    ((2026, 11, 26, 23, 59), TYUMEN, "15:00", "2026-11-27 Fri 15:00"),
    ((2026, 11, 26, 23, 59), TYUMEN, "завтра в 9", "2026-11-27 Fri 09:00"),
    ((2026, 11, 26, 23, 59), KAMCHATKA, "в пятницу 10:30", "2026-11-27 Fri 10:30"),
    ((2026, 11, 26, 23, 59), MOSCOW, "в четверг 10:00", "2026-12-03 Thu 10:00"),
    # 31 December: tomorrow is next year
    ((2026, 12, 31, 23, 59), TYUMEN, "завтра в 10:00", "2027-01-01 Fri 10:00"),
    ((2026, 12, 31, 12, 0), TYUMEN, "1.01 10:00", "2027-01-01 Fri 10:00"),
    ((2026, 12, 31, 12, 0), MOSCOW, "10 января в 11", "2027-01-10 Sun 11:00"),
    ((2026, 12, 31, 12, 0), TYUMEN, "через 2 дня в 11", "2027-01-02 Sat 11:00"),
    ((2026, 12, 31, 12, 0), TYUMEN, "31.12 18:00", "2026-12-31 Thu 18:00"),
    # 28 February of a common year and 29 February of a leap year
    ((2027, 2, 28, 12, 0), TYUMEN, "завтра в 10", "2027-03-01 Mon 10:00"),
    ((2028, 2, 28, 12, 0), TYUMEN, "завтра в 10", "2028-02-29 Tue 10:00"),
    ((2028, 2, 29, 23, 59), TYUMEN, "завтра в 10", "2028-03-01 Wed 10:00"),
    ((2028, 2, 28, 12, 0), TYUMEN, "29.02 10:00", "2028-02-29 Tue 10:00"),
    ((2027, 2, 28, 12, 0), TYUMEN, "через 1 месяц", "2027-03-28 Sun"),
]


@pytest.mark.parametrize(("now", "tz", "phrase", "expected"), CASES)
def test_phrases(now: tuple[int, ...], tz: str, phrase: str, expected: str) -> None:
    assert local(parse_moment(phrase, at(tz, *now), tz)) == expected


REFUSED: list[tuple[tuple[int, ...], str, str, Reason]] = [
    (THU_10, TYUMEN, "31.02 10:00", Reason.BAD_DATE),
    (THU_10, TYUMEN, "31.04.2027", Reason.BAD_DATE),
    ((2027, 2, 1, 12, 0), TYUMEN, "29.02.2027 10:00", Reason.BAD_DATE),
    (THU_10, TYUMEN, "25:00", Reason.BAD_TIME),
    (THU_10, TYUMEN, "завтра в 10:75", Reason.BAD_TIME),
    (THU_10, TYUMEN, "сегодня в 9:00", Reason.PAST),
    (THU_10, TYUMEN, "25.11 10:00", Reason.PAST),  # yesterday, not next year
    (THU_10, TYUMEN, "01.01.2020 10:00", Reason.PAST),
    (THU_10, TYUMEN, "01.01.2099 10:00", Reason.TOO_FAR),
    (THU_10, TYUMEN, "", Reason.EMPTY),
    (THU_10, TYUMEN, "как-нибудь потом", Reason.UNKNOWN),
]


@pytest.mark.parametrize(("now", "tz", "phrase", "reason"), REFUSED)
def test_refused_with_reason(now: tuple[int, ...], tz: str, phrase: str, reason: Reason) -> None:
    result = parse_moment(phrase, at(tz, *now), tz)
    assert isinstance(result, ParseError), result
    assert result.reason == reason


def test_stored_in_utc() -> None:
    result = parse_moment("завтра в 15:00", at(TYUMEN, *THU_10), TYUMEN)
    assert isinstance(result, ParsedMoment)
    assert result.at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_dst_gap_refused() -> None:
    # 29 March 2026: Berlin moves clocks 02:00 → 03:00
    result = parse_moment("29.03 02:30", at("Europe/Berlin", 2026, 3, 1, 12, 0), "Europe/Berlin")
    assert isinstance(result, ParseError) and result.reason == Reason.DST_GAP


def test_fallback_is_used_for_other_phrasings() -> None:
    result = parse_moment("в среду, 2 декабря, в 10:00", at(TYUMEN, *THU_10), TYUMEN)
    assert isinstance(result, ParsedMoment) and result.source == "dateparser"
    assert local(result) == "2026-12-02 Wed 10:00"


DAYS: list[tuple[date, str, date]] = [
    (date(2026, 11, 26), "15.01.2027", date(2027, 1, 15)),
    (date(2026, 11, 26), "15 января 2027", date(2027, 1, 15)),
    (date(2026, 11, 26), "15 января 2027 г.", date(2027, 1, 15)),
    (date(2026, 11, 26), "15.01", date(2027, 1, 15)),
    (date(2026, 11, 26), "15.01.27", date(2027, 1, 15)),
    (date(2026, 11, 26), "завтра", date(2026, 11, 27)),
    (date(2026, 12, 31), "завтра", date(2027, 1, 1)),
    (date(2028, 2, 28), "завтра", date(2028, 2, 29)),
    (date(2026, 11, 26), "в пятницу", date(2026, 11, 27)),
    (date(2026, 11, 26), "через неделю", date(2026, 12, 3)),
    (date(2026, 11, 26), "01.09.2026", date(2026, 9, 1)),  # past days are the caller's call
    (date(2026, 11, 26), "29.02", date(2028, 2, 29)),
]


@pytest.mark.parametrize(("today", "phrase", "expected"), DAYS)
def test_parse_day(today: date, phrase: str, expected: date) -> None:
    assert parse_day(phrase, today) == expected


def test_parse_day_prefer_past_and_errors() -> None:
    assert parse_day("15.09", date(2026, 1, 10), prefer_past=True) == date(2025, 9, 15)
    bad = parse_day("31.02.2027", date(2026, 11, 26))
    assert isinstance(bad, ParseError) and bad.reason == Reason.BAD_DATE
    assert isinstance(parse_day("абв", date(2026, 11, 26)), ParseError)


def test_parse_time() -> None:
    assert parse_time("15:30") == datetime(2000, 1, 1, 15, 30).time()
    assert parse_time("в 9") == datetime(2000, 1, 1, 9, 0).time()
    assert parse_time("7 вечера") == datetime(2000, 1, 1, 19, 0).time()
    bad = parse_time("24:00")
    assert isinstance(bad, ParseError) and bad.reason == Reason.BAD_TIME
