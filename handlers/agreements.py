"""Cooperation agreements: register, list, card, renewal reminders, .docx drafts and letters.

Entry points: /agreements (and the menu label), `NewAgreement(partner_id)` and
`PartnerAgreements(partner_id)` from the partner card, `Draft(kind, partner_id)`.
Reminder kinds (scheduled by storage.agreements.reschedule) are rendered by the functions
in `REMINDER_RENDERERS`.
"""

from __future__ import annotations

import inspect
import io
from datetime import date, datetime, timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain import documents
from bot.domain.dates import ParseError, parse_day
from bot.reminder_types import Outgoing, ReminderRenderer
from handlers.shared.calendar import CalCb, CalendarPick, month_markup
from handlers.shared.callbacks import (
    Draft,
    NewAgreement,
    OpenAgreement,
    OpenPartner,
    PartnerAgreements,
)
from handlers.shared.filters import Has, Registered, TextIs
from handlers.shared.keyboards import edit, inline
from storage import agreements as store
from storage import orgs
from storage.enums import PartnerStatus
from storage.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Partner,
    Reminder,
    RenewalDecision,
)
from storage.orgs import MemberInfo
from storage.partners import change_status, get_partner
from texts import Texts, buttons
from texts import agreements as words

router = Router(name=__name__)
router.message.filter(Registered())
router.callback_query.filter(Registered())

# one calendar scope per question, so a tap on an old calendar is never taken for another date
CAL_SIGNED = "as"
CAL_UNTIL = "au"
CAL_PROLONG = "ap"
PAGE = 8
MAX_PAGE = 100_000  # a forged page number beyond this is clamped (the offset stays small)
MAX_SUBJECT = 1000
MAX_NUMBER = 64
MAX_TERM_MONTHS = 120
MAX_TEMPLATE_MB = documents.MAX_TEMPLATE_BYTES // (1024 * 1024)


# --------------------------------------------------------------------------- callbacks


class AgCb(CallbackData, prefix="ag"):
    """An action on one agreement: open, scan, prolong, new, letend, end, valid, doc, letter,
    reg (register a draft as signed), scan_add."""

    action: str
    id: int


class AgList(CallbackData, prefix="agl"):
    section: str  # "" → overview; active | expiring | expired | drafts
    partner_id: int = 0
    page: int = 0


class AgForm(CallbackData, prefix="agf"):
    """A choice inside the registration flow."""

    step: str
    value: str = ""


class AgSet(CallbackData, prefix="ags"):
    """Organisation settings: offsets, templates (get / put / reset)."""

    action: str
    kind: str = ""


class AgreementForm(StatesGroup):
    partner = State()
    kind = State()
    number = State()
    subject = State()
    signed = State()
    signed_confirm = State()
    until = State()
    until_confirm = State()
    auto = State()
    term = State()
    responsible = State()
    scan = State()
    confirm = State()


class ProlongForm(StatesGroup):
    until = State()
    confirm = State()


class ScanForm(StatesGroup):
    file = State()


class AgreementSettingsForm(StatesGroup):
    offsets = State()
    template = State()


# rows saved before the group was renamed (it clashed with handlers/settings.SettingsForm)
LEGACY_OFFSETS = "SettingsForm:offsets"
LEGACY_TEMPLATE = "SettingsForm:template"


# --------------------------------------------------------------------------- helpers


def _message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


def _today(clock: Clock, member: MemberInfo) -> date:
    return store.local_today(clock.now(), member.timezone)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _digits(value: str) -> bool:
    """Only ASCII 0-9 ("²".isdigit() is True, yet int("²") fails)."""
    return value.isascii() and value.isdecimal()


def _int(value: str) -> int:
    """A number from untrusted callback data; 0 when it is not one."""
    return int(value) if _digits(value) and len(value) < 10 else 0


def _page(value: int) -> int:
    """A page number from untrusted callback data, within 0..MAX_PAGE."""
    return min(max(0, value), MAX_PAGE)


def _btn(label: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=label, callback_data=data.pack())


def _parse(text: str, today: date, *, past: bool) -> date | str:
    """A typed date, or the Russian reason it was refused."""
    result = parse_day(text, today, prefer_past=past)
    if isinstance(result, ParseError):
        reason = words.DATE_ERRORS.get(str(result.reason), words.DATE_ERRORS["unknown"])
        reason = reason.rstrip(".")
        return f"{reason}: {result.detail}." if result.detail else f"{reason}."
    return result


def _view(
    agreement: Agreement, partner_name: str, today: date, responsible: str | None = None
) -> dict[str, Any]:
    """What templates show about an agreement (dates already in Russian)."""
    until = agreement.valid_until
    expired = agreement.status == AgreementStatus.ENDED or (
        agreement.status == AgreementStatus.ACTIVE and until is not None and until < today
    )
    return {
        "id": agreement.id,
        "kind": words.KIND_LABELS.get(agreement.kind, agreement.kind),
        "number": agreement.number,
        "subject": agreement.subject,
        "status": agreement.status,
        "partner": partner_name,
        "signed": words.long_date(agreement.signed_on),
        "until": words.long_date(until),
        "until_short": words.short_date(until),
        "open_ended": until is None and agreement.status != AgreementStatus.DRAFT,
        "days_left": (until - today).days if until else None,
        "expired": expired,
        "ended": words.long_date(agreement.ended_on),
        "auto": agreement.auto_prolong,
        "term": words.months_label(agreement.prolong_months) if agreement.prolong_months else "",
        "let_end": agreement.renewal_decision == RenewalDecision.LET_END,
        "responsible": responsible,
        "scan": agreement.scan_file_id is not None,
        "prolonged": agreement.prolong_count,
    }


async def _not_found(target: Message | CallbackQuery, tx: Texts) -> None:
    text = tx.render("common/not_found.html")
    if isinstance(target, CallbackQuery):
        await target.answer(text, show_alert=True)
    else:
        await target.answer(text)


async def _load(
    session: AsyncSession, member: MemberInfo, agreement_id: int
) -> tuple[Agreement, Partner] | None:
    agreement = await store.get_agreement(session, member.organisation_id, agreement_id)
    if agreement is None:
        return None
    partner = await get_partner(session, member.organisation_id, agreement.partner_id)
    if partner is None:
        return None
    return agreement, partner


async def _side(
    session: AsyncSession, member: MemberInfo, responsible_id: int | None = None
) -> documents.Side:
    """Our side of a document; the agreement's responsible member represents the
    organisation (the member writing when there is none)."""
    name, position = member.full_name, member.position
    if responsible_id and responsible_id != member.id:
        responsible = await orgs.get_member(session, member.organisation_id, responsible_id)
        if responsible is not None:
            name, position = responsible.full_name, responsible.position
    return documents.Side(
        org_name=member.organisation_name,
        municipality=member.municipality,
        member_name=member.full_name,
        member_position=member.position,
        representative_name=name,
        representative_position=position,
    )


def _partner_side(partner: Partner) -> documents.PartnerSide:
    return documents.PartnerSide(
        name=partner.name,
        contact_person=partner.contact_person,
        address=partner.address,
        phone=partner.phone,
        email=partner.email,
        offer=partner.offer,
        ask=partner.ask,
        directions=tuple(d.direction for d in partner.directions),
    )


def _terms(agreement: Agreement | None, today: date) -> documents.Terms:
    if agreement is None:
        return documents.Terms()
    if agreement.status == AgreementStatus.ACTIVE:
        return documents.Terms(
            kind=agreement.kind,
            number=agreement.number,
            subject=agreement.subject,
            signed_on=agreement.signed_on,
            valid_until=agreement.valid_until,
            open_ended=agreement.valid_until is None,
            auto_prolong=agreement.auto_prolong,
            prolong_months=agreement.prolong_months,
        )
    return documents.Terms(kind=agreement.kind, subject=agreement.subject)


async def _template_bytes(session: AsyncSession, organisation_id: int, kind: str) -> bytes:
    custom = await store.get_template(session, organisation_id, kind)
    return custom.content if custom is not None else documents.standard_template(kind)


async def _send_document(
    message: Message,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    kind: str,
    partner: Partner,
    today: date,
    terms: documents.Terms,
    markup: InlineKeyboardMarkup | None = None,
    responsible_id: int | None = None,
) -> bool:
    side, other = await _side(session, member, responsible_id), _partner_side(partner)
    if kind == documents.KIND_AGREEMENT:
        context = documents.agreement_context(side, other, terms)
    else:
        upcoming = await store.next_event(session, member.organisation_id, today)
        event = documents.event_text(*upcoming) if upcoming else None
        context = documents.letter_context(side, other, today, event)
    template = await _template_bytes(session, member.organisation_id, kind)
    try:
        data = await documents.render_async(template, context)
    except documents.DocumentError:
        # a custom template that stopped working: fall back to the standard one
        try:
            data = await documents.render_async(documents.standard_template(kind), context)
        except documents.DocumentError:
            await message.answer(tx.render("agreements/doc_failed.html"))
            return False
    await message.answer_document(
        BufferedInputFile(data, filename=documents.file_name(kind, partner.name)),
        caption=tx.render(
            "agreements/doc_caption.html",
            kind=kind,
            partner=partner.name,
            has_offer=bool(partner.offer),
            has_ask=bool(partner.ask),
        ),
        reply_markup=markup,
    )
    return True


# --------------------------------------------------------------------------- overview


def _overview_markup(counts: dict[str, int], partner_id: int, admin: bool) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    for section in store.SECTIONS:
        label = f"{words.SECTION_LABELS[section]} ({counts[section]})"
        rows.append([_btn(label, AgList(section=section, partner_id=partner_id))])
    rows.append([_btn(words.BTN_NEW, NewAgreement(partner_id=partner_id))])
    if partner_id:
        rows.append([_btn(words.BTN_PARTNER, OpenPartner(id=partner_id))])
    elif admin:
        rows.append(
            [
                _btn(words.BTN_OFFSETS, AgSet(action="offsets")),
                _btn(words.BTN_TEMPLATES, AgSet(action="templates")),
            ]
        )
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _overview(
    message: Message,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    partner: Partner | None = None,
) -> None:
    today = _today(clock, member)
    partner_id = partner.id if partner else 0
    counts = await store.section_counts(
        session, member.organisation_id, today, partner_id=partner_id or None
    )
    expiring = await store.list_section(
        session,
        member.organisation_id,
        store.SECTION_EXPIRING,
        today,
        partner_id=partner_id or None,
        limit=5,
    )
    offsets = await store.get_offsets(session, member.organisation_id)
    await message.answer(
        tx.render(
            "agreements/overview.html",
            counts=counts,
            labels=words.SECTION_LABELS,
            partner=partner.name if partner else None,
            expiring=[_view(a, name, today) for a, name in expiring],
            offsets=offsets,
        ),
        reply_markup=_overview_markup(counts, partner_id, member.is_admin),
    )


@router.message(Command("agreements"))
@router.message(TextIs(buttons.MENU_AGREEMENTS))
async def cmd_agreements(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    await state.clear()
    await _overview(message, session, member, tx, clock)


@router.callback_query(PartnerAgreements.filter())
async def partner_agreements(
    query: CallbackQuery,
    callback_data: PartnerAgreements,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    partner = await get_partner(session, member.organisation_id, callback_data.partner_id)
    message = _message(query)
    if partner is None or message is None:
        await _not_found(query, tx)
        return
    await query.answer()
    await _overview(message, session, member, tx, clock, partner)


@router.callback_query(AgList.filter())
async def show_section(
    query: CallbackQuery,
    callback_data: AgList,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = _message(query)
    if message is None:
        await query.answer()
        return
    partner: Partner | None = None
    if callback_data.partner_id:
        partner = await get_partner(session, member.organisation_id, callback_data.partner_id)
        if partner is None:
            await _not_found(query, tx)
            return
    await query.answer()
    if callback_data.section not in store.SECTIONS:
        await _overview(message, session, member, tx, clock, partner)
        return
    today = _today(clock, member)
    page = _page(callback_data.page)
    rows = await store.list_section(
        session,
        member.organisation_id,
        callback_data.section,
        today,
        partner_id=partner.id if partner else None,
        limit=PAGE + 1,
        offset=page * PAGE,
    )
    items = [_view(a, name, today) for a, name in rows[:PAGE]]
    keyboard: list[list[InlineKeyboardButton]] = []
    for item in items:
        label = (
            words.LIST_ITEM_UNTIL.format(partner=item["partner"], until=item["until_short"])
            if item["until"]
            else str(item["partner"])
        )
        keyboard.append([_btn(label[:60], AgCb(action="open", id=item["id"]))])
    nav: list[InlineKeyboardButton] = []
    if page:
        nav.append(
            _btn(
                words.BTN_PREV_PAGE,
                AgList(
                    section=callback_data.section,
                    partner_id=callback_data.partner_id,
                    page=page - 1,
                ),
            )
        )
    if len(rows) > PAGE and page < MAX_PAGE:
        nav.append(
            _btn(
                words.BTN_MORE,
                AgList(
                    section=callback_data.section,
                    partner_id=callback_data.partner_id,
                    page=page + 1,
                ),
            )
        )
    if nav:
        keyboard.append(nav)
    keyboard.append([_btn(words.BTN_ALL, AgList(section="", partner_id=callback_data.partner_id))])
    await message.answer(
        tx.render(
            "agreements/section.html",
            title=words.SECTION_LABELS[callback_data.section],
            items=items,
            page=page,
            partner=partner.name if partner else None,
        ),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=keyboard),
    )


# --------------------------------------------------------------------------- card


def _card_markup(agreement: Agreement, today: date) -> InlineKeyboardMarkup:
    a = agreement.id
    rows: list[list[InlineKeyboardButton]] = []
    if agreement.scan_file_id:
        rows.append([_btn(words.BTN_SCAN, AgCb(action="scan", id=a))])
    if agreement.status == AgreementStatus.DRAFT:
        rows.append([_btn(words.BTN_DRAFT_DOCX, AgCb(action="doc", id=a))])
        rows.append([_btn(words.BTN_REGISTER_DRAFT, AgCb(action="reg", id=a))])
    elif agreement.status == AgreementStatus.ACTIVE:
        if agreement.valid_until is not None:
            rows.append(
                [
                    _btn(words.BTN_PROLONG, AgCb(action="prolong", id=a)),
                    _btn(words.BTN_NEW_DRAFT, AgCb(action="new", id=a)),
                ]
            )
        in_term = agreement.valid_until is not None and agreement.valid_until >= today
        if in_term and agreement.renewal_decision != RenewalDecision.LET_END:
            rows.append([_btn(words.BTN_LET_END, AgCb(action="letend", id=a))])
        end_label = words.BTN_END_EARLY if in_term else words.BTN_END_NOW
        rows.append([_btn(end_label, AgCb(action="end", id=a))])
        rows.append(
            [
                _btn(words.BTN_DRAFT_DOCX, AgCb(action="doc", id=a)),
                _btn(words.BTN_LETTER_DOCX, AgCb(action="letter", id=a)),
            ]
        )
        if not agreement.scan_file_id:
            rows.append([_btn(words.BTN_ATTACH_SCAN, AgCb(action="scan_add", id=a))])
    else:
        rows.append([_btn(words.BTN_NEW_DRAFT, AgCb(action="new", id=a))])
    rows.append(
        [
            _btn(words.BTN_PARTNER, OpenPartner(id=agreement.partner_id)),
            _btn(words.BTN_PARTNER_AGREEMENTS, PartnerAgreements(partner_id=agreement.partner_id)),
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _show_card(
    message: Message,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    today: date,
    agreement: Agreement,
    partner: Partner,
    prefix: str = "",
    *,
    reminders: bool = True,
) -> None:
    """The agreement's card; `reminders=False` when the prefix already says when I remind."""
    names = await store.member_names(session, member.organisation_id)
    pending = (
        await store.pending_reminders(session, member.organisation_id, agreement.id, notices=False)
        if reminders
        else []
    )
    view = _view(agreement, partner.name, today, names.get(agreement.responsible_id or 0))
    text = tx.render(
        "agreements/card.html",
        a=view,
        prefix=prefix,
        next_reminders=[
            words.long_date(store.local_today(r.due_at, member.timezone)) for r in pending[:3]
        ],
    )
    await message.answer(text, reply_markup=_card_markup(agreement, today))


@router.callback_query(AgCb.filter())
async def agreement_action(
    query: CallbackQuery,
    callback_data: AgCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    bot: Bot,
) -> None:
    loaded = await _load(session, member, callback_data.id)
    message = _message(query)
    if loaded is None or message is None:
        await _not_found(query, tx)
        return
    agreement, partner = loaded
    action = callback_data.action
    today = _today(clock, member)
    now = clock.now()
    await query.answer()
    if action == "open":
        await _show_card(message, session, member, tx, today, agreement, partner)
    elif action == "scan" and agreement.scan_file_id:
        if agreement.scan_kind == "photo":
            await bot.send_photo(message.chat.id, agreement.scan_file_id)
        else:
            await bot.send_document(message.chat.id, agreement.scan_file_id)
    elif action == "scan_add":
        await state.set_state(ScanForm.file)
        await state.set_data({"agreement_id": agreement.id})
        await message.answer(tx.render("agreements/ask_scan.html", later=True))
    elif action == "doc":
        markup = (
            inline([[(words.BTN_REGISTER_DRAFT, AgCb(action="reg", id=agreement.id).pack())]])
            if agreement.status == AgreementStatus.DRAFT
            else None
        )
        await _send_document(
            message,
            session,
            member,
            tx,
            documents.KIND_AGREEMENT,
            partner,
            today,
            _terms(agreement, today),
            markup,
            agreement.responsible_id,
        )
    elif action == "letter":
        await _send_document(
            message, session, member, tx, documents.KIND_LETTER, partner, today, documents.Terms()
        )
    elif action == "new":
        await _new_draft_after(message, session, member, tx, today, now, agreement, partner)
    elif action == "reg" and agreement.status == AgreementStatus.DRAFT:
        await _start_form(
            message,
            state,
            session,
            member,
            tx,
            clock,
            partner,
            {"draft_id": agreement.id, "kind": agreement.kind, "subject": agreement.subject},
        )
    elif (
        action == "prolong" and agreement.status == AgreementStatus.ACTIVE and agreement.valid_until
    ):
        await state.set_state(ProlongForm.until)
        await state.set_data({"agreement_id": agreement.id})
        await _ask_prolong(message, tx, today, agreement, partner.name)
    elif (
        action == "letend" and agreement.status == AgreementStatus.ACTIVE and agreement.valid_until
    ):
        await store.let_end(session, agreement, now)
        await session.commit()
        await message.answer(
            tx.render(
                "agreements/let_end.html",
                a=_view(agreement, partner.name, today),
            ),
            reply_markup=inline(
                [[(words.BTN_NEW_DRAFT, AgCb(action="new", id=agreement.id).pack())]]
            ),
        )
    elif action == "end" and agreement.status == AgreementStatus.ACTIVE:
        early = agreement.valid_until is not None and agreement.valid_until > today
        changed = await store.close(session, member.organisation_id, agreement, today, now)
        await session.commit()
        await message.answer(
            tx.render(
                "agreements/ended.html",
                a=_view(agreement, partner.name, today),
                paused=changed is not None,
                by_hand=True,
                early=early,
                replaced=False,
            ),
            reply_markup=_after_end_markup(agreement),
        )
    elif action == "valid" and agreement.status == AgreementStatus.ACTIVE:
        await message.answer(tx.render("agreements/still_valid.html", partner=partner.name))
    else:
        await message.answer(tx.render("common/stale.html"))


def _after_end_markup(agreement: Agreement) -> InlineKeyboardMarkup:
    return inline(
        [
            [(words.BTN_NEW_DRAFT, AgCb(action="new", id=agreement.id).pack())],
            [(words.BTN_PARTNER, OpenPartner(id=agreement.partner_id).pack())],
        ]
    )


async def _new_draft_after(
    message: Message,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    today: date,
    now: datetime,
    old: Agreement,
    partner: Partner,
) -> None:
    """A draft of a new agreement continuing `old`: a draft row and the .docx."""
    draft = await store.ensure_draft(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner.id,
        subject=old.subject,
        kind=old.kind,
        member_id=member.id,
        now=now,
    )
    await session.commit()
    # (an end date saved before dates were capped may be near year 9999: no overflow)
    start = max(today, min(old.valid_until or today, store.latest_end(today)) + timedelta(days=1))
    terms = documents.Terms(
        kind=old.kind,
        subject=old.subject,
        starts_on=start,
        valid_until=store.add_months(start, old.prolong_months or 12) - timedelta(days=1),
        auto_prolong=old.auto_prolong,
        prolong_months=old.prolong_months,
    )
    await _send_document(
        message,
        session,
        member,
        tx,
        documents.KIND_AGREEMENT,
        partner,
        today,
        terms,
        inline([[(words.BTN_REGISTER_DRAFT, AgCb(action="reg", id=draft.id).pack())]]),
        old.responsible_id,
    )


@router.callback_query(Draft.filter())
async def draft_document(
    query: CallbackQuery,
    callback_data: Draft,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    partner = await get_partner(session, member.organisation_id, callback_data.partner_id)
    message = _message(query)
    if partner is None or message is None or callback_data.kind not in documents.KINDS:
        await _not_found(query, tx)
        return
    await query.answer()
    today = _today(clock, member)
    if callback_data.kind == documents.KIND_LETTER:
        await _send_document(
            message, session, member, tx, documents.KIND_LETTER, partner, today, documents.Terms()
        )
        return
    draft = await store.ensure_draft(
        session,
        organisation_id=member.organisation_id,
        partner_id=partner.id,
        subject=words.DEFAULT_SUBJECT,
        kind=AgreementKind.COOPERATION,
        member_id=member.id,
        now=clock.now(),
    )
    await session.commit()
    await _send_document(
        message,
        session,
        member,
        tx,
        documents.KIND_AGREEMENT,
        partner,
        today,
        _terms(draft, today),
        inline([[(words.BTN_REGISTER_DRAFT, AgCb(action="reg", id=draft.id).pack())]]),
        draft.responsible_id,
    )


# --------------------------------------------------------------------------- registration


async def _start_form(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    partner: Partner | None,
    preset: dict[str, Any] | None = None,
) -> None:
    await state.clear()
    data: dict[str, Any] = dict(preset or {})
    if partner is None:
        await state.set_data(data)
        await _ask(message, state, AgreementForm.partner, session, member, tx, clock)
        return
    data["partner_id"] = partner.id
    data["partner_name"] = partner.name
    await state.set_data(data)
    step = AgreementForm.number if "kind" in data else AgreementForm.kind
    await _ask(message, state, step, session, member, tx, clock)


@router.callback_query(NewAgreement.filter())
async def new_agreement(
    query: CallbackQuery,
    callback_data: NewAgreement,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = _message(query)
    partner: Partner | None = None
    if callback_data.partner_id:
        partner = await get_partner(session, member.organisation_id, callback_data.partner_id)
        if partner is None:
            await _not_found(query, tx)
            return
    await query.answer()
    if message is not None:
        await _start_form(message, state, session, member, tx, clock, partner)


STEP_NAMES: dict[str, str] = {
    AgreementForm.partner.state or "": "partner",
    AgreementForm.kind.state or "": "kind",
    AgreementForm.number.state or "": "number",
    AgreementForm.subject.state or "": "subject",
    AgreementForm.signed.state or "": "signed",
    AgreementForm.until.state or "": "until",
    AgreementForm.auto.state or "": "auto",
    AgreementForm.term.state or "": "term",
    AgreementForm.responsible.state or "": "responsible",
    AgreementForm.scan.state or "": "scan",
}


async def _ask(
    message: Message,
    state: FSMContext,
    step: State,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    *,
    error: str = "",
    echo: str = "",
    page: int = 0,
) -> None:
    """Ask the question of `step` (with an error or an echo of the previous answer first)."""
    await state.set_state(step)
    data = await state.get_data()
    name = STEP_NAMES[step.state or ""]
    today = _today(clock, member)
    page = _page(page)
    markup: InlineKeyboardMarkup | None = None
    extra: dict[str, Any] = {}
    if name == "partner":
        partners, total = await store.choose_partners(
            session,
            member.organisation_id,
            query=data.get("query", ""),
            limit=PAGE,
            offset=page * PAGE,
        )
        if total == 0 and not data.get("query"):
            await state.clear()
            await message.answer(tx.render("agreements/no_partners.html"))
            return
        rows = [[(p.name[:60], AgForm(step="partner", value=str(p.id)).pack())] for p in partners]
        nav = []
        if page:
            nav.append((words.BTN_PREV_PAGE, AgForm(step="ppage", value=str(page - 1)).pack()))
        if (page + 1) * PAGE < total and page < MAX_PAGE:
            nav.append((words.BTN_MORE, AgForm(step="ppage", value=str(page + 1)).pack()))
        if nav:
            rows.append(nav)
        markup = inline(rows)
        extra = {"total": total, "query": data.get("query", "")}
    elif name == "kind":
        markup = inline(
            [
                [(label, AgForm(step="kind", value=code).pack())]
                for code, label in words.KIND_LABELS.items()
            ]
        )
    elif name == "number":
        markup = inline([[(buttons.SKIP, AgForm(step="number", value="skip").pack())]])
    elif name == "subject":
        keep = words.BTN_KEEP_SUBJECT if data.get("subject") else words.BTN_USE_DEFAULT
        markup = inline([[(keep, AgForm(step="subject", value="default").pack())]])
        extra = {"default": words.DEFAULT_SUBJECT, "current": data.get("subject")}
    elif name == "signed":
        markup = _signed_calendar(today.year, today.month, today)
    elif name == "until":
        markup = month_markup(
            CAL_UNTIL,
            today.year,
            today.month,
            today,
            extra_rows=[[_btn(words.BTN_OPEN_ENDED, AgForm(step="until", value="open"))]],
        )
    elif name == "auto":
        markup = inline(
            [
                [
                    (words.BTN_AUTO_YES, AgForm(step="auto", value="1").pack()),
                    (words.BTN_AUTO_NO, AgForm(step="auto", value="0").pack()),
                ]
            ]
        )
    elif name == "term":
        markup = inline(
            [
                [(label, AgForm(step="term", value=str(months)).pack())]
                for months, label in words.TERM_CHOICES.items()
            ]
        )
    elif name == "responsible":
        members = await orgs.list_members(session, member.organisation_id)
        rows = [
            [
                (
                    (words.BTN_ME + " — " if m.id == member.id else "") + m.full_name[:50],
                    AgForm(step="resp", value=str(m.id)).pack(),
                )
            ]
            for m in members
            if m.is_active
        ][:20]
        markup = inline(rows)
    elif name == "scan":
        markup = inline([[(buttons.SKIP, AgForm(step="scan", value="skip").pack())]])
    await message.answer(
        tx.render(
            "agreements/ask.html",
            step=name,
            error=error,
            echo=echo,
            partner=data.get("partner_name", ""),
            max_mb=MAX_TEMPLATE_MB,
            **extra,
        ),
        reply_markup=markup,
    )


def _signed_calendar(year: int, month: int, today: date) -> InlineKeyboardMarkup:
    """The calendar for the signing date: past months are reachable (the shared picker's
    arrows only go forward from the current month), future months are not."""
    markup = month_markup(
        CAL_SIGNED,
        year,
        month,
        today,
        allow_past=True,
        extra_rows=[[_btn(words.BTN_TODAY, AgForm(step="signed", value="today"))]],
    )
    index = year * 12 + month - 1
    prev_year, prev_month = divmod(index - 1, 12)
    next_year, next_month = divmod(index + 1, 12)
    nav = markup.inline_keyboard[0]
    prev_value = f"{prev_year}-{prev_month + 1}"
    nav[0] = _btn(nav[0].text, AgForm(step="smonth", value=prev_value))
    if (next_year, next_month + 1) <= (today.year, today.month):
        next_value = f"{next_year}-{next_month + 1}"
        nav[2] = _btn(nav[2].text, AgForm(step="smonth", value=next_value))
    else:
        nav[2] = _btn(" ", AgForm(step="smonth", value="none"))
    return markup


async def _after_kind(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    echo: str,
) -> None:
    await _ask(message, state, AgreementForm.number, session, member, tx, clock, echo=echo)


async def _after_until(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    echo: str,
) -> None:
    data = await state.get_data()
    if data.get("open_ended"):
        await state.update_data(auto=False, months=None)
        await _after_term(message, state, session, member, tx, clock, echo)
    else:
        await _ask(message, state, AgreementForm.auto, session, member, tx, clock, echo=echo)


async def _after_term(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    echo: str,
) -> None:
    members = [m for m in await orgs.list_members(session, member.organisation_id) if m.is_active]
    if len(members) <= 1:
        await state.update_data(responsible=member.id, responsible_name=member.full_name)
        await _ask(message, state, AgreementForm.scan, session, member, tx, clock, echo=echo)
    else:
        await _ask(message, state, AgreementForm.responsible, session, member, tx, clock, echo=echo)


async def _set_signed(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    day: date,
) -> None:
    await state.update_data(signed=day.isoformat(), pending=None)
    echo = tx.render("agreements/echo.html", what="signed", day=words.long_date(day))
    await _ask(message, state, AgreementForm.until, session, member, tx, clock, echo=echo)


def _check_until(day: date, data: dict[str, Any], today: date) -> str:
    """'' if the end date is acceptable, else the reason code."""
    signed = _day(data.get("signed"))
    if signed is not None and day <= signed:
        return "before_signed"
    if day < today:
        return "past_end"
    if day > store.latest_end(today):
        return "too_far"
    return ""


def _bad_date(tx: Texts, reason: str) -> str:
    return tx.render("agreements/bad_date.html", reason=reason, years=store.MAX_YEARS_AHEAD)


def _check_prolong(day: date, agreement: Agreement, today: date) -> str:
    """'' if the agreement may be prolonged to `day`, else the reason code."""
    if agreement.valid_until is None or day <= max(
        agreement.valid_until, today - timedelta(days=1)
    ):
        return "not_later"
    if day > store.latest_end(today):
        return "too_far"
    return ""


async def _set_until(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    day: date,
) -> None:
    await state.update_data(until=day.isoformat(), open_ended=False, pending=None)
    echo = tx.render(
        "agreements/echo.html",
        what="until",
        day=words.long_date(day),
        days=(day - _today(clock, member)).days,
    )
    await _after_until(message, state, session, member, tx, clock, echo)


@router.callback_query(AgForm.filter(), StateFilter(AgreementForm))
async def form_choice(
    query: CallbackQuery,
    callback_data: AgForm,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = _message(query)
    await query.answer()
    if message is None:
        return
    step, value = callback_data.step, callback_data.value
    current = await state.get_state()
    expected = {
        "partner": AgreementForm.partner,
        "ppage": AgreementForm.partner,
        "smonth": AgreementForm.signed,
        "kind": AgreementForm.kind,
        "number": AgreementForm.number,
        "subject": AgreementForm.subject,
        "signed": AgreementForm.signed,
        "sconf": AgreementForm.signed_confirm,
        "until": AgreementForm.until,
        "uconf": AgreementForm.until_confirm,
        "auto": AgreementForm.auto,
        "term": AgreementForm.term,
        "resp": AgreementForm.responsible,
        "scan": AgreementForm.scan,
        "save": AgreementForm.confirm,
    }.get(step)
    if expected is None or expected.state != current:
        await message.answer(tx.render("common/stale.html"))
        return
    data = await state.get_data()
    today = _today(clock, member)
    if step == "smonth":
        year, _, month = value.partition("-")
        if _int(year) and 1 <= _int(month) <= 12 and 2000 <= _int(year) <= today.year:
            await edit(message, reply_markup=_signed_calendar(_int(year), _int(month), today))
    elif step == "ppage":
        await _ask(
            message,
            state,
            AgreementForm.partner,
            session,
            member,
            tx,
            clock,
            page=_int(value),
        )
    elif step == "partner":
        partner = await get_partner(session, member.organisation_id, _int(value))
        if partner is None:
            await message.answer(tx.render("common/not_found.html"))
            return
        await state.update_data(partner_id=partner.id, partner_name=partner.name)
        await _ask(message, state, AgreementForm.kind, session, member, tx, clock)
    elif step == "kind" and value in AgreementKind.ALL:
        await state.update_data(kind=value)
        echo = tx.render("agreements/echo.html", what="kind", value=words.KIND_LABELS[value])
        await _after_kind(message, state, session, member, tx, clock, echo)
    elif step == "number":
        await state.update_data(number=None)
        await _ask(message, state, AgreementForm.subject, session, member, tx, clock)
    elif step == "subject":
        await state.update_data(subject=data.get("subject") or words.DEFAULT_SUBJECT)
        await _ask(message, state, AgreementForm.signed, session, member, tx, clock)
    elif step == "signed" and value == "today":
        await _set_signed(message, state, session, member, tx, clock, today)
    elif step == "sconf":
        pending = _day(data.get("pending"))
        if value == "yes" and pending is not None:
            await _set_signed(message, state, session, member, tx, clock, pending)
        else:
            await _ask(message, state, AgreementForm.signed, session, member, tx, clock)
    elif step == "until" and value == "open":
        await state.update_data(until=None, open_ended=True, pending=None)
        echo = tx.render("agreements/echo.html", what="open")
        await _after_until(message, state, session, member, tx, clock, echo)
    elif step == "uconf":
        pending = _day(data.get("pending"))
        if value == "yes" and pending is not None:
            await _set_until(message, state, session, member, tx, clock, pending)
        else:
            await _ask(message, state, AgreementForm.until, session, member, tx, clock)
    elif step == "auto":
        if value == "1":
            await state.update_data(auto=True)
            await _ask(message, state, AgreementForm.term, session, member, tx, clock)
        else:
            await state.update_data(auto=False, months=None)
            await _after_term(message, state, session, member, tx, clock, "")
    elif step == "term" and 1 <= _int(value) <= MAX_TERM_MONTHS:
        await state.update_data(months=_int(value))
        echo = tx.render("agreements/echo.html", what="term", value=words.months_label(_int(value)))
        await _after_term(message, state, session, member, tx, clock, echo)
    elif step == "resp":
        chosen = await orgs.get_member(session, member.organisation_id, _int(value))
        if chosen is None:
            await message.answer(tx.render("common/not_found.html"))
            return
        await state.update_data(responsible=chosen.id, responsible_name=chosen.full_name)
        echo = tx.render("agreements/echo.html", what="resp", value=chosen.full_name)
        await _ask(message, state, AgreementForm.scan, session, member, tx, clock, echo=echo)
    elif step == "scan":
        await state.update_data(scan_file_id=None, scan_kind=None, scan_name=None)
        await _summary(message, state, tx, clock, member)
    elif step == "save":
        if value == "yes":
            await _save(message, state, session, member, tx, clock)
        else:
            await state.clear()
            await message.answer(tx.render("common/cancel.html", had_flow=True, onboarding=False))
    else:
        await message.answer(tx.render("common/stale.html"))


@router.callback_query(
    CalendarPick(CAL_SIGNED, "d"), StateFilter(AgreementForm.signed, AgreementForm.signed_confirm)
)
async def calendar_signed(
    query: CallbackQuery,
    callback_data: CalCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = _message(query)
    await query.answer()
    if message is None:
        return
    day = callback_data.day
    if day > _today(clock, member):
        error = tx.render("agreements/bad_date.html", reason="future_signed")
        await _ask(message, state, AgreementForm.signed, session, member, tx, clock, error=error)
        return
    await _set_signed(message, state, session, member, tx, clock, day)


@router.callback_query(
    CalendarPick(CAL_UNTIL, "d"), StateFilter(AgreementForm.until, AgreementForm.until_confirm)
)
async def calendar_until(
    query: CallbackQuery,
    callback_data: CalCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = _message(query)
    await query.answer()
    if message is None:
        return
    day = callback_data.day
    reason = _check_until(day, await state.get_data(), _today(clock, member))
    if reason:
        error = _bad_date(tx, reason)
        await _ask(message, state, AgreementForm.until, session, member, tx, clock, error=error)
        return
    await _set_until(message, state, session, member, tx, clock, day)


@router.callback_query(CalendarPick(CAL_PROLONG, "d"), StateFilter(ProlongForm))
async def calendar_prolong(
    query: CallbackQuery,
    callback_data: CalCb,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = _message(query)
    await query.answer()
    if message is not None:
        await _prolong_to(message, state, session, member, tx, clock, callback_data.day)


# the steps where a typed text is a date: the questions and their «… Верно?» confirmations
DATE_STEPS = frozenset(
    s.state or ""
    for s in (
        AgreementForm.signed,
        AgreementForm.signed_confirm,
        AgreementForm.until,
        AgreementForm.until_confirm,
    )
)


def _question(step: State) -> State:
    """The question to repeat at `step` (a date confirmation repeats the date question)."""
    return {
        AgreementForm.signed_confirm.state: AgreementForm.signed,
        AgreementForm.until_confirm.state: AgreementForm.until,
    }.get(step.state or "", step)


async def _confirm_date(
    message: Message,
    state: FSMContext,
    tx: Texts,
    today: date,
    day: date,
    *,
    signed_step: bool,
    error: str = "",
) -> None:
    """Echo the understood date (weekday, days left) and ask to confirm it with buttons;
    a date typed instead of a tap replaces `day` and is asked about again."""
    await state.set_state(
        AgreementForm.signed_confirm if signed_step else AgreementForm.until_confirm
    )
    code = "sconf" if signed_step else "uconf"
    await message.answer(
        tx.render(
            "agreements/confirm_date.html",
            what="signed" if signed_step else "until",
            day=words.long_date(day),
            weekday=words.weekday(day),
            days=(day - today).days,
            error=error,
        ),
        reply_markup=inline(
            [
                [
                    (words.BTN_CONFIRM_DATE, AgForm(step=code, value="yes").pack()),
                    (words.BTN_RETYPE_DATE, AgForm(step=code, value="no").pack()),
                ]
            ]
        ),
    )


@router.message(StateFilter(AgreementForm))
async def form_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    current = await state.get_state()
    data = await state.get_data()
    today = _today(clock, member)
    text = (message.text or "").strip()
    step_state = next((s for s in AgreementForm.__states__ if s.state == current), None)
    if step_state is None:
        return
    if current == AgreementForm.scan.state:
        await _scan_received(message, state, tx, clock, member)
        return
    if text.startswith("/"):
        # another command in the middle of the form: finish or cancel it first
        await message.answer(tx.render("agreements/bad_input.html", reason="command"))
        return
    pending = _day(data.get("pending"))
    confirming = current in (AgreementForm.signed_confirm.state, AgreementForm.until_confirm.state)
    if not text and confirming and pending is not None:
        # a sticker or a photo at «… Верно?»: the same confirmation again
        await _confirm_date(
            message,
            state,
            tx,
            today,
            pending,
            signed_step=current == AgreementForm.signed_confirm.state,
            error=tx.render("agreements/bad_input.html", reason="need_text"),
        )
        return
    if current == AgreementForm.confirm.state:
        # the summary is answered with its buttons
        await _summary(
            message,
            state,
            tx,
            clock,
            member,
            error=tx.render("agreements/bad_input.html", reason="use_buttons"),
        )
        return
    if not text:
        await _ask(
            message,
            state,
            _question(step_state),
            session,
            member,
            tx,
            clock,
            error=tx.render("agreements/bad_input.html", reason="need_text"),
        )
        return
    if current == AgreementForm.partner.state:
        await state.update_data(query=text[:100])
        await _ask(message, state, AgreementForm.partner, session, member, tx, clock)
    elif current == AgreementForm.number.state:
        if len(text) > MAX_NUMBER:
            await _ask(
                message,
                state,
                AgreementForm.number,
                session,
                member,
                tx,
                clock,
                error=tx.render("agreements/bad_input.html", reason="too_long", limit=MAX_NUMBER),
            )
            return
        await state.update_data(number=text.lstrip("№").strip() or None)
        await _ask(message, state, AgreementForm.subject, session, member, tx, clock)
    elif current == AgreementForm.subject.state:
        if not 3 <= len(text) <= MAX_SUBJECT:
            await _ask(
                message,
                state,
                AgreementForm.subject,
                session,
                member,
                tx,
                clock,
                error=tx.render("agreements/bad_input.html", reason="too_long", limit=MAX_SUBJECT),
            )
            return
        await state.update_data(subject=text)
        await _ask(message, state, AgreementForm.signed, session, member, tx, clock)
    elif current in DATE_STEPS:
        # a date typed at «… Верно?» is the corrected date: it is checked and echoed again
        signed_step = current in (AgreementForm.signed.state, AgreementForm.signed_confirm.state)
        step = AgreementForm.signed if signed_step else AgreementForm.until
        parsed = _parse(text, today, past=signed_step)
        if isinstance(parsed, str):
            await _ask(
                message,
                state,
                step,
                session,
                member,
                tx,
                clock,
                error=tx.render("agreements/bad_date.html", reason="parse", detail=parsed),
            )
            return
        reason = (
            ("future_signed" if parsed > today else "")
            if signed_step
            else _check_until(parsed, data, today)
        )
        if reason:
            await _ask(
                message,
                state,
                step,
                session,
                member,
                tx,
                clock,
                error=_bad_date(tx, reason),
            )
            return
        await state.update_data(pending=parsed.isoformat())
        await _confirm_date(message, state, tx, today, parsed, signed_step=signed_step)
    elif current == AgreementForm.term.state:
        digits = "".join(ch for ch in text if _digits(ch))
        if not digits or len(digits) > 4 or not 1 <= int(digits) <= MAX_TERM_MONTHS:
            await _ask(
                message,
                state,
                AgreementForm.term,
                session,
                member,
                tx,
                clock,
                error=tx.render(
                    "agreements/bad_input.html", reason="months", limit=MAX_TERM_MONTHS
                ),
            )
            return
        in_years = any(word in text.lower() for word in words.YEAR_WORDS)
        months = int(digits) * (12 if in_years else 1)
        if months > MAX_TERM_MONTHS:
            months = MAX_TERM_MONTHS
        await state.update_data(months=months)
        echo = tx.render("agreements/echo.html", what="term", value=words.months_label(months))
        await _after_term(message, state, session, member, tx, clock, echo)
    else:
        # a step answered with buttons: say so and ask again
        await _ask(
            message,
            state,
            step_state,
            session,
            member,
            tx,
            clock,
            error=tx.render("agreements/bad_input.html", reason="use_buttons"),
        )


async def _scan_received(
    message: Message, state: FSMContext, tx: Texts, clock: Clock, member: MemberInfo
) -> None:
    if message.document is not None:
        await state.update_data(
            scan_file_id=message.document.file_id,
            scan_kind="document",
            scan_name=message.document.file_name,
        )
    elif message.photo:
        await state.update_data(
            scan_file_id=message.photo[-1].file_id, scan_kind="photo", scan_name=None
        )
    else:
        await message.answer(
            tx.render(
                "agreements/ask.html",
                step="scan",
                error=tx.render("agreements/bad_input.html", reason="need_scan"),
                echo="",
                partner="",
                max_mb=MAX_TEMPLATE_MB,
            ),
            reply_markup=inline([[(buttons.SKIP, AgForm(step="scan", value="skip").pack())]]),
        )
        return
    await _summary(message, state, tx, clock, member)


async def _summary(
    message: Message,
    state: FSMContext,
    tx: Texts,
    clock: Clock,
    member: MemberInfo,
    error: str = "",
) -> None:
    await state.set_state(AgreementForm.confirm)
    data = await state.get_data()
    signed, until = _day(data.get("signed")), _day(data.get("until"))
    await message.answer(
        tx.render(
            "agreements/summary.html",
            error=error,
            partner=data.get("partner_name", ""),
            kind=words.KIND_LABELS.get(data.get("kind", ""), ""),
            number=data.get("number"),
            subject=data.get("subject", ""),
            signed=words.long_date(signed),
            until=words.long_date(until),
            open_ended=bool(data.get("open_ended")),
            auto=bool(data.get("auto")),
            term=words.months_label(data["months"]) if data.get("months") else "",
            responsible=data.get("responsible_name", ""),
            scan=bool(data.get("scan_file_id")),
        ),
        reply_markup=inline(
            [
                [
                    (words.BTN_SAVE, AgForm(step="save", value="yes").pack()),
                    (buttons.CANCEL, AgForm(step="save", value="no").pack()),
                ]
            ]
        ),
    )


async def _save(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    data = await state.get_data()
    now = clock.now()
    today = _today(clock, member)
    partner = await get_partner(session, member.organisation_id, int(data.get("partner_id") or 0))
    if partner is None:
        await state.clear()
        await message.answer(tx.render("common/not_found.html"))
        return
    responsible = await orgs.get_member(
        session, member.organisation_id, int(data.get("responsible") or member.id)
    )
    fields: dict[str, Any] = {
        "kind": data.get("kind") or AgreementKind.COOPERATION,
        "number": data.get("number"),
        "subject": data.get("subject") or words.DEFAULT_SUBJECT,
        "signed_on": _day(data.get("signed")),
        "valid_until": None if data.get("open_ended") else _day(data.get("until")),
        "auto_prolong": bool(data.get("auto")),
        "prolong_months": data.get("months"),
        "responsible_id": responsible.id if responsible else member.id,
        "scan_file_id": data.get("scan_file_id"),
        "scan_kind": data.get("scan_kind"),
        "scan_name": data.get("scan_name"),
    }
    draft = None
    if data.get("draft_id"):
        draft = await store.get_agreement(session, member.organisation_id, int(data["draft_id"]))
        if draft is not None and draft.status != AgreementStatus.DRAFT:
            draft = None
    if draft is not None:
        for key, value in fields.items():
            setattr(draft, key, value)
        if not fields["valid_until"]:
            draft.auto_prolong, draft.prolong_months = False, None
        await store.activate(session, draft, now)
        agreement = draft
    else:
        agreement = await store.create_agreement(
            session,
            organisation_id=member.organisation_id,
            partner_id=partner.id,
            created_by_id=member.id,
            now=now,
            **fields,
        )
    status_changed = False
    if partner.status != PartnerStatus.ACTIVE.value:
        status_changed = await change_status(
            session, partner, PartnerStatus.AGREEMENT_SIGNED, member_id=member.id, now=now
        )
    await store.reschedule(session, agreement, now)
    await session.commit()
    await state.clear()
    # only the renewal reminders still ahead (a 30-day one is gone for an agreement ending
    # in 20 days): «напомню 10.12 и 16.12»
    ahead = await store.pending_reminders(
        session, member.organisation_id, agreement.id, notices=False
    )
    prefix = tx.render(
        "agreements/saved.html",
        status_changed=status_changed,
        remind=[
            words.day_month(store.local_today(r.due_at, member.timezone), today)
            for r in ahead
            if r.kind == store.KIND_RENEWAL
        ],
        auto=agreement.auto_prolong,
        open_ended=agreement.valid_until is None,
    )
    await _show_card(
        message, session, member, tx, today, agreement, partner, prefix=prefix, reminders=False
    )


@router.message(StateFilter(ScanForm.file))
async def scan_later(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    data = await state.get_data()
    loaded = await _load(session, member, int(data.get("agreement_id") or 0))
    if loaded is None:
        await state.clear()
        await _not_found(message, tx)
        return
    agreement, partner = loaded
    if message.document is not None:
        agreement.scan_file_id = message.document.file_id
        agreement.scan_kind = "document"
        agreement.scan_name = message.document.file_name
    elif message.photo:
        agreement.scan_file_id = message.photo[-1].file_id
        agreement.scan_kind = "photo"
    else:
        await message.answer(tx.render("agreements/ask_scan.html", later=True, bad=True))
        return
    await session.commit()
    await state.clear()
    await _show_card(
        message,
        session,
        member,
        tx,
        _today(clock, member),
        agreement,
        partner,
        prefix=tx.render("agreements/scan_saved.html"),
    )


# --------------------------------------------------------------------------- prolongation


async def _ask_prolong(
    message: Message,
    tx: Texts,
    today: date,
    agreement: Agreement,
    partner_name: str,
    error: str = "",
) -> None:
    await message.answer(
        tx.render(
            "agreements/ask_prolong.html",
            a=_view(agreement, partner_name, today),
            error=error,
            suggestions=[],
        ),
        reply_markup=month_markup(
            CAL_PROLONG,
            today.year,
            today.month,
            today,
            extra_rows=[
                [
                    _btn(f"+{label}", AgForm(step="plus", value=str(months)))
                    for months, label in list(words.TERM_CHOICES.items())[:2]
                ]
            ],
        ),
    )


async def _prolong_to(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    day: date,
) -> None:
    data = await state.get_data()
    loaded = await _load(session, member, int(data.get("agreement_id") or 0))
    today = _today(clock, member)
    if loaded is None:
        await state.clear()
        await message.answer(tx.render("common/not_found.html"))
        return
    agreement, partner = loaded
    if agreement.status != AgreementStatus.ACTIVE or agreement.valid_until is None:
        await state.clear()
        await message.answer(tx.render("common/stale.html"))
        return
    reason = _check_prolong(day, agreement, today)
    if reason:
        await state.set_state(ProlongForm.until)
        await _ask_prolong(
            message,
            tx,
            today,
            agreement,
            partner.name,
            error=_bad_date(tx, reason),
        )
        return
    await store.prolong(session, agreement, day, clock.now())
    if partner.status == PartnerStatus.PAUSED.value:
        await change_status(
            session, partner, PartnerStatus.AGREEMENT_SIGNED, member_id=member.id, now=clock.now()
        )
    await session.commit()
    await state.clear()
    pending = await store.pending_reminders(
        session, member.organisation_id, agreement.id, notices=False
    )
    await message.answer(
        tx.render(
            "agreements/prolonged.html",
            a=_view(agreement, partner.name, today),
            previous=words.long_date(agreement.previous_until),
            next_reminders=[
                words.long_date(store.local_today(r.due_at, member.timezone)) for r in pending[:3]
            ],
        ),
        reply_markup=inline([[(words.BTN_ALL, AgCb(action="open", id=agreement.id).pack())]]),
    )


@router.callback_query(AgForm.filter(), StateFilter(ProlongForm))
async def prolong_choice(
    query: CallbackQuery,
    callback_data: AgForm,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    message = _message(query)
    await query.answer()
    if message is None:
        return
    data = await state.get_data()
    months = _int(callback_data.value)
    if callback_data.step == "plus" and 1 <= months <= MAX_TERM_MONTHS:
        loaded = await _load(session, member, int(data.get("agreement_id") or 0))
        if loaded is None or loaded[0].valid_until is None:
            await state.clear()
            await message.answer(tx.render("common/not_found.html"))
            return
        day = store.add_months(loaded[0].valid_until, months)
        await _prolong_to(message, state, session, member, tx, clock, day)
    elif callback_data.step == "pconf":
        pending = _day(data.get("pending"))
        if callback_data.value == "yes" and pending is not None:
            await _prolong_to(message, state, session, member, tx, clock, pending)
        else:
            await state.set_state(ProlongForm.until)
            loaded = await _load(session, member, int(data.get("agreement_id") or 0))
            if loaded is not None:
                await _ask_prolong(message, tx, _today(clock, member), loaded[0], loaded[1].name)
    else:
        await message.answer(tx.render("common/stale.html"))


@router.message(StateFilter(ProlongForm))
async def prolong_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    data = await state.get_data()
    loaded = await _load(session, member, int(data.get("agreement_id") or 0))
    if loaded is None:
        await state.clear()
        await _not_found(message, tx)
        return
    agreement, partner = loaded
    today = _today(clock, member)
    parsed = _parse(message.text or "", today, past=False)
    if isinstance(parsed, str):
        await _ask_prolong(
            message,
            tx,
            today,
            agreement,
            partner.name,
            error=tx.render("agreements/bad_date.html", reason="parse", detail=parsed),
        )
        return
    reason = _check_prolong(parsed, agreement, today)
    if reason:
        await _ask_prolong(
            message,
            tx,
            today,
            agreement,
            partner.name,
            error=_bad_date(tx, reason),
        )
        return
    await state.set_state(ProlongForm.confirm)
    await state.update_data(pending=parsed.isoformat())
    await message.answer(
        tx.render(
            "agreements/confirm_date.html",
            what="prolong",
            day=words.long_date(parsed),
            weekday=words.weekday(parsed),
            days=(parsed - today).days,
        ),
        reply_markup=inline(
            [
                [
                    (words.BTN_CONFIRM_DATE, AgForm(step="pconf", value="yes").pack()),
                    (words.BTN_RETYPE_DATE, AgForm(step="pconf", value="no").pack()),
                ]
            ]
        ),
    )


# --------------------------------------------------------------------------- settings


async def fetch_file(bot: Bot, file_id: str) -> bytes:
    """Download a file the member sent (a seam: tests replace it)."""
    buffer = io.BytesIO()
    await bot.download(file_id, destination=buffer)
    return buffer.getvalue()


def _templates_markup() -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    for kind, label in words.TEMPLATE_LABELS.items():
        rows.append(
            [
                _btn(f"{words.BTN_TPL_DOWNLOAD}: {label}", AgSet(action="get", kind=kind)),
            ]
        )
        rows.append(
            [
                _btn(f"{words.BTN_TPL_REPLACE}: {label}", AgSet(action="put", kind=kind)),
                _btn(words.BTN_TPL_RESET, AgSet(action="reset", kind=kind)),
            ]
        )
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(AgSet.filter())
async def settings_action(
    query: CallbackQuery,
    callback_data: AgSet,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
) -> None:
    message = _message(query)
    await query.answer()
    if message is None:
        return
    if not member.is_admin:
        await message.answer(tx.render("agreements/admin_only.html"))
        return
    action, kind = callback_data.action, callback_data.kind
    if action == "offsets":
        await state.set_state(AgreementSettingsForm.offsets)
        offsets = await store.get_offsets(session, member.organisation_id)
        await message.answer(tx.render("agreements/ask_offsets.html", offsets=offsets))
    elif action == "templates":
        custom = {
            k: await store.get_template(session, member.organisation_id, k) is not None
            for k in documents.KINDS
        }
        await message.answer(
            tx.render(
                "agreements/templates.html",
                custom=custom,
                labels=words.TEMPLATE_LABELS,
                fields={k: sorted(documents.FIELDS[k]) for k in documents.KINDS},
                required={k: sorted(documents.REQUIRED[k]) for k in documents.KINDS},
            ),
            reply_markup=_templates_markup(),
        )
    elif action == "get" and kind in documents.KINDS:
        data = await _template_bytes(session, member.organisation_id, kind)
        await message.answer_document(
            BufferedInputFile(data, filename=f"{words.FILE_NAMES[kind]}_template.docx")
        )
    elif action == "put" and kind in documents.KINDS:
        await state.set_state(AgreementSettingsForm.template)
        await state.set_data({"kind": kind})
        await message.answer(
            tx.render(
                "agreements/ask_template.html",
                label=words.TEMPLATE_LABELS[kind],
                fields=sorted(documents.FIELDS[kind]),
                required=sorted(documents.REQUIRED[kind]),
                max_mb=MAX_TEMPLATE_MB,
            )
        )
    elif action == "reset" and kind in documents.KINDS:
        removed = await store.delete_template(session, member.organisation_id, kind)
        await session.commit()
        await message.answer(
            tx.render(
                "agreements/template_reset.html", removed=removed, label=words.TEMPLATE_LABELS[kind]
            )
        )
    else:
        await message.answer(tx.render("common/stale.html"))


@router.message(StateFilter(AgreementSettingsForm.offsets, LEGACY_OFFSETS))
async def offsets_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
) -> None:
    raw = (message.text or "").replace(",", " ").replace(";", " ").split()
    numbers = all(_digits(v) and len(v) <= 4 for v in raw)
    values = sorted({int(v) for v in raw}, reverse=True) if numbers else []
    if (
        not values
        or len(values) > store.MAX_OFFSETS
        or any(not 1 <= v <= store.MAX_OFFSET_DAYS for v in values)
    ):
        await message.answer(
            tx.render(
                "agreements/ask_offsets.html",
                offsets=await store.get_offsets(session, member.organisation_id),
                bad=True,
                max_count=store.MAX_OFFSETS,
                max_days=store.MAX_OFFSET_DAYS,
            )
        )
        return
    count = await store.set_offsets(session, member.organisation_id, values, clock.now())
    await session.commit()
    await state.clear()
    await message.answer(tx.render("agreements/offsets_saved.html", offsets=values, count=count))


@router.message(StateFilter(AgreementSettingsForm.template, LEGACY_TEMPLATE), Has("document"))
async def template_received(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    member: MemberInfo,
    tx: Texts,
    clock: Clock,
    bot: Bot,
) -> None:
    data = await state.get_data()
    kind = data.get("kind", "")
    document = message.document
    if kind not in documents.KINDS or document is None:
        await state.clear()
        await message.answer(tx.render("common/stale.html"))
        return
    label = words.TEMPLATE_LABELS[kind]
    if document.file_size is not None and document.file_size > documents.MAX_TEMPLATE_BYTES:
        await message.answer(
            tx.render(
                "agreements/template_bad.html", error="too_big", label=label, max_mb=MAX_TEMPLATE_MB
            )
        )
        return
    try:
        content = await fetch_file(bot, document.file_id)
    except Exception:
        await message.answer(
            tx.render("agreements/template_bad.html", error="download", label=label)
        )
        return
    check = await documents.validate_template_async(kind, content)
    if not check.ok:
        await message.answer(
            tx.render(
                "agreements/template_bad.html",
                error=check.error,
                unknown=check.unknown,
                missing=check.missing,
                label=label,
                max_mb=MAX_TEMPLATE_MB,
            )
        )
        return
    await store.save_template(
        session,
        organisation_id=member.organisation_id,
        kind=kind,
        content=content,
        file_id=document.file_id,
        file_name=document.file_name,
        member_id=member.id,
        now=clock.now(),
    )
    await session.commit()
    await state.clear()
    await message.answer(tx.render("agreements/template_saved.html", label=label))


@router.message(StateFilter(AgreementSettingsForm.template, LEGACY_TEMPLATE))
async def template_not_document(message: Message, tx: Texts) -> None:
    await message.answer(tx.render("agreements/template_bad.html", error="not_document", label=""))


# --------------------------------------------------------------------------- reminders


async def _reminder_context(
    session: AsyncSession, reminder: Reminder, now: datetime
) -> tuple[Agreement, Partner, date, str] | None:
    organisation_id = reminder.organisation_id
    agreement = await store.get_by_id(session, organisation_id, reminder.ref_id)
    if agreement is None:
        return None
    partner = await get_partner(session, organisation_id, agreement.partner_id)
    member = await orgs.get_member(session, organisation_id, reminder.member_id)
    if partner is None or member is None:
        return None
    return agreement, partner, store.local_today(now, member.timezone), member.timezone


def _payload_day(reminder: Reminder, key: str) -> date | None:
    return _day((reminder.payload or {}).get(key))


async def render_renewal(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    """N days before the end: prolong / prepare a new agreement / let it end."""
    ctx = await _reminder_context(session, reminder, now)
    if ctx is None:
        return None
    agreement, partner, today, _tz = ctx
    until = _payload_day(reminder, "until")
    if (
        agreement.status != AgreementStatus.ACTIVE
        or agreement.valid_until is None
        or agreement.valid_until != until
        or agreement.renewal_decision == RenewalDecision.LET_END
        or agreement.valid_until < today
    ):
        return None
    if await store.newer_renewal_due(session, agreement.organisation_id, reminder, now):
        return None  # a later reminder is due too (the bot was down): send only that one
    if await store.in_force_count(
        session, agreement.organisation_id, partner.id, until, exclude_id=agreement.id
    ):
        return None  # a newer agreement with this partner runs past this one's end
    a = agreement.id
    markup = inline(
        [
            [(words.BTN_PROLONG, AgCb(action="prolong", id=a).pack())],
            [(words.BTN_NEW_DRAFT, AgCb(action="new", id=a).pack())],
            [(words.BTN_LET_END, AgCb(action="letend", id=a).pack())],
        ]
    )
    return Outgoing(
        tx.render("agreements/renewal.html", a=_view(agreement, partner.name, today)), markup
    )


async def render_autoprolong(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    """On the end date of an auto-prolonging agreement: extend it and tell the member."""
    ctx = await _reminder_context(session, reminder, now)
    if ctx is None:
        return None
    agreement, partner, today, _tz = ctx
    until = _payload_day(reminder, "until")
    months = agreement.prolong_months or 12
    if until is None or agreement.status != AgreementStatus.ACTIVE:
        return None
    already = agreement.previous_until == until and agreement.valid_until is not None
    if (
        agreement.valid_until == until
        and agreement.auto_prolong
        and (agreement.renewal_decision != RenewalDecision.LET_END)
    ):
        new_until = store.add_months(until, months)
        while new_until < today:  # the bot was down for longer than a whole term
            new_until = store.add_months(new_until, months)
        await store.prolong(session, agreement, new_until, now)
        await session.commit()
    elif not already:
        return None
    pending = await store.pending_reminders(
        session, agreement.organisation_id, agreement.id, notices=False
    )
    markup = inline(
        [
            [(words.BTN_LET_END, AgCb(action="letend", id=agreement.id).pack())],
            [(words.BTN_ALL, AgCb(action="open", id=agreement.id).pack())],
        ]
    )
    return Outgoing(
        tx.render(
            "agreements/autoprolonged.html",
            a=_view(agreement, partner.name, today),
            previous=words.long_date(until),
            next_reminder=words.long_date(store.local_today(pending[0].due_at, _tz))
            if pending
            else "",
        ),
        markup,
    )


async def render_ended(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    """The day after the end: close the agreement, pause the partner, suggest what next."""
    ctx = await _reminder_context(session, reminder, now)
    if ctx is None:
        return None
    agreement, partner, today, _tz = ctx
    until = _payload_day(reminder, "until")
    if until is None:
        return None
    paused = False
    if agreement.status == AgreementStatus.ACTIVE and agreement.valid_until == until:
        changed = await store.close(session, agreement.organisation_id, agreement, until, now)
        paused = changed is not None
        await session.commit()
    elif not (agreement.status == AgreementStatus.ENDED and agreement.ended_on == until):
        return None
    replaced = await store.in_force_count(
        session, agreement.organisation_id, partner.id, until, exclude_id=agreement.id
    )
    return Outgoing(
        tx.render(
            "agreements/ended.html",
            a=_view(agreement, partner.name, today),
            paused=paused or partner.status == PartnerStatus.PAUSED.value,
            by_hand=False,
            replaced=replaced > 0,
        ),
        _after_end_markup(agreement),
    )


async def render_checkin(
    session: AsyncSession, reminder: Reminder, tx: Texts, now: datetime
) -> Outgoing | None:
    """Yearly for an open-ended agreement: is it still alive? Schedules next year's."""
    ctx = await _reminder_context(session, reminder, now)
    if ctx is None:
        return None
    agreement, partner, today, _tz = ctx
    if agreement.status != AgreementStatus.ACTIVE or agreement.valid_until is not None:
        return None
    await store.reschedule(session, agreement, now)
    await session.commit()
    a = agreement.id
    return Outgoing(
        tx.render("agreements/checkin.html", a=_view(agreement, partner.name, today)),
        inline(
            [
                [(words.BTN_STILL_VALID, AgCb(action="valid", id=a).pack())],
                [(words.BTN_NEW_DRAFT, AgCb(action="new", id=a).pack())],
                [(words.BTN_NO_LONGER_VALID, AgCb(action="end", id=a).pack())],
            ]
        ),
    )


# kind → renderer, collected by the reminder engine (bot/reminder_types.py)
REMINDER_RENDERERS: dict[str, ReminderRenderer] = {
    store.KIND_RENEWAL: render_renewal,
    store.KIND_AUTOPROLONG: render_autoprolong,
    store.KIND_ENDED: render_ended,
    store.KIND_CHECKIN: render_checkin,
}


@router.callback_query(OpenAgreement.filter())
async def openagreement_entry(
    query: CallbackQuery, callback_data: OpenAgreement, **data: Any
) -> None:
    """The shared entry point (OpenAgreement), served by the action handler below it."""
    wanted = inspect.signature(agreement_action).parameters  # temporary shim
    await agreement_action(
        query,
        AgCb(action="open", id=callback_data.id),
        **{k: v for k, v in data.items() if k in wanted},
    )
