"""Planning a meeting, and moving one: whom (the picker), when (typed or on the calendar,
then confirmed). The place, purpose and format follow in `details`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.domain import dates
from bot.reminders import ReminderEngine
from bot.services import meetings as service
from handlers.meetings import details, keyboards
from handlers.meetings.callbacks import StepAct, StepCb
from handlers.meetings.picker import ask_partner
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
from handlers.shared.callbacks import NewMeeting
from handlers.shared.filters import Has
from storage import meetings as db
from storage import partners as partners_db
from storage.models import Meeting, MeetingStatus, Partner
from texts import meetings as words

MOMENT = (MeetingForm.when, MeetingForm.time, MeetingForm.confirm)


async def start_planning(message: Message, ctx: Ctx, partner_id: int) -> None:
    """A meeting with this partner (0: choose the partner first)."""
    await ctx.state.clear()
    if partner_id == 0:
        await ask_partner(message, ctx)
        return
    partner = await partners_db.get_partner(ctx.session, ctx.org, partner_id)
    if partner is None:
        await say(message, ctx, "common/not_found.html")
        return
    await ask_when(message, ctx, partner)


async def ask_when(
    message: Message, ctx: Ctx, partner: Partner, reschedule: Meeting | None = None
) -> None:
    """When: the question (or, moving a `reschedule`d meeting, its current moment) and the
    calendar of the current month."""
    await ctx.state.set_state(MeetingForm.when)
    await ctx.state.update_data(
        partner_id=partner.id,
        partner_name=partner.name,
        reschedule_id=reschedule.id if reschedule else 0,
    )
    if reschedule is not None:
        text = render(
            ctx.tx,
            "meetings/ask_reschedule.html",
            partner=partner.name,
            when=when(reschedule.starts_at, ctx.member.timezone),
        )
    else:
        text = render(
            ctx.tx, "meetings/ask_when.html", partner=partner.name, tz_label=tz_label(ctx)
        )
    await message.answer(text, reply_markup=calendar.first_markup(SCOPE, ctx.today()))


async def meet_command(message: Message, ctx: Ctx) -> None:
    await start_planning(message, ctx, 0)


async def new_meeting(query: CallbackQuery, callback_data: NewMeeting, ctx: Ctx) -> None:
    """The entry point other features offer (the partner card, the coach…) and the
    picker's buttons."""
    if message := message_of(query):
        await start_planning(message, ctx, callback_data.partner_id)


# --------------------------------------------------------------------------- the moment


async def _understood(message: Message, ctx: Ctx, local: datetime) -> None:
    """Echo the moment understood, to be confirmed."""
    await ctx.state.set_state(MeetingForm.confirm)
    await ctx.state.update_data(starts_at=local.astimezone(UTC).isoformat())
    await message.answer(
        render(
            ctx.tx,
            "meetings/confirm_when.html",
            when=words.human_moment(local),
            tz_label=tz_label(ctx),
        ),
        reply_markup=keyboards.confirm(),
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
    """A date and time typed (also instead of tapping «confirm»: a corrected moment)."""
    parsed = dates.parse_moment(message.text or "", ctx.now(), ctx.member.timezone)
    if isinstance(parsed, dates.ParseError):
        await refuse(message, ctx, parsed, "meetings/bad_when.html")
        return
    if not parsed.has_time:
        await _ask_time(message, ctx, parsed.day)
        return
    await _understood(message, ctx, parsed.local)


async def time_typed(message: Message, ctx: Ctx) -> None:
    """The time of the day asked; or a whole new moment ("tomorrow at 10")."""
    data = await ctx.state.get_data()
    text = message.text or ""
    at = dates.parse_time(text)
    if isinstance(at, dates.ParseError):
        parsed = dates.parse_moment(text, ctx.now(), ctx.member.timezone)
        if isinstance(parsed, dates.ParseError) or not parsed.has_time:
            error = parsed if isinstance(parsed, dates.ParseError) else at
            await refuse(message, ctx, error, "meetings/bad_when.html")
            return
        await _understood(message, ctx, parsed.local)
        return
    local = dates.combine(date.fromisoformat(data["day"]), at, ctx.member.timezone)
    if isinstance(local, dates.ParseError):
        await refuse(message, ctx, local, "meetings/bad_when.html")
        return
    if (late := dates.check_future(local, ctx.now(), True)) is not None:
        await refuse(message, ctx, late, "meetings/bad_when.html")
        return
    await _understood(message, ctx, local)


async def day_picked(query: CallbackQuery, callback_data: CalCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    day = callback_data.day
    if day < ctx.today():
        past = dates.ParseError(dates.Reason.PAST, f"{day:%d.%m.%Y}")
        await refuse(message, ctx, past, "meetings/bad_when.html")
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
    await _understood(message, ctx, local)


async def change(query: CallbackQuery, ctx: Ctx) -> None:
    """«Change» under the understood moment: the question again."""
    if not (message := message_of(query)):
        return
    data = await ctx.state.get_data()
    await ctx.state.set_state(MeetingForm.when)
    await message.answer(
        render(
            ctx.tx,
            "meetings/ask_when.html",
            partner=data.get("partner_name", ""),
            tz_label=tz_label(ctx),
        ),
        reply_markup=calendar.first_markup(SCOPE, ctx.today()),
    )


async def confirm(query: CallbackQuery, ctx: Ctx, reminders: ReminderEngine | None = None) -> None:
    """The moment confirmed: a moved meeting is saved; a new one goes on to the place."""
    if not (message := message_of(query)):
        return
    data = await ctx.state.get_data()
    starts_at = datetime.fromisoformat(data["starts_at"])
    if starts_at <= ctx.now():  # confirmed too late
        await ctx.state.set_state(MeetingForm.when)
        past = dates.ParseError(dates.Reason.PAST, when(starts_at, ctx.member.timezone))
        await refuse(message, ctx, past, "meetings/bad_when.html")
        return
    if data.get("reschedule_id"):
        await _reschedule(message, ctx, int(data["reschedule_id"]), starts_at, reminders)
        return
    partner = await partners_db.get_partner(ctx.session, ctx.org, data["partner_id"])
    if partner is None:
        await ctx.state.clear()
        await say(message, ctx, "common/not_found.html")
        return
    await details.ask_place(message, ctx, partner)


async def _reschedule(
    message: Message,
    ctx: Ctx,
    meeting_id: int,
    starts_at: datetime,
    engine: ReminderEngine | None,
) -> None:
    await ctx.state.clear()
    meeting = await db.get_meeting(ctx.session, ctx.org, meeting_id)
    if meeting is None or meeting.status != MeetingStatus.PLANNED:
        await say(message, ctx, "common/not_found.html")
        return
    moments = await service.reschedule(ctx.session, ctx.member, meeting, starts_at, ctx.now())
    if engine is not None and moments:
        engine.notify(moments[0])
    await send_card(message, ctx, meeting, header="moved")


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(meet_command, Command("meet"))
    r.callback_query.register(new_meeting, NewMeeting.filter())
    r.message.register(when_typed, StateFilter(MeetingForm.when), Has("text"))
    r.message.register(time_typed, StateFilter(MeetingForm.time), Has("text"))
    r.message.register(when_typed, StateFilter(MeetingForm.confirm), Has("text"))
    r.callback_query.register(day_picked, CalendarPick(SCOPE, "d"), StateFilter(*MOMENT))
    r.callback_query.register(time_picked, CalendarPick(SCOPE, "t"), StateFilter(*MOMENT))
    confirming = StateFilter(MeetingForm.confirm)
    r.callback_query.register(confirm, StepCb.filter(F.action == StepAct.CONFIRM), confirming)
    r.callback_query.register(change, StepCb.filter(F.action == StepAct.CHANGE), confirming)
    return r
