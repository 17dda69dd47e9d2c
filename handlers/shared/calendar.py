"""A reusable inline calendar with time buttons.

Any feature can show it: `month_markup(scope, year, month, today)` for the days and
`time_markup(scope, day, now_local)` for the times; `scope` (2–3 letters) tells whose picker it
is. Navigation (previous / next month, "back to the days") and taps on blank cells are
handled here by `router()` (included in the meetings package's router); a picked day
(`act="d"`) or time (`act="t"`) is the feature's business: filter with
`CalendarPick("ag", "d")`.

    r.callback_query.register(day_picked, CalendarPick("ag", "d"), StateFilter(...))

    async def day_picked(query: CallbackQuery, callback_data: CalCb, ...) -> None:
        day = callback_data.day  # a datetime.date
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.context import Ctx
from handlers.shared.keyboards import edit
from texts import calendar_words
from texts import meetings as words


class CalAct(StrEnum):
    DAY = "d"  # a day picked (the feature's)
    TIME = "t"  # a time picked (the feature's)
    MONTH = "m"  # show a month
    BACK = "b"  # from the times back to the days
    NOTHING = "n"  # a blank cell, a header


class CalCb(CallbackData, prefix="cl"):
    scope: str  # whose picker: "mt" meetings, "ag" agreements…
    act: CalAct
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


CALENDAR_PREFIX = "cl:"  # CalCb's packed data starts so


class CalendarPick(Filter):
    """A day (act="d") or time (act="t") picked in the picker of `scope`; passes
    callback_data (a day that is not in the calendar, a time out of the day: no match)."""

    def __init__(self, scope: str, act: CalAct | str) -> None:
        self.scope = scope
        self.act = CalAct(act)
        self.data = CalCb.filter((F.scope == scope) & (F.act == self.act))

    async def __call__(self, query: CallbackQuery) -> bool | dict[str, Any]:
        found = await self.data(query)
        if not isinstance(found, dict):
            return False
        data: CalCb = found["callback_data"]
        if data.act == CalAct.DAY:
            try:
                data.day  # noqa: B018 - validates the (untrusted) date
            except ValueError:
                return False
        if data.act == CalAct.TIME and not 0 <= data.hm < 24 * 60:
            return False
        return found


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
    noop = CalCb(scope=scope, act=CalAct.NOTHING)
    py, pm = _shift(year, month, -1)
    ny, nm = _shift(year, month, 1)
    show_prev = allow_past or (py, pm) >= (today.year, today.month)
    kb = InlineKeyboardBuilder()
    kb.row(
        _btn(words.CAL_PREV, CalCb(scope=scope, act=CalAct.MONTH, y=py, m=pm, p=past))
        if show_prev
        else _btn(" ", noop),
        _btn(f"{calendar_words.MONTHS_NOMINATIVE[month - 1]} {year}", noop),
        _btn(words.CAL_NEXT, CalCb(scope=scope, act=CalAct.MONTH, y=ny, m=nm, p=past)),
    )
    kb.row(*(_btn(name, noop) for name in calendar_words.WEEKDAYS_SHORT))
    for week in _calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        if not allow_past and all(day == 0 or date(year, month, day) < today for day in week):
            continue  # a week entirely past: no row of inert blanks, the grid starts at today's
        row = []
        for day in week:
            if day == 0 or (not allow_past and date(year, month, day) < today):
                row.append(_btn(" ", noop))
                continue
            label = f"•{day}" if date(year, month, day) == today else str(day)
            picked = CalCb(scope=scope, act=CalAct.DAY, y=year, m=month, d=day, p=past)
            row.append(_btn(label, picked))
        kb.row(*row)
    for extra in extra_rows or ():
        kb.row(*extra)
    return kb.as_markup()


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
        picked = CalCb(scope=scope, act=CalAct.TIME, y=day.year, m=day.month, d=day.day, hm=minutes)
        cells.append(_btn(f"{minutes // 60:02d}:{minutes % 60:02d}", picked))
    kb = InlineKeyboardBuilder()
    for i in range(0, len(cells), columns):
        kb.row(*cells[i : i + columns])
    back = CalCb(scope=scope, act=CalAct.BACK, y=day.year, m=day.month)
    kb.row(_btn(words.CAL_BACK, back))
    return kb.as_markup()


def today_in(now_utc: datetime, tz: str) -> date:
    return now_utc.astimezone(ZoneInfo(tz)).date()


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


async def show_month(query: CallbackQuery, callback_data: CalCb, ctx: Ctx) -> None:
    """Month arrows and "back to the days" redraw the keyboard in place."""
    if not isinstance(query.message, Message):
        return
    today = ctx.today()
    year, month = callback_data.y, callback_data.m
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return
    allow_past = bool(callback_data.p)
    # a month entirely in the past makes no sense for planning: show the current one
    if not allow_past and (year, month) < (today.year, today.month):
        year, month = today.year, today.month
    # the feature's own rows under the grid (quick days, a past meeting's button) stay
    current = query.message.reply_markup
    extra = [
        row
        for row in (current.inline_keyboard if current else [])
        if not any((b.callback_data or "").startswith(CALENDAR_PREFIX) for b in row)
    ]
    # a month arrow tapped twice (or to the clamped current month) changes nothing
    markup = month_markup(
        callback_data.scope, year, month, today, allow_past=allow_past, extra_rows=extra
    )
    await edit(query.message, reply_markup=markup)


async def nothing(_: CallbackQuery) -> None:
    """A blank cell or a header: the tap is answered, nothing changes."""


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(show_month, CalCb.filter(F.act == CalAct.MONTH))
    r.callback_query.register(show_month, CalCb.filter(F.act == CalAct.BACK))
    r.callback_query.register(nothing, CalCb.filter(F.act == CalAct.NOTHING))
    return r
