"""A meeting that took place without being planned here (or before the bot): when it was
("yesterday at 15:00", "on Monday 10:30", "25.11", the calendar), its format, then its
outcome as any report (`report`). Nothing is planned, nothing reminded."""

from __future__ import annotations

from datetime import date, datetime, time

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.domain import dates
from handlers.meetings import details
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import message_of, render, say
from handlers.shared import calendar
from handlers.shared.calendar import CalCb, CalendarPick
from handlers.shared.filters import Has
from texts import meetings as words

SCOPE = "mp"  # the past meeting's calendar (past days may be picked)
EARLY_HOURS = 8  # "at 3" yesterday: 15:00 rather than 03:00


def _at(day: date, reading: dates.TimeReading, ctx: Ctx) -> datetime | dates.ParseError | None:
    """The time read on `day`, in the past (the afternoon reading of "at 3" if the morning
    one is implausible or ahead); None: it is still ahead."""
    candidates = [reading.value]
    if reading.alternative is not None:
        if reading.value.hour < EARLY_HOURS:
            candidates.insert(0, reading.alternative)
        else:
            candidates.append(reading.alternative)
    error: dates.ParseError | None = None
    for at in candidates:
        local = dates.combine(day, at, ctx.member.timezone)
        if isinstance(local, dates.ParseError):
            error = local
            continue
        if local <= ctx.now():
            return local
    return error


def read_past(text: str, ctx: Ctx) -> datetime | date | dates.ParseError | None:
    """A moment (or a day) in the past from what was typed; None: it is still ahead.

    A day and a time are read separately (the day preferring the past: "on Monday" is
    the last Monday), split at each word boundary, either order."""
    today = ctx.today()
    tokens = dates.normalise(text).split()
    for i in range(1, len(tokens)):
        for day_part, time_part in ((tokens[:i], tokens[i:]), (tokens[i:], tokens[:i])):
            reading = dates.read_time(" ".join(time_part))
            if isinstance(reading, dates.ParseError):
                continue
            day = dates.read_day(" ".join(day_part), today, prefer_past=True)
            if isinstance(day, dates.DayReading):
                return _at(day.day, reading, ctx) if day.day <= today else None
    day = dates.read_day(text, today, prefer_past=True)
    if isinstance(day, dates.DayReading):
        return day.day if day.day <= today else None
    reading = dates.read_time(text)
    if isinstance(reading, dates.TimeReading):
        return _at(today, reading, ctx)
    return day


async def ask_past_when(query: CallbackQuery, ctx: Ctx) -> None:
    """«The meeting already took place»: when was it."""
    if message := message_of(query):
        await _ask_when(message, ctx)


async def _ask_when(message: Message, ctx: Ctx, problem: str = "") -> None:
    data = await ctx.state.get_data()
    await ctx.state.set_state(MeetingForm.past_when)
    await ctx.state.update_data(log=True, reschedule_id=0)
    await message.answer(
        render(
            ctx.tx,
            "meetings/ask_past_when.html",
            partner=data.get("partner_name", ""),
            problem=problem,
        ),
        reply_markup=calendar.first_markup(SCOPE, ctx.today(), allow_past=True),
    )


async def from_text(message: Message, ctx: Ctx, text: str) -> None:
    """What was typed, read as a meeting in the past: on to its format (or its time)."""
    await ctx.state.update_data(log=True, reschedule_id=0)
    found = read_past(text, ctx)
    if isinstance(found, datetime):
        await _moment(message, ctx, found)
    elif isinstance(found, date):
        await _ask_time(message, ctx, found)
    elif found is None:
        await _ask_when(message, ctx, render(ctx.tx, "meetings/still_ahead.html"))
    else:
        reason = words.PARSE_ERRORS.get(found.reason, "")
        await _ask_when(message, ctx, f"{reason}: {found.detail}" if found.detail else reason)


async def past_typed(message: Message, ctx: Ctx) -> None:
    await from_text(message, ctx, message.text or "")


async def _ask_time(message: Message, ctx: Ctx, day: date, problem: str = "") -> None:
    await ctx.state.set_state(MeetingForm.past_time)
    await ctx.state.update_data(day=day.isoformat())
    await message.answer(
        render(
            ctx.tx,
            "meetings/ask_past_time.html",
            day=words.human_day(datetime.combine(day, time())),
            problem=problem,
        ),
        reply_markup=calendar.time_markup(SCOPE, day),
    )


async def past_time_typed(message: Message, ctx: Ctx) -> None:
    """The time it began; or a whole moment again."""
    data = await ctx.state.get_data()
    reading = dates.read_time(message.text or "")
    if isinstance(reading, dates.ParseError):
        await from_text(message, ctx, message.text or "")
        return
    day = date.fromisoformat(data["day"])
    found = _at(day, reading, ctx)
    if isinstance(found, datetime):
        await _moment(message, ctx, found)
        return
    problem = render(ctx.tx, "meetings/still_ahead.html") if found is None else ""
    await _ask_time(message, ctx, day, problem)


async def day_picked(query: CallbackQuery, callback_data: CalCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    if callback_data.day > ctx.today():
        await _ask_when(message, ctx, render(ctx.tx, "meetings/still_ahead.html"))
        return
    await _ask_time(message, ctx, callback_data.day)


async def time_picked(query: CallbackQuery, callback_data: CalCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    try:
        day = callback_data.day
    except ValueError:
        await say(message, ctx, "common/stale.html")
        return
    local = dates.combine(day, callback_data.at, ctx.member.timezone)
    if isinstance(local, dates.ParseError) or local > ctx.now():
        await _ask_time(message, ctx, day, render(ctx.tx, "meetings/still_ahead.html"))
        return
    await _moment(message, ctx, local)


async def _moment(message: Message, ctx: Ctx, local: datetime) -> None:
    await ctx.state.update_data(starts_at=dates.ParsedMoment(local, True).at.isoformat())
    await details.ask_format(message, ctx)


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(past_typed, StateFilter(MeetingForm.past_when), Has("text"))
    r.message.register(past_time_typed, StateFilter(MeetingForm.past_time), Has("text"))
    asking = StateFilter(MeetingForm.past_when, MeetingForm.past_time)
    r.callback_query.register(day_picked, CalendarPick(SCOPE, "d"), asking)
    r.callback_query.register(time_picked, CalendarPick(SCOPE, "t"), asking)
    return r
