"""When the meeting is: typed (bot/domain/dates.py reads it) or picked on the calendar, then
echoed for confirmation with what was assumed ("in the morning" → 09:00) and, for an
ambiguous phrase, the other reading as a button that switches to it. Confirming picks how
long it lasts (30/60/90/120 min); an overlap with another of the member's meetings is
warned of. A moved meeting is saved here; a new one goes on to `details`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.domain import dates
from bot.reminders import ReminderEngine
from bot.services import meetings as service
from handlers.meetings import details, keyboards, past
from handlers.meetings.callbacks import StepAct, StepCb
from handlers.meetings.planning import when_question
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import (
    SCOPE,
    message_of,
    refuse,
    render,
    say,
    send_card,
    tz_label,
    when,
)
from handlers.shared import calendar
from handlers.shared.calendar import CalCb, CalendarPick
from handlers.shared.filters import Has
from storage import meetings as db
from storage import partners as partners_db
from storage.models import DEFAULT_DURATION, DURATIONS, MeetingStatus
from texts import meetings as words

MOMENT = (MeetingForm.when, MeetingForm.time, MeetingForm.confirm, MeetingForm.overlap)


async def _understood(message: Message, ctx: Ctx, parsed: dates.ParsedMoment) -> None:
    """Echo the moment understood, with what was assumed and the other reading (a button),
    to be confirmed with how long the meeting lasts."""
    other = parsed.alternative
    await ctx.state.set_state(MeetingForm.confirm)
    await ctx.state.update_data(
        starts_at=parsed.at.isoformat(), other_at=other.at.isoformat() if other else None
    )
    await _echo(message, ctx, parsed.local, dates.notes(parsed), dates.alternative_button(parsed))


async def _echo(
    message: Message, ctx: Ctx, local: datetime, notes: list[str], other: str | None
) -> None:
    data = await ctx.state.get_data()
    duration = int(data.get("duration") or DEFAULT_DURATION)
    await message.answer(
        render(
            ctx.tx,
            "meetings/confirm_when.html",
            when=words.human_moment(local),
            tz_label=tz_label(ctx),
            notes=notes,
            length=words.DURATIONS.get(duration, ""),
        ),
        reply_markup=keyboards.confirm(duration, other),
    )


async def _ask_time(message: Message, ctx: Ctx, day: date) -> None:
    await ctx.state.set_state(MeetingForm.time)
    await ctx.state.update_data(day=day.isoformat())
    now_local = ctx.now().astimezone(ctx.tz)
    await message.answer(
        render(
            ctx.tx, "meetings/ask_time.html", day=words.human_day(datetime.combine(day, time()))
        ),
        reply_markup=calendar.time_markup(SCOPE, day, now_local),
    )


async def when_typed(message: Message, ctx: Ctx) -> None:
    """A date and time typed (also instead of tapping «confirm»: a corrected moment). A new
    meeting's moment that has passed may be a meeting that took place: offered."""
    text = message.text or ""
    parsed = dates.parse_moment(text, ctx.now(), ctx.member.timezone)
    if isinstance(parsed, dates.ParseError):
        data = await ctx.state.get_data()
        if parsed.reason == dates.Reason.PAST and not data.get("reschedule_id"):
            await ctx.state.set_state(MeetingForm.when)
            await ctx.state.update_data(typed=text[:200])
            await message.answer(
                render(ctx.tx, "meetings/past_offer.html", detail=parsed.detail),
                reply_markup=keyboards.past_offer(),
            )
            return
        await refuse(message, ctx, parsed, "meetings/bad_when.html")
        return
    if not parsed.has_time:
        await _ask_time(message, ctx, parsed.day)
        return
    await _understood(message, ctx, parsed)


def on_day(
    day: date, reading: dates.TimeReading, ctx: Ctx
) -> dates.ParsedMoment | dates.ParseError:
    """A time read alone, on the day asked, with its other reading ("at 3": 03:00 or 15:00)."""
    local = dates.combine(day, reading.value, ctx.member.timezone)
    if isinstance(local, dates.ParseError):
        return local
    other = None
    if reading.alternative is not None:
        alt = dates.combine(day, reading.alternative, ctx.member.timezone)
        if isinstance(alt, datetime) and dates.check_future(alt, ctx.now(), True) is None:
            other = dates.ParsedMoment(alt, has_time=True)
    if (late := dates.check_future(local, ctx.now(), True)) is not None:
        if other is not None:  # "at 3" at 10:00 today can only be 15:00
            return other
        return late
    return dates.ParsedMoment(
        local, has_time=True, assumed_part_of_day=reading.assumed_part_of_day, alternative=other
    )


async def time_typed(message: Message, ctx: Ctx) -> None:
    """The time of the day asked; or a whole new moment ("tomorrow at 10")."""
    data = await ctx.state.get_data()
    text = message.text or ""
    reading = dates.read_time(text)
    if isinstance(reading, dates.ParseError):
        await when_typed(message, ctx)
        return
    parsed = on_day(date.fromisoformat(data["day"]), reading, ctx)
    if isinstance(parsed, dates.ParseError):
        await refuse(message, ctx, parsed, "meetings/bad_when.html")
        return
    await _understood(message, ctx, parsed)


async def day_picked(query: CallbackQuery, callback_data: CalCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    day = callback_data.day
    if day < ctx.today():
        past_day = dates.ParseError(dates.Reason.PAST, f"{day:%d.%m.%Y}")
        await refuse(message, ctx, past_day, "meetings/bad_when.html")
        return
    await _ask_time(message, ctx, day)


async def time_picked(query: CallbackQuery, callback_data: CalCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    try:
        day = callback_data.day
    except ValueError:
        await say(message, ctx, "common/stale.html")
        return
    local = dates.combine(day, callback_data.at, ctx.member.timezone)
    if isinstance(local, dates.ParseError):
        await refuse(message, ctx, local, "meetings/bad_when.html")
        return
    if (error := dates.check_future(local, ctx.now(), True)) is not None:
        await refuse(message, ctx, error, "meetings/bad_when.html")
        return
    await _understood(message, ctx, dates.ParsedMoment(local, has_time=True))


async def other_reading(query: CallbackQuery, ctx: Ctx) -> None:
    """«No, <the other reading>»: it becomes the moment, and the first one the other."""
    if not (message := message_of(query)):
        return
    data = await ctx.state.get_data()
    if not data.get("other_at") or not data.get("starts_at"):
        await say(message, ctx, "common/stale.html")
        return
    first = datetime.fromisoformat(data["starts_at"])
    chosen = datetime.fromisoformat(data["other_at"])
    await ctx.state.update_data(starts_at=chosen.isoformat(), other_at=first.isoformat())
    zone = ctx.tz
    back = dates.ParsedMoment(first.astimezone(zone), has_time=True)
    now = dates.ParsedMoment(chosen.astimezone(zone), has_time=True, alternative=back)
    await _echo(message, ctx, now.local, [], dates.alternative_button(now))


async def change(query: CallbackQuery, ctx: Ctx) -> None:
    """«Change» under the understood moment (or the overlap warning): the question again."""
    if not (message := message_of(query)):
        return
    data = await ctx.state.get_data()
    await ctx.state.set_state(MeetingForm.when)
    await message.answer(
        when_question(ctx, str(data.get("partner_name", ""))),
        reply_markup=calendar.first_markup(SCOPE, ctx.today()),
    )


async def confirm(
    query: CallbackQuery,
    callback_data: StepCb,
    ctx: Ctx,
    reminders: ReminderEngine | None = None,
) -> None:
    """The moment confirmed, and how long the meeting lasts (idx: minutes; 0: as shown).
    Another meeting of the member's at that time is warned of first."""
    if not (message := message_of(query)):
        return
    data = await ctx.state.get_data()
    duration = callback_data.idx or int(data.get("duration") or DEFAULT_DURATION)
    if duration not in DURATIONS:
        await say(message, ctx, "common/stale.html")
        return
    await ctx.state.update_data(duration=duration)
    starts_at = datetime.fromisoformat(data["starts_at"])
    if starts_at <= ctx.now():  # confirmed too late
        await ctx.state.set_state(MeetingForm.when)
        late = dates.ParseError(dates.Reason.PAST, when(starts_at, ctx.member.timezone))
        await refuse(message, ctx, late, "meetings/bad_when.html")
        return
    ends_at = starts_at + timedelta(minutes=duration)
    clash = await db.overlapping(
        ctx.session,
        ctx.org,
        ctx.member.id,
        starts_at,
        ends_at,
        exclude_id=int(data.get("reschedule_id") or 0),
    )
    if clash:
        await ctx.state.set_state(MeetingForm.overlap)
        zone = ctx.tz
        rows = [
            (
                row.partner_name,
                words.human_span(
                    row.meeting.starts_at.astimezone(zone), row.meeting.ends_at.astimezone(zone)
                ),
            )
            for row in clash
        ]
        await message.answer(
            render(ctx.tx, "meetings/overlap.html", rows=rows), reply_markup=keyboards.overlap()
        )
        return
    await _go_on(message, ctx, reminders)


async def overlap_ok(
    query: CallbackQuery, ctx: Ctx, reminders: ReminderEngine | None = None
) -> None:
    if message := message_of(query):
        await _go_on(message, ctx, reminders)


async def _go_on(message: Message, ctx: Ctx, engine: ReminderEngine | None) -> None:
    """A moved meeting is saved; a new one goes on to its format."""
    data = await ctx.state.get_data()
    if data.get("reschedule_id"):
        await _reschedule(message, ctx, int(data["reschedule_id"]), engine)
        return
    partner = await partners_db.get_partner(ctx.session, ctx.org, int(data["partner_id"]))
    if partner is None:
        await ctx.state.clear()
        await say(message, ctx, "common/not_found.html")
        return
    await details.ask_format(message, ctx)


async def _reschedule(
    message: Message, ctx: Ctx, meeting_id: int, engine: ReminderEngine | None
) -> None:
    data = await ctx.state.get_data()
    await ctx.state.clear()
    meeting = await db.get_meeting(ctx.session, ctx.org, meeting_id)
    if meeting is None or meeting.status != MeetingStatus.PLANNED:
        await say(message, ctx, "common/not_found.html")
        return
    starts_at = datetime.fromisoformat(data["starts_at"]).astimezone(UTC)
    duration = int(data.get("duration") or meeting.duration_min)
    moments = await service.reschedule(
        ctx.session, ctx.member, meeting, starts_at, ctx.now(), duration
    )
    if engine is not None and moments:
        engine.notify(moments[0])
    await send_card(message, ctx, meeting, header="moved")


async def write_past(query: CallbackQuery, ctx: Ctx) -> None:
    """«Write it as a past meeting» under a moment that has passed: the text typed, read
    as a moment in the past."""
    if not (message := message_of(query)):
        return
    data = await ctx.state.get_data()
    await past.from_text(message, ctx, str(data.get("typed") or ""))


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(when_typed, StateFilter(MeetingForm.when), Has("text"))
    r.message.register(time_typed, StateFilter(MeetingForm.time), Has("text"))
    r.message.register(
        when_typed, StateFilter(MeetingForm.confirm, MeetingForm.overlap), Has("text")
    )
    r.callback_query.register(day_picked, CalendarPick(SCOPE, "d"), StateFilter(*MOMENT))
    r.callback_query.register(time_picked, CalendarPick(SCOPE, "t"), StateFilter(*MOMENT))
    confirming = StateFilter(MeetingForm.confirm)
    r.callback_query.register(confirm, StepCb.filter(F.action == StepAct.CONFIRM), confirming)
    r.callback_query.register(other_reading, StepCb.filter(F.action == StepAct.OTHER), confirming)
    r.callback_query.register(
        change,
        StepCb.filter(F.action == StepAct.CHANGE),
        StateFilter(MeetingForm.confirm, MeetingForm.overlap),
    )
    r.callback_query.register(
        overlap_ok, StepCb.filter(F.action == StepAct.OVERLAP_OK), StateFilter(MeetingForm.overlap)
    )
    r.callback_query.register(
        write_past, StepCb.filter(F.action == StepAct.PAST), StateFilter(MeetingForm.when)
    )
    r.callback_query.register(
        past.ask_past_when,
        StepCb.filter(F.action == StepAct.LOG),
        StateFilter(MeetingForm.when, MeetingForm.format),
    )
    return r
