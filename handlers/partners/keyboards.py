"""The partner database's keyboards. Labels come from texts.partners, texts.method and
texts.buttons."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.services.partners import Similar
from handlers.partners.callbacks import (
    CardAct,
    CardCb,
    CardPick,
    ChoiceAct,
    DupAct,
    DupCb,
    EditField,
    Field,
    FormPick,
    FormSkip,
    FromAct,
    FromChat,
    ListAct,
    ListCb,
    SetStatus,
)
from handlers.shared.callbacks import (
    AddPartner,
    Draft,
    Evaluate,
    NewAgreement,
    NewEvent,
    NewMeeting,
    OpenPartner,
    PartnerAgreements,
    PartnerMeetings,
    PartnerTasks,
    Requisites,
)
from handlers.shared.labels import cut_label
from storage import partners as db
from storage.enums import Direction, PartnerCategory, PartnerSource, PartnerStatus
from storage.models import Partner
from texts import buttons, method
from texts import partners as labels
from texts import requisites as req_words
from texts import tasks as task_labels

Button = tuple[str, CallbackData]
NAME_ON_BUTTON = 48  # a partner's name on a button (a list, search results)
NAME_IN_ACTION = 40  # … inside an action's label (open the one in the base, add it)


def _rows(buttons_: Sequence[Button], *sizes: int) -> InlineKeyboardMarkup:
    """The buttons in rows of `sizes` (the last size repeats)."""
    kb = InlineKeyboardBuilder()
    for text, data in buttons_:
        kb.button(text=text, callback_data=data)
    kb.adjust(*sizes)
    return kb.as_markup()


def to_card(pid: int) -> Button:
    return labels.TO_CARD, CardCb(action=CardAct.OPEN, id=pid)


@cache  # the same for everyone: each distinct one built once
def flow_keyboard(
    *, optional: bool, contact: bool = False, clear: bool = False
) -> ReplyKeyboardMarkup:
    """Under a typed question: share a contact (the phone), skip or clear, cancel."""
    rows: list[list[KeyboardButton]] = []
    if contact:
        rows.append([KeyboardButton(text=buttons.SHARE_CONTACT, request_contact=True)])
    if optional:
        rows.append([KeyboardButton(text=labels.CLEAR if clear else buttons.SKIP)])
    rows.append([KeyboardButton(text=buttons.CANCEL)])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def _pairs(count: int) -> list[int]:
    """Row sizes for `count` buttons two a row."""
    return [2] * (count // 2) + [1] * (count % 2)


def _choice(
    action: ChoiceAct,
    pid: int,
    *,
    category: PartnerCategory | None = None,
    source: PartnerSource | None = None,
    direction: Direction | None = None,
) -> CallbackData:
    """pid 0: the add flow's button; otherwise the partner card's."""
    if pid:
        return CardPick(
            action=action, id=pid, category=category, source=source, direction=direction
        )
    return FormPick(action=action, category=category, source=source, direction=direction)


def _tail(pid: int, skip: Field | None) -> list[Button]:
    if pid:
        return [to_card(pid)]
    return [(buttons.SKIP, FormSkip(step=skip))] if skip else []


def categories(pid: int = 0) -> InlineKeyboardMarkup:
    """One category a row."""
    items = [
        (method.CATEGORY_SHORT[c], _choice(ChoiceAct.CATEGORY, pid, category=c))
        for c in PartnerCategory
    ]
    return _rows([*items, *_tail(pid, None)], 1)


def sources(pid: int = 0, *, skip: Field | None = None) -> InlineKeyboardMarkup:
    """Two sources a row."""
    items = [
        (method.SOURCE_LABELS[s], _choice(ChoiceAct.SOURCE, pid, source=s)) for s in PartnerSource
    ]
    return _rows([*items, *_tail(pid, skip)], *_pairs(len(items)), 1)


def directions(
    pid: int = 0, *, selected: Collection[str] = (), draft: str = ""
) -> InlineKeyboardMarkup:
    """One direction a row, ticked when chosen, then «Done» (the add flow's last answer:
    it carries the draft's token, so a repeated tap finds the partner already saved)."""
    items: list[Button] = [
        (
            (labels.CHECK if d in selected else "") + method.DIRECTION_SHORT[d],
            _choice(ChoiceAct.DIRECTION, pid, direction=d),
        )
        for d in Direction
    ]
    done: CallbackData = (
        CardPick(action=ChoiceAct.DONE, id=pid)
        if pid
        else FormPick(action=ChoiceAct.DONE, draft=draft)
    )
    items.append((buttons.DONE, done))
    return _rows([*items, *_tail(pid, None)], 1)


def duplicates(similar: Sequence[Similar]) -> InlineKeyboardMarkup:
    items: list[Button] = [
        (
            labels.OPEN_EXISTING.format(name=labels.quoted(cut_label(item.name, NAME_IN_ACTION))),
            DupCb(action=DupAct.OPEN, id=item.id),
        )
        for item in similar
    ]
    items.append((labels.ADD_ANYWAY, DupCb(action=DupAct.ADD)))
    return _rows(items, 1)


def card(partner: Partner, extra: Sequence[Button]) -> InlineKeyboardMarkup:
    """The card's buttons; `extra`: «… in full», one a row."""
    pid = partner.id
    # an organisation's details (handlers/requisites): not for parents and graduates
    people = (PartnerCategory.PARENTS, PartnerCategory.GRADUATES)
    requisites = (
        [] if partner.category in people else [(req_words.BTN_PARTNER, Requisites(partner_id=pid))]
    )
    items: list[Button] = [
        (labels.EDIT, CardCb(action=CardAct.EDIT, id=pid)),
        (labels.NOTE, CardCb(action=CardAct.NOTE, id=pid)),
        (labels.STATUS, CardCb(action=CardAct.STATUS, id=pid)),
        (labels.MEETING, NewMeeting(partner_id=pid)),
        (labels.AGREEMENT, NewAgreement(partner_id=pid)),
        (task_labels.CARD_BUTTON, PartnerTasks(partner_id=pid)),  # handlers/tasks
        (labels.MEETINGS_LIST, PartnerMeetings(partner_id=pid)),
        (labels.AGREEMENTS_LIST, PartnerAgreements(partner_id=pid)),
        (labels.LETTER, Draft(kind="letter", partner_id=pid)),
        (labels.DRAFT_AGREEMENT, Draft(kind="agr", partner_id=pid)),
        (labels.EVENT, NewEvent(partner_id=pid)),
        (labels.EVALUATE, Evaluate(partner_id=pid)),
        *requisites,
        *extra,
        (labels.RESTORE, CardCb(action=CardAct.RESTORE, id=pid))
        if partner.archived_at
        else (labels.ARCHIVE, CardCb(action=CardAct.ARCHIVE, id=pid)),
        (labels.DELETE, CardCb(action=CardAct.DELETE, id=pid)),
        (labels.TO_LIST, ListCb()),
    ]
    return _rows(items, 3, 3, 2, 2, 2, *[1] * len(requisites), *[1] * len(extra), 2, 1)


def edit_menu(pid: int) -> InlineKeyboardMarkup:
    """Which field to change: two a row."""
    items: list[Button] = [
        (label, EditField(id=pid, field=Field(field)))
        for field, label in labels.FIELD_LABELS.items()
    ]
    return _rows([*items, to_card(pid)], *_pairs(len(items)), 1)


def statuses(partner: Partner) -> InlineKeyboardMarkup:
    items: list[Button] = [
        (
            (labels.CHECK if s == partner.status else method.STATUS_ICONS[s] + " ")
            + method.STATUS_LABELS[s],
            SetStatus(id=partner.id, status=s),
        )
        for s in PartnerStatus
    ]
    return _rows([*items, to_card(partner.id)], 1)


def confirm_delete(pid: int) -> InlineKeyboardMarkup:
    return _rows(
        [
            (labels.DELETE_CONFIRM, CardCb(action=CardAct.DELETE_OK, id=pid)),
            (labels.KEEP, CardCb(action=CardAct.OPEN, id=pid)),
        ],
        1,
    )


def back_to_list() -> InlineKeyboardMarkup:
    return _rows([(labels.TO_LIST, ListCb())], 1)


def add_by_category() -> InlineKeyboardMarkup:
    """The empty base: add a partner of a category."""
    return _rows(
        [(method.CATEGORY_SHORT[c], AddPartner(category=c.value)) for c in PartnerCategory], 1
    )


def add_from_contact() -> InlineKeyboardMarkup:
    return _rows([(labels.ADD_CONTACT, FromChat(action=FromAct.CONTACT))], 1)


def add_from_search(query: str) -> InlineKeyboardMarkup:
    label = labels.ADD_FOUND.format(name=labels.quoted(cut_label(query, NAME_IN_ACTION)))
    return _rows([(label, FromChat(action=FromAct.SEARCH))], 1)


def listing(
    cb: ListCb, rows: Sequence[db.ListRow], *, pages: int, more: bool, searching: bool
) -> InlineKeyboardMarkup:
    """The partners of a page, the page buttons, the filters (not for search results)."""
    items: list[Button] = [
        (
            f"{method.STATUS_ICONS.get(r.status, '')} {cut_label(r.name, NAME_ON_BUTTON)}"
            + (" 🗄" if r.archived and not cb.archived else ""),
            OpenPartner(id=r.id),
        )
        for r in rows
    ]
    sizes = [1] * len(items)
    nav: list[Button] = []
    if cb.page > 0:
        nav.append((buttons.PREV, cb.model_copy(update={"page": cb.page - 1})))
    if pages > 1 or (not pages and (more or cb.page)):
        label = labels.PAGE.format(page=cb.page + 1, pages=pages) if pages else str(cb.page + 1)
        nav.append((label, cb.model_copy(update={"action": ListAct.COUNTER})))
    if more:
        nav.append((buttons.FORWARD, cb.model_copy(update={"page": cb.page + 1})))
    if nav:
        items += nav
        sizes.append(len(nav))
    if not searching:
        items += [
            (labels.FILTER_CATEGORY, cb.model_copy(update={"action": ListAct.CATEGORIES})),
            (labels.FILTER_STATUS, cb.model_copy(update={"action": ListAct.STATUSES})),
            (labels.FILTER_DIRECTION, cb.model_copy(update={"action": ListAct.DIRECTIONS})),
        ]
        sizes.append(3)
        tail = [
            (labels.FILTER_CURRENT, ListCb())
            if cb.archived
            else (labels.FILTER_ARCHIVE, ListCb(archived=True))
        ]
        if cb.category or cb.status or cb.direction:
            tail.append((labels.FILTER_RESET, ListCb(archived=cb.archived)))
        items += tail
        sizes.append(len(tail))
    items.append((buttons.MENU_ADD, AddPartner()))
    sizes.append(1)
    return _rows(items, *sizes)


def _menu(
    cb: ListCb, key: str, options: Sequence[tuple[str, object]], current: object
) -> InlineKeyboardMarkup:
    """One filter's values, the current one ticked, then «All»: each shows page one."""
    base = cb.model_copy(update={"page": 0, "action": ListAct.PAGE})
    items: list[Button] = [
        ((labels.CHECK if value == current else "") + label, base.model_copy(update={key: value}))
        for label, value in options
    ]
    items.append((labels.FILTER_ALL, base.model_copy(update={key: None})))
    return _rows(items, 1)


def category_menu(cb: ListCb, counts: dict[str, int]) -> InlineKeyboardMarkup:
    options = [
        (f"{method.CATEGORY_SHORT[c]} · {counts.get(c.value, 0)}", c) for c in PartnerCategory
    ]
    return _menu(cb, "category", options, cb.category)


def status_menu(cb: ListCb) -> InlineKeyboardMarkup:
    options = [(method.STATUS_ICONS[s] + " " + method.STATUS_LABELS[s], s) for s in PartnerStatus]
    return _menu(cb, "status", options, cb.status)


def direction_menu(cb: ListCb) -> InlineKeyboardMarkup:
    options = [(method.DIRECTION_SHORT[d], d) for d in Direction]
    return _menu(cb, "direction", options, cb.direction)
