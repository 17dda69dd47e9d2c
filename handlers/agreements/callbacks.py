"""The agreements feature's callback data: an action and ids only (64 bytes).

The entry points other features offer (open an agreement, a partner's agreements, register
one, a draft or letter) are in handlers/shared/callbacks.py.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from storage import agreements as store

# one calendar scope per question, so a tap on an old calendar is never taken for another date
CAL_SIGNED = "as"
CAL_UNTIL = "au"
CAL_PROLONG = "ap"
MAX_PAGE = 100_000  # a forged page number beyond this is clamped (the offset stays small)


class CardAct(StrEnum):
    """What a button does to one agreement (its card, a reminder, a document's caption)."""

    OPEN = "o"
    SCAN = "s"  # send the scan again
    SCAN_ADD = "a"  # attach a scan later
    PROLONG = "p"
    NEW = "n"  # a draft of a new agreement continuing this one
    LET_END = "l"  # do not prolong: it ends on its end date
    END = "e"  # end it today
    VALID = "v"  # the yearly check-in: still in force
    DOC = "d"  # the agreement as .docx
    LETTER = "w"  # a proposal letter to the partner
    REGISTER = "r"  # the draft was signed: register it


class AgCb(CallbackData, prefix="ag"):
    action: CardAct
    id: int


class ListAct(StrEnum):
    OVERVIEW = "o"
    ACTIVE = "a"
    EXPIRING = "x"
    EXPIRED = "e"
    DRAFTS = "d"


# the list sections, in the order of the overview's buttons
SECTIONS: dict[ListAct, str] = {
    ListAct.ACTIVE: store.SECTION_ACTIVE,
    ListAct.EXPIRING: store.SECTION_EXPIRING,
    ListAct.EXPIRED: store.SECTION_EXPIRED,
    ListAct.DRAFTS: store.SECTION_DRAFTS,
}


class AgList(CallbackData, prefix="agl"):
    """The overview (of the organisation, or of one partner) and its sections' pages."""

    action: ListAct
    partner_id: int = 0
    page: int = 0


class FormAct(StrEnum):
    """A button in the registration form or in the prolongation."""

    PARTNER = "p"  # id: the partner
    PARTNER_PAGE = "pp"  # id: the page
    KIND = "k"  # id: the index in AgreementKind.ALL
    NUMBER_SKIP = "ns"
    SUBJECT_DEFAULT = "sd"  # the standard subject (or the draft's)
    SIGNED_TODAY = "st"
    SIGNED_MONTH = "sm"  # id: year * 12 + month - 1 of the month to show; 0: a blank arrow
    SIGNED_YES = "sy"
    SIGNED_NO = "sn"
    OPEN_ENDED = "oe"
    UNTIL_YES = "uy"
    UNTIL_NO = "un"
    AUTO_YES = "ay"
    AUTO_NO = "an"
    TERM = "t"  # id: months
    RESPONSIBLE = "r"  # id: the member
    SCAN_SKIP = "ss"
    SAVE = "sv"
    CANCEL = "c"
    PLUS = "pl"  # prolongation by a term; id: months
    PROLONG_YES = "py"
    PROLONG_NO = "pn"


class AgForm(CallbackData, prefix="agf"):
    action: FormAct
    id: int = 0


class SetAct(StrEnum):
    """Organisation settings (admins): reminder offsets and document templates."""

    OFFSETS = "o"
    TEMPLATES = "t"
    GET = "g"  # download the current template; id: the index in documents.KINDS
    PUT = "p"  # replace it with one's own
    RESET = "r"  # back to the standard one


class AgSet(CallbackData, prefix="ags"):
    action: SetAct
    id: int = 0
