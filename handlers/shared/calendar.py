"""A reusable inline calendar with time buttons.

Any feature can show it: `month_markup(scope, year, month, today)` for the days and
`time_markup(scope, day, now_local)` for the times; `scope` (2–3 letters) tells whose picker it
is. Navigation (previous / next month, "back to the days") and taps on blank cells are
handled here by `router` (included in handlers/meetings.router); a picked day (`act="d"`) or
time (`act="t"`) is the feature's business: filter with `CalendarPick("ag", "d")`.

    @router.callback_query(CalendarPick("ag", "d"))
    async def day_picked(query: CallbackQuery, callback_data: CalCb, ...) -> None:
        day = callback_data.day  # a datetime.date
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.clock import Clock
from handlers.shared.keyboards import edit
from storage.orgs import MemberInfo
from texts import calendar_words
from texts import meetings as words

router = Router(name=__name__)


class CalCb(CallbackData, prefix="cl"):
    scope: str  # whose picker: "mt" meetings, "ag" agreements…
    act: str  # d: day picked, t: time picked, m: show a month, b: back to days, n: nothing
    y: int = 0
    m: int = 0
    d: int = 0
    hm: int = -1  # minutes after midnight (act="t")
    p: int = 0  # 1: past days may be picked (e.g. the date an agreement was signed)

    @property
    def day(self) -> date:
        return date(self.y, self.m, self.d)

    @property
    def at(self) -> time:
        return time(self.hm // 60, self.hm % 60)


class CalendarPick(Filter):
    """A day (act="d") or time (act="t") picked in the picker of `scope`; passes callback_data."""

    callback_data = CalCb  # whose data it takes (read by bot/routing.py)

    def __init__(self, scope: str, act: str) -> None:
        self.scope = scope
        self.act = act

    async def __call__(self, query: CallbackQuery) -> bool | dict[str, Any]:
        if not query.data or not query.data.startswith(CalCb.__prefix__ + ":"):
            return False
        try:
            data = CalCb.unpack(query.data)
        except (TypeError, ValueError):
            return False
        if data.scope != self.scope or data.act != self.act:
            return False
        if data.act == "d":
            try:
                data.day  # noqa: B018 - validates the (untrusted) date
            except ValueError:
                return False
        if data.act == "t" and not 0 <= data.hm < 24 * 60:
            return False
        return {"callback_data": data}


def _btn(text: str, data: CalCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def month_markup(
    scope: str,
    year: int,
    month: int,
    today: date,
    *,
    allow_past: bool = False,
    extra_rows: list[list[InlineKeyboardButton]] | None = None,
) -> InlineKeyboardMarkup:
    """Days of one month, Monday first; past days are blank unless `allow_past`, and weeks
    entirely in the past are left out (the current month starts at the current week)."""
    past = int(allow_past)
    noop = CalCb(scope=scope, act="n")
    py, pm = _shift(year, month, -1)
    ny, nm = _shift(year, month, 1)
    show_prev = allow_past or (py, pm) >= (today.year, today.month)
    rows: list[list[InlineKeyboardButton]] = [
        [
            _btn(words.CAL_PREV, CalCb(scope=scope, act="m", y=py, m=pm, p=past))
            if show_prev
            else _btn(" ", noop),
            _btn(f"{calendar_words.MONTHS_NOMINATIVE[month - 1]} {year}", noop),
            _btn(words.CAL_NEXT, CalCb(scope=scope, act="m", y=ny, m=nm, p=past)),
        ],
        [_btn(name, noop) for name in calendar_words.WEEKDAYS_SHORT],
    ]
    for week in _calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        if not allow_past and all(day == 0 or date(year, month, day) < today for day in week):
            continue  # a week entirely past: no row of inert blanks, the grid starts at today's
        row = []
        for day in week:
            if day == 0 or (not allow_past and date(year, month, day) < today):
                row.append(_btn(" ", noop))
                continue
            label = f"•{day}" if date(year, month, day) == today else str(day)
            row.append(_btn(label, CalCb(scope=scope, act="d", y=year, m=month, d=day, p=past)))
        rows.append(row)
    if extra_rows:
        rows.extend(extra_rows)
    return InlineKeyboardMarkup(inline_keyboard=rows)


DEFAULT_TIMES = tuple(h * 60 + m for h in range(8, 20) for m in (0, 30))


def time_markup(
    scope: str,
    day: date,
    now_local: datetime | None = None,
    *,
    times: tuple[int, ...] = DEFAULT_TIMES,
    columns: int = 4,
) -> InlineKeyboardMarkup:
    """Time buttons for `day` (those already past today are left out) and "back to days"."""
    cells: list[InlineKeyboardButton] = []
    for minutes in times:
        at = datetime.combine(day, time(minutes // 60, minutes % 60))
        if now_local is not None and at <= now_local.replace(tzinfo=None):
            continue
        cells.append(
            _btn(
                f"{minutes // 60:02d}:{minutes % 60:02d}",
                CalCb(scope=scope, act="t", y=day.year, m=day.month, d=day.day, hm=minutes),
            )
        )
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    rows.append([_btn(words.CAL_BACK, CalCb(scope=scope, act="b", y=day.year, m=day.month))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def today_in(now_utc: datetime, tz: str) -> date:
    return now_utc.astimezone(ZoneInfo(tz)).date()


class _Nav(Filter):
    callback_data = CalCb  # whose data it takes (read by bot/routing.py)

    async def __call__(self, query: CallbackQuery) -> bool | dict[str, Any]:
        if not query.data or not query.data.startswith(CalCb.__prefix__ + ":"):
            return False
        try:
            data = CalCb.unpack(query.data)
        except (TypeError, ValueError):
            return False
        if data.act not in ("m", "b", "n"):
            return False
        return {"callback_data": data}


@router.callback_query(_Nav())
async def navigate(
    query: CallbackQuery, callback_data: CalCb, clock: Clock, member: MemberInfo | None = None
) -> None:
    """Month arrows and "back to the days" redraw the keyboard in place."""
    await query.answer()
    message = query.message
    if callback_data.act == "n" or not isinstance(message, Message):
        return
    today = today_in(clock.now(), member.timezone if member else "UTC")
    year, month = callback_data.y, callback_data.m
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return
    allow_past = bool(callback_data.p)
    # a month entirely in the past makes no sense for planning: show the current one
    if not allow_past and (year, month) < (today.year, today.month):
        year, month = today.year, today.month
    # a month arrow tapped twice (or to the clamped current month) changes nothing
    await edit(
        message,
        reply_markup=month_markup(callback_data.scope, year, month, today, allow_past=allow_past),
    )


def first_markup(
    scope: str,
    today: date,
    extra_rows: list[list[InlineKeyboardButton]] | None = None,
    *,
    allow_past: bool = False,
) -> InlineKeyboardMarkup:
    """The current month."""
    return month_markup(
        scope, today.year, today.month, today, extra_rows=extra_rows, allow_past=allow_past
    )
