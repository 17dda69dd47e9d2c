"""The agreements feature's inline keyboards. Labels come from texts/agreements.py and
texts/buttons.py; the calendars are the shared picker's (handlers/shared/calendar.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain import agreements as rules
from handlers.agreements.callbacks import (
    CAL_PROLONG,
    CAL_SIGNED,
    CAL_UNTIL,
    MAX_PAGE,
    SECTIONS,
    AgCb,
    AgForm,
    AgList,
    AgSet,
    CardAct,
    DocKind,
    FormAct,
    ListAct,
    SetAct,
)
from handlers.shared.calendar import month_markup
from handlers.shared.callbacks import NewAgreement, NewResult, OpenPartner, PartnerAgreements
from storage.models import Agreement, AgreementKind, AgreementStatus, Partner, RenewalDecision
from texts import agreements as words
from texts import buttons


def _btn(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _rows(*rows: Iterable[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for row in rows:
        kb.row(*row)
    return kb.as_markup()


def _one(text: str, data: CallbackData) -> InlineKeyboardMarkup:
    return _rows([_btn(text, data)])


# --------------------------------------------------------------------------- lists


def overview(counts: Mapping[str, int], partner_id: int, admin: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for action, section in SECTIONS.items():
        label = f"{words.SECTION_LABELS[section]} ({counts[section]})"
        kb.row(_btn(label, AgList(action=action, partner_id=partner_id)))
    kb.row(_btn(words.BTN_NEW, NewAgreement(partner_id=partner_id)))
    if partner_id:
        kb.row(_btn(words.BTN_PARTNER, OpenPartner(id=partner_id)))
    elif admin:
        kb.row(
            _btn(words.BTN_OFFSETS, AgSet(action=SetAct.OFFSETS)),
            _btn(words.BTN_TEMPLATES, AgSet(action=SetAct.TEMPLATES)),
        )
    return kb.as_markup()


def section(
    items: list[tuple[int, str]], action: ListAct, partner_id: int, page: int, more: bool
) -> InlineKeyboardMarkup:
    """A page of one section: (agreement id, label) per row, then the pages, then back."""
    kb = InlineKeyboardBuilder()
    for agreement_id, label in items:
        kb.row(_btn(label[:60], AgCb(action=CardAct.OPEN, id=agreement_id)))
    nav = []
    if page:
        nav.append(
            _btn(words.BTN_PREV_PAGE, AgList(action=action, partner_id=partner_id, page=page - 1))
        )
    if more and page < MAX_PAGE:
        nav.append(
            _btn(words.BTN_MORE, AgList(action=action, partner_id=partner_id, page=page + 1))
        )
    if nav:
        kb.row(*nav)
    kb.row(_btn(words.BTN_ALL, AgList(action=ListAct.OVERVIEW, partner_id=partner_id)))
    return kb.as_markup()


# --------------------------------------------------------------------------- card


def card(agreement: Agreement, today: date) -> InlineKeyboardMarkup:
    a = agreement.id
    kb = InlineKeyboardBuilder()
    if agreement.scan_file_id:
        kb.row(_btn(words.BTN_SCAN, AgCb(action=CardAct.SCAN, id=a)))
    if agreement.status == AgreementStatus.DRAFT:
        kb.row(_btn(words.BTN_DRAFT_DOCX, AgCb(action=CardAct.DOC, id=a)))
        kb.row(_btn(words.BTN_REGISTER_DRAFT, AgCb(action=CardAct.REGISTER, id=a)))
    elif agreement.status == AgreementStatus.ACTIVE:
        if agreement.valid_until is not None:
            kb.row(
                _btn(words.BTN_PROLONG, AgCb(action=CardAct.PROLONG, id=a)),
                _btn(words.BTN_NEW_DRAFT, AgCb(action=CardAct.NEW, id=a)),
            )
        in_term = rules.in_term(agreement.valid_until, today)
        if in_term and agreement.renewal_decision != RenewalDecision.LET_END:
            kb.row(_btn(words.BTN_LET_END, AgCb(action=CardAct.LET_END, id=a)))
        end_label = words.BTN_END_EARLY if in_term else words.BTN_END_NOW
        kb.row(_btn(end_label, AgCb(action=CardAct.END, id=a)))
        kb.row(
            _btn(words.BTN_DRAFT_DOCX, AgCb(action=CardAct.DOC, id=a)),
            _btn(words.BTN_LETTER_DOCX, AgCb(action=CardAct.LETTER, id=a)),
        )
        if not agreement.scan_file_id:
            kb.row(_btn(words.BTN_ATTACH_SCAN, AgCb(action=CardAct.SCAN_ADD, id=a)))
        kb.row(_btn(words.BTN_RESULT, NewResult(agreement_id=a)))  # handlers/results
    else:
        kb.row(_btn(words.BTN_NEW_DRAFT, AgCb(action=CardAct.NEW, id=a)))
        kb.row(_btn(words.BTN_RESULT, NewResult(agreement_id=a)))  # what it gave, afterwards
    kb.row(
        _btn(words.BTN_PARTNER, OpenPartner(id=agreement.partner_id)),
        _btn(words.BTN_PARTNER_AGREEMENTS, PartnerAgreements(partner_id=agreement.partner_id)),
    )
    return kb.as_markup()


def register_draft(draft_id: int) -> InlineKeyboardMarkup:
    return _one(words.BTN_REGISTER_DRAFT, AgCb(action=CardAct.REGISTER, id=draft_id))


def new_draft(agreement_id: int) -> InlineKeyboardMarkup:
    return _one(words.BTN_NEW_DRAFT, AgCb(action=CardAct.NEW, id=agreement_id))


def open_card(agreement_id: int) -> InlineKeyboardMarkup:
    return _one(words.BTN_ALL, AgCb(action=CardAct.OPEN, id=agreement_id))


def after_end(agreement: Agreement) -> InlineKeyboardMarkup:
    return _rows(
        [_btn(words.BTN_NEW_DRAFT, AgCb(action=CardAct.NEW, id=agreement.id))],
        [_btn(words.BTN_PARTNER, OpenPartner(id=agreement.partner_id))],
    )


# --------------------------------------------------------------------------- reminders


def renewal(agreement_id: int) -> InlineKeyboardMarkup:
    return _rows(
        [_btn(words.BTN_PROLONG, AgCb(action=CardAct.PROLONG, id=agreement_id))],
        [_btn(words.BTN_NEW_DRAFT, AgCb(action=CardAct.NEW, id=agreement_id))],
        [_btn(words.BTN_LET_END, AgCb(action=CardAct.LET_END, id=agreement_id))],
    )


def autoprolonged(agreement_id: int) -> InlineKeyboardMarkup:
    return _rows(
        [_btn(words.BTN_LET_END, AgCb(action=CardAct.LET_END, id=agreement_id))],
        [_btn(words.BTN_ALL, AgCb(action=CardAct.OPEN, id=agreement_id))],
    )


def checkin(agreement_id: int) -> InlineKeyboardMarkup:
    return _rows(
        [_btn(words.BTN_STILL_VALID, AgCb(action=CardAct.VALID, id=agreement_id))],
        [_btn(words.BTN_NEW_DRAFT, AgCb(action=CardAct.NEW, id=agreement_id))],
        [_btn(words.BTN_NO_LONGER_VALID, AgCb(action=CardAct.END, id=agreement_id))],
    )


# --------------------------------------------------------------------------- the form


def partners(chosen: list[Partner], page: int, total: int, per_page: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for p in chosen:
        kb.row(_btn(p.name[:60], AgForm(action=FormAct.PARTNER, id=p.id)))
    nav = []
    if page:
        nav.append(_btn(words.BTN_PREV_PAGE, AgForm(action=FormAct.PARTNER_PAGE, id=page - 1)))
    if (page + 1) * per_page < total and page < MAX_PAGE:
        nav.append(_btn(words.BTN_MORE, AgForm(action=FormAct.PARTNER_PAGE, id=page + 1)))
    if nav:
        kb.row(*nav)
    return kb.as_markup()


def kinds() -> InlineKeyboardMarkup:
    return _rows(
        *(
            [_btn(words.KIND_LABELS[code], AgForm(action=FormAct.KIND, id=i))]
            for i, code in enumerate(AgreementKind.ALL)
        )
    )


def skip(action: FormAct) -> InlineKeyboardMarkup:
    return _one(buttons.SKIP, AgForm(action=action))


def subject(has_current: bool) -> InlineKeyboardMarkup:
    label = words.BTN_KEEP_SUBJECT if has_current else words.BTN_USE_DEFAULT
    return _one(label, AgForm(action=FormAct.SUBJECT_DEFAULT))


def _extra(*buttons_: InlineKeyboardButton) -> list[list[InlineKeyboardButton]]:
    return [list(buttons_)]


def month_id(year: int, month: int) -> int:
    """A month as one number (SIGNED_MONTH's id)."""
    return year * 12 + month - 1


def signed_calendar(year: int, month: int, today: date) -> InlineKeyboardMarkup:
    """The calendar for the signing date: past months are reachable (the shared picker's
    arrows only go forward from the current month), future months are not."""
    markup = month_markup(
        CAL_SIGNED,
        year,
        month,
        today,
        allow_past=True,
        extra_rows=_extra(_btn(words.BTN_TODAY, AgForm(action=FormAct.SIGNED_TODAY))),
    )
    current = month_id(year, month)
    nav = list(markup.inline_keyboard[0])
    nav[0] = _btn(nav[0].text, AgForm(action=FormAct.SIGNED_MONTH, id=current - 1))
    if current + 1 <= month_id(today.year, today.month):
        nav[2] = _btn(nav[2].text, AgForm(action=FormAct.SIGNED_MONTH, id=current + 1))
    else:
        nav[2] = _btn(" ", AgForm(action=FormAct.SIGNED_MONTH))
    return InlineKeyboardMarkup(inline_keyboard=[nav, *markup.inline_keyboard[1:]])


def until_calendar(today: date) -> InlineKeyboardMarkup:
    return month_markup(
        CAL_UNTIL,
        today.year,
        today.month,
        today,
        extra_rows=_extra(_btn(words.BTN_OPEN_ENDED, AgForm(action=FormAct.OPEN_ENDED))),
    )


def auto() -> InlineKeyboardMarkup:
    return _rows(
        [
            _btn(words.BTN_AUTO_YES, AgForm(action=FormAct.AUTO_YES)),
            _btn(words.BTN_AUTO_NO, AgForm(action=FormAct.AUTO_NO)),
        ]
    )


def terms() -> InlineKeyboardMarkup:
    return _rows(
        *(
            [_btn(label, AgForm(action=FormAct.TERM, id=months))]
            for months, label in words.TERM_CHOICES.items()
        )
    )


def responsible(members: list[tuple[int, str]], me: int) -> InlineKeyboardMarkup:
    """(member id, full name) of the active members, the one asking marked as "me"."""
    kb = InlineKeyboardBuilder()
    for member_id, name in members[:20]:
        label = (words.BTN_ME + " — " if member_id == me else "") + name[:50]
        kb.row(_btn(label, AgForm(action=FormAct.RESPONSIBLE, id=member_id)))
    return kb.as_markup()


def confirm_date(yes: FormAct, no: FormAct) -> InlineKeyboardMarkup:
    return _rows(
        [
            _btn(words.BTN_CONFIRM_DATE, AgForm(action=yes)),
            _btn(words.BTN_RETYPE_DATE, AgForm(action=no)),
        ]
    )


def summary() -> InlineKeyboardMarkup:
    return _rows(
        [
            _btn(words.BTN_SAVE, AgForm(action=FormAct.SAVE)),
            _btn(buttons.CANCEL, AgForm(action=FormAct.CANCEL)),
        ]
    )


def prolong_calendar(today: date) -> InlineKeyboardMarkup:
    plus = [
        _btn(f"+{label}", AgForm(action=FormAct.PLUS, id=months))
        for months, label in list(words.TERM_CHOICES.items())[:2]
    ]
    return month_markup(CAL_PROLONG, today.year, today.month, today, extra_rows=_extra(*plus))


# --------------------------------------------------------------------------- settings


def templates() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind in DocKind:
        label = words.TEMPLATE_LABELS[kind]
        kb.row(_btn(f"{words.BTN_TPL_DOWNLOAD}: {label}", AgSet(action=SetAct.GET, kind=kind)))
        kb.row(
            _btn(f"{words.BTN_TPL_REPLACE}: {label}", AgSet(action=SetAct.PUT, kind=kind)),
            _btn(words.BTN_TPL_RESET, AgSet(action=SetAct.RESET, kind=kind)),
        )
    return kb.as_markup()
