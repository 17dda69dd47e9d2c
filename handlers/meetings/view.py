"""What the meeting screens share: rendering, the card, the meeting a button names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain import dates
from handlers.meetings import keyboards
from storage import meetings as db
from storage.models import Meeting
from texts import Texts, buttons, shorten
from texts import meetings as words

SCOPE = "mt"  # the meetings' calendar picker (handlers/shared/calendar.py)
PLACE_MIN = 2
PLACE_LIMIT = 300
PURPOSE_MIN = 2
PURPOSE_LIMIT = 1000
ITEM_LIMIT = 300
NOTES_LIMIT = 3000
STEP_LIMIT = 500


def render(tx: Texts, name: str, **context: Any) -> str:
    """A meetings template, with the feature's labels at hand as `words`."""
    return tx.render(name, words=words, **context)


def when(moment: datetime, tz: str | ZoneInfo) -> str:
    """The moment in words (weekday, date, time) in the zone `tz`."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    return words.human_moment(moment.astimezone(zone))


def span(meeting: Meeting, tz: str | ZoneInfo) -> str:
    """When the meeting starts and ends, in words, in the zone `tz`."""
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    return words.human_span(meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone))


def tz_label(ctx: Ctx) -> str:
    return buttons.timezone_label(ctx.member.timezone)


def message_of(query: CallbackQuery) -> Message | None:
    """The message a button is under (None when Telegram no longer gives it)."""
    return query.message if isinstance(query.message, Message) else None


async def say(message: Message, ctx: Ctx, template: str, **context: Any) -> None:
    """A short answer from a template outside the feature (common/not_found.html…)."""
    await message.answer(ctx.render(template, **context))


async def refuse(message: Message, ctx: Ctx, error: dates.ParseError, template: str) -> None:
    """Why a typed date (or time) was not taken; the question stands."""
    await message.answer(
        render(
            ctx.tx, template, reason=words.PARSE_ERRORS.get(error.reason, ""), detail=error.detail
        )
    )


def length_problem(ctx: Ctx, text: str, minimum: int, limit: int) -> str:
    """The short explanation of an answer too short or too long ("" if it fits)."""
    if minimum <= len(text) <= limit:
        return ""
    return render(ctx.tx, "meetings/bad_length.html", size=len(text), minimum=minimum, limit=limit)


async def load(ctx: Ctx, callback_answer: CallbackAnswer, meeting_id: int) -> Meeting | None:
    """The meeting a button names, in the member's organisation; else the not-found alert."""
    meeting = await db.get_meeting(ctx.session, ctx.org, meeting_id)
    if meeting is None:
        callback_answer.text = ctx.render("common/not_found.html")
        callback_answer.show_alert = True
    return meeting


async def card_text(
    ctx: Ctx,
    meeting: Meeting,
    header: str = "",
    ahead: tuple[bool, bool] = (False, False),
    closed: Sequence[str] = (),
) -> str:
    """The card; `header` "planned" / "moved" says which reminders will come (`ahead`) and
    which «another meeting» tasks the planned meeting closed (`closed`, their titles)."""
    partner = await db.partner_of(ctx.session, meeting)
    zone = ctx.tz
    next_date = (
        words.human_day(meeting.next_step_at.astimezone(zone)) if meeting.next_step_at else ""
    )
    now = ctx.now()
    return render(
        ctx.tx,
        "meetings/card.html",
        m=meeting,
        partner=partner,
        when=span(meeting, zone),
        tz_label=tz_label(ctx),
        header=header,
        next_date=next_date,
        eve=ahead[0],
        soon=ahead[1],
        going_on=meeting.starts_at <= now < meeting.ends_at,
        people=await people_names(ctx, meeting),
        closed=list(closed),
    )


async def people_names(ctx: Ctx, meeting: Meeting) -> list[str]:
    """The members taking part, when more than one (a card of one's own needs no names)."""
    ids = [mm.member_id for mm in meeting.members]
    if len(ids) < 2:
        return []
    found = {m.id: m.full_name for m in await db.colleagues(ctx.session, ctx.org, limit=100)}
    return [shorten(found[i], 60) for i in ids if i in found]


async def send_card(
    message: Message, ctx: Ctx, meeting: Meeting, header: str = "", closed: Sequence[str] = ()
) -> None:
    now = ctx.now()
    ahead = (False, False)
    if header:
        # which reminders will actually come: planned moments still ahead, wanted in settings
        kinds = db.reminder_moments(
            meeting.starts_at, meeting.duration_min, ctx.member.timezone, now
        )
        prefs = await db.get_prefs(ctx.session, ctx.member.id)
        ahead = (prefs.eve and db.KIND_EVE in kinds, prefs.soon and db.KIND_SOON in kinds)
    text = await card_text(ctx, meeting, header, ahead, closed)
    await message.answer(text, reply_markup=keyboards.card(meeting, now))
