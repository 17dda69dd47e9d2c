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
    """What a button does to one agreement (its card, a reminder, a document's caption).

    The values are those the buttons carried before the actions were typed: buttons in
    messages already sent (a renewal reminder's "prolong") keep working."""

    OPEN = "open"
    SCAN = "scan"  # send the scan again
    SCAN_ADD = "scan_add"  # attach a scan later
    PROLONG = "prolong"
    NEW = "new"  # a draft of a new agreement continuing this one
    LET_END = "letend"  # do not prolong: it ends on its end date
    END = "end"  # end it today
    VALID = "valid"  # the yearly check-in: still in force
    DOC = "doc"  # the agreement as .docx
    LETTER = "letter"  # a proposal letter to the partner
    REGISTER = "reg"  # the draft was signed: register it


class AgCb(CallbackData, prefix="ag"):
    action: CardAct
    id: int


class ListAct(StrEnum):
    """The overview, or one of its sections (the storage's section names, as before)."""

    OVERVIEW = ""
    ACTIVE = store.SECTION_ACTIVE
    EXPIRING = store.SECTION_EXPIRING
    EXPIRED = store.SECTION_EXPIRED
    DRAFTS = store.SECTION_DRAFTS


# the list sections, in the order of the overview's buttons
SECTIONS: dict[ListAct, str] = {act: act.value for act in ListAct if act != ListAct.OVERVIEW}


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

    OFFSETS = "offsets"
    TEMPLATES = "templates"
    GET = "get"  # download the current template
    PUT = "put"  # replace it with one's own
    RESET = "reset"  # back to the standard one


class DocKind(StrEnum):
    """A document the bot makes for a partner (bot/services/paperwork.py KINDS)."""

    AGREEMENT = "agr"
    LETTER = "letter"


class AgSet(CallbackData, prefix="ags"):
    action: SetAct
    kind: DocKind | None = None  # GET, PUT, RESET


# --------------------------------------------------------------------------- documents


class MakeAct(StrEnum):
    """A step of making a document (handlers/agreements/produce.py)."""

    AGAIN = "p"  # prepare it again (back from the requisites screens)
    GO = "g"  # make it now, blanks where details are missing
    MALE = "m"  # the person named (crc `h`) is a man
    FEMALE = "f"
    OURS = "o"  # our requisites, with a way back
    THEIRS = "t"  # the partner's requisites, with a way back
    OBLIGATIONS = "ob"  # review the confirmed obligations again
    NETWORK = "n"  # the network-form terms again
    CONTACTS = "c"  # my phone and e-mail for letters again


class Make(CallbackData, prefix="mk"):
    """A document: an agreement `aid` of the partner `pid` (`prev`: the agreement a new
    draft continues), or a letter to `pid`."""

    action: MakeAct
    k: DocKind
    pid: int
    aid: int = 0
    prev: int = 0
    h: int = 0


class NewDraftAct(StrEnum):
    COOPERATION = "c"
    NETWORK = "n"


class NewDraft(CallbackData, prefix="nd"):
    """The kind of a partner's first draft."""

    action: NewDraftAct
    pid: int


class ObAct(StrEnum):
    """The obligations' review (handlers/agreements/obligations.py); i: the item's index."""

    KEEP = "k"
    EDIT = "e"
    DROP = "d"
    ADD_OURS = "ao"
    ADD_THEIRS = "at"
    DONE = "ok"


class ObCb(CallbackData, prefix="ob"):
    action: ObAct
    aid: int
    i: int = 0


class NetAct(StrEnum):
    """The network-form terms' questions (handlers/agreements/network.py)."""

    PROGRAMME = "p"  # i: the programme's id
    SKIP = "s"  # i: the question's index


class NetCb(CallbackData, prefix="nw"):
    action: NetAct
    aid: int
    i: int = 0


class ContactAct(StrEnum):
    SKIP = "s"  # i: 0 the phone, 1 the e-mail


class ContactCb(CallbackData, prefix="lc"):
    action: ContactAct
    i: int = 0
