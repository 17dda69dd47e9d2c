"""The agreement of social partnership (or of a network form of a programme) as a .docx:
number and date, place, the parties with who acts for each and on what basis, the subject,
the method's principles as a clause, the obligations the teacher confirmed (raw notes never
go in), the term and its prolongation, the requisites and signatures of both parties."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.paperwork.sheet import (
    Sheet,
    blank,
    clean_items,
    director_gender,
    long_date,
    plural,
    quoted_date,
    requisites_lines,
    signatory,
    signature_name,
    value_or_blank,
)
from bot.domain.requisites import Need, Requisites, missing_for
from bot.domain.russian import Case, Gender, capitalize_place, decline_phrase
from texts import paperwork as words
from texts.method import DIRECTION_LABELS

KIND_COOPERATION = "coop"
KIND_NETWORK = "network"
KIND_OTHER = "other"


@dataclass(frozen=True)
class NetworkTerms:
    """What an agreement on a network form of a programme adds (Federal Law 273-FZ, art. 15):
    the programme, the parts each party runs, the resources each uses."""

    programme: str = ""  # the programme's name
    focus: str = ""  # its focus (technical, artistic, …)
    volume: str = ""  # its volume in academic hours
    our_parts: tuple[str, ...] = ()
    partner_parts: tuple[str, ...] = ()
    our_resources: tuple[str, ...] = ()
    partner_resources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agreement:
    ours: Requisites
    partner: Requisites
    our_obligations: tuple[str, ...] = ()  # confirmed by the teacher, one per item
    partner_obligations: tuple[str, ...] = ()
    kind: str = KIND_COOPERATION
    number: str = ""
    signed_on: date | None = None
    place: str = ""  # the town, as typed (capitalised here)
    subject: str = ""
    directions: tuple[str, ...] = ()  # storage.enums.Direction values
    starts_on: date | None = None  # when not the day of signing
    valid_until: date | None = None
    open_ended: bool = False
    prolong_months: int | None = None  # prolonged automatically for this many months
    network: NetworkTerms | None = None
    our_gender: Gender | None = None  # the directors' gender, when the teacher was asked
    partner_gender: Gender | None = None

    @property
    def roles(self) -> tuple[str, str]:
        if self.kind == KIND_NETWORK:
            return words.ROLE_OURS_NETWORK, words.ROLE_PARTNER_NETWORK
        return words.ROLE_OURS, words.ROLE_PARTNER


def missing(agreement: Agreement) -> list[str]:
    """What the agreement would print as blank lines, as the chat lists it before the file
    is made: each side's missing requisites, the place, the obligations of each side."""
    ours_role, partner_role = agreement.roles
    found = [
        f"{role}: {words.REQUISITE_LABELS[name]}"
        for role, details in ((ours_role, agreement.ours), (partner_role, agreement.partner))
        for name in missing_for(Need.PARTY, details)
    ]
    if not agreement.place.strip():
        found.append(words.MISSING_PLACE)
    if not clean_items(agreement.our_obligations):
        found.append(words.MISSING_OBLIGATIONS.format(role=words.ROLE_GENITIVE[ours_role]))
    if not clean_items(agreement.partner_obligations):
        found.append(words.MISSING_OBLIGATIONS.format(role=words.ROLE_GENITIVE[partner_role]))
    if agreement.kind == KIND_NETWORK:
        network = agreement.network or NetworkTerms()
        if not network.programme.strip():
            found.append(words.MISSING_PROGRAMME)
        if not (network.our_parts and network.partner_parts):
            found.append(words.MISSING_PARTS)
    return found


def _acting(details: Requisites, gender: Gender | None) -> str:
    """The participle agrees with a woman when the director is one; otherwise it is
    masculine and agrees with the position, which is right whoever holds it."""
    found = director_gender(details, gender)
    return words.ACTING_FEMALE if found is Gender.FEMALE else words.ACTING_MALE


def _party_name(details: Requisites) -> str:
    return value_or_blank(details.full_name or details.short_name, "full_name")


def term_clauses(agreement: Agreement) -> list[str]:
    start_day = agreement.starts_on or agreement.signed_on
    start = long_date(start_day) if start_day else words.TERM_START_SIGNING
    if agreement.open_ended:
        clauses = [words.TERM_OPEN.format(start=start)]
    elif agreement.valid_until is None:
        clauses = [words.TERM_DEFAULT]
    else:
        until = long_date(agreement.valid_until)
        clauses = [words.TERM_FIXED.format(start=start, until=until)]
    months = agreement.prolong_months
    if months and not agreement.open_ended:
        if months % 12 == 0:
            period = f"{months // 12} {plural(months // 12, words.YEARS)}"
        else:
            period = f"{months} {plural(months, words.MONTHS)}"
        clauses.append(words.TERM_PROLONG.format(period=period))
    clauses.append(words.TERM_CHANGE)
    return clauses


def build(agreement: Agreement) -> bytes:
    """The agreement as .docx bytes."""
    a = agreement
    ours_role, partner_role = a.roles
    number = a.number.strip() or words.NUMBER_BLANK
    kind_title = words.AGREEMENT_KIND_TITLES.get(a.kind, words.AGREEMENT_KIND_TITLES["other"])
    sheet = Sheet(title=words.AGREEMENT_TITLE.format(number=number))
    sheet.title(words.AGREEMENT_TITLE.format(number=number), kind_title)
    place = capitalize_place(a.place) if a.place.strip() else blank("place")
    sheet.table([[place, quoted_date(a.signed_on)]], (90, 90), grid=False, align=("left", "right"))
    sheet.para("", after=6)
    sheet.para(
        words.PREAMBLE.format(
            ours=_party_name(a.ours),
            ours_role=ours_role,
            ours_signatory=signatory(a.ours, Case.GENITIVE, a.our_gender),
            ours_acting=_acting(a.ours, a.our_gender),
            ours_basis=decline_phrase(a.ours.basis, Case.GENITIVE),
            partner=_party_name(a.partner),
            partner_role=partner_role,
            partner_signatory=signatory(a.partner, Case.GENITIVE, a.partner_gender),
            partner_acting=_acting(a.partner, a.partner_gender),
            partner_basis=decline_phrase(a.partner.basis, Case.GENITIVE),
        ),
        after=6,
    )
    section = 1
    sheet.section(section, words.SECTION_SUBJECT)
    network = a.network or NetworkTerms()
    if a.kind == KIND_NETWORK:
        programme = network.programme.strip()
        programme = f"«{programme.strip('«»')}»" if programme else blank("programme")
        subject = words.NETWORK_SUBJECT.format(programme=programme)
    else:
        subject = " ".join(a.subject.split()).rstrip(".") or words.DEFAULT_SUBJECT
    sheet.clause("1.1", subject + ".")
    sheet.clause("1.2", words.PRINCIPLES_CLAUSE)
    sheet.clause("1.3", words.LONG_TERM_CLAUSE)
    labels = [DIRECTION_LABELS[code] for code in a.directions if code in DIRECTION_LABELS]
    if labels:
        sheet.clause("1.4", words.DIRECTIONS_INTRO)
        sheet.dash_list([label[:1].lower() + label[1:] for label in labels])

    if a.kind == KIND_NETWORK:
        section += 1
        _network_section(sheet, section, network, ours_role, partner_role)

    section += 1
    sheet.section(section, words.SECTION_OBLIGATIONS)
    for index, (template, role, items) in enumerate(
        (
            (words.OURS_UNDERTAKES, ours_role, a.our_obligations),
            (words.PARTNER_UNDERTAKES, partner_role, a.partner_obligations),
        ),
        1,
    ):
        sheet.clause(f"{section}.{index}", template.format(role=role))
        cleaned = clean_items(items) or [words.OBLIGATION_BLANK, words.OBLIGATION_BLANK]
        for sub, item in enumerate(cleaned, 1):
            end = "." if sub == len(cleaned) else ";"
            sheet.para(f"{section}.{index}.{sub}. {item}{end}")
    sheet.clause(f"{section}.3", words.JOINT_UNDERTAKE)

    section += 1
    sheet.section(section, words.SECTION_TERM)
    for index, clause in enumerate(term_clauses(a), 1):
        sheet.clause(f"{section}.{index}", clause)

    section += 1
    sheet.section(section, words.SECTION_FINAL)
    for index, clause in enumerate((words.FINAL_FREE, words.FINAL_DISPUTES, words.FINAL_COPIES), 1):
        sheet.clause(f"{section}.{index}", clause)

    section += 1
    sheet.section(section, words.SECTION_REQUISITES)
    columns = []
    for role, details in ((ours_role, a.ours), (partner_role, a.partner)):
        position = details.director_position.strip()
        position = position[:1].upper() + position[1:] if position else blank("director_position")
        columns.append(
            [role, _party_name(details), *requisites_lines(details), "", position,
             f"{words.SIGNATURE} / {signature_name(details)}", words.STAMP]
        )  # fmt: skip
    table = sheet.table([columns], (90, 90), grid=False)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    return sheet.to_bytes()


def _network_section(
    sheet: Sheet, section: int, network: NetworkTerms, ours_role: str, partner_role: str
) -> None:
    sheet.section(section, words.SECTION_PROGRAMME)
    programme = network.programme.strip().strip("«»")
    clauses: list[tuple[str, tuple[str, ...] | None]] = [
        (
            words.NETWORK_PROGRAMME.format(
                programme=f"«{programme}»" if programme else blank("programme")
            ),
            None,
        ),
        (words.NETWORK_FOCUS.format(focus=value_or_blank(network.focus, "")), None),
        (words.NETWORK_VOLUME.format(volume=value_or_blank(network.volume, "")), None),
        (words.NETWORK_OUR_PART.format(role=ours_role), network.our_parts),
        (words.NETWORK_PARTNER_PART.format(role=partner_role), network.partner_parts),
        (words.NETWORK_OUR_RESOURCES.format(role=ours_role), network.our_resources),
        (words.NETWORK_PARTNER_RESOURCES.format(role=partner_role), network.partner_resources),
        (
            words.NETWORK_STUDENTS.format(
                role_gen=words.ROLE_GENITIVE[ours_role],
                role=ours_role,
                partner_ins=words.ROLE_INSTRUMENTAL[partner_role],
            ),
            None,
        ),
        (words.NETWORK_SAFETY, None),
    ]
    for index, (text, items) in enumerate(clauses, 1):
        sheet.clause(f"{section}.{index}", text)
        if items is not None:
            sheet.dash_list(clean_items(items) or [words.OBLIGATION_BLANK])
