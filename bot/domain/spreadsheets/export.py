"""/export: the partner database as plain rows (`PartnerExport`, `MeetingExport`,
`AgreementExport`, filled by the service from SQL) → an .xlsx with the sheets «Партнёры»,
«Встречи», «Договоры», and .csv files. Codes become their Russian labels; meeting times are
local to the member; the partners sheet's headers are the ones the import recognises."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.contacts import display_phone
from bot.domain.spreadsheets.writing import Cell, Sheet, write_csv, write_workbook
from texts import spreadsheets as words


@dataclass(frozen=True, slots=True)
class PartnerExport:
    name: str
    category: str  # storage.enums codes
    status: str
    directions: tuple[str, ...] = ()
    contact_person: str | None = None
    phone: str | None = None  # E.164 (bot.domain.contacts)
    email: str | None = None
    address: str | None = None
    source: str | None = None
    offer: str | None = None
    ask: str | None = None
    responsible: str = ""  # the member's full name
    programmes: tuple[str, ...] = ()
    last_meeting: date | None = None  # the last meeting held (local day)
    agreement: bool = False  # an agreement in force: the three columns below
    agreement_number: str | None = None
    agreement_signed: date | None = None
    agreement_until: date | None = None  # None with `agreement`: open-ended
    created: date | None = None
    archived: date | None = None


@dataclass(frozen=True, slots=True)
class MeetingExport:
    partner: str
    starts_at: datetime  # aware (UTC from the database)
    format: str
    status: str
    outcome: str | None = None
    place: str | None = None
    purpose: str | None = None
    notes: str | None = None
    next_step: str | None = None
    member: str = ""


@dataclass(frozen=True, slots=True)
class AgreementExport:
    partner: str
    number: str | None
    kind: str
    subject: str
    status: str
    signed_on: date | None = None
    valid_until: date | None = None  # None: open-ended
    auto_prolong: bool = False
    prolong_count: int = 0
    ended_on: date | None = None
    responsible: str = ""


def _label(table: Mapping[str, str], code: str | None) -> str:
    return table.get(code, code) if code else ""


def _csv_phone(e164: str | None) -> str:
    """8 (3452) 63-81-24 in CSV: a Russian number as Russians write it, and no leading «+»
    Excel would take for a formula."""
    shown = display_phone(e164)
    return "8" + shown[2:] if shown.startswith("+7 ") else shown


def partner_rows(partners: Iterable[PartnerExport], *, for_csv: bool = False) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    phone = _csv_phone if for_csv else display_phone
    for p in partners:
        until: Cell = p.agreement_until
        if p.agreement and until is None:
            until = words.OPEN_ENDED
        values: dict[str, Cell] = {
            "name": p.name,
            "category": _label(words.CATEGORIES, p.category),
            "status": _label(words.STATUSES, p.status),
            "directions": "; ".join(
                label for code, label in words.DIRECTIONS.items() if code in p.directions
            ),
            "contact_person": p.contact_person,
            "phone": phone(p.phone) or None,
            "email": p.email,
            "address": p.address,
            "source": _label(words.SOURCES, p.source) or None,
            "offer": p.offer,
            "ask": p.ask,
            "responsible": p.responsible or None,
            "programmes": "; ".join(p.programmes) or None,
            "last_meeting": p.last_meeting,
            "agreement_number": p.agreement_number if p.agreement else None,
            "agreement_signed": p.agreement_signed if p.agreement else None,
            "agreement_until": until if p.agreement else None,
            "created": p.created,
            "archived": p.archived,
        }
        rows.append([values[key] for key in words.PARTNER_COLUMNS])
    return rows


def meeting_rows(meetings: Iterable[MeetingExport], tz: str | ZoneInfo) -> list[list[Cell]]:
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    rows: list[list[Cell]] = []
    for m in meetings:
        values: dict[str, Cell] = {
            "partner": m.partner,
            "starts_at": m.starts_at.astimezone(zone).replace(tzinfo=None),
            "format": _label(words.FORMATS, m.format),
            "status": _label(words.MEETING_STATUSES, m.status),
            "outcome": _label(words.OUTCOMES, m.outcome) or None,
            "place": m.place,
            "purpose": m.purpose,
            "notes": m.notes,
            "next_step": m.next_step,
            "member": m.member or None,
        }
        rows.append([values[key] for key in words.MEETING_COLUMNS])
    return rows


def agreement_rows(agreements: Iterable[AgreementExport]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for a in agreements:
        values: dict[str, Cell] = {
            "partner": a.partner,
            "number": a.number,
            "kind": _label(words.KINDS, a.kind),
            "subject": a.subject,
            "status": _label(words.AGREEMENT_STATUSES, a.status),
            "signed_on": a.signed_on,
            "valid_until": a.valid_until or (words.OPEN_ENDED if a.status != "draft" else None),
            "auto_prolong": a.auto_prolong,
            "prolong_count": a.prolong_count,
            "ended_on": a.ended_on,
            "responsible": a.responsible or None,
        }
        rows.append([values[key] for key in words.AGREEMENT_COLUMNS])
    return rows


def export_xlsx(
    partners: Iterable[PartnerExport],
    meetings: Iterable[MeetingExport] = (),
    agreements: Iterable[AgreementExport] = (),
    *,
    tz: str | ZoneInfo,
) -> bytes:
    """The partner database: sheets «Партнёры», «Встречи», «Договоры»."""
    return write_workbook(
        (
            Sheet(
                words.SHEET_PARTNERS, list(words.PARTNER_COLUMNS.values()), partner_rows(partners)
            ),
            Sheet(
                words.SHEET_MEETINGS,
                list(words.MEETING_COLUMNS.values()),
                meeting_rows(meetings, tz),
            ),
            Sheet(
                words.SHEET_AGREEMENTS,
                list(words.AGREEMENT_COLUMNS.values()),
                agreement_rows(agreements),
            ),
        )
    )


def export_csv(partners: Iterable[PartnerExport]) -> bytes:
    return write_csv(list(words.PARTNER_COLUMNS.values()), partner_rows(partners, for_csv=True))


def meetings_csv(meetings: Iterable[MeetingExport], *, tz: str | ZoneInfo) -> bytes:
    return write_csv(list(words.MEETING_COLUMNS.values()), meeting_rows(meetings, tz))


def agreements_csv(agreements: Iterable[AgreementExport]) -> bytes:
    return write_csv(list(words.AGREEMENT_COLUMNS.values()), agreement_rows(agreements))
