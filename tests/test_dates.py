"""Date phrases typed by teachers, with a fixed clock, in several time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.dates import (
    DayReading,
    ParsedMoment,
    ParseError,
    PartOfDay,
    Reason,
    TimeReading,
    alternative_button,
    notes,
    parse_day,
    parse_moment,
    parse_time,
    read_day,
    read_time,
)

TYUMEN = "Asia/Yekaterinburg"  # UTC+5
MOSCOW = "Europe/Moscow"  # UTC+3
KAMCHATKA = "Asia/Kamchatka"  # UTC+12
KALININGRAD = "Europe/Kaliningrad"  # UTC+2
NOVOSIBIRSK = "Asia/Novosibirsk"  # UTC+7


def at(tz: str, *parts: int) -> datetime:
    """A local moment in `tz` as the clock's UTC."""
    return datetime(*parts, tzinfo=ZoneInfo(tz)).astimezone(UTC)  # type: ignore[misc]


def local(result: ParsedMoment | ParseError) -> str:
    """What the member is shown, compactly: day, time, assumption, end date, other reading."""
    assert isinstance(result, ParsedMoment), result
    text = f"{result.local:%Y-%m-%d %a}"
    if result.has_time:
        text += f" {result.local:%H:%M}"
    if result.assumed_part_of_day is not None:
        text += f" ({result.assumed_part_of_day})"
    if result.until:
        text += " (until)"
    if result.alternative is not None:
        text += " | alt " + local(result.alternative)
    return text


# Thursday 26.11.2026 10:00 local
THU_10 = (2026, 11, 26, 10, 0)
# Monday 23.11.2026 10:07 local (the client's «в следующий вторник в 14» typed on a Monday)
MON_10 = (2026, 11, 23, 10, 7)
MON_2359 = (2026, 11, 23, 23, 59)
FRI_10 = (2026, 11, 27, 10, 0)
SUN_12 = (2026, 11, 29, 12, 0)
NYE_2359 = (2026, 12, 31, 23, 59)  # Thursday
NYE_12 = (2026, 12, 31, 12, 0)
FEB28_2027 = (2027, 2, 28, 12, 0)  # Sunday, a common year
FEB28_2028 = (2028, 2, 28, 12, 0)  # Monday, a leap year
FEB29_2359 = (2028, 2, 29, 23, 59)  # Tuesday

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
    # today's weekday, time ahead: today, or (the button) a week later
    (THU_10, TYUMEN, "в четверг в 11:00", "2026-11-26 Thu 11:00 | alt 2026-12-03 Thu 11:00"),
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
    # --- the client's bugs: a typed time is the time, in every spelling
    (MON_10, TYUMEN, "завтра 15.00", "2026-11-24 Tue 15:00"),
    (MON_10, TYUMEN, "послезавтра 10.30", "2026-11-25 Wed 10:30"),
    (MON_10, TYUMEN, "15.00", "2026-11-23 Mon 15:00"),
    (MON_10, TYUMEN, "15-00", "2026-11-23 Mon 15:00"),
    (MON_10, TYUMEN, "15 00", "2026-11-23 Mon 15:00"),
    (MON_10, TYUMEN, "в 15", "2026-11-23 Mon 15:00"),
    (MON_10, TYUMEN, "к 15", "2026-11-23 Mon 15:00"),
    (MON_10, TYUMEN, "15", "2026-11-23 Mon 15:00"),
    (MON_10, TYUMEN, "к 15.00", "2026-11-23 Mon 15:00"),
    (MON_10, TYUMEN, "в 15 00", "2026-11-23 Mon 15:00"),
    (MON_10, TYUMEN, "15.13", "2026-11-23 Mon 15:13"),  # no 13th month: a time
    (MON_10, TYUMEN, "завтра 10", "2026-11-24 Tue 10:00"),
    (MON_10, TYUMEN, "завтра в 10", "2026-11-24 Tue 10:00"),
    (MON_10, TYUMEN, "завтра в 15 часов", "2026-11-24 Tue 15:00"),
    (MON_10, TYUMEN, "15.00 завтра", "2026-11-24 Tue 15:00"),
    (MON_10, TYUMEN, "25.12 14.00", "2026-12-25 Fri 14:00"),
    (MON_10, TYUMEN, "в среду 15.00", "2026-11-25 Wed 15:00"),
    (MON_10, TYUMEN, "в пт 15.00", "2026-11-27 Fri 15:00"),
    (MON_10, TYUMEN, "15.12", "2026-12-15 Tue"),  # alone, a date
    (MON_10, TYUMEN, "завтра 15.12", "2026-11-24 Tue 15:12"),  # after a day, a time
    (MON_10, TYUMEN, "в 11 дня", "2026-11-23 Mon 11:00"),
    (MON_10, TYUMEN, "в полдень", "2026-11-23 Mon 12:00"),
    # --- parts of the day: assumed, and said so
    (MON_10, TYUMEN, "завтра утром", "2026-11-24 Tue 09:00 (morning)"),
    (MON_10, TYUMEN, "завтра днём", "2026-11-24 Tue 13:00 (afternoon)"),
    (MON_10, TYUMEN, "завтра вечером", "2026-11-24 Tue 18:00 (evening)"),
    (MON_10, TYUMEN, "завтра с утра", "2026-11-24 Tue 09:00 (morning)"),
    (MON_10, TYUMEN, "утром", "2026-11-24 Tue 09:00 (morning)"),  # 09:00 has passed
    (MON_10, TYUMEN, "вечером", "2026-11-23 Mon 18:00 (evening)"),
    (MON_10, TYUMEN, "в пятницу вечером", "2026-11-27 Fri 18:00 (evening)"),
    (MON_10, TYUMEN, "завтра утром в 10", "2026-11-24 Tue 10:00"),  # typed: no assumption
    (MON_10, TYUMEN, "вечером в 7", "2026-11-23 Mon 19:00"),
    (MON_10, TYUMEN, "днём в 2", "2026-11-23 Mon 14:00"),
    # --- weekdays: bare = nearest ahead; «следующий» = next calendar week
    (MON_10, TYUMEN, "в след. вторник", "2026-12-01 Tue | alt 2026-11-24 Tue"),
    (
        MON_10,
        TYUMEN,
        "в следующий вторник в 14",
        "2026-12-01 Tue 14:00 | alt 2026-11-24 Tue 14:00",
    ),
    (MON_10, TYUMEN, "след вторник 14:00", "2026-12-01 Tue 14:00 | alt 2026-11-24 Tue 14:00"),
    (MON_10, TYUMEN, "в следующую пятницу", "2026-12-04 Fri | alt 2026-11-27 Fri"),
    (MON_10, TYUMEN, "в будущую среду", "2026-12-02 Wed | alt 2026-11-25 Wed"),
    (MON_10, TYUMEN, "в эту пятницу", "2026-11-27 Fri"),
    (MON_10, TYUMEN, "в ближайшую пятницу", "2026-11-27 Fri"),
    (MON_10, TYUMEN, "в пятницу", "2026-11-27 Fri"),
    (MON_10, TYUMEN, "во вторник на следующей неделе", "2026-12-01 Tue"),
    (MON_10, TYUMEN, "на следующей неделе в среду в 11", "2026-12-02 Wed 11:00"),
    (MON_10, TYUMEN, "на этой неделе в четверг", "2026-11-26 Thu"),
    (MON_10, TYUMEN, "в понедельник", "2026-11-23 Mon | alt 2026-11-30 Mon"),
    (MON_10, TYUMEN, "в понедельник в 15", "2026-11-23 Mon 15:00 | alt 2026-11-30 Mon 15:00"),
    (MON_10, TYUMEN, "в понедельник в 9", "2026-11-30 Mon 09:00"),
    (MON_10, TYUMEN, "в следующий понедельник", "2026-11-30 Mon"),
    (MON_10, TYUMEN, "в субботу в 10:30", "2026-11-28 Sat 10:30"),
    (MON_10, TYUMEN, "в вс", "2026-11-29 Sun"),
    (MON_10, TYUMEN, "ко вторнику", "2026-11-24 Tue"),
    (FRI_10, TYUMEN, "в следующий вторник", "2026-12-01 Tue"),  # this week's has passed
    (FRI_10, TYUMEN, "во вторник", "2026-12-01 Tue"),
    (SUN_12, TYUMEN, "в следующий понедельник", "2026-11-30 Mon | alt 2026-12-07 Mon"),
    (SUN_12, TYUMEN, "в понедельник", "2026-11-30 Mon"),
    (SUN_12, TYUMEN, "в следующее воскресенье", "2026-12-06 Sun"),
    (SUN_12, TYUMEN, "в воскресенье", "2026-11-29 Sun | alt 2026-12-06 Sun"),
    (SUN_12, TYUMEN, "в следующую субботу", "2026-12-05 Sat"),
    # a weekday and a date: the date, and the named weekday if it is another day
    (MON_10, TYUMEN, "в субботу 28.11", "2026-11-28 Sat"),
    (MON_10, TYUMEN, "в пятницу 28.11", "2026-11-28 Sat | alt 2026-11-27 Fri"),
    (MON_10, TYUMEN, "28.11, суббота, 15.00", "2026-11-28 Sat 15:00"),
    (MON_10, TYUMEN, "в среду, 2 декабря, в 10:00", "2026-12-02 Wed 10:00"),
    (MON_10, TYUMEN, "в следующую субботу 28.11", "2026-11-28 Sat | alt 2026-12-05 Sat"),
    (MON_10, TYUMEN, "в следующую среду 2 декабря", "2026-12-02 Wed"),
    (MON_10, TYUMEN, "завтра (вторник) в 10", "2026-11-24 Tue 10:00"),
    (MON_10, TYUMEN, "в след неделю в среду", "2026-12-02 Wed"),
    (MON_10, TYUMEN, "завтра около 15", "2026-11-24 Tue 15:00"),
    (MON_10, TYUMEN, "послезавтра около 15.00", "2026-11-25 Wed 15:00"),
    (MON_10, TYUMEN, "завтра после обеда", "2026-11-24 Tue 14:00 (after_lunch)"),
    (MON_10, TYUMEN, "в обед", "2026-11-23 Mon 13:00 (afternoon)"),
    (MON_10, TYUMEN, "завтра с 10 до 12", "2026-11-24 Tue 10:00"),  # the start
    (MON_10, TYUMEN, "в пятницу с 3 до 5", "2026-11-27 Fri 03:00 | alt 2026-11-27 Fri 15:00"),
    (MON_10, TYUMEN, "через полчаса", "2026-11-23 Mon 10:37"),
    (MON_10, TYUMEN, "через полтора часа", "2026-11-23 Mon 11:37"),
    # --- end dates
    (MON_10, TYUMEN, "к концу недели", "2026-11-29 Sun (until)"),
    (MON_10, TYUMEN, "до 15.12", "2026-12-15 Tue (until)"),
    (MON_10, TYUMEN, "по 15.12", "2026-12-15 Tue (until)"),
    (MON_10, TYUMEN, "до 15 декабря", "2026-12-15 Tue (until)"),
    (MON_10, TYUMEN, "до пятницы", "2026-11-27 Fri (until)"),
    (MON_10, TYUMEN, "до конца месяца", "2026-11-30 Mon (until)"),
    (MON_10, TYUMEN, "до конца года", "2026-12-31 Thu (until)"),
    # --- hours 1 to 7: as typed, with the afternoon offered
    (MON_10, TYUMEN, "в 3", "2026-11-24 Tue 03:00 | alt 2026-11-23 Mon 15:00"),
    (MON_10, TYUMEN, "сегодня в 3", "2026-11-23 Mon 15:00"),  # 03:00 is gone
    (MON_10, TYUMEN, "завтра в 5", "2026-11-24 Tue 05:00 | alt 2026-11-24 Tue 17:00"),
    (MON_10, TYUMEN, "завтра в 05:00", "2026-11-24 Tue 05:00"),  # a leading zero: certain
    # 23:59: "today" is almost over
    ((2026, 11, 26, 23, 59), TYUMEN, "15:00", "2026-11-27 Fri 15:00"),
    ((2026, 11, 26, 23, 59), TYUMEN, "завтра в 9", "2026-11-27 Fri 09:00"),
    ((2026, 11, 26, 23, 59), KAMCHATKA, "в пятницу 10:30", "2026-11-27 Fri 10:30"),
    ((2026, 11, 26, 23, 59), MOSCOW, "в четверг 10:00", "2026-12-03 Thu 10:00"),
    (MON_2359, MOSCOW, "15.00", "2026-11-24 Tue 15:00"),
    (MON_2359, MOSCOW, "завтра утром", "2026-11-24 Tue 09:00 (morning)"),
    (MON_2359, MOSCOW, "вечером", "2026-11-24 Tue 18:00 (evening)"),
    (
        MON_2359,
        MOSCOW,
        "в следующий вторник",
        "2026-12-01 Tue | alt 2026-11-24 Tue",
    ),
    (MON_2359, KAMCHATKA, "завтра 10", "2026-11-24 Tue 10:00"),
    (MON_2359, KALININGRAD, "в 15", "2026-11-24 Tue 15:00"),
    (MON_2359, NOVOSIBIRSK, "в понедельник 10-00", "2026-11-30 Mon 10:00"),
    # 31 December: tomorrow is next year
    ((2026, 12, 31, 23, 59), TYUMEN, "завтра в 10:00", "2027-01-01 Fri 10:00"),
    ((2026, 12, 31, 12, 0), TYUMEN, "1.01 10:00", "2027-01-01 Fri 10:00"),
    ((2026, 12, 31, 12, 0), MOSCOW, "10 января в 11", "2027-01-10 Sun 11:00"),
    ((2026, 12, 31, 12, 0), TYUMEN, "через 2 дня в 11", "2027-01-02 Sat 11:00"),
    ((2026, 12, 31, 12, 0), TYUMEN, "31.12 18:00", "2026-12-31 Thu 18:00"),
    (NYE_2359, TYUMEN, "завтра 10", "2027-01-01 Fri 10:00"),
    (NYE_2359, TYUMEN, "15.00", "2027-01-01 Fri 15:00"),
    (NYE_2359, MOSCOW, "утром", "2027-01-01 Fri 09:00 (morning)"),
    (NYE_2359, TYUMEN, "в следующую пятницу", "2027-01-08 Fri | alt 2027-01-01 Fri"),
    (NYE_2359, KAMCHATKA, "в пятницу", "2027-01-01 Fri"),
    (NYE_2359, TYUMEN, "до 15.01", "2027-01-15 Fri (until)"),
    (NYE_2359, TYUMEN, "до конца года", "2026-12-31 Thu (until)"),
    (NYE_12, TYUMEN, "10.01 15.00", "2027-01-10 Sun 15:00"),
    (NYE_12, KALININGRAD, "в понедельник 10-00", "2027-01-04 Mon 10:00"),
    # 28 February of a common year and 29 February of a leap year
    ((2027, 2, 28, 12, 0), TYUMEN, "завтра в 10", "2027-03-01 Mon 10:00"),
    ((2028, 2, 28, 12, 0), TYUMEN, "завтра в 10", "2028-02-29 Tue 10:00"),
    ((2028, 2, 29, 23, 59), TYUMEN, "завтра в 10", "2028-03-01 Wed 10:00"),
    ((2028, 2, 28, 12, 0), TYUMEN, "29.02 10:00", "2028-02-29 Tue 10:00"),
    ((2027, 2, 28, 12, 0), TYUMEN, "через 1 месяц", "2027-03-28 Sun"),
    (FEB28_2027, TYUMEN, "завтра 15.00", "2027-03-01 Mon 15:00"),
    (FEB28_2027, MOSCOW, "в следующий понедельник", "2027-03-01 Mon | alt 2027-03-08 Mon"),
    (FEB28_2027, TYUMEN, "до конца месяца", "2027-02-28 Sun (until)"),
    (FEB28_2027, TYUMEN, "29.02", "2028-02-29 Tue"),  # the next leap year
    (FEB28_2028, TYUMEN, "завтра утром", "2028-02-29 Tue 09:00 (morning)"),
    (FEB28_2028, TYUMEN, "29.02 10.30", "2028-02-29 Tue 10:30"),
    (FEB28_2028, KAMCHATKA, "до конца месяца", "2028-02-29 Tue (until)"),
    (FEB28_2028, TYUMEN, "в следующий вторник", "2028-03-07 Tue | alt 2028-02-29 Tue"),
    (FEB29_2359, TYUMEN, "завтра 10", "2028-03-01 Wed 10:00"),
    (FEB29_2359, TYUMEN, "послезавтра вечером", "2028-03-02 Thu 18:00 (evening)"),
    (FEB29_2359, MOSCOW, "через 1 месяц", "2028-03-29 Wed"),
]


@pytest.mark.parametrize(("now", "tz", "phrase", "expected"), CASES)
def test_phrases(now: tuple[int, ...], tz: str, phrase: str, expected: str) -> None:
    assert local(parse_moment(phrase, at(tz, *now), tz)) == expected


def test_table_is_large_and_distinct() -> None:
    assert len(CASES) >= 80
    assert len({(now, tz, phrase) for now, tz, phrase, _ in CASES}) == len(CASES)


# One UTC instant, 20:30 on Monday: already Tuesday in Kamchatka, still Monday in Kaliningrad.
SAME_INSTANT = datetime(2026, 11, 23, 20, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "phrase", "expected"),
    [
        (KAMCHATKA, "завтра 10", "2026-11-25 Wed 10:00"),
        (KALININGRAD, "завтра 10", "2026-11-24 Tue 10:00"),
        (KAMCHATKA, "15.00", "2026-11-24 Tue 15:00"),
        (KALININGRAD, "15.00", "2026-11-24 Tue 15:00"),
        (KALININGRAD, "в 23", "2026-11-23 Mon 23:00"),
        (KAMCHATKA, "в следующий вторник", "2026-12-01 Tue"),  # today is Tuesday there
        (KALININGRAD, "в следующий вторник", "2026-12-01 Tue | alt 2026-11-24 Tue"),
    ],
)
def test_same_instant_other_zones(tz: str, phrase: str, expected: str) -> None:
    assert local(parse_moment(phrase, SAME_INSTANT, tz)) == expected


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
    (MON_10, TYUMEN, "24.00", Reason.BAD_TIME),  # no month 0 and no hour 24
    (MON_10, TYUMEN, "завтра 25.00", Reason.BAD_TIME),
    (MON_10, TYUMEN, "до 31.02", Reason.BAD_DATE),
    (MON_10, TYUMEN, "сегодня утром", Reason.PAST),  # 09:00 has passed
    (MON_10, TYUMEN, "вчера", Reason.PAST),
    (MON_10, TYUMEN, "в прошлый вторник", Reason.PAST),
    (MON_2359, MOSCOW, "сегодня вечером", Reason.PAST),
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
    result = parse_moment("второго декабря в 10:00", at(TYUMEN, *THU_10), TYUMEN)
    assert isinstance(result, ParsedMoment) and result.source == "dateparser"
    assert local(result) == "2026-12-02 Wed 10:00"


def test_fallback_keeps_the_typed_time_not_the_clock() -> None:
    # dateparser reads «15.00» as nothing and keeps the clock's 10:07; we put 15:00 back
    result = parse_moment("в следующем месяце 15.00", at(TYUMEN, *MON_10), TYUMEN)
    assert isinstance(result, ParsedMoment) and result.source == "dateparser"
    assert local(result) == "2026-12-23 Wed 15:00"


def test_fallback_without_a_readable_time_has_no_time() -> None:
    # «на следующей неделе» alone: dateparser gives next Monday at the clock's time
    result = parse_moment("на следующей неделе", at(TYUMEN, *MON_10), TYUMEN)
    assert isinstance(result, ParsedMoment)
    assert not result.has_time and result.local.hour == 0 and result.local.minute == 0


def test_echo_notes_and_button() -> None:
    morning = parse_moment("завтра утром", at(TYUMEN, *MON_10), TYUMEN)
    assert isinstance(morning, ParsedMoment)
    assert notes(morning) == ["«Утром» — ставлю 09:00. Нужно другое время — напишите его."]
    assert alternative_button(morning) is None

    tuesday = parse_moment("в следующий вторник в 14", at(TYUMEN, *MON_10), TYUMEN)
    assert isinstance(tuesday, ParsedMoment)
    assert notes(tuesday) == [
        "«Во вторник» — ближайший вторник, «в следующий вторник» — вторник следующей недели."
    ]
    assert alternative_button(tuesday) == "Нет, вторник, 24 ноября, 14:00"

    three = parse_moment("завтра в 3", at(TYUMEN, *MON_10), TYUMEN)
    assert isinstance(three, ParsedMoment)
    assert notes(three) == ["Если имели в виду время после полудня — нажмите кнопку ниже."]
    assert alternative_button(three) == "Нет, вторник, 24 ноября, 15:00"

    until = parse_moment("до 15.12", at(TYUMEN, *MON_10), TYUMEN)
    assert isinstance(until, ParsedMoment)
    assert notes(until) == ["Записываю как крайний срок."]

    plain = parse_moment("завтра 15.00", at(TYUMEN, *MON_10), TYUMEN)
    assert isinstance(plain, ParsedMoment) and notes(plain) == []


def test_echo_button_without_time() -> None:
    friday = parse_moment("в следующую пятницу", at(TYUMEN, *MON_10), TYUMEN)
    assert isinstance(friday, ParsedMoment)
    assert alternative_button(friday) == "Нет, пятница, 27 ноября"


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
    (date(2026, 11, 23), "до 15.12", date(2026, 12, 15)),
    (date(2026, 11, 23), "до 15.12.2027", date(2027, 12, 15)),
    (date(2026, 11, 23), "в след. пятницу", date(2026, 12, 4)),
    (date(2026, 11, 23), "вчера", date(2026, 11, 22)),
    (date(2026, 11, 23), "до конца года", date(2026, 12, 31)),
]


@pytest.mark.parametrize(("today", "phrase", "expected"), DAYS)
def test_parse_day(today: date, phrase: str, expected: date) -> None:
    assert parse_day(phrase, today) == expected


def test_parse_day_prefer_past_and_errors() -> None:
    assert parse_day("15.09", date(2026, 1, 10), prefer_past=True) == date(2025, 9, 15)
    # a bare weekday, looking back (a signing date): the nearest one behind, today included
    assert parse_day("в пятницу", date(2026, 11, 23), prefer_past=True) == date(2026, 11, 20)
    assert parse_day("в понедельник", date(2026, 11, 23), prefer_past=True) == date(2026, 11, 23)
    assert parse_day("в прошлую среду", date(2026, 11, 23)) == date(2026, 11, 18)
    bad = parse_day("31.02.2027", date(2026, 11, 26))
    assert isinstance(bad, ParseError) and bad.reason == Reason.BAD_DATE
    assert isinstance(parse_day("абв", date(2026, 11, 26)), ParseError)


def test_read_day_alternative_and_until() -> None:
    monday = date(2026, 11, 23)
    assert read_day("в следующий вторник", monday) == DayReading(
        date(2026, 12, 1), alternative=date(2026, 11, 24)
    )
    assert read_day("до пятницы", monday) == DayReading(date(2026, 11, 27), until=True)
    assert read_day("15 декабря", monday) == DayReading(date(2026, 12, 15))
    empty = read_day("  ", monday)
    assert isinstance(empty, ParseError) and empty.reason == Reason.EMPTY


def test_parse_time() -> None:
    assert parse_time("15:30") == time(15, 30)
    assert parse_time("в 9") == time(9, 0)
    assert parse_time("7 вечера") == time(19, 0)
    bad = parse_time("24:00")
    assert isinstance(bad, ParseError) and bad.reason == Reason.BAD_TIME


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("15.00", TimeReading(time(15, 0))),
        ("15-00", TimeReading(time(15, 0))),
        ("15 00", TimeReading(time(15, 0))),
        ("в 15", TimeReading(time(15, 0))),
        ("к 15", TimeReading(time(15, 0))),
        ("15", TimeReading(time(15, 0))),
        ("вечером", TimeReading(time(18, 0), assumed_part_of_day=PartOfDay.EVENING)),
        ("утром", TimeReading(time(9, 0), assumed_part_of_day=PartOfDay.MORNING)),
        ("днём", TimeReading(time(13, 0), assumed_part_of_day=PartOfDay.AFTERNOON)),
        ("утром в 10", TimeReading(time(10, 0))),
        ("вечером в 7", TimeReading(time(19, 0))),
        ("в 3", TimeReading(time(3, 0), alternative=time(15, 0))),
        ("03:00", TimeReading(time(3, 0))),
        ("в 11 дня", TimeReading(time(11, 0))),
    ],
)
def test_read_time(phrase: str, expected: TimeReading) -> None:
    assert read_time(phrase) == expected


def test_read_time_refuses() -> None:
    assert read_time("") == ParseError(Reason.EMPTY)
    assert read_time("25.00") == ParseError(Reason.BAD_TIME, "25:00")
    assert read_time("15 декабря") == ParseError(Reason.UNKNOWN)
