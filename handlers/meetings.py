"""Meetings with partners (steps 4–5 of the method): planning, preparation checklist, /meetings,
reschedule and cancel, reminders and the "how did it go?" follow-up, .ics export, and the
member's reminder settings.

Entry points: the partner card (`NewMeeting`, `PartnerMeetings` from handlers/callbacks.py),
`/meet`, `/meetings` and the meetings label of the main menu (texts.buttons.MENU_MEETINGS).
"""

from __future__ import annotations

import inspect
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain import dates
from bot.domain.contacts import display_phone
from bot.reminder_types import Outgoing, ReminderRenderer
from bot.reminders import ReminderEngine, member_left, member_returned
from handlers.shared import calendar
from handlers.shared.calendar import CalCb, CalendarPick
from handlers.shared.callbacks import (
    NewAgreement,
    NewMeeting,
    OpenPartner,
    PartnerMeetings,
    ReminderSettings,
    ReportMeeting,
)
from handlers.shared.filters import Has, Registered, TextIs
from handlers.shared.keyboards import edit, inline
from storage import meetings as db
from storage import partners as partners_db
from storage.enums import PartnerStatus
from storage.models import (
    Meeting,
    MeetingFormat,
    MeetingOutcome,
    MeetingStatus,
    Member,
    Partner,
    Reminder,
)
from storage.orgs import MemberInfo
from texts import Texts, buttons
from texts import meetings as words

router = Router(name=__name__)
router.message.filter(Registered())
router.callback_query.filter(Registered())
router.include_router(calendar.router)  # month arrows of every calendar picker

SCOPE = "mt"
PLACE_MIN = 2
PLACE_LIMIT = 300
PURPOSE_MIN = 2
PURPOSE_LIMIT = 1000
ITEM_LIMIT = 300
NOTES_LIMIT = 3000
STEP_LIMIT = 500

# a planned meeting moves the partner to "meeting planned" only from these statuses
# (a partner already negotiating or under an agreement does not go back)
PLANNABLE_FROM = {
    PartnerStatus.POTENTIAL.value,
    PartnerStatus.OFFER_READY.value,
    PartnerStatus.PAUSED.value,
    PartnerStatus.DECLINED.value,
}


# a meeting's outcome moves the partner forward only from the statuses up to "meeting
# planned": a partner under negotiation, with a signed or active agreement never goes back
# ("declined" also from negotiating: no agreement is in force yet)
AGREED_FROM = {
    PartnerStatus.POTENTIAL.value,
    PartnerStatus.OFFER_READY.value,
    PartnerStatus.MEETING_PLANNED.value,
}
DECLINED_FROM = AGREED_FROM | {PartnerStatus.NEGOTIATING.value}


class MeetingForm(StatesGroup):
    partner = State()
    list_partner = State()  # /meetings «by partner»: whose meetings to list
    when = State()
    time = State()
    confirm = State()
    place = State()
    purpose = State()
    format = State()
    item = State()
    notes = State()
    outcome = State()
    next_step = State()
    next_date = State()


class MtCb(CallbackData, prefix="mt"):
    a: str  # action
    id: int = 0  # meeting id (or partner / item id, see the action)
    x: int = 0  # an index or flag


def render(tx: Texts, name: str, **ctx: Any) -> str:
    return tx.render(name, words=words, **ctx)


def _zone(member: MemberInfo) -> ZoneInfo:
    return ZoneInfo(member.timezone)


def _tz_label(member: MemberInfo) -> str:
    return buttons.timezone_label(member.timezone)


def _when(moment: datetime, tz: str | ZoneInfo) -> str:
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    return words.human_moment(moment.astimezone(zone))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- keyboards


def _skip_row() -> list[tuple[str, str]]:
    return [(buttons.SKIP, MtCb(a="sk").pack())]


def _calendar(member: MemberInfo, now: datetime) -> InlineKeyboardMarkup:
    today = now.astimezone(_zone(member)).date()
    return calendar.first_markup(SCOPE, today)


def card_markup(meeting: Meeting, now: datetime) -> InlineKeyboardMarkup:
    mid = meeting.id
    rows: list[list[InlineKeyboardButton]] = []

    def row(*cells: tuple[str, str]) -> None:
        rows.append([InlineKeyboardButton(text=t, callback_data=d) for t, d in cells])

    if meeting.status == MeetingStatus.PLANNED:
        for item in meeting.items:
            mark = words.CHECK_ON if item.done else words.CHECK_OFF
            row((f"{mark} {_short(item.text)}", MtCb(a="t", id=mid, x=item.id).pack()))
        row(
            (words.ADD_ITEM, MtCb(a="ai", id=mid).pack()),
            (words.EDIT_ITEMS, MtCb(a="ei", id=mid).pack()),
        )
        if meeting.starts_at <= now:
            row((words.REPORT, MtCb(a="rep", id=mid).pack()))
        row(
            (words.RESCHEDULE, MtCb(a="rs", id=mid).pack()),
            (words.CANCEL_MEETING, MtCb(a="cx", id=mid).pack()),
        )
        row((words.ICS_ONE, MtCb(a="ics", id=mid).pack()))
    row((words.TO_PARTNER, OpenPartner(id=meeting.partner_id).pack()))
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _card_text(
    session: AsyncSession,
    tx: Texts,
    meeting: Meeting,
    tz: str,
    header: str = "",
    reminders_ahead: tuple[bool, bool] = (False, False),
) -> str:
    partner = await db.partner_of(session, meeting)
    zone = ZoneInfo(tz)
    next_date = (
        words.human_day(meeting.next_step_at.astimezone(zone)) if meeting.next_step_at else ""
    )
    return render(
        tx,
        "meetings/card.html",
        m=meeting,
        partner=partner,
        when=_when(meeting.starts_at, zone),
        tz_label=buttons.timezone_label(tz),
        header=header,
        next_date=next_date,
        eve=reminders_ahead[0],
        soon=reminders_ahead[1],
    )


async def _send_card(
    message: Message,
    session: AsyncSession,
    tx: Texts,
    meeting: Meeting,
    member: MemberInfo,
    now: datetime,
    header: str = "",
) -> None:
    ahead = (False, False)
    if header:
        # which reminders will actually come: planned moments still ahead, wanted in settings
        kinds = db.reminder_moments(meeting.starts_at, meeting.duration_min, member.timezone, now)
        prefs = await db.get_prefs(session, member.id)
        ahead = (prefs.eve and db.KIND_EVE in kinds, prefs.soon and db.KIND_SOON in kinds)
    text = await _card_text(session, tx, meeting, member.timezone, header, ahead)
    await message.answer(text, reply_markup=card_markup(meeting, now))


async def _load(
    query: CallbackQuery, session: AsyncSession, member: MemberInfo, meeting_id: int, tx: Texts
) -> Meeting | None:
    meeting = await db.get_meeting(session, member.organisation_id, meeting_id)
    if meeting is None:
        await query.answer(tx.render("common/not_found.html"), show_alert=True)
    return meeting


# --------------------------------------------------------------------------- planning


async def _ask_partner(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    query_text: str | None = None,
    *,
    listing: bool = False,
    past: bool = False,
) -> None:
    """The partner picker: whom to plan a meeting with, or (`listing`) whose meetings to
    list in /meetings (upcoming or `past`); a typed part of the name searches."""
    if listing:
        found = await db.pick_partners(
            session, member.organisation_id, query_text, with_meetings=True
        )
    else:
        found = await db.pick_partners(session, member.organisation_id, query_text)
    if not found:
        await message.answer(
            render(tx, "meetings/no_partners.html", query=query_text or "", listing=listing)
        )
        if query_text is None:
            await state.clear()
        return
    if listing:
        await state.set_state(MeetingForm.list_partner)
        await state.update_data(list_past=int(past))
        rows = [[(name[:60], MtCb(a="lp", id=pid, x=int(past)).pack())] for pid, name in found]
        rows.append([(words.ALL_MEETINGS, MtCb(a="ls", x=int(past)).pack())])
    else:
        await state.set_state(MeetingForm.partner)
        rows = [[(name[:60], MtCb(a="pp", id=pid).pack())] for pid, name in found]
    await message.answer(
        render(tx, "meetings/choose_partner.html", partners=found, listing=listing),
        reply_markup=inline(rows),
    )


async def _ask_when(
    message: Message,
    state: FSMContext,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    partner: Partner,
    reschedule: Meeting | None = None,
) -> None:
    await state.set_state(MeetingForm.when)
    await state.update_data(
        partner_id=partner.id,
        partner_name=partner.name,
        reschedule_id=reschedule.id if reschedule else 0,
    )
    if reschedule is not None:
        text = render(
            tx,
            "meetings/ask_reschedule.html",
            partner=partner.name,
            when=_when(reschedule.starts_at, member.timezone),
        )
    else:
        text = render(
            tx, "meetings/ask_when.html", partner=partner.name, tz_label=_tz_label(member)
        )
    await message.answer(text, reply_markup=_calendar(member, clock.now()))


async def start_planning(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    partner_id: int,
) -> None:
    await state.clear()
    if partner_id == 0:
        await _ask_partner(message, state, session, member, tx)
        return
    partner = await partners_db.get_partner(session, member.organisation_id, partner_id)
    if partner is None:
        await message.answer(tx.render("common/not_found.html"))
        return
    await _ask_when(message, state, member, tx, clock, partner)


@router.message(Command("meet"))
async def meet_command(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    await start_planning(message, state, session, member, tx, clock, 0)


@router.callback_query(NewMeeting.filter())
async def new_meeting(
    query: CallbackQuery,
    callback_data: NewMeeting,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await start_planning(
            query.message, state, session, member, tx, clock, callback_data.partner_id
        )


@router.message(StateFilter(MeetingForm.partner), Has("text"))
async def partner_typed(
    message: Message, state: FSMContext, session: AsyncSession, member: MemberInfo, tx: Texts
) -> None:
    await _ask_partner(message, state, session, member, tx, (message.text or "").strip()[:100])


@router.message(StateFilter(MeetingForm.list_partner), Has("text"))
async def list_partner_typed(
    message: Message, state: FSMContext, session: AsyncSession, member: MemberInfo, tx: Texts
) -> None:
    """A part of the name typed in the «by partner» picker of /meetings: search."""
    data = await state.get_data()
    await _ask_partner(
        message,
        state,
        session,
        member,
        tx,
        (message.text or "").strip()[:100],
        listing=True,
        past=bool(data.get("list_past")),
    )


async def _moment_understood(
    message: Message, state: FSMContext, member: MemberInfo, tx: Texts, local: datetime
) -> None:
    await state.set_state(MeetingForm.confirm)
    await state.update_data(starts_at=local.astimezone(ZoneInfo("UTC")).isoformat())
    await message.answer(
        render(
            tx,
            "meetings/confirm_when.html",
            when=words.human_moment(local),
            tz_label=_tz_label(member),
        ),
        reply_markup=inline(
            [
                [
                    (words.CONFIRM, MtCb(a="ok").pack()),
                    (words.CHANGE, MtCb(a="chg").pack()),
                ]
            ]
        ),
    )


async def _refuse(message: Message, tx: Texts, error: dates.ParseError, template: str) -> None:
    await message.answer(
        render(tx, template, reason=words.PARSE_ERRORS.get(error.reason, ""), detail=error.detail)
    )


async def _ask_time(
    message: Message, state: FSMContext, member: MemberInfo, tx: Texts, clock: Clock, day: date
) -> None:
    await state.set_state(MeetingForm.time)
    await state.update_data(day=day.isoformat())
    now_local = clock.now().astimezone(_zone(member))
    await message.answer(
        render(tx, "meetings/ask_time.html", day=words.human_day(datetime.combine(day, time()))),
        reply_markup=calendar.time_markup(SCOPE, day, now_local),
    )


@router.message(StateFilter(MeetingForm.when), Has("text"))
async def when_typed(
    message: Message, state: FSMContext, member: MemberInfo, tx: Texts, clock: Clock
) -> None:
    parsed = dates.parse_moment(message.text or "", clock.now(), member.timezone)
    if isinstance(parsed, dates.ParseError):
        await _refuse(message, tx, parsed, "meetings/bad_when.html")
        return
    if not parsed.has_time:
        await _ask_time(message, state, member, tx, clock, parsed.day)
        return
    await _moment_understood(message, state, member, tx, parsed.local)


@router.message(StateFilter(MeetingForm.time), Has("text"))
async def time_typed(
    message: Message, state: FSMContext, member: MemberInfo, tx: Texts, clock: Clock
) -> None:
    data = await state.get_data()
    text = message.text or ""
    at = dates.parse_time(text)
    if isinstance(at, dates.ParseError):
        # maybe a whole new moment ("tomorrow at 10")
        parsed = dates.parse_moment(text, clock.now(), member.timezone)
        if isinstance(parsed, dates.ParseError) or not parsed.has_time:
            error = parsed if isinstance(parsed, dates.ParseError) else at
            await _refuse(message, tx, error, "meetings/bad_when.html")
            return
        await _moment_understood(message, state, member, tx, parsed.local)
        return
    local = dates.combine(date.fromisoformat(data["day"]), at, member.timezone)
    if isinstance(local, dates.ParseError):
        await _refuse(message, tx, local, "meetings/bad_when.html")
        return
    if (late := dates.check_future(local, clock.now(), True)) is not None:
        await _refuse(message, tx, late, "meetings/bad_when.html")
        return
    await _moment_understood(message, state, member, tx, local)


@router.callback_query(
    CalendarPick(SCOPE, "d"), StateFilter(MeetingForm.when, MeetingForm.time, MeetingForm.confirm)
)
async def day_picked(
    query: CallbackQuery,
    callback_data: CalCb,
    state: FSMContext,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    day = callback_data.day
    today = clock.now().astimezone(_zone(member)).date()
    if day < today:
        await _refuse(
            query.message,
            tx,
            dates.ParseError(dates.Reason.PAST, f"{day:%d.%m.%Y}"),
            "meetings/bad_when.html",
        )
        return
    await _ask_time(query.message, state, member, tx, clock, day)


@router.callback_query(
    CalendarPick(SCOPE, "t"), StateFilter(MeetingForm.when, MeetingForm.time, MeetingForm.confirm)
)
async def time_picked(
    query: CallbackQuery,
    callback_data: CalCb,
    state: FSMContext,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    try:
        day = callback_data.day
    except ValueError:
        await query.message.answer(tx.render("common/stale.html"))
        return
    local = dates.combine(day, callback_data.at, member.timezone)
    if isinstance(local, dates.ParseError):
        await _refuse(query.message, tx, local, "meetings/bad_when.html")
        return
    if (error := dates.check_future(local, clock.now(), True)) is not None:
        await _refuse(query.message, tx, error, "meetings/bad_when.html")
        return
    await _moment_understood(query.message, state, member, tx, local)


@router.callback_query(MtCb.filter(), StateFilter(MeetingForm.confirm))
async def confirm_step(
    query: CallbackQuery,
    callback_data: MtCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    reminders: ReminderEngine | None = None,
) -> None:
    if callback_data.a not in ("ok", "chg"):
        raise SkipHandler  # not this step's button: an ordinary meeting action
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return
    data = await state.get_data()
    if callback_data.a == "chg":
        await state.set_state(MeetingForm.when)
        await message.answer(
            render(
                tx,
                "meetings/ask_when.html",
                partner=data.get("partner_name", ""),
                tz_label=_tz_label(member),
            ),
            reply_markup=_calendar(member, clock.now()),
        )
        return
    if callback_data.a != "ok":
        await message.answer(tx.render("common/stale.html"))
        return
    starts_at = datetime.fromisoformat(data["starts_at"])
    if starts_at <= clock.now():  # confirmed too late
        await state.set_state(MeetingForm.when)
        await _refuse(
            message,
            tx,
            dates.ParseError(dates.Reason.PAST, _when(starts_at, member.timezone)),
            "meetings/bad_when.html",
        )
        return
    if data.get("reschedule_id"):
        await _apply_reschedule(
            message,
            state,
            session,
            member,
            tx,
            clock,
            int(data["reschedule_id"]),
            starts_at,
            reminders,
        )
        return
    partner = await partners_db.get_partner(session, member.organisation_id, data["partner_id"])
    if partner is None:
        await state.clear()
        await message.answer(tx.render("common/not_found.html"))
        return
    await _ask_place(message, state, tx, partner)


async def _ask_place(
    message: Message, state: FSMContext, tx: Texts, partner: Partner, problem: str = ""
) -> None:
    await state.set_state(MeetingForm.place)
    rows: list[list[tuple[str, str]]] = []
    if partner.address:
        rows.append(
            [
                (
                    words.PARTNER_ADDRESS.format(address=_short(partner.address, 50)),
                    MtCb(a="pl", x=0).pack(),
                )
            ]
        )
    rows.append(
        [
            (words.OUR_PLACE, MtCb(a="pl", x=1).pack()),
            (words.ONLINE_PLACE, MtCb(a="pl", x=2).pack()),
        ]
    )
    rows.append(_skip_row())
    await message.answer(
        render(
            tx,
            "meetings/ask_place.html",
            address=partner.address or "",
            limit=PLACE_LIMIT,
            problem=problem,
        ),
        reply_markup=inline(rows),
    )


def _length_problem(tx: Texts, text: str, minimum: int, limit: int) -> str:
    """The short explanation of an answer too short or too long ("" if it fits)."""
    if minimum <= len(text) <= limit:
        return ""
    return render(tx, "meetings/bad_length.html", size=len(text), minimum=minimum, limit=limit)


async def _ask_purpose(message: Message, state: FSMContext, tx: Texts, problem: str = "") -> None:
    await state.set_state(MeetingForm.purpose)
    await message.answer(
        render(tx, "meetings/ask_purpose.html", limit=PURPOSE_LIMIT, problem=problem),
        reply_markup=inline([_skip_row()]),
    )


@router.message(StateFilter(MeetingForm.place), Has("text"))
async def place_typed(
    message: Message, state: FSMContext, session: AsyncSession, member: MemberInfo, tx: Texts
) -> None:
    place = (message.text or "").strip()
    if problem := _length_problem(tx, place, PLACE_MIN, PLACE_LIMIT):
        # the explanation and the same question again (with its buttons)
        data = await state.get_data()
        partner = await partners_db.get_partner(
            session, member.organisation_id, int(data.get("partner_id", 0))
        )
        if partner is None:
            await state.clear()
            await message.answer(tx.render("common/not_found.html"))
            return
        await _ask_place(message, state, tx, partner, problem)
        return
    await state.update_data(place=place)
    await _ask_purpose(message, state, tx)


@router.callback_query(MtCb.filter(), StateFilter(MeetingForm.place))
async def place_picked(
    query: CallbackQuery,
    callback_data: MtCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    if callback_data.a not in ("pl", "sk"):
        raise SkipHandler  # not this step's button: an ordinary meeting action
    await query.answer()
    if not isinstance(query.message, Message):
        return
    place: str | None = None
    if callback_data.a == "pl":
        if callback_data.x == 0:
            data = await state.get_data()
            partner = await partners_db.get_partner(
                session, member.organisation_id, int(data.get("partner_id", 0))
            )
            place = partner.address if partner else None
        elif callback_data.x == 1:
            place = member.organisation_name
        else:
            place = words.ONLINE_PLACE
    elif callback_data.a != "sk":
        await query.message.answer(tx.render("common/stale.html"))
        return
    await state.update_data(place=place)
    await _ask_purpose(query.message, state, tx)


async def _ask_format(message: Message, state: FSMContext, tx: Texts) -> None:
    await state.set_state(MeetingForm.format)
    await message.answer(
        render(tx, "meetings/ask_format.html"),
        reply_markup=inline(
            [
                [(words.FORMATS[code], MtCb(a="fm", x=i).pack())]
                for i, code in enumerate(MeetingFormat.ALL)
            ]
        ),
    )


@router.message(StateFilter(MeetingForm.purpose), Has("text"))
async def purpose_typed(message: Message, state: FSMContext, tx: Texts) -> None:
    purpose = (message.text or "").strip()
    if problem := _length_problem(tx, purpose, PURPOSE_MIN, PURPOSE_LIMIT):
        await _ask_purpose(message, state, tx, problem)  # the explanation, the same question
        return
    await state.update_data(purpose=purpose)
    await _ask_format(message, state, tx)


@router.callback_query(MtCb.filter(), StateFilter(MeetingForm.purpose))
async def purpose_skipped(
    query: CallbackQuery, callback_data: MtCb, state: FSMContext, tx: Texts
) -> None:
    if callback_data.a != "sk":
        raise SkipHandler  # not this step's button: an ordinary meeting action
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if callback_data.a != "sk":
        await query.message.answer(tx.render("common/stale.html"))
        return
    await state.update_data(purpose=None)
    await _ask_format(query.message, state, tx)


def checklist(partner: Partner, format: str) -> list[tuple[str, str]]:
    """The preparation checklist from the partner's offer and ask and the method's advice."""
    items = [
        (
            "offer",
            words.CHECK_OFFER.format(text=_short(partner.offer, 200))
            if partner.offer
            else words.CHECK_OFFER_EMPTY,
        ),
        (
            "ask",
            words.CHECK_ASK.format(text=_short(partner.ask, 200))
            if partner.ask
            else words.CHECK_ASK_EMPTY,
        ),
        ("together", words.CHECK_TOGETHER),
        ("materials", words.CHECK_MATERIALS),
    ]
    if format != MeetingFormat.INVITE:
        items.append(("invite", words.CHECK_INVITE))
    if not partner.phone and not partner.contact_person:
        items.append(("contact", words.CHECK_CONTACT))
    return items


@router.callback_query(MtCb.filter(), StateFilter(MeetingForm.format))
async def format_picked(
    query: CallbackQuery,
    callback_data: MtCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    reminders: ReminderEngine | None = None,
) -> None:
    if callback_data.a != "fm":
        raise SkipHandler  # not this step's button: an ordinary meeting action
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return
    if callback_data.a != "fm" or not 0 <= callback_data.x < len(MeetingFormat.ALL):
        await message.answer(tx.render("common/stale.html"))
        return
    data = await state.get_data()
    partner = await partners_db.get_partner(
        session, member.organisation_id, int(data.get("partner_id", 0))
    )
    if partner is None or "starts_at" not in data:
        await state.clear()
        await message.answer(tx.render("common/not_found.html"))
        return
    now = clock.now()
    fmt = MeetingFormat.ALL[callback_data.x]
    meeting = await db.create_meeting(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner.id,
        member_id=member.id,
        starts_at=datetime.fromisoformat(data["starts_at"]),
        timezone=member.timezone,
        place=data.get("place"),
        purpose=data.get("purpose"),
        format=fmt,
        items=checklist(partner, fmt),
        now=now,
    )
    if partner.status in PLANNABLE_FROM:
        await partners_db.change_status(
            session, partner, PartnerStatus.MEETING_PLANNED, member_id=member.id, now=now
        )
    moments = await db.plan_reminders(session, meeting, member.id, member.timezone, now)
    await session.commit()
    await state.clear()
    if reminders is not None and moments:
        reminders.notify(moments[0])
    await _send_card(message, session, tx, meeting, member, now, header="planned")


# --------------------------------------------------------------------------- /meetings


async def _send_list(
    message: Message,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    *,
    past: bool,
    partner_id: int = 0,
) -> None:
    now = clock.now()
    partner_name = ""
    if partner_id:
        partner = await partners_db.get_partner(session, member.organisation_id, partner_id)
        if partner is None:
            await message.answer(tx.render("common/not_found.html"))
            return
        partner_name = partner.name
    found = await db.list_meetings(
        session, member.organisation_id, now=now, past=past, partner_id=partner_id or None
    )
    zone = _zone(member)
    rows = [
        {
            "when": _when(r.meeting.starts_at, zone),
            "partner": r.partner_name,
            "status": r.meeting.status,
            "unreported": past and r.meeting.status == MeetingStatus.PLANNED,
        }
        for r in found
    ]
    keyboard: list[list[tuple[str, str]]] = []
    for i, r in enumerate(found, 1):
        local = r.meeting.starts_at.astimezone(zone)
        label = f"{i}. {local:%d.%m %H:%M} {r.partner_name}"
        keyboard.append([(_short(label, 60), MtCb(a="o", id=r.meeting.id).pack())])
    keyboard.append(
        [
            (
                words.UPCOMING if past else words.PAST,
                MtCb(a="ls", id=partner_id, x=0 if past else 1).pack(),
            )
        ]
    )
    if partner_id:
        keyboard.append(
            [
                (words.OTHER_PARTNER, MtCb(a="fp", x=int(past)).pack()),
                (words.ALL_MEETINGS, MtCb(a="ls", x=int(past)).pack()),
            ]
        )
        keyboard.append([(words.PLAN, NewMeeting(partner_id=partner_id).pack())])
        keyboard.append([(words.TO_PARTNER, OpenPartner(id=partner_id).pack())])
    else:
        keyboard.append([(words.BY_PARTNER, MtCb(a="fp", x=int(past)).pack())])
        keyboard.append([(words.PLAN, NewMeeting(partner_id=0).pack())])
    if found and not past:
        keyboard.append([(words.ICS_ALL, MtCb(a="icsa").pack())])
    await message.answer(
        render(tx, "meetings/list.html", rows=rows, past=past, partner=partner_name),
        reply_markup=inline(keyboard),
    )


@router.message(Command("meetings"))
@router.message(TextIs(buttons.MENU_MEETINGS))
async def meetings_command(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    await state.clear()
    await _send_list(message, session, member, tx, clock, past=False)


@router.callback_query(PartnerMeetings.filter())
async def partner_meetings(
    query: CallbackQuery,
    callback_data: PartnerMeetings,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await _send_list(
            query.message,
            session,
            member,
            tx,
            clock,
            past=False,
            partner_id=callback_data.partner_id,
        )


# --------------------------------------------------------------------------- ics


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


@router.callback_query(
    MtCb.filter(),
    StateFilter(
        MeetingForm.notes, MeetingForm.outcome, MeetingForm.next_step, MeetingForm.next_date
    ),
)
async def report_buttons(
    query: CallbackQuery,
    callback_data: MtCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    if callback_data.a not in ("sk", "oc"):
        raise SkipHandler  # not this step's button: an ordinary meeting action
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return
    current = await state.get_state()
    a = callback_data.a
    if current == MeetingForm.notes.state and a == "sk":
        await _ask_outcome(message, state, tx)
    elif (
        current == MeetingForm.outcome.state
        and a == "oc"
        and 0 <= callback_data.x < len(MeetingOutcome.ALL)
    ):
        await state.update_data(outcome=MeetingOutcome.ALL[callback_data.x])
        await state.set_state(MeetingForm.next_step)
        await _ask_next_step(message, tx)
    elif current in (MeetingForm.next_step.state, MeetingForm.next_date.state) and a == "sk":
        await _save_report(message, state, session, member, tx, clock)
    else:
        await message.answer(tx.render("common/stale.html"))


# --------------------------------------------------------------------------- meeting actions


@router.callback_query(MtCb.filter())
async def meeting_action(
    query: CallbackQuery,
    callback_data: MtCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    reminders: ReminderEngine | None = None,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    a = callback_data.a
    now = clock.now()
    if a == "fp":  # /meetings «by partner»: pick whose meetings to list
        await query.answer()
        await state.clear()
        await _ask_partner(
            message, state, session, member, tx, listing=True, past=bool(callback_data.x)
        )
        return
    if a == "lp":  # a partner picked in that picker
        await query.answer()
        if await state.get_state() == MeetingForm.list_partner.state:
            await state.clear()
        await _send_list(
            message,
            session,
            member,
            tx,
            clock,
            past=bool(callback_data.x),
            partner_id=callback_data.id,
        )
        return
    if a == "ls":
        await query.answer()
        if await state.get_state() == MeetingForm.list_partner.state:
            await state.clear()
        await _send_list(
            message,
            session,
            member,
            tx,
            clock,
            past=bool(callback_data.x),
            partner_id=callback_data.id,
        )
        return
    if a == "icsa":
        await query.answer()
        found = await db.list_meetings(session, member.organisation_id, now=now, limit=200)
        pairs = [(r.meeting, await db.partner_of(session, r.meeting)) for r in found]
        data = build_ics([(m, p) for m, p in pairs if p is not None], now)
        await message.answer_document(BufferedInputFile(data, filename=words.ICS_FILE_ALL))
        return
    if a == "rset":
        await query.answer()
        await _send_settings(message, session, member, tx)
        return
    if a in ("rt", "qh"):
        await query.answer()
        await _change_settings(message, session, member, tx, callback_data)
        return
    if a == "pp":  # a partner picked outside the form (an old list)
        await query.answer()
        await start_planning(message, state, session, member, tx, clock, callback_data.id)
        return

    meeting = await _load(query, session, member, callback_data.id, tx)
    if meeting is None:
        return
    await query.answer()
    if a in ("ai", "ei", "di") and meeting.status != MeetingStatus.PLANNED:
        await message.answer(tx.render("common/stale.html"))  # the checklist is closed
        return
    if a == "o":
        await _send_card(message, session, tx, meeting, member, now)
    elif a == "t":
        item = db.find_item(meeting, callback_data.x)
        if item is None or meeting.status != MeetingStatus.PLANNED:
            await message.answer(tx.render("common/not_found.html"))
            return
        item.done = not item.done
        await session.commit()
        text = await _card_text(session, tx, meeting, member.timezone)
        await edit(message, text, card_markup(meeting, now))
    elif a == "ai":
        await state.set_state(MeetingForm.item)
        await state.update_data(meeting_id=meeting.id)
        await message.answer(render(tx, "meetings/ask_item.html", limit=ITEM_LIMIT, problem=""))
    elif a == "ei":
        rows = [
            [
                (
                    words.REMOVE_ITEM.format(text=_short(i.text)),
                    MtCb(a="di", id=meeting.id, x=i.id).pack(),
                )
            ]
            for i in meeting.items
        ]
        rows.append([(buttons.DONE, MtCb(a="o", id=meeting.id).pack())])
        await message.answer(render(tx, "meetings/edit_items.html"), reply_markup=inline(rows))
    elif a == "di":
        item = db.find_item(meeting, callback_data.x)
        if item is not None:
            await db.remove_item(session, meeting, item)
            await session.commit()
        rows = [
            [
                (
                    words.REMOVE_ITEM.format(text=_short(i.text)),
                    MtCb(a="di", id=meeting.id, x=i.id).pack(),
                )
            ]
            for i in meeting.items
        ]
        rows.append([(buttons.DONE, MtCb(a="o", id=meeting.id).pack())])
        await edit(message, reply_markup=inline(rows))  # a double tap changes nothing
    elif a == "rs":
        if meeting.status != MeetingStatus.PLANNED:
            await message.answer(tx.render("common/stale.html"))
            return
        partner = await db.partner_of(session, meeting)
        if partner is None:
            await message.answer(tx.render("common/not_found.html"))
            return
        await state.clear()
        await _ask_when(message, state, member, tx, clock, partner, reschedule=meeting)
    elif a == "cx":
        partner = await db.partner_of(session, meeting)
        await message.answer(
            render(
                tx,
                "meetings/cancel_confirm.html",
                partner=partner.name if partner else "",
                when=_when(meeting.starts_at, member.timezone),
            ),
            reply_markup=inline(
                [
                    [
                        (words.CANCEL_YES, MtCb(a="cxy", id=meeting.id).pack()),
                        (words.CANCEL_NO, MtCb(a="o", id=meeting.id).pack()),
                    ]
                ]
            ),
        )
    elif a == "cxy":
        if meeting.status != MeetingStatus.PLANNED:
            await message.answer(tx.render("common/stale.html"))
            return
        back = await db.cancel_meeting(session, meeting, member_id=member.id, now=now)
        await session.commit()
        partner = await db.partner_of(session, meeting)
        await edit(
            message,
            render(
                tx,
                "meetings/cancelled.html",
                partner=partner.name if partner else "",
                when=_when(meeting.starts_at, member.timezone),
                status_back=back.value if back else "",
            ),
            reply_markup=inline([[(words.TO_PARTNER, OpenPartner(id=meeting.partner_id).pack())]]),
        )
    elif a == "ics":
        partner = await db.partner_of(session, meeting)
        if partner is None:
            await message.answer(tx.render("common/not_found.html"))
            return
        data = build_ics([(meeting, partner)], now)
        await message.answer_document(
            BufferedInputFile(data, filename=words.ICS_FILE_ONE.format(id=meeting.id))
        )
    elif a == "rep":
        if meeting.status != MeetingStatus.PLANNED:  # reported already, or cancelled
            await message.answer(tx.render("common/stale.html"))
            return
        await _start_report(message, state, session, tx, meeting)
    else:
        await message.answer(tx.render("common/stale.html"))


@router.message(StateFilter(MeetingForm.item), Has("text"))
async def item_typed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    text = (message.text or "").strip()
    if problem := _length_problem(tx, text, 1, ITEM_LIMIT):
        await message.answer(
            render(tx, "meetings/ask_item.html", limit=ITEM_LIMIT, problem=problem)
        )
        return
    data = await state.get_data()
    meeting = await db.get_meeting(session, member.organisation_id, int(data.get("meeting_id", 0)))
    await state.clear()
    if meeting is None:
        await message.answer(tx.render("common/not_found.html"))
        return
    await db.add_item(session, meeting, text)
    await session.commit()
    await _send_card(message, session, tx, meeting, member, clock.now())


async def _apply_reschedule(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    meeting_id: int,
    starts_at: datetime,
    engine: ReminderEngine | None,
) -> None:
    await state.clear()
    meeting = await db.get_meeting(session, member.organisation_id, meeting_id)
    if meeting is None or meeting.status != MeetingStatus.PLANNED:
        await message.answer(tx.render("common/not_found.html"))
        return
    now = clock.now()
    meeting.starts_at = starts_at
    meeting.updated_at = now
    # the reminders go to the meeting's owner: their moments are in the owner's zone
    owner = (
        await db.get_member(session, member.organisation_id, meeting.member_id)
        if meeting.member_id
        else None
    )
    recipient_id, recipient_tz = (
        (owner.id, owner.timezone) if owner else (member.id, member.timezone)
    )
    moments = await db.plan_reminders(session, meeting, recipient_id, recipient_tz, now)
    await session.commit()
    if engine is not None and moments:
        engine.notify(moments[0])
    await _send_card(message, session, tx, meeting, member, now, header="moved")


# --------------------------------------------------------------------------- after the meeting


async def _start_report(
    message: Message, state: FSMContext, session: AsyncSession, tx: Texts, meeting: Meeting
) -> None:
    partner = await db.partner_of(session, meeting)
    await state.clear()
    await state.set_state(MeetingForm.notes)
    await state.update_data(report_id=meeting.id, partner_name=partner.name if partner else "")
    await _ask_notes(message, tx, partner.name if partner else "")


async def _ask_notes(message: Message, tx: Texts, partner: str, problem: str = "") -> None:
    await message.answer(
        render(
            tx, "meetings/report_notes.html", partner=partner, limit=NOTES_LIMIT, problem=problem
        ),
        reply_markup=inline([_skip_row()]),
    )


async def _ask_outcome(message: Message, state: FSMContext, tx: Texts) -> None:
    await state.set_state(MeetingForm.outcome)
    await message.answer(
        render(tx, "meetings/report_outcome.html"),
        reply_markup=inline(
            [
                [(words.OUTCOMES[code], MtCb(a="oc", x=i).pack())]
                for i, code in enumerate(MeetingOutcome.ALL)
            ]
        ),
    )


@router.message(StateFilter(MeetingForm.notes), Has("voice"))
async def notes_voice(message: Message, state: FSMContext, tx: Texts) -> None:
    assert message.voice is not None
    await state.update_data(voice=message.voice.file_id)
    await message.answer(render(tx, "meetings/voice_kept.html"), reply_markup=inline([_skip_row()]))


@router.message(StateFilter(MeetingForm.notes), Has("text"))
async def notes_typed(message: Message, state: FSMContext, tx: Texts) -> None:
    notes = (message.text or "").strip()
    if problem := _length_problem(tx, notes, 1, NOTES_LIMIT):
        data = await state.get_data()
        await _ask_notes(message, tx, str(data.get("partner_name", "")), problem)
        return
    await state.update_data(notes=notes)
    await _ask_outcome(message, state, tx)


async def _ask_next_step(message: Message, tx: Texts, problem: str = "") -> None:
    await message.answer(
        render(tx, "meetings/report_next_step.html", limit=STEP_LIMIT, problem=problem),
        reply_markup=inline([_skip_row()]),
    )


@router.message(StateFilter(MeetingForm.next_step), Has("text"))
async def next_step_typed(message: Message, state: FSMContext, tx: Texts) -> None:
    step = (message.text or "").strip()
    if problem := _length_problem(tx, step, 1, STEP_LIMIT):
        await _ask_next_step(message, tx, problem)
        return
    await state.update_data(next_step=step)
    await state.set_state(MeetingForm.next_date)
    await message.answer(
        render(tx, "meetings/report_next_date.html"), reply_markup=inline([_skip_row()])
    )


@router.message(StateFilter(MeetingForm.next_date), Has("text"))
async def next_date_typed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    today = clock.now().astimezone(_zone(member)).date()
    day = dates.parse_day(message.text or "", today)
    if isinstance(day, dates.ParseError):
        await _refuse(message, tx, day, "meetings/bad_day.html")
        return
    if day < today:
        await _refuse(
            message,
            tx,
            dates.ParseError(dates.Reason.PAST, f"{day:%d.%m.%Y}"),
            "meetings/bad_day.html",
        )
        return
    await state.update_data(next_date=day.isoformat())
    await _save_report(message, state, session, member, tx, clock)


async def _save_report(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()
    meeting = await db.get_meeting(session, member.organisation_id, int(data.get("report_id", 0)))
    partner = (
        await partners_db.get_partner(session, member.organisation_id, meeting.partner_id)
        if meeting
        else None
    )
    if meeting is None or partner is None:
        await message.answer(tx.render("common/not_found.html"))
        return
    if meeting.status != MeetingStatus.PLANNED:  # reported meanwhile (another tap, a colleague)
        await message.answer(tx.render("common/stale.html"))
        return
    now = clock.now()
    zone = _zone(member)
    outcome = str(data.get("outcome") or MeetingOutcome.AGAIN)
    notes = data.get("notes")
    next_step = data.get("next_step")
    next_day = date.fromisoformat(data["next_date"]) if data.get("next_date") else None
    meeting.status = MeetingStatus.DONE
    meeting.outcome = outcome
    meeting.notes = notes
    meeting.next_step = next_step
    if next_day is not None:
        local = dates.combine(next_day, time(9, 0), zone)
        meeting.next_step_at = local if isinstance(local, datetime) else None
    meeting.reported_at = now
    meeting.updated_at = now
    day_label = f"{meeting.starts_at.astimezone(zone):%d.%m.%Y}"
    head = words.NOTE_HEAD.format(date=day_label, outcome=words.OUTCOMES[outcome])
    parts = [head]
    if notes:
        parts.append(notes)
    if next_step:
        parts.append(f"→ {next_step}" + (f" ({next_day:%d.%m.%Y})" if next_day is not None else ""))
    voice = data.get("voice")
    await db.add_meeting_note(
        session,
        meeting,
        member_id=member.id,
        text="\n".join(parts)
        if (notes or next_step or not voice)
        else words.NOTE_VOICE.format(date=day_label) + "\n" + head,
        attachment_file_id=voice,
        attachment_kind="voice" if voice else None,
        now=now,
    )
    moved = False
    if outcome == MeetingOutcome.AGREED and partner.status in AGREED_FROM:
        await partners_db.change_status(
            session, partner, PartnerStatus.NEGOTIATING, member_id=member.id, now=now
        )
        moved = True
    elif outcome == MeetingOutcome.DECLINED and partner.status in DECLINED_FROM:
        await partners_db.change_status(
            session, partner, PartnerStatus.DECLINED, member_id=member.id, now=now
        )
        moved = True
    await db.cancel_followup(session, meeting)
    await session.commit()
    rows: list[list[tuple[str, str]]] = []
    if outcome == MeetingOutcome.AGREED:
        rows.append([(words.NEW_AGREEMENT, NewAgreement(partner_id=partner.id).pack())])
    if outcome in (MeetingOutcome.AGREED, MeetingOutcome.AGAIN):
        rows.append([(words.PLAN_NEXT, NewMeeting(partner_id=partner.id).pack())])
    rows.append([(words.TO_PARTNER, OpenPartner(id=partner.id).pack())])
    await message.answer(
        render(
            tx,
            "meetings/report_saved.html",
            partner=partner.name,
            outcome=outcome,
            moved=moved,
            next_step=next_step or "",
            next_date=words.human_day(datetime.combine(next_day, time())) if next_day else "",
        ),
        reply_markup=inline(rows),
    )


# --------------------------------------------------------------------------- settings


def settings_markup(prefs: Any) -> InlineKeyboardMarkup:
    rows = [
        [
            (
                words.TOGGLE_EVE.format(mark=words.CHECK_ON if prefs.eve else words.CHECK_OFF),
                MtCb(a="rt", x=0).pack(),
            )
        ],
        [
            (
                words.TOGGLE_SOON.format(mark=words.CHECK_ON if prefs.soon else words.CHECK_OFF),
                MtCb(a="rt", x=1).pack(),
            )
        ],
    ]
    current = (prefs.quiet_from, prefs.quiet_to)
    quiet_row = []
    for i, (qf, qt) in enumerate(words.QUIET_PRESETS):
        label = words.quiet_label(qf, qt)
        if (qf, qt) == current or (qf == qt and current[0] == current[1]):
            label = "• " + label
        quiet_row.append((words.QUIET_LABEL.format(label=label), MtCb(a="qh", x=i).pack()))
    rows.extend([quiet_row[i : i + 2] for i in range(0, len(quiet_row), 2)])
    return inline(rows)


async def _settings_text(
    session: AsyncSession, member: MemberInfo, tx: Texts
) -> tuple[str, InlineKeyboardMarkup]:
    prefs = await db.get_prefs(session, member.id)
    text = render(
        tx,
        "meetings/settings.html",
        prefs=prefs,
        quiet=words.quiet_label(prefs.quiet_from, prefs.quiet_to),
        tz_label=_tz_label(member),
    )
    return text, settings_markup(prefs)


async def _send_settings(
    message: Message, session: AsyncSession, member: MemberInfo, tx: Texts
) -> None:
    text, markup = await _settings_text(session, member, tx)
    await message.answer(text, reply_markup=markup)


async def _change_settings(
    message: Message, session: AsyncSession, member: MemberInfo, tx: Texts, cb: MtCb
) -> None:
    prefs = await db.get_prefs(session, member.id)
    if cb.a == "rt" and cb.x == 0:
        prefs.eve = not prefs.eve
    elif cb.a == "rt" and cb.x == 1:
        prefs.soon = not prefs.soon
    elif cb.a == "qh" and 0 <= cb.x < len(words.QUIET_PRESETS):
        prefs.quiet_from, prefs.quiet_to = words.QUIET_PRESETS[cb.x]
    else:
        await message.answer(tx.render("common/stale.html"))
        return
    await db.save_prefs(session, prefs)
    text, markup = await _settings_text(session, member, tx)
    await edit(message, text, markup)  # the current preset tapped again changes nothing


async def timezone_changed(
    session: AsyncSession,
    member: MemberInfo,
    timezone: str,
    clock: Clock,
    reminders: ReminderEngine | None = None,
) -> None:
    """The member's time zone changed (/settings): their meeting reminders still to come are
    re-planned in the new zone (the evening-before one is "18:00 local")."""
    moments = await db.replan_member(
        session, member.organisation_id, member.id, timezone, clock.now()
    )
    await session.commit()
    if reminders is not None and moments:
        reminders.notify(moments[0])


def settings_row() -> list[tuple[str, str]]:
    """The row /settings shows to reach the reminder settings."""
    return [(words.SETTINGS_ROW, ReminderSettings().pack())]


# --------------------------------------------------------------------------- blocked / back


@router.my_chat_member()
async def chat_member_changed(
    event: ChatMemberUpdated,
    session: AsyncSession,
    member: MemberInfo | None = None,
    reminders: ReminderEngine | None = None,
) -> None:
    """The member blocked (kicked) or unblocked the bot: hold or resume their reminders."""
    if member is None or event.chat.type != "private":
        return
    status = event.new_chat_member.status
    if status in ("kicked", "left"):
        await member_left(session, member.telegram_id, member.id)
    elif status == "member":
        await member_returned(session, member.telegram_id, member.id, reminders)


# --------------------------------------------------------------------------- stray input


@router.message(StateFilter(MeetingForm.confirm), Has("text"))
async def confirm_typed(
    message: Message, state: FSMContext, member: MemberInfo, tx: Texts, clock: Clock
) -> None:
    """Typed instead of tapping the confirm button: take it as a corrected date and time."""
    await when_typed(message, state, member, tx, clock)


@router.message(StateFilter(MeetingForm.format))
async def format_expected(message: Message, state: FSMContext, tx: Texts) -> None:
    await _ask_format(message, state, tx)


@router.message(StateFilter(MeetingForm.outcome))
async def outcome_expected(message: Message, state: FSMContext, tx: Texts) -> None:
    await _ask_outcome(message, state, tx)


@router.message(
    StateFilter(
        MeetingForm.partner,
        MeetingForm.list_partner,
        MeetingForm.when,
        MeetingForm.time,
        MeetingForm.confirm,
        MeetingForm.place,
        MeetingForm.purpose,
        MeetingForm.item,
        MeetingForm.notes,
        MeetingForm.next_step,
        MeetingForm.next_date,
    )
)
async def text_expected(message: Message, tx: Texts) -> None:
    """A sticker, photo… where a text answer is expected: the same question stands."""
    await message.answer(tx.render("start/need_text.html"))


# --------------------------------------------------------------------------- reminders


async def _context(
    session: AsyncSession, reminder: Reminder
) -> tuple[Meeting, Partner, Member] | None:
    meeting = await db.get_meeting_by_id(session, reminder.organisation_id, reminder.ref_id)
    if meeting is None or meeting.status != MeetingStatus.PLANNED:
        return None
    partner = await db.partner_of(session, meeting)
    person = await db.get_member(session, reminder.organisation_id, reminder.member_id)
    if partner is None or person is None:
        return None
    return meeting, partner, person


def _open_markup(meeting: Meeting) -> InlineKeyboardMarkup:
    return inline([[(words.OPEN, MtCb(a="o", id=meeting.id).pack())]])


def _followup_outgoing(tx: Texts, meeting: Meeting, partner: Partner, person: Member) -> Outgoing:
    text = render(
        tx,
        "reminders/meeting_followup.html",
        partner=partner,
        when=_when(meeting.starts_at, person.timezone),
    )
    markup = inline(
        [
            [(words.REPORT, MtCb(a="rep", id=meeting.id).pack())],
            [(words.RESCHEDULE, MtCb(a="rs", id=meeting.id).pack())],
        ]
    )
    return Outgoing(text, markup)


async def _instead_of_late(
    session: AsyncSession,
    tx: Texts,
    meeting: Meeting,
    partner: Partner,
    person: Member,
    now: datetime,
) -> Outgoing | None:
    """A pre-meeting reminder delivered after the meeting began (the bot was down): if the
    meeting is over, ask how it went instead (and drop the separate follow-up); otherwise
    nothing (the follow-up will come when it ends)."""
    if meeting.starts_at + timedelta(minutes=meeting.duration_min) > now:
        return None
    if not await db.cancel_followup(session, meeting):
        return None  # the follow-up was already sent (or the outcome written)
    return _followup_outgoing(tx, meeting, partner, person)


async def _pre_meeting(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime, kind: str
) -> Outgoing | None:
    found = await _context(session, reminder)
    if found is None:
        return None
    meeting, partner, person = found
    if meeting.starts_at <= now:
        return await _instead_of_late(session, tx, meeting, partner, person, now)
    prefs = await db.get_prefs(session, person.id)
    if kind == "eve":
        if not prefs.eve:
            return None
        if prefs.soon and now >= meeting.starts_at - db.SOON_BEFORE:
            return None  # late (quiet hours, downtime): the 2-hour reminder covers it
    elif not prefs.soon:
        return None
    zone = ZoneInfo(person.timezone)
    today = now.astimezone(zone).date() == meeting.starts_at.astimezone(zone).date()
    text = render(
        tx,
        f"reminders/meeting_{kind}.html",
        m=meeting,
        partner=partner,
        when=_when(meeting.starts_at, zone),
        tz_label=buttons.timezone_label(person.timezone),
        today=today,
    )
    return Outgoing(text, _open_markup(meeting))


async def render_eve(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    return await _pre_meeting(session, reminder, tx, now, "eve")


async def render_soon(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    return await _pre_meeting(session, reminder, tx, now, "soon")


async def render_followup(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    found = await _context(session, reminder)
    if found is None:
        return None
    meeting, partner, person = found
    return _followup_outgoing(tx, meeting, partner, person)


# kind → renderer, collected by the reminder engine (bot/reminder_types.py)
REMINDER_RENDERERS: dict[str, ReminderRenderer] = {
    db.KIND_EVE: render_eve,
    db.KIND_SOON: render_soon,
    db.KIND_FOLLOWUP: render_followup,
}

__all__ = ["REMINDER_RENDERERS", "MeetingForm", "MtCb", "router"]


@router.callback_query(ReportMeeting.filter())
async def reportmeeting_entry(
    query: CallbackQuery, callback_data: ReportMeeting, **data: Any
) -> None:
    """The shared entry point (ReportMeeting), served by the action handler below it."""
    wanted = inspect.signature(meeting_action).parameters  # temporary shim
    await meeting_action(
        query, MtCb(a="rep", id=callback_data.id), **{k: v for k, v in data.items() if k in wanted}
    )


@router.callback_query(ReminderSettings.filter())
async def remindersettings_entry(
    query: CallbackQuery, callback_data: ReminderSettings, **data: Any
) -> None:
    """The shared entry point (ReminderSettings), served by the action handler below it."""
    wanted = inspect.signature(meeting_action).parameters  # temporary shim
    kwargs = {k: v for k, v in data.items() if k in wanted}
    await meeting_action(query, MtCb(a="rset"), **kwargs)
