"""After the meeting: how it went (text or voice), the outcome, the next step and its date;
the outcome lands on the partner card and may move the partner's status."""

from __future__ import annotations

from datetime import date, datetime, time

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain import dates
from bot.services import meetings as service
from handlers.meetings import keyboards
from handlers.meetings.callbacks import MeetingAct, MeetingCb, StepAct, StepCb
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import (
    NOTES_LIMIT,
    STEP_LIMIT,
    length_problem,
    load,
    message_of,
    refuse,
    render,
    say,
)
from handlers.shared.callbacks import ReportMeeting
from handlers.shared.filters import Has
from storage import meetings as db
from storage import partners as partners_db
from storage.models import MeetingOutcome, MeetingStatus
from texts import meetings as words


async def start(
    query: CallbackQuery,
    callback_data: MeetingCb | ReportMeeting,
    ctx: Ctx,
    callback_answer: CallbackAnswer,
) -> None:
    """«How did it go?» on the card, the follow-up reminder, or another feature
    (ReportMeeting): a meeting is reported once."""
    if not (message := message_of(query)):
        return
    if not (meeting := await load(ctx, callback_answer, callback_data.id)):
        return
    if meeting.status != MeetingStatus.PLANNED:  # reported already, or cancelled
        await say(message, ctx, "common/stale.html")
        return
    partner = await db.partner_of(ctx.session, meeting)
    name = partner.name if partner else ""
    await ctx.state.clear()
    await ctx.state.set_state(MeetingForm.notes)
    await ctx.state.update_data(report_id=meeting.id, partner_name=name)
    await _ask_notes(message, ctx, name)


async def _ask_notes(message: Message, ctx: Ctx, partner: str, problem: str = "") -> None:
    await message.answer(
        render(
            ctx.tx,
            "meetings/report_notes.html",
            partner=partner,
            limit=NOTES_LIMIT,
            problem=problem,
        ),
        reply_markup=keyboards.skip(),
    )


async def notes_voice(message: Message, ctx: Ctx) -> None:
    assert message.voice is not None
    await ctx.state.update_data(voice=message.voice.file_id)
    await message.answer(render(ctx.tx, "meetings/voice_kept.html"), reply_markup=keyboards.skip())


async def notes_typed(message: Message, ctx: Ctx) -> None:
    notes = (message.text or "").strip()
    if problem := length_problem(ctx, notes, 1, NOTES_LIMIT):
        data = await ctx.state.get_data()
        await _ask_notes(message, ctx, str(data.get("partner_name", "")), problem)
        return
    await ctx.state.update_data(notes=notes)
    await _ask_outcome(message, ctx)


async def notes_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    if message := message_of(query):
        await _ask_outcome(message, ctx)


async def _ask_outcome(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(MeetingForm.outcome)
    await message.answer(
        render(ctx.tx, "meetings/report_outcome.html"), reply_markup=keyboards.outcomes()
    )


async def outcome_expected(message: Message, ctx: Ctx) -> None:
    """Anything sent instead of tapping an outcome: the question again."""
    await _ask_outcome(message, ctx)


async def outcome_picked(query: CallbackQuery, callback_data: StepCb, ctx: Ctx) -> None:
    if not (message := message_of(query)):
        return
    if not 0 <= callback_data.idx < len(MeetingOutcome.ALL):
        await say(message, ctx, "common/stale.html")
        return
    await ctx.state.update_data(outcome=MeetingOutcome.ALL[callback_data.idx])
    await ctx.state.set_state(MeetingForm.next_step)
    await _ask_next_step(message, ctx)


async def _ask_next_step(message: Message, ctx: Ctx, problem: str = "") -> None:
    await message.answer(
        render(ctx.tx, "meetings/report_next_step.html", limit=STEP_LIMIT, problem=problem),
        reply_markup=keyboards.skip(),
    )


async def next_step_typed(message: Message, ctx: Ctx) -> None:
    step = (message.text or "").strip()
    if problem := length_problem(ctx, step, 1, STEP_LIMIT):
        await _ask_next_step(message, ctx, problem)
        return
    await ctx.state.update_data(next_step=step)
    await ctx.state.set_state(MeetingForm.next_date)
    await message.answer(
        render(ctx.tx, "meetings/report_next_date.html"), reply_markup=keyboards.skip()
    )


async def next_date_typed(message: Message, ctx: Ctx) -> None:
    today = ctx.today()
    day = dates.parse_day(message.text or "", today)
    if isinstance(day, dates.ParseError):
        await refuse(message, ctx, day, "meetings/bad_day.html")
        return
    if day < today:
        past = dates.ParseError(dates.Reason.PAST, f"{day:%d.%m.%Y}")
        await refuse(message, ctx, past, "meetings/bad_day.html")
        return
    await ctx.state.update_data(next_date=day.isoformat())
    await _save(message, ctx)


async def rest_skipped(query: CallbackQuery, ctx: Ctx) -> None:
    """No next step (or no date for it): the report is saved."""
    if message := message_of(query):
        await _save(message, ctx)


async def stale_step(query: CallbackQuery, ctx: Ctx) -> None:
    """A form button of another question of the report (an old message)."""
    if message := message_of(query):
        await say(message, ctx, "common/stale.html")


async def _save(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    await ctx.state.clear()
    meeting = await db.get_meeting(ctx.session, ctx.org, int(data.get("report_id", 0)))
    partner = (
        await partners_db.get_partner(ctx.session, ctx.org, meeting.partner_id) if meeting else None
    )
    if meeting is None or partner is None:
        await say(message, ctx, "common/not_found.html")
        return
    if meeting.status != MeetingStatus.PLANNED:  # reported meanwhile (another tap, a colleague)
        await say(message, ctx, "common/stale.html")
        return
    next_day = date.fromisoformat(data["next_date"]) if data.get("next_date") else None
    report = service.Report(
        outcome=str(data.get("outcome") or MeetingOutcome.AGAIN),
        notes=data.get("notes"),
        next_step=data.get("next_step"),
        next_day=next_day,
        voice=data.get("voice"),
    )
    moved = await service.save_report(ctx.session, ctx.member, meeting, partner, report, ctx.now())
    await message.answer(
        render(
            ctx.tx,
            "meetings/report_saved.html",
            partner=partner.name,
            outcome=report.outcome,
            moved=moved,
            next_step=report.next_step or "",
            next_date=words.human_day(datetime.combine(next_day, time())) if next_day else "",
        ),
        reply_markup=keyboards.report_saved(partner.id, report.outcome),
    )


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(start, MeetingCb.filter(F.action == MeetingAct.REPORT))
    r.callback_query.register(start, ReportMeeting.filter())
    r.message.register(notes_voice, StateFilter(MeetingForm.notes), Has("voice"))
    r.message.register(notes_typed, StateFilter(MeetingForm.notes), Has("text"))
    r.message.register(outcome_expected, StateFilter(MeetingForm.outcome))
    r.message.register(next_step_typed, StateFilter(MeetingForm.next_step), Has("text"))
    r.message.register(next_date_typed, StateFilter(MeetingForm.next_date), Has("text"))
    skip = StepCb.filter(F.action == StepAct.SKIP)
    outcome = StepCb.filter(F.action == StepAct.OUTCOME)
    r.callback_query.register(notes_skipped, skip, StateFilter(MeetingForm.notes))
    r.callback_query.register(outcome_picked, outcome, StateFilter(MeetingForm.outcome))
    rest = StateFilter(MeetingForm.next_step, MeetingForm.next_date)
    r.callback_query.register(rest_skipped, skip, rest)
    # the report's other buttons in a question they do not answer: stale
    r.callback_query.register(stale_step, skip, StateFilter(MeetingForm.outcome))
    r.callback_query.register(
        stale_step,
        outcome,
        StateFilter(MeetingForm.notes, MeetingForm.next_step, MeetingForm.next_date),
    )
    return r
