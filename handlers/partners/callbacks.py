"""The partner database's callback data: an action (a short StrEnum) and ids; a choice is
typed by its enum (a value Telegram returns altered fails to unpack: the button is stale).
The entry points other features show (OpenPartner, AddPartner, EditOffer) are in
handlers/shared/callbacks.py; the member and programme pickers in handlers/shared/pickers.py.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.shared.ids import RowId
from storage.enums import Direction, PartnerCategory, PartnerSource, PartnerStatus


class Field(StrEnum):
    """A partner's fields as the add flow asks them and the card edits them (the values are
    the attributes' names, also kept in FSM data)."""

    NAME = "name"
    CATEGORY = "category"
    SOURCE = "source"
    CONTACT_PERSON = "contact_person"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    OFFER = "offer"
    ASK = "ask"
    DIRECTIONS = "directions"
    RESPONSIBLE = "responsible"
    PROGRAMS = "programs"


class ChoiceAct(StrEnum):
    CATEGORY = "c"
    SOURCE = "s"
    DIRECTION = "d"  # tick or untick one direction
    DONE = "dd"  # the directions are chosen


class FormPick(CallbackData, prefix="pk"):
    """A choice button of the add flow (the value goes with its action); «Done» carries the
    draft's token (FSM data "draft", stored on the partner it becomes)."""

    action: ChoiceAct
    category: PartnerCategory | None = None
    source: PartnerSource | None = None
    direction: Direction | None = None
    draft: str = ""


class FormSkip(CallbackData, prefix="sk"):
    """«Skip» under a choice of the add flow; a tap under an older question is stale."""

    step: Field


class CardPick(CallbackData, prefix="px"):
    """The same choices on a partner's card: written at once."""

    action: ChoiceAct
    id: RowId
    category: PartnerCategory | None = None
    source: PartnerSource | None = None
    direction: Direction | None = None


class DupAct(StrEnum):
    OPEN = "o"  # open the partner already in the base
    ADD = "a"  # add the new one anyway


class DupCb(CallbackData, prefix="du"):
    """The answer to «a similar partner is already in the base»."""

    action: DupAct
    id: RowId = 0


class FromAct(StrEnum):
    CONTACT = "c"  # a contact card shared in the chat
    SEARCH = "q"  # a search that found nothing


class FromChat(CallbackData, prefix="pf"):
    """Add a partner from what was just sent in the chat (kept in FSM data)."""

    action: FromAct


class CardAct(StrEnum):
    OPEN = "o"  # the card again, in place (leaves any flow)
    EDIT = "e"  # which field to change
    NOTE = "n"  # write a note
    STATUS = "s"  # the statuses to choose from
    ARCHIVE = "a"
    RESTORE = "r"
    DELETE = "d"  # ask to confirm
    DELETE_OK = "dk"


class CardCb(CallbackData, prefix="pc"):
    """The buttons of a partner's card."""

    action: CardAct
    id: RowId


class SetStatus(CallbackData, prefix="ps"):
    """A status chosen by hand on the card."""

    id: RowId
    status: PartnerStatus


class StatusOk(CallbackData, prefix="pso"):
    """Set the status after all: the records lack its evidence, or no reason is given for
    «Отказ» / «Пауза» (handlers/partners/status.py)."""

    id: RowId
    status: PartnerStatus


class EditField(CallbackData, prefix="pe"):
    """Change one field of a partner."""

    id: RowId
    field: Field


class FullAct(StrEnum):
    OFFER = "o"
    ASK = "a"
    NOTE = "n"


class FullText(CallbackData, prefix="pt"):
    """A text the card shows shortened, in full (`note`: the note's id)."""

    action: FullAct
    id: RowId
    note: RowId = 0


class ListAct(StrEnum):
    PAGE = "p"  # a page of the list, or of the search results (search=True)
    COUNTER = "n"  # the page counter: nothing to do
    CATEGORIES = "c"  # the filter menus
    STATUSES = "s"
    DIRECTIONS = "d"


class ListCb(CallbackData, prefix="pl"):
    """The list: the page, the filters, the archive; search=True: the search kept in FSM
    data."""

    action: ListAct = ListAct.PAGE
    page: int = 0
    category: PartnerCategory | None = None
    status: PartnerStatus | None = None
    direction: Direction | None = None
    archived: bool = False
    search: bool = False
