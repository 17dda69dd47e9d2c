"""The method coach: /next (one recommended step), /plan (the three stages as a checklist),
the stage-I questions, the work plan of joint events (/events), expert evaluations of
partnerships and the typical documents checklist. Rules live in bot/coach.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.filters import Command, Filter, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain import coach as rules
from bot.domain.dates import ParseError, parse_day
from handlers.shared.callbacks import (
    AddPartner,
    AddProgramme,
    EditOffer,
    Evaluate,
    Invite,
    NewAgreement,
    NewEvent,
    NewMeeting,
    OpenAgreement,
    OpenPartner,
    ReportMeeting,
)
from handlers.shared.filters import Registered, TextIs
from handlers.shared.keyboards import edit, inline
from storage import coach as store
from storage import partners as partners_store
from storage.enums import Direction
from storage.orgs import MemberInfo
from texts import Texts, buttons, method
from texts import coach as labels

router = Router(name=__name__)
router.message.filter(Registered())
router.callback_query.filter(Registered())

ANSWER_LIMIT = 1000
TITLE_LIMIT = 200
COMMENT_LIMIT = 1000
EVENTS_SHOWN = 8  # upcoming and past each: 16 lines of at most ~250 characters
MAX_OFFSET = 100_000  # "another suggestion" walks a list far shorter than this
DIRECTIONS: tuple[str, ...] = tuple(Direction)


class CoachForm(StatesGroup):
    answer = State()
    ev_title = State()
    ev_day = State()
    ev_day_ok = State()
    ev_partner = State()
    ev_direction = State()
    ev_responsible = State()
    eval_score = State()
    eval_comment = State()
    eval_direction = State()


class NextCb(CallbackData, prefix="cx"):
    act: str  # show | not | other
    off: int = 0
    key: str = ""


class QuestionCb(CallbackData, prefix="s1"):
    q: int  # index in STAGE_ONE_QUESTIONS; -1: all answers


class PlanCb(CallbackData, prefix="cp"):
    pass


class TeamCb(CallbackData, prefix="ct"):
    on: bool  # tick (or untick) «Коллектив в курсе» (stage I, item 2)


class DocCb(CallbackData, prefix="cd"):
    idx: int  # index in DOCUMENT_KINDS; -1: show the checklist


class EventsCb(CallbackData, prefix="ce"):
    pass


class DayCb(CallbackData, prefix="cy"):
    ok: bool  # the echoed date is right (False: type another one)


class PickCb(CallbackData, prefix="ep"):
    id: int  # partner id; 0: done choosing


class DirCb(CallbackData, prefix="cr"):
    idx: int  # index in DIRECTIONS; -1: skip


class RespCb(CallbackData, prefix="cm"):
    id: int  # member id


class ScoreCb(CallbackData, prefix="cs"):
    i: int  # index in texts.coach.CRITERIA: a tap on an older keyboard is stale
    score: int


class SkipCb(CallbackData, prefix="ck"):
    pass


MENU_LABELS = frozenset(
    {
        buttons.MENU_ADD,
        buttons.MENU_PARTNERS,
        buttons.MENU_NEXT,
        buttons.MENU_PLAN,
        buttons.MENU_MEETINGS,
        buttons.MENU_AGREEMENTS,
        buttons.MENU_ABOUT,
        buttons.MENU_SETTINGS,
    }
)


class NotCommand(Filter):
    """Typed text that is neither a /command nor a main-menu button: those typed in the
    middle of a coach flow reach their own handlers instead of becoming an answer."""

    async def __call__(self, event: TelegramObject) -> bool:
        text = getattr(event, "text", None) or ""
        return not text.startswith("/") and text not in MENU_LABELS


# --------------------------------------------------------------------------- helpers


def action_callback(action: rules.Action) -> str:
    """The callback data of the button that starts `action` in the feature owning it."""
    kind = action.kind
    if kind == "answer":
        return QuestionCb(q=action.arg).pack()
    if kind == "answers":
        return QuestionCb(q=-1).pack()
    if kind == "add_partner":
        return AddPartner(category=action.category).pack()
    if kind == "add_programme":  # the programmes feature's own "add" button
        return AddProgramme().pack()
    if kind == "edit_offer":
        return EditOffer(partner_id=action.partner_id).pack()
    if kind == "new_meeting":
        return NewMeeting(partner_id=action.partner_id).pack()
    if kind == "new_agreement":
        return NewAgreement(partner_id=action.partner_id).pack()
    if kind == "invite":
        return Invite().pack()
    if kind == "open_partner":
        return OpenPartner(id=action.partner_id).pack()
    if kind == "new_event":
        return NewEvent(partner_id=action.partner_id).pack()
    if kind == "documents":
        return DocCb(idx=-1).pack()
    if kind == "evaluate":
        return Evaluate(partner_id=action.partner_id).pack()
    if kind == "open_agreement":  # the agreements feature's card: prolong or let it end
        return OpenAgreement(id=action.arg).pack()
    if kind == "report_meeting":  # the meetings feature's own "write the outcome" button
        return ReportMeeting(id=action.arg).pack()
    raise ValueError(f"unknown coach action {kind!r}")


def _today(member: MemberInfo, clock: Clock) -> date:
    return clock.now().astimezone(ZoneInfo(member.timezone)).date()


async def _answer_or_edit(
    target: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    if isinstance(target, CallbackQuery):
        await target.answer()
        if isinstance(target.message, Message):  # the same suggestion again: nothing changes
            await edit(target.message, text, markup)
        return
    await target.answer(text, reply_markup=markup)


def _message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


# --------------------------------------------------------------------------- /next


async def _show_next(
    target: Message | CallbackQuery,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    offset: int = 0,
) -> None:
    now = clock.now()
    snap = await store.snapshot(session, member.organisation_id, now, member.timezone)
    hidden = await store.dismissals(session, member.id, now)
    viewer = rules.Viewer(member.id, member.is_admin)
    found = rules.candidates(snap, now, viewer)
    suggestion, index, total = rules.pick_from(found, now, dismissed=hidden, offset=offset)
    pos = rules.position(snap, now, rules.plan(snap, now, viewer))
    text, markup = _render_next(tx, suggestion, pos, index, total, bool(hidden))
    await _answer_or_edit(target, text, markup)


def _render_next(
    tx: Texts,
    suggestion: rules.Suggestion | None,
    pos: rules.Position,
    index: int,
    total: int,
    hidden: bool,
) -> tuple[str, InlineKeyboardMarkup]:
    if suggestion is None:
        text = tx.render("coach/nothing.html", pos=pos, hidden=hidden)
        return text, inline([[(labels.PLAN, PlanCb().pack())]])
    text = tx.render(
        "coach/next.html",
        s=suggestion,
        pos=pos,
        index=index,
        total=total,
        labels=labels,
        rule_step=rules.RULE_STEPS.get(suggestion.rule, 0),
    )
    rows = [[(labels.ACTION_LABELS[suggestion.rule], action_callback(suggestion.action))]]
    if suggestion.rule == "team":  # working alone: the team can be "in the know" instead
        rows.append([(labels.TEAM_AWARE, TeamCb(on=True).pack())])
    nav = [(labels.NOT_NOW, NextCb(act="not", off=index, key=suggestion.key).pack())]
    if total > 1:
        nav.append((labels.ANOTHER, NextCb(act="other", off=index + 1).pack()))
    rows += [nav, [(labels.PLAN, PlanCb().pack())]]
    return text, inline(rows)


@router.message(Command("next"))
@router.message(TextIs(buttons.MENU_NEXT))
async def next_step(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    if await state.get_state() is not None:
        await state.clear()
    await _show_next(message, session, member, tx, clock)


@router.callback_query(NextCb.filter())
async def next_nav(
    query: CallbackQuery,
    callback_data: NextCb,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    offset = callback_data.off
    if not 0 <= offset <= MAX_OFFSET:
        await query.answer(tx.render("common/stale.html"), show_alert=True)
        return
    if callback_data.act == "not" and callback_data.key:
        until = rules.dismiss_until(clock.now())
        await store.dismiss(
            session, member.organisation_id, member.id, callback_data.key[:48], until
        )
    elif callback_data.act != "other":
        # «Следующий шаг» under another message (plan, saved answer…): a new message
        await query.answer()
        if isinstance(query.message, Message):
            await _show_next(query.message, session, member, tx, clock)
        return
    await _show_next(query, session, member, tx, clock, offset=offset)


# --------------------------------------------------------------------------- /plan


@router.message(Command("plan"))
@router.message(TextIs(buttons.MENU_PLAN))
async def show_plan(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    if await state.get_state() is not None:
        await state.clear()
    await _send_plan(message, session, member, tx, clock)


@router.callback_query(PlanCb.filter())
async def plan_button(
    query: CallbackQuery, session: AsyncSession, member: MemberInfo, tx: Texts, clock: Clock
) -> None:
    await query.answer()
    if (message := _message(query)) is not None:
        await _send_plan(message, session, member, tx, clock)


async def _send_plan(
    message: Message, session: AsyncSession, member: MemberInfo, tx: Texts, clock: Clock
) -> None:
    now = clock.now()
    snap = await store.snapshot(session, member.organisation_id, now, member.timezone)
    text, markup = _render_plan(snap, now, rules.Viewer(member.id, member.is_admin), tx)
    await message.answer(text, reply_markup=markup)


def _render_plan(
    snap: rules.Snapshot, now: datetime, viewer: rules.Viewer, tx: Texts
) -> tuple[str, InlineKeyboardMarkup]:
    stages = rules.plan(snap, now, viewer)
    pos = rules.position(snap, now, stages)
    text = tx.render(
        "coach/plan.html",
        stages=stages,
        answers=snap.answers,
        pos=pos,
        bar=rules.progress_bar,
    )
    rows: list[list[tuple[str, str]]] = []
    seen: set[tuple[str, str]] = set()
    for sp in stages:
        for item in sp.items:
            number = f"{labels.STAGE_SHORT[sp.stage]}.{item.index + 1}"
            if item.action is not None:
                data = action_callback(item.action)
                # the label names this item: III.1 opens the documents checklist for the
                # job instructions, III.3 for the typical documents
                label = labels.PLAN_ITEM_LABELS.get(
                    (sp.stage, item.index, item.action.kind),
                    labels.PLAN_ACTION_LABELS[item.action.kind],
                )
                if (data, label) not in seen:
                    seen.add((data, label))
                    rows.append([(f"{number} {label}", data)])
            if (sp.stage, item.index) == (0, 1) and snap.members < 2:
                if not snap.team_aware:
                    rows.append([(f"{number} {labels.TEAM_AWARE}", TeamCb(on=True).pack())])
                else:
                    rows.append([(labels.TEAM_AWARE_UNDO, TeamCb(on=False).pack())])
    answers_data = QuestionCb(q=-1).pack()
    if snap.answers and all(data != answers_data for data, _ in seen):
        rows.append([(labels.ANSWERS, answers_data)])
    rows.append([(labels.EVENTS, EventsCb().pack()), (labels.NEXT, NextCb(act="show").pack())])
    return text, inline(rows)


# --------------------------------------------------------------------------- stage I


@router.callback_query(TeamCb.filter())
async def team_aware(
    query: CallbackQuery,
    callback_data: TeamCb,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    """The "the team is on board" tick: stage I, item 2 for a teacher working alone here."""
    await query.answer()
    message = _message(query)
    await store.set_team_aware(
        session, member.organisation_id, member.id, callback_data.on, clock.now()
    )
    if message is None:
        return
    answered = len(await store.answers(session, member.organisation_id))
    await message.answer(
        tx.render(
            "coach/team_aware.html",
            on=callback_data.on,
            answered=answered,
            total=len(method.STAGE_ONE_QUESTIONS),
        ),
        reply_markup=inline(
            [[(labels.PLAN, PlanCb().pack()), (labels.NEXT, NextCb(act="show").pack())]]
        ),
    )


@router.callback_query(QuestionCb.filter())
async def question(
    query: CallbackQuery,
    callback_data: QuestionCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    await query.answer()
    message = _message(query)
    if message is None:
        return
    q = callback_data.q
    current = await store.answers(session, member.organisation_id)
    if q == -1:
        rows = [
            [(labels.EDIT_ANSWER.format(n=i + 1), QuestionCb(q=i).pack())]
            for i in range(len(method.STAGE_ONE_QUESTIONS))
        ]
        await message.answer(
            tx.render("coach/answers.html", answers=current), reply_markup=inline(rows)
        )
        return
    if not 0 <= q < len(method.STAGE_ONE_QUESTIONS):
        await message.answer(tx.render("common/stale.html"))
        return
    await state.set_state(CoachForm.answer)
    await state.set_data({"q": q})
    await message.answer(
        tx.render("coach/ask_answer.html", q=q, current=current.get(q), limit=ANSWER_LIMIT)
    )


@router.message(StateFilter(CoachForm.answer), NotCommand())
async def answer_typed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    text = (message.text or "").strip()
    if not 3 <= len(text) <= ANSWER_LIMIT:
        await message.answer(tx.render("coach/bad_answer.html", limit=ANSWER_LIMIT))
        return
    q = int((await state.get_data()).get("q", 0))
    await store.save_answer(session, member.organisation_id, member.id, q, text, clock.now())
    await state.clear()
    current = await store.answers(session, member.organisation_id)
    open_q = [i for i in range(len(method.STAGE_ONE_QUESTIONS)) if i not in current]
    rows = []
    if open_q:
        rows.append([(labels.ANSWER_NEXT.format(n=open_q[0] + 1), QuestionCb(q=open_q[0]).pack())])
    rows.append([(labels.NEXT, NextCb(act="show").pack()), (labels.PLAN, PlanCb().pack())])
    await message.answer(
        tx.render("coach/answer_saved.html", q=q, answered=len(current)),
        reply_markup=inline(rows),
    )


# --------------------------------------------------------------------------- documents


def _documents_keyboard(adopted: set[str]) -> InlineKeyboardMarkup:
    rows = [
        [
            (
                ("✅ " if kind in adopted else "⬜ ") + labels.DOCUMENT_LABELS[kind],
                DocCb(idx=i).pack(),
            )
        ]
        for i, kind in enumerate(rules.DOCUMENT_KINDS)
    ]
    rows.append([(labels.PLAN, PlanCb().pack()), (labels.NEXT, NextCb(act="show").pack())])
    return inline(rows)


@router.callback_query(DocCb.filter())
async def documents(
    query: CallbackQuery,
    callback_data: DocCb,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = _message(query)
    idx = callback_data.idx
    if idx >= len(rules.DOCUMENT_KINDS) or idx < -1:
        await query.answer(tx.render("common/stale.html"), show_alert=True)
        return
    if idx >= 0:
        await store.toggle_document(
            session, member.organisation_id, member.id, rules.DOCUMENT_KINDS[idx], clock.now()
        )
    adopted = await store.documents(session, member.organisation_id)
    text = tx.render("coach/documents.html", adopted=len(adopted), total=len(rules.DOCUMENT_KINDS))
    await query.answer()
    if message is None:
        return
    if idx >= 0:
        await edit(message, text, _documents_keyboard(adopted))
    else:
        await message.answer(text, reply_markup=_documents_keyboard(adopted))


# --------------------------------------------------------------------------- events


def _directions_keyboard() -> InlineKeyboardMarkup:
    rows = [[(method.DIRECTION_SHORT[d], DirCb(idx=i).pack())] for i, d in enumerate(DIRECTIONS)]
    rows.append([(labels.SKIP, DirCb(idx=-1).pack())])
    return inline(rows)


@router.message(Command("events"))
async def events_command(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    if await state.get_state() is not None:
        await state.clear()
    await _send_events(message, session, member, tx, clock)


@router.callback_query(EventsCb.filter())
async def events_button(
    query: CallbackQuery, session: AsyncSession, member: MemberInfo, tx: Texts, clock: Clock
) -> None:
    await query.answer()
    if (message := _message(query)) is not None:
        await _send_events(message, session, member, tx, clock)


async def _send_events(
    message: Message, session: AsyncSession, member: MemberInfo, tx: Texts, clock: Clock
) -> None:
    upcoming, past = await store.list_events(
        session, member.organisation_id, _today(member, clock), limit=EVENTS_SHOWN
    )
    await message.answer(
        tx.render("coach/events.html", upcoming=upcoming, past=past),
        reply_markup=inline([[(labels.NEW_EVENT, NewEvent(partner_id=0).pack())]]),
    )


@router.callback_query(NewEvent.filter())
async def new_event(
    query: CallbackQuery,
    callback_data: NewEvent,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    message = _message(query)
    partner_name = None
    partner_ids: list[int] = []
    if callback_data.partner_id:
        partner = await partners_store.get_partner(
            session, member.organisation_id, callback_data.partner_id
        )
        if partner is None:
            await query.answer(tx.render("common/not_found.html"), show_alert=True)
            return
        partner_name, partner_ids = partner.name, [partner.id]
    await query.answer()
    if message is None:
        return
    await state.set_state(CoachForm.ev_title)
    await state.set_data({"partners": partner_ids, "preset": bool(partner_ids)})
    await message.answer(
        tx.render("coach/event_ask_title.html", partner=partner_name, limit=TITLE_LIMIT)
    )


@router.message(StateFilter(CoachForm.ev_title), NotCommand())
async def event_title(message: Message, state: FSMContext, tx: Texts) -> None:
    title = (message.text or "").strip()
    if not 3 <= len(title) <= TITLE_LIMIT:
        await message.answer(tx.render("coach/event_bad_title.html", limit=TITLE_LIMIT))
        return
    await state.update_data(title=title)
    await state.set_state(CoachForm.ev_day)
    await message.answer(tx.render("coach/event_ask_day.html"))


async def _refuse_day(message: Message, tx: Texts, error: ParseError) -> None:
    await message.answer(
        tx.render(
            "coach/event_bad_day.html",
            reason=labels.DATE_ERRORS.get(error.reason, labels.DATE_ERRORS["unknown"]),
            detail=error.detail,
        )
    )


async def _confirm_day(
    message: Message, state: FSMContext, member: MemberInfo, tx: Texts, clock: Clock
) -> None:
    """Echo the understood date with its weekday; a past date is questioned."""
    data = await state.get_data()
    day = date.fromisoformat(str(data["day"]))
    past = day < _today(member, clock)
    await state.set_state(CoachForm.ev_day_ok)
    await message.answer(
        tx.render("coach/event_confirm_day.html", day=labels.human_day(day), past=past),
        reply_markup=inline(
            [
                [
                    (labels.DAY_PAST_OK if past else labels.DAY_OK, DayCb(ok=True).pack()),
                    (labels.DAY_CHANGE, DayCb(ok=False).pack()),
                ]
            ]
        ),
    )


@router.message(StateFilter(CoachForm.ev_day, CoachForm.ev_day_ok), NotCommand())
async def event_day(
    message: Message,
    state: FSMContext,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    parsed = parse_day(message.text or "", _today(member, clock))
    if isinstance(parsed, ParseError):
        await _refuse_day(message, tx, parsed)
        if await state.get_state() == CoachForm.ev_day_ok.state:
            await _confirm_day(message, state, member, tx, clock)  # the question again
        return
    await state.update_data(day=parsed.isoformat())
    await _confirm_day(message, state, member, tx, clock)


@router.callback_query(StateFilter(CoachForm.ev_day_ok), DayCb.filter())
async def event_day_confirmed(
    query: CallbackQuery,
    callback_data: DayCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    await query.answer()
    message = _message(query)
    if message is None:
        return
    if not callback_data.ok:
        await state.set_state(CoachForm.ev_day)
        await message.answer(tx.render("coach/event_ask_day.html"))
        return
    data = await state.get_data()
    if data.get("preset"):
        await _ask_direction(message, state, tx)
    else:
        await _ask_partner(message, state, session, member, tx)


async def _ask_partner(
    message: Message, state: FSMContext, session: AsyncSession, member: MemberInfo, tx: Texts
) -> None:
    await state.set_state(CoachForm.ev_partner)
    data = await state.get_data()
    names = await store.partner_names(session, member.organisation_id, data.get("partners", []))
    label = labels.EVENT_DONE if names else labels.EVENT_NO_PARTNER
    await message.answer(
        tx.render("coach/event_ask_partner.html", chosen=list(names.values())),
        reply_markup=inline([[(label, PickCb(id=0).pack())]]),
    )


@router.message(StateFilter(CoachForm.ev_partner), NotCommand())
async def event_partner_search(
    message: Message, session: AsyncSession, member: MemberInfo, tx: Texts
) -> None:
    query = (message.text or "").strip()
    found, _total = await partners_store.search_partners(
        session, member.organisation_id, query, per_page=8
    )
    rows = [[(row.name, PickCb(id=row.id).pack())] for row in found]
    rows.append([(labels.EVENT_DONE, PickCb(id=0).pack())])
    await message.answer(
        tx.render("coach/event_partner_results.html", found=bool(found), query=query),
        reply_markup=inline(rows),
    )


@router.callback_query(StateFilter(CoachForm.ev_partner), PickCb.filter())
async def event_partner_pick(
    query: CallbackQuery,
    callback_data: PickCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    message = _message(query)
    if callback_data.id == 0:
        await query.answer()
        if message is not None:
            await _ask_direction(message, state, tx)
        return
    partner = await partners_store.get_partner(session, member.organisation_id, callback_data.id)
    if partner is None:
        await query.answer(tx.render("common/not_found.html"), show_alert=True)
        return
    await query.answer()
    data = await state.get_data()
    chosen = [int(i) for i in data.get("partners", [])]
    if partner.id not in chosen:
        chosen.append(partner.id)
    await state.update_data(partners=chosen)
    if message is not None:
        await _ask_partner(message, state, session, member, tx)


async def _ask_direction(message: Message, state: FSMContext, tx: Texts) -> None:
    await state.set_state(CoachForm.ev_direction)
    await message.answer(
        tx.render("coach/event_ask_direction.html"), reply_markup=_directions_keyboard()
    )


@router.callback_query(StateFilter(CoachForm.ev_direction), DirCb.filter())
async def event_direction(
    query: CallbackQuery,
    callback_data: DirCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    idx = callback_data.idx
    if not -1 <= idx < len(DIRECTIONS):
        await query.answer(tx.render("common/stale.html"), show_alert=True)
        return
    await query.answer()
    message = _message(query)
    if message is None:
        return
    await state.update_data(direction=DIRECTIONS[idx] if idx >= 0 else None)
    await _ask_responsible(message, state, session, member, tx)


async def _ask_responsible(
    message: Message, state: FSMContext, session: AsyncSession, member: MemberInfo, tx: Texts
) -> None:
    await state.set_state(CoachForm.ev_responsible)
    people = await store.member_names(session, member.organisation_id)
    rows = [[(labels.RESPONSIBLE_ME, RespCb(id=member.id).pack())]]
    rows += [[(name, RespCb(id=mid).pack())] for mid, name in people if mid != member.id]
    await message.answer(tx.render("coach/event_ask_responsible.html"), reply_markup=inline(rows))


@router.callback_query(StateFilter(CoachForm.ev_responsible), RespCb.filter())
async def event_responsible(
    query: CallbackQuery,
    callback_data: RespCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = _message(query)
    responsible = await store.member_in(session, member.organisation_id, callback_data.id)
    if responsible is None:  # not a member of this organisation: nothing is saved
        await query.answer(tx.render("common/not_found.html"), show_alert=True)
        return
    await query.answer()
    if message is None:
        return
    data = await state.get_data()
    row = await store.create_event(
        session,
        organisation_id=member.organisation_id,
        member_id=member.id,
        title=str(data["title"]),
        day=date.fromisoformat(str(data["day"])),
        partner_ids=[int(i) for i in data.get("partners", [])],
        direction=data.get("direction"),
        responsible_id=responsible,
        now=clock.now(),
    )
    await state.clear()
    shown = await store.get_event(session, member.organisation_id, row.id)
    await message.answer(
        tx.render("coach/event_saved.html", e=shown),
        reply_markup=inline(
            [[(labels.EVENTS, EventsCb().pack()), (labels.NEXT, NextCb(act="show").pack())]]
        ),
    )


@router.message(StateFilter(CoachForm.ev_direction, CoachForm.ev_responsible), NotCommand())
async def event_use_buttons(
    message: Message, state: FSMContext, session: AsyncSession, member: MemberInfo, tx: Texts
) -> None:
    """Text typed where a button is expected: say so, then the same question again."""
    await message.answer(tx.render("coach/event_use_buttons.html"))
    if await state.get_state() == CoachForm.ev_direction.state:
        await _ask_direction(message, state, tx)
        return
    await _ask_responsible(message, state, session, member, tx)


# --------------------------------------------------------------------------- evaluation


def _score_keyboard(i: int) -> InlineKeyboardMarkup:
    return inline([[(str(n), ScoreCb(i=i, score=n).pack()) for n in range(1, 6)]])


async def _ask_score(message: Message, state: FSMContext, tx: Texts) -> None:
    data = await state.get_data()
    i = len(data.get("scores", []))
    await message.answer(
        tx.render(
            "coach/eval_ask_score.html",
            partner=data.get("partner_name", ""),
            i=i,
            total=len(labels.CRITERIA),
            criterion=labels.CRITERIA[i],
        ),
        reply_markup=_score_keyboard(i),
    )


@router.callback_query(Evaluate.filter())
async def evaluate(
    query: CallbackQuery,
    callback_data: Evaluate,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    partner = await partners_store.get_partner(
        session, member.organisation_id, callback_data.partner_id
    )
    if partner is None:
        await query.answer(tx.render("common/not_found.html"), show_alert=True)
        return
    await query.answer()
    message = _message(query)
    if message is None:
        return
    await state.set_state(CoachForm.eval_score)
    await state.set_data({"partner_id": partner.id, "partner_name": partner.name, "scores": []})
    await _ask_score(message, state, tx)


@router.callback_query(StateFilter(CoachForm.eval_score), ScoreCb.filter())
async def evaluate_score(
    query: CallbackQuery, callback_data: ScoreCb, state: FSMContext, tx: Texts
) -> None:
    message = _message(query)
    data = await state.get_data()
    scores = list(data.get("scores", []))
    if callback_data.i != len(scores) or not 1 <= callback_data.score <= 5:
        # the keyboard of an earlier criterion (or a second tap on it): already answered
        await query.answer(tx.render("common/stale.html"), show_alert=True)
        return
    await query.answer()
    if message is None:
        return
    scores.append(callback_data.score)
    await state.update_data(scores=scores)
    if len(scores) < len(labels.CRITERIA):
        await _ask_score(message, state, tx)
        return
    await state.set_state(CoachForm.eval_comment)
    await message.answer(
        tx.render("coach/eval_ask_comment.html"),
        reply_markup=inline([[(labels.SKIP, SkipCb().pack())]]),
    )


@router.message(StateFilter(CoachForm.eval_score), NotCommand())
async def evaluate_score_typed(message: Message, state: FSMContext, tx: Texts) -> None:
    await _ask_score(message, state, tx)


async def _ask_eval_direction(message: Message, state: FSMContext, tx: Texts) -> None:
    await state.set_state(CoachForm.eval_direction)
    await message.answer(
        tx.render("coach/eval_ask_direction.html"), reply_markup=_directions_keyboard()
    )


@router.message(StateFilter(CoachForm.eval_comment), NotCommand())
async def evaluate_comment(message: Message, state: FSMContext, tx: Texts) -> None:
    comment = (message.text or "").strip()
    if not comment or len(comment) > COMMENT_LIMIT:
        await message.answer(
            tx.render("coach/eval_ask_comment.html"),
            reply_markup=inline([[(labels.SKIP, SkipCb().pack())]]),
        )
        return
    await state.update_data(comment=comment)
    await _ask_eval_direction(message, state, tx)


@router.callback_query(StateFilter(CoachForm.eval_comment), SkipCb.filter())
async def evaluate_comment_skip(query: CallbackQuery, state: FSMContext, tx: Texts) -> None:
    await query.answer()
    if (message := _message(query)) is not None:
        await state.update_data(comment=None)
        await _ask_eval_direction(message, state, tx)


@router.callback_query(StateFilter(CoachForm.eval_direction), DirCb.filter())
async def evaluate_direction(
    query: CallbackQuery,
    callback_data: DirCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    idx = callback_data.idx
    if not -1 <= idx < len(DIRECTIONS):
        await query.answer(tx.render("common/stale.html"), show_alert=True)
        return
    await query.answer()
    message = _message(query)
    if message is None:
        return
    data: dict[str, Any] = await state.get_data()
    direction = DIRECTIONS[idx] if idx >= 0 else None
    partner = await partners_store.get_partner(
        session, member.organisation_id, int(data.get("partner_id", 0))
    )
    if partner is None:
        await state.clear()
        await message.answer(tx.render("common/not_found.html"))
        return
    scores = [int(s) for s in data.get("scores", [])]
    await store.add_evaluation(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner.id,
        member_id=member.id,
        scores=scores,
        comment=data.get("comment"),
        direction=direction,
        now=clock.now(),
    )
    await state.clear()
    await message.answer(
        tx.render(
            "coach/eval_saved.html",
            partner=partner.name,
            criteria=labels.CRITERIA,
            scores=scores,
            comment=data.get("comment"),
            direction=direction,
        ),
        reply_markup=inline(
            [
                [(labels.NEXT, NextCb(act="show").pack())],
                [(buttons.BACK, OpenPartner(id=partner.id).pack())],
            ]
        ),
    )


@router.message(StateFilter(CoachForm.eval_direction), NotCommand())
async def evaluate_direction_typed(message: Message, state: FSMContext, tx: Texts) -> None:
    await _ask_eval_direction(message, state, tx)
