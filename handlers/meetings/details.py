"""Planning, after the moment: the format first, then where (we go to them: their address;
they come to us: ours; online: a link), what for, and who of the team takes part; then the
meeting is saved with its checklist and everyone's reminders, and its card shown."""

from __future__ import annotations

import re
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.reminders import ReminderEngine
from bot.services import meetings as service
from handlers.meetings import keyboards, report
from handlers.meetings.callbacks import StepAct, StepCb
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import (
    PLACE_LIMIT,
    PLACE_MIN,
    PURPOSE_LIMIT,
    PURPOSE_MIN,
    length_problem,
    message_of,
    render,
    say,
    send_card,
    when,
)
from handlers.shared.filters import Has
from handlers.shared.keyboards import edit
from storage import meetings as db
from storage import partners as partners_db
from storage.models import DEFAULT_DURATION, MeetingFormat, Partner

PARTNERS_ADDRESS, OUR_PLACE = 0, 1  # the place buttons
LINK = re.compile(r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)


async def _partner(ctx: Ctx) -> Partner | None:
    data = await ctx.state.get_data()
    return await partners_db.get_partner(ctx.session, ctx.org, int(data.get("partner_id", 0)))


async def ask_format(message: Message, ctx: Ctx) -> None:
    """The format; for a past meeting, under the moment understood (with «another date»)."""
    await ctx.state.set_state(MeetingForm.format)
    data = await ctx.state.get_data()
    log = bool(data.get("log"))
    moment = when(datetime.fromisoformat(data["starts_at"]), ctx.tz) if log else ""
    await message.answer(
        render(ctx.tx, "meetings/ask_format.html", log=log, when=moment),
        reply_markup=keyboards.formats(log),
    )


async def format_expected(message: Message, ctx: Ctx) -> None:
    """Anything sent instead of tapping a format: the question again."""
    await ask_format(message, ctx)


async def format_picked(query: CallbackQuery, callback_data: StepCb, ctx: Ctx) -> None:
    """The format decides what «where» means; a past meeting goes on to its outcome."""
    if not (message := message_of(query)):
        return
    if not 0 <= callback_data.idx < len(MeetingFormat.ALL):
        await say(message, ctx, "common/stale.html")
        return
    code = MeetingFormat.ALL[callback_data.idx]
    await ctx.state.update_data(format=code)
    data = await ctx.state.get_data()
    if data.get("log"):  # a meeting that took place: how it went
        await report.begin(message, ctx, 0, str(data.get("partner_name", "")))
        return
    if code == MeetingFormat.ONLINE:
        await _ask_link(message, ctx)
        return
    partner = await _partner(ctx)
    if partner is None:
        await ctx.state.clear()
        await say(message, ctx, "common/not_found.html")
        return
    await ask_place(message, ctx, partner)


async def ask_place(message: Message, ctx: Ctx, partner: Partner, problem: str = "") -> None:
    """We go to them: their address offered; they come to us (or our event): ours."""
    data = await ctx.state.get_data()
    visit = data.get("format") == MeetingFormat.VISIT
    address = partner.address if visit else None
    await ctx.state.set_state(MeetingForm.place)
    await message.answer(
        render(
            ctx.tx,
            "meetings/ask_place.html",
            address=address or "",
            ours=not visit,
            limit=PLACE_LIMIT,
            problem=problem,
        ),
        reply_markup=keyboards.place(address, ours=not visit),
    )


async def place_typed(message: Message, ctx: Ctx) -> None:
    place = (message.text or "").strip()
    if problem := length_problem(ctx, place, PLACE_MIN, PLACE_LIMIT):
        # the explanation and the same question again (with its buttons)
        partner = await _partner(ctx)
        if partner is None:
            await ctx.state.clear()
            await say(message, ctx, "common/not_found.html")
            return
        await ask_place(message, ctx, partner, problem)
        return
    await ctx.state.update_data(place=place)
    await _ask_purpose(message, ctx)


async def place_picked(query: CallbackQuery, callback_data: StepCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    place: str | None = None
    if callback_data.idx == PARTNERS_ADDRESS:
        partner = await _partner(ctx)
        place = partner.address if partner else None
    elif callback_data.idx == OUR_PLACE:
        place = ctx.member.organisation_name
    await ctx.state.update_data(place=place)
    await _ask_purpose(message, ctx)


async def place_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    await ctx.state.update_data(place=None)
    await _ask_purpose(message, ctx)


async def _ask_link(message: Message, ctx: Ctx, problem: str = "") -> None:
    await ctx.state.set_state(MeetingForm.link)
    await message.answer(
        render(ctx.tx, "meetings/ask_link.html", limit=PLACE_LIMIT, problem=problem),
        reply_markup=keyboards.skip(),
    )


async def link_typed(message: Message, ctx: Ctx) -> None:
    """An online meeting's link: a link, not an address."""
    link = (message.text or "").strip()
    if problem := length_problem(ctx, link, PLACE_MIN, PLACE_LIMIT):
        await _ask_link(message, ctx, problem)
        return
    if LINK.fullmatch(link) is None:
        await _ask_link(message, ctx, render(ctx.tx, "meetings/bad_link.html"))
        return
    await ctx.state.update_data(place=link)
    await _ask_purpose(message, ctx)


async def _ask_purpose(message: Message, ctx: Ctx, problem: str = "") -> None:
    await ctx.state.set_state(MeetingForm.purpose)
    await message.answer(
        render(ctx.tx, "meetings/ask_purpose.html", limit=PURPOSE_LIMIT, problem=problem),
        reply_markup=keyboards.skip(),
    )


async def purpose_typed(
    message: Message, ctx: Ctx, reminders: ReminderEngine | None = None
) -> None:
    purpose = (message.text or "").strip()
    if problem := length_problem(ctx, purpose, PURPOSE_MIN, PURPOSE_LIMIT):
        await _ask_purpose(message, ctx, problem)  # the explanation, the same question
        return
    await ctx.state.update_data(purpose=purpose)
    await _ask_people(message, ctx, reminders)


async def purpose_skipped(
    query: CallbackQuery, ctx: Ctx, reminders: ReminderEngine | None = None
) -> None:
    if not (message := message_of(query)):
        return
    await ctx.state.update_data(purpose=None)
    await _ask_people(message, ctx, reminders)


async def _ask_people(message: Message, ctx: Ctx, engine: ReminderEngine | None) -> None:
    """Who of the team takes part (only when there is a team): everyone ticked gets the
    reminders. Working alone: saved at once."""
    team = await db.colleagues(ctx.session, ctx.org)
    if len(team) < 2:
        await _save(message, ctx, engine)
        return
    await ctx.state.set_state(MeetingForm.people)
    await ctx.state.update_data(people=[ctx.member.id])
    await message.answer(
        render(ctx.tx, "meetings/ask_people.html"),
        reply_markup=keyboards.people([(m.id, m.full_name) for m in team], {ctx.member.id}),
    )


async def people_expected(message: Message, ctx: Ctx) -> None:
    """Anything sent instead of ticking: the question again, the ticks kept."""
    team = await db.colleagues(ctx.session, ctx.org)
    data = await ctx.state.get_data()
    ticked = {int(i) for i in data.get("people", [])}
    await message.answer(
        render(ctx.tx, "meetings/ask_people.html"),
        reply_markup=keyboards.people([(m.id, m.full_name) for m in team], ticked),
    )


async def person_toggled(query: CallbackQuery, callback_data: StepCb, ctx: Ctx) -> None:
    """A member ticked or unticked (only the organisation's own are offered and kept)."""
    if not (message := message_of(query)):
        return
    team = await db.colleagues(ctx.session, ctx.org)
    if callback_data.idx not in {m.id for m in team}:
        await say(message, ctx, "common/not_found.html")
        return
    data = await ctx.state.get_data()
    ticked = [int(i) for i in data.get("people", [])]
    if callback_data.idx in ticked:
        ticked.remove(callback_data.idx)
    else:
        ticked.append(callback_data.idx)
    await ctx.state.update_data(people=ticked)
    await edit(
        message, reply_markup=keyboards.people([(m.id, m.full_name) for m in team], set(ticked))
    )


async def people_done(
    query: CallbackQuery, ctx: Ctx, reminders: ReminderEngine | None = None
) -> None:
    if message := message_of(query):
        await _save(message, ctx, reminders)


async def _save(message: Message, ctx: Ctx, engine: ReminderEngine | None) -> None:
    """The last answer: the meeting is saved, the partner's status moves, everyone's
    reminders are planned; the card says which of them will come."""
    data = await ctx.state.get_data()
    partner = await _partner(ctx)
    if partner is None or "starts_at" not in data or data.get("format") not in MeetingFormat.ALL:
        await ctx.state.clear()
        await say(message, ctx, "common/not_found.html")
        return
    meeting, moments, closed = await service.plan_meeting(
        ctx.session,
        ctx.member,
        partner,
        starts_at=datetime.fromisoformat(data["starts_at"]),
        place=data.get("place"),
        purpose=data.get("purpose"),
        format=str(data["format"]),
        now=ctx.now(),
        duration_min=int(data.get("duration") or DEFAULT_DURATION),
        member_ids=[int(i) for i in data.get("people", [])],
    )
    await ctx.state.clear()
    if engine is not None and moments:
        engine.notify(moments[0])
    await send_card(message, ctx, meeting, "planned", [task.title for task in closed])


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(place_typed, StateFilter(MeetingForm.place), Has("text"))
    r.message.register(link_typed, StateFilter(MeetingForm.link), Has("text"))
    r.message.register(purpose_typed, StateFilter(MeetingForm.purpose), Has("text"))
    r.message.register(format_expected, StateFilter(MeetingForm.format))
    r.message.register(people_expected, StateFilter(MeetingForm.people))
    skip = StepCb.filter(F.action == StepAct.SKIP)
    r.callback_query.register(
        place_picked, StepCb.filter(F.action == StepAct.PLACE), StateFilter(MeetingForm.place)
    )
    r.callback_query.register(place_skipped, skip, StateFilter(MeetingForm.place, MeetingForm.link))
    r.callback_query.register(purpose_skipped, skip, StateFilter(MeetingForm.purpose))
    r.callback_query.register(
        format_picked, StepCb.filter(F.action == StepAct.FORMAT), StateFilter(MeetingForm.format)
    )
    people = StateFilter(MeetingForm.people)
    r.callback_query.register(person_toggled, StepCb.filter(F.action == StepAct.PERSON), people)
    r.callback_query.register(people_done, StepCb.filter(F.action == StepAct.PEOPLE), people)
    return r
