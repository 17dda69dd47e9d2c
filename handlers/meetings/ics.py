"""Meetings as .ics files phone calendars import: one meeting, or all upcoming ones."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain.contacts import display_phone
from handlers.meetings.callbacks import ListAct, ListCb, MeetingAct, MeetingCb
from handlers.meetings.view import load, message_of, say
from storage import meetings as db
from storage.models import Meeting, Partner
from texts import meetings as words

ALL_LIMIT = 200  # upcoming meetings in one file


def build_ics(meetings: list[tuple[Meeting, Partner]], now: datetime) -> bytes:
    """An iCalendar file phone calendars import: one VEVENT per meeting, alarm 2 h before."""
    from icalendar import Alarm, Calendar, Event  # lazy: only exports need it (~3 MiB)

    cal = Calendar()
    cal.add("prodid", "-//partnerbot//meetings//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for meeting, partner in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.id}-{meeting.organisation_id}@partnerbot")
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_min))
        event.add("summary", words.ICS_SUMMARY.format(partner=partner.name))
        if meeting.place:
            event.add("location", meeting.place)
        lines = [words.FORMATS[meeting.format]]
        if meeting.purpose:
            lines.append(meeting.purpose)
        if partner.contact_person or partner.phone:
            phone = display_phone(partner.phone)
            lines.append(" ".join(x for x in (partner.contact_person, phone) if x))
        lines.extend(
            f"{words.CHECK_ON if i.done else words.CHECK_OFF} {i.text}" for i in meeting.items
        )
        event.add("description", "\n".join(lines))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", words.ICS_SUMMARY.format(partner=partner.name))
        alarm.add("trigger", timedelta(hours=-2))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


async def one(
    query: CallbackQuery, callback_data: MeetingCb, ctx: Ctx, callback_answer: CallbackAnswer
) -> None:
    if not (message := message_of(query)):
        return
    if not (meeting := await load(ctx, callback_answer, callback_data.id)):
        return
    partner = await db.partner_of(ctx.session, meeting)
    if partner is None:
        await say(message, ctx, "common/not_found.html")
        return
    data = build_ics([(meeting, partner)], ctx.now())
    name = words.ICS_FILE_ONE.format(id=meeting.id)
    await message.answer_document(BufferedInputFile(data, filename=name))


async def upcoming(query: CallbackQuery, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    now = ctx.now()
    found = await db.list_meetings(ctx.session, ctx.org, now=now, limit=ALL_LIMIT)
    pairs = [(r.meeting, await db.partner_of(ctx.session, r.meeting)) for r in found]
    data = build_ics([(m, p) for m, p in pairs if p is not None], now)
    await message.answer_document(BufferedInputFile(data, filename=words.ICS_FILE_ALL))


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(one, MeetingCb.filter(F.action == MeetingAct.ICS))
    r.callback_query.register(upcoming, ListCb.filter(F.action == ListAct.ICS_ALL))
    return r
