"""After the meeting (or for one that took place unplanned, `past`): how it went (text or
voice), the outcome, the next step and its day. The outcome lands on the partner card and
moves the partner's status; the next step becomes a task reminded of at 09:00 on its day
(or at the time typed). «Another meeting needed» offers to plan it now; otherwise a task
reminds to arrange it."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.context import Ctx
from bot.domain import dates
from bot.reminders import ReminderEngine
from bot.services import meetings as service
from bot.services import tasks as tasks_service
from handlers.meetings import keyboards, planning
from handlers.meetings.callbacks import MeetingAct, MeetingCb, StepAct, StepCb
from handlers.meetings.states import MeetingForm
from handlers.meetings.view import (
    NOTES_LIMIT,
    SCOPE,
    STEP_LIMIT,
    length_problem,
    load,
    message_of,
    refuse,
    render,
    say,
)
from handlers.shared import calendar
from handlers.shared.calendar import CalCb, CalendarPick
from handlers.shared.callbacks import ReportMeeting
from handlers.shared.filters import Has
from handlers.tasks.view import other_day
from storage import meetings as db
from storage import partners as partners_db
from storage.models import MeetingFormat, MeetingOutcome, MeetingStatus, Partner, TaskKind
from texts import tasks as task_words


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
    await begin(message, ctx, meeting.id, partner.name if partner else "")


async def begin(message: Message, ctx: Ctx, meeting_id: int, partner_name: str) -> None:
    """The notes question of a planned meeting's report (`meeting_id`), or of a past one
    being written (0: its moment and format are in the form already)."""
    if meeting_id:
        await ctx.state.clear()
    await ctx.state.set_state(MeetingForm.notes)
    await ctx.state.update_data(report_id=meeting_id, partner_name=partner_name)
    await _ask_notes(message, ctx, partner_name)


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
    """The outcome; another meeting needed: plan it now or later; else the next step."""
    if not (message := message_of(query)):
        return
    if not 0 <= callback_data.idx < len(MeetingOutcome.ALL):
        await say(message, ctx, "common/stale.html")
        return
    outcome = MeetingOutcome.ALL[callback_data.idx]
    await ctx.state.update_data(outcome=outcome)
    if outcome == MeetingOutcome.AGAIN:
        await _ask_again(message, ctx)
        return
    await _ask_next_step(message, ctx)


async def _ask_again(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(MeetingForm.again)
    await message.answer(
        render(ctx.tx, "meetings/report_again.html"), reply_markup=keyboards.plan_now()
    )


async def again_expected(message: Message, ctx: Ctx) -> None:
    await _ask_again(message, ctx)


async def plan_now(query: CallbackQuery, ctx: Ctx) -> None:
    """Another meeting, planned now: the report is saved, then the date question."""
    if not (message := message_of(query)):
        return
    partner = await _save(message, ctx, None)
    if partner is not None:
        await planning.ask_when(message, ctx, partner)


async def plan_later(query: CallbackQuery, ctx: Ctx) -> None:
    """Another meeting, later: a task «another meeting» on a day, reminded of."""
    if not (message := message_of(query)):
        return
    kind = TaskKind.MEETING
    await ctx.state.update_data(step_title=task_words.PRESET_TITLES[kind], step_kind=kind)
    await _ask_next_date(message, ctx)


async def _ask_next_step(message: Message, ctx: Ctx, problem: str = "") -> None:
    await ctx.state.set_state(MeetingForm.next_step)
    await message.answer(
        render(ctx.tx, "meetings/report_next_step.html", limit=STEP_LIMIT, problem=problem),
        reply_markup=keyboards.next_steps(),
    )


async def next_step_typed(message: Message, ctx: Ctx) -> None:
    step = (message.text or "").strip()
    if problem := length_problem(ctx, step, 1, STEP_LIMIT):
        await _ask_next_step(message, ctx, problem)
        return
    await ctx.state.update_data(step_title=step, step_kind=tasks_service.kind_of(step))
    await _ask_next_date(message, ctx)


async def next_step_picked(query: CallbackQuery, callback_data: StepCb, ctx: Ctx) -> None:
    """One of the usual next steps (to call back, to send the draft agreement…)."""
    if not (message := message_of(query)):
        return
    if not 0 <= callback_data.idx < len(TaskKind.PRESETS):
        await say(message, ctx, "common/stale.html")
        return
    kind = TaskKind.PRESETS[callback_data.idx]
    await ctx.state.update_data(step_title=task_words.PRESET_TITLES[kind], step_kind=kind)
    await _ask_next_date(message, ctx)


async def _ask_next_date(message: Message, ctx: Ctx) -> None:
    await ctx.state.set_state(MeetingForm.next_date)
    data = await ctx.state.get_data()
    await message.answer(
        render(ctx.tx, "meetings/report_next_date.html", step=data.get("step_title", "")),
        reply_markup=calendar.first_markup(SCOPE, ctx.today(), keyboards.next_days()),
    )


async def next_date_typed(
    message: Message, ctx: Ctx, reminders: ReminderEngine | None = None
) -> None:
    """The next step's day, maybe with a time ("15.12 at 11:00"); saved with the report.
    An ambiguous phrase: the other reading is offered under the saved report."""
    parsed = dates.parse_moment(message.text or "", ctx.now(), ctx.member.timezone)
    if isinstance(parsed, dates.ParseError):
        await refuse(message, ctx, parsed, "meetings/bad_day.html")
        return
    due = tasks_service.Due(parsed.day, parsed.local.time() if parsed.has_time else None)
    await _save_step(message, ctx, due, reminders, parsed)


async def next_day_picked(
    query: CallbackQuery,
    callback_data: StepCb,
    ctx: Ctx,
    reminders: ReminderEngine | None = None,
) -> None:
    """A quick day (tomorrow, in 3 days…)."""
    if not (message := message_of(query)):
        return
    if callback_data.idx not in {days for _, days in task_words.QUICK_DAYS}:
        await say(message, ctx, "common/stale.html")
        return
    due = tasks_service.Due(ctx.today() + timedelta(days=callback_data.idx))
    await _save_step(message, ctx, due, reminders)


async def calendar_day_picked(
    query: CallbackQuery, callback_data: CalCb, ctx: Ctx, reminders: ReminderEngine | None = None
) -> None:
    if not (message := message_of(query)):
        return
    if callback_data.day < ctx.today():
        late = dates.ParseError(dates.Reason.PAST, f"{callback_data.day:%d.%m.%Y}")
        await refuse(message, ctx, late, "meetings/bad_day.html")
        return
    await _save_step(message, ctx, tasks_service.Due(callback_data.day), reminders)


async def no_next_step(query: CallbackQuery, ctx: Ctx) -> None:
    """No next step: the report is saved as it is."""
    if message := message_of(query):
        await _save(message, ctx, None)


async def stale_step(query: CallbackQuery, ctx: Ctx) -> None:
    """A form button of another question of the report (an old message)."""
    if message := message_of(query):
        await say(message, ctx, "common/stale.html")


async def _save_step(
    message: Message,
    ctx: Ctx,
    due: tasks_service.Due,
    engine: ReminderEngine | None,
    parsed: dates.ParsedMoment | None = None,
) -> None:
    data = await ctx.state.get_data()
    step = service.NextStep(
        title=str(data.get("step_title") or ""),
        kind=str(data.get("step_kind") or TaskKind.CUSTOM),
        due=due,
    )
    await _save(message, ctx, step, parsed, engine)


async def _save(
    message: Message,
    ctx: Ctx,
    step: service.NextStep | None,
    parsed: dates.ParsedMoment | None = None,
    engine: ReminderEngine | None = None,
) -> Partner | None:
    """The report saved (a past meeting written with it); what changed said. Returns the
    partner (None: nothing was saved)."""
    data = await ctx.state.get_data()
    await ctx.state.clear()
    report = service.Report(
        outcome=str(data.get("outcome") or MeetingOutcome.AGAIN),
        notes=data.get("notes"),
        next_step=step,
        voice=data.get("voice"),
    )
    found = await _meeting_and_partner(message, ctx, data)
    if found is None:
        return None
    meeting_id, partner = found
    if meeting_id:
        meeting = await db.get_meeting(ctx.session, ctx.org, meeting_id)
        if meeting is None or meeting.status != MeetingStatus.PLANNED:
            await say(message, ctx, "common/stale.html")  # reported meanwhile (a colleague)
            return None
        saved = await service.save_report(
            ctx.session, ctx.member, meeting, partner, report, ctx.now()
        )
    else:
        meeting, saved = await service.log_meeting(
            ctx.session,
            ctx.member,
            partner,
            starts_at=datetime.fromisoformat(data["starts_at"]),
            format=str(data.get("format") or MeetingFormat.VISIT),
            report=report,
            now=ctx.now(),
        )
    if engine is not None and saved.remind_at is not None:
        engine.notify(saved.remind_at)
    other = other_day(saved.task, parsed) if saved.task is not None else None
    await message.answer(
        render(
            ctx.tx,
            "meetings/report_saved.html",
            partner=partner.name,
            outcome=report.outcome,
            status=saved.status.value if saved.status else "",
            current=partner.status,
            logged=not meeting_id,
            task=saved.task,
            day=task_words.human_day(step.due.day) if step else "",
            remind=_local_time(ctx, saved.remind_at),
            notes=dates.notes(parsed) if parsed else [],
        ),
        reply_markup=keyboards.report_saved(
            partner.id, report.outcome, saved.task.id if saved.task else 0, other
        ),
    )
    return partner


async def _meeting_and_partner(
    message: Message, ctx: Ctx, data: dict[str, object]
) -> tuple[int, Partner] | None:
    meeting_id = int(str(data.get("report_id") or 0))
    if meeting_id:
        meeting = await db.get_meeting(ctx.session, ctx.org, meeting_id)
        partner = await db.partner_of(ctx.session, meeting) if meeting else None
    else:
        pid = int(str(data.get("partner_id") or 0))
        partner = await partners_db.get_partner(ctx.session, ctx.org, pid)
        if "starts_at" not in data:
            partner = None
    if partner is None:
        await say(message, ctx, "common/not_found.html")
        return None
    return meeting_id, partner


def _local_time(ctx: Ctx, moment: datetime | None) -> str:
    return f"{moment.astimezone(ctx.tz):%H:%M}" if moment else ""


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(start, MeetingCb.filter(F.action == MeetingAct.REPORT))
    r.callback_query.register(start, ReportMeeting.filter())
    r.message.register(notes_voice, StateFilter(MeetingForm.notes), Has("voice"))
    r.message.register(notes_typed, StateFilter(MeetingForm.notes), Has("text"))
    r.message.register(outcome_expected, StateFilter(MeetingForm.outcome))
    r.message.register(again_expected, StateFilter(MeetingForm.again))
    r.message.register(next_step_typed, StateFilter(MeetingForm.next_step), Has("text"))
    r.message.register(next_date_typed, StateFilter(MeetingForm.next_date), Has("text"))
    skip = StepCb.filter(F.action == StepAct.SKIP)
    outcome = StepCb.filter(F.action == StepAct.OUTCOME)
    dating = StateFilter(MeetingForm.next_date)
    r.callback_query.register(notes_skipped, skip, StateFilter(MeetingForm.notes))
    r.callback_query.register(outcome_picked, outcome, StateFilter(MeetingForm.outcome))
    again = StateFilter(MeetingForm.again)
    r.callback_query.register(plan_now, StepCb.filter(F.action == StepAct.PLAN_NOW), again)
    r.callback_query.register(plan_later, StepCb.filter(F.action == StepAct.LATER), again)
    stepping = StateFilter(MeetingForm.next_step)
    r.callback_query.register(no_next_step, skip, stepping)
    r.callback_query.register(next_step_picked, StepCb.filter(F.action == StepAct.STEP), stepping)
    r.callback_query.register(next_day_picked, StepCb.filter(F.action == StepAct.DAY), dating)
    r.callback_query.register(calendar_day_picked, CalendarPick(SCOPE, "d"), dating)
    # the report's other buttons in a question they do not answer: stale
    r.callback_query.register(
        stale_step,
        skip,
        StateFilter(MeetingForm.outcome, MeetingForm.again, MeetingForm.next_date),
    )
    r.callback_query.register(
        stale_step,
        outcome,
        StateFilter(
            MeetingForm.notes, MeetingForm.again, MeetingForm.next_step, MeetingForm.next_date
        ),
    )
    return r
