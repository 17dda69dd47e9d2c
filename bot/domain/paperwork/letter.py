"""The proposal letter as a .docx: the organisation's letterhead, the
outgoing number and date, the addressee in the dative, the salutation, the offer in the
method's spirit (the partner's benefit first, then "let us do it together" and what we
glad to receive), an invitation to a planned event, the director's signature and the
teacher as the contact. The polite "you" takes a capital: the letter speaks to one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.contacts import display_phone
from bot.domain.paperwork.sheet import (
    Sheet,
    blank,
    clean_items,
    long_date,
    lower_first,
    requisites_lines,
    signature_name,
)
from bot.domain.requisites import Need, Requisites, missing_for
from bot.domain.russian import (
    Case,
    Gender,
    decline_phrase,
    parse_person,
    polite_you,
    position_of,
    salutation,
    surname_initials,
)
from texts import paperwork as words


@dataclass(frozen=True)
class Event:
    title: str
    day: date
    place: str = ""


@dataclass(frozen=True)
class Contact:
    """The teacher who prepared the letter: the partner's contact."""

    name: str
    position: str = ""
    phone: str = ""  # E.164
    email: str = ""


@dataclass(frozen=True)
class Letter:
    ours: Requisites
    partner: Requisites
    day: date
    offer: tuple[str, ...] = ()  # what we offer, confirmed by the teacher
    ask: tuple[str, ...] = ()  # what we would be glad to receive, confirmed
    number: str = ""
    event: Event | None = None
    contact: Contact | None = None
    addressee_name: str = ""  # when not the partner's director
    addressee_position: str = ""
    addressee_gender: Gender | None = None  # when the teacher was asked
    directions: tuple[str, ...] = ()  # storage.enums.Direction values
    place: str = ""  # the sender's town

    @property
    def addressee(self) -> tuple[str, str]:
        if self.addressee_name.strip():
            return self.addressee_name.strip(), self.addressee_position.strip()
        return self.partner.director_name.strip(), self.partner.director_position.strip()


def missing(letter: Letter) -> list[str]:
    """What the letter would print as blanks, and whether the addressee's gender must be
    asked (the salutation needs it)."""
    found = [
        f"{words.ROLE_SENDER}: {words.REQUISITE_LABELS[name]}"
        for name in missing_for(Need.LETTERHEAD, letter.ours)
    ]
    name, position = letter.addressee
    partner_missing = missing_for(Need.ADDRESSEE, letter.partner)
    if letter.addressee_name.strip():
        partner_missing = [n for n in partner_missing if n == "short_name"]
        if not position:
            partner_missing.append("director_position")
    found += [f"{words.ROLE_ADDRESSEE}: {words.REQUISITE_LABELS[n]}" for n in partner_missing]
    person = parse_person(name)
    if person is not None and salutation(person, letter.addressee_gender) is None:
        found.append(words.MISSING_GENDER)
    if letter.contact is None or not (letter.contact.phone or letter.contact.email):
        found.append(words.MISSING_CONTACT)
    return found


def addressee_lines(letter: Letter) -> list[str]:
    name, position = letter.addressee
    organisation = letter.partner.short_name.strip()
    if not organisation and letter.partner.full_name.strip():
        organisation = decline_phrase(letter.partner.full_name, Case.GENITIVE)
    if not position and not name:
        return [words.LETTER_ADDRESSEE_BLANK]
    position_dat = position_of(position, Case.DATIVE) if position else blank("director_position")
    first = f"{position_dat[:1].upper()}{position_dat[1:]}"
    if organisation:
        first += f" {organisation}"
    person = parse_person(name)
    who = surname_initials(person, Case.DATIVE, letter.addressee_gender) if person else ""
    return [first, who or blank("director_name")]


def _letterhead(letter: Letter) -> list[str]:
    ours = letter.ours
    lines = [ours.full_name.strip() or ours.short_name.strip() or blank("full_name")]
    address = ours.postal_address.strip() or ours.legal_address.strip()
    lines.append(address or blank("postal_address"))
    details = [line for line in requisites_lines(ours) if line.split(":")[0] in words.HEAD_KEYS]
    lines += details
    number = letter.number.strip() or words.NUMBER_BLANK
    lines += ["", words.LETTER_NUMBER_DATE.format(date=f"{letter.day:%d.%m.%Y}", number=number)]
    return lines


def event_text(event: Event) -> str:
    title = lower_first(" ".join(event.title.split()))
    quoted = title if any(mark in title for mark in '«»"“”') else f"«{title}»"
    place = words.LETTER_EVENT_PLACE.format(place=event.place.strip()) if event.place else ""
    when = long_date(event.day)
    if not place:
        when = when.rstrip(".")  # «2026 г.» ends the sentence: one full stop, not two
    return words.LETTER_EVENT.format(title=quoted, when=when, place=place)


def build(letter: Letter) -> bytes:
    ours = letter.ours
    sheet = Sheet(title=words.LETTER_HEADING)
    table = sheet.table([[_letterhead(letter), "", addressee_lines(letter)]], (85, 10, 85),
                        grid=False, align=("center", "left", "left"))  # fmt: skip
    table.rows[0].cells[0].paragraphs[0].runs[0].bold = True
    sheet.para(words.LETTER_HEADING, align="left", indent=False, before=12, after=12)
    name, _ = letter.addressee
    greeting = salutation(parse_person(name), letter.addressee_gender) if name else None
    sheet.para(greeting or words.SALUTATION_COLLEAGUES, align="center", indent=False, after=6)

    sender = ours.name or blank("short_name")
    offer, ask = clean_items(letter.offer), clean_items(letter.ask)
    opening = words.LETTER_OPENING if offer else words.LETTER_OPENING_NO_OFFER
    sheet.para(polite_you(opening.format(sender=sender)))
    if offer:
        sheet.dash_list([polite_you(item) for item in offer])
    sheet.para(polite_you(words.LETTER_TOGETHER if ask else words.LETTER_TOGETHER_NO_ASK))
    if ask:
        sheet.dash_list([polite_you(item) for item in ask])
    sheet.para(polite_you(event_text(letter.event) if letter.event else words.LETTER_MEETING))
    sheet.para(polite_you(words.LETTER_CLOSING), after=24)

    position = ours.director_position.strip()
    position = position[:1].upper() + position[1:] if position else blank("director_position")
    sheet.table([[position, words.SIGNATURE, signature_name(ours)]], (80, 40, 60), grid=False,
                align=("left", "center", "right"))  # fmt: skip

    contact = letter.contact
    if contact is not None and contact.name.strip():
        sheet.para("", after=24)
        who = parse_person(contact.name)
        name_text = who.full if who else " ".join(contact.name.split())
        line = (
            words.LETTER_CONTACT.format(name=name_text, position=contact.position.strip())
            if contact.position.strip()
            else words.LETTER_CONTACT_NO_POSITION.format(name=name_text)
        )
        reach = [
            words.LETTER_CONTACT_PHONE.format(phone=display_phone(contact.phone))
            if contact.phone
            else "",
            words.LETTER_CONTACT_EMAIL.format(email=contact.email) if contact.email else "",
        ]
        sheet.para(line, align="left", indent=False, size=12)
        sheet.para(", ".join(r for r in reach if r), align="left", indent=False, size=12)
    return sheet.to_bytes()
