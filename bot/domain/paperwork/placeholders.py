"""What organisations' own templates may use: the published placeholders of the agreement
and of the letter (the names the first version of the documents filled, so the templates
uploaded then keep working, plus the requisites of both sides) and the values they get.

The list is shown in the chat (`help_lines`) and passed as `allowed` to
bot.domain.template_safety.check_template / render_safe."""

from __future__ import annotations

from bot.domain.contacts import display_phone
from bot.domain.paperwork.agreement import KIND_NETWORK, Agreement, term_clauses
from bot.domain.paperwork.letter import Letter, addressee_lines, event_text
from bot.domain.paperwork.sheet import (
    blank,
    clean_items,
    long_date,
    requisites_lines,
    signature_name,
)
from bot.domain.requisites import Requisites
from bot.domain.russian import Case, capitalize_place, parse_person, polite_you, salutation
from bot.domain.russian import decline_phrase as _decline
from texts import paperwork as words
from texts.method import DIRECTION_LABELS

KIND_AGREEMENT = "agr"
KIND_LETTER = "letter"

# the names the first version of the documents filled: kept as they are
_LEGACY_AGREEMENT = (
    "number", "kind_title", "city", "date", "org_name", "org_representative",
    "org_details", "org_signatory", "partner_name", "partner_representative",
    "partner_details", "partner_signatory", "subject", "directions", "our_obligations",
    "partner_obligations", "term",
)  # fmt: skip
_LEGACY_LETTER = (
    "partner_name", "partner_representative", "greeting", "org_name", "org_municipality",
    "our_offer", "our_ask", "directions", "event", "sender_name", "sender_position", "date",
)  # fmt: skip
_SIDE = (
    "full_name", "short_name", "director", "director_position", "basis", "address", "inn",
    "kpp", "ogrn", "phone", "email", "bank",
)  # fmt: skip

AGREEMENT_PLACEHOLDERS: tuple[str, ...] = (
    *_LEGACY_AGREEMENT,
    *(f"org_{name}" for name in _SIDE),
    *(f"partner_{name}" for name in _SIDE),
)
LETTER_PLACEHOLDERS: tuple[str, ...] = (
    *_LEGACY_LETTER,
    "number",
    "addressee",
    *(f"org_{name}" for name in _SIDE),
    "contact",
)
REQUIRED: dict[str, frozenset[str]] = {
    KIND_AGREEMENT: frozenset(
        {"org_name", "partner_name", "subject", "our_obligations", "partner_obligations", "term"}
    ),
    KIND_LETTER: frozenset({"org_name", "partner_name", "our_offer", "our_ask"}),
}
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    KIND_AGREEMENT: AGREEMENT_PLACEHOLDERS,
    KIND_LETTER: LETTER_PLACEHOLDERS,
}


def help_lines(kind: str) -> list[str]:
    """One line per placeholder a template of `kind` may use, with its Russian label,
    the required ones marked: the list shown in the chat."""
    required = REQUIRED[kind]
    lines = []
    for name in PLACEHOLDERS[kind]:
        label = words.PLACEHOLDER_LABELS[name]
        mark = words.PLACEHOLDER_REQUIRED if name in required else ""
        lines.append(words.PLACEHOLDER_LINE.format(name=name, label=label, mark=mark))
    return lines


def _numbered(items: tuple[str, ...]) -> str:
    cleaned = clean_items(items)
    if not cleaned:
        return f"1. {words.OBLIGATION_BLANK}\n2. {words.OBLIGATION_BLANK}"
    return "\n".join(f"{n}. {item[:1].upper()}{item[1:]}." for n, item in enumerate(cleaned, 1))


def _dashes(items: list[str]) -> str:
    if not items:
        return words.OBLIGATION_BLANK
    return "\n".join(f"— {item}{'.' if n == len(items) else ';'}" for n, item in
                     enumerate(items, 1))  # fmt: skip


def _side(prefix: str, details: Requisites) -> dict[str, str]:
    bank = [line for line in requisites_lines(details) if line.split(":")[0] in words.BANK_KEYS]
    person = parse_person(details.director_name)
    return {
        f"{prefix}_full_name": details.full_name.strip() or blank("full_name"),
        f"{prefix}_short_name": details.name or blank("short_name"),
        f"{prefix}_director": person.full if person else blank("director_name"),
        f"{prefix}_director_position": details.director_position.strip()
        or blank("director_position"),
        f"{prefix}_basis": _decline(details.basis, Case.GENITIVE),
        f"{prefix}_address": details.legal_address.strip() or blank("legal_address"),
        f"{prefix}_inn": details.inn or blank("inn"),
        f"{prefix}_kpp": details.kpp or ("" if details.is_entrepreneur else blank("kpp")),
        f"{prefix}_ogrn": details.ogrn or blank("ogrn"),
        f"{prefix}_phone": display_phone(details.phone) or blank("phone"),
        f"{prefix}_email": details.email or blank("email"),
        f"{prefix}_bank": "\n".join(bank),
    }


def _representative(details: Requisites) -> str:
    """The name and the position in the nominative, as the templates made for the first
    version of the documents expect."""
    person = parse_person(details.director_name)
    name = person.full if person else blank("director_name")
    position = details.director_position.strip()
    return f"{name} ({position})" if position else name


def agreement_context(agreement: Agreement) -> dict[str, str]:
    """Every agreement placeholder with its value; blanks where a value is missing."""
    a = agreement
    ours_name = a.ours.full_name.strip() or a.ours.short_name.strip() or blank("full_name")
    partner_name = a.partner.full_name.strip() or a.partner.short_name.strip()
    labels = [DIRECTION_LABELS[c] for c in a.directions if c in DIRECTION_LABELS]
    subject = " ".join(a.subject.split()).rstrip(".") or words.DEFAULT_SUBJECT
    if a.kind == KIND_NETWORK and a.network is not None and a.network.programme.strip():
        programme = f"«{a.network.programme.strip().strip('«»')}»"
        subject = words.NETWORK_SUBJECT.format(programme=programme)
    return {
        "number": f"№ {a.number.strip()}" if a.number.strip() else f"№ {words.NUMBER_BLANK}",
        "kind_title": words.AGREEMENT_KIND_TITLES.get(a.kind, words.AGREEMENT_KIND_TITLES["other"]),
        "city": capitalize_place(a.place) if a.place.strip() else blank("place"),
        "date": long_date(a.signed_on) if a.signed_on else words.DATE_BLANK,
        "org_name": ours_name,
        "org_representative": _representative(a.ours),
        "org_details": "\n".join(requisites_lines(a.ours)),
        "org_signatory": signature_name(a.ours),
        "partner_name": partner_name or blank("full_name"),
        "partner_representative": _representative(a.partner),
        "partner_details": "\n".join(requisites_lines(a.partner)),
        "partner_signatory": signature_name(a.partner),
        "subject": subject,
        "directions": _dashes([label[:1].lower() + label[1:] for label in labels]),
        "our_obligations": _numbered(a.our_obligations),
        "partner_obligations": _numbered(a.partner_obligations),
        "term": " ".join(term_clauses(a)[:-1]),
        **_side("org", a.ours),
        **_side("partner", a.partner),
    }  # fmt: skip


def letter_context(letter: Letter) -> dict[str, str]:
    """Every letter placeholder with its value; "you" capitalised in the texts of the offer."""
    name, _ = letter.addressee
    person = parse_person(name)
    contact = letter.contact
    contact_text = ""
    if contact is not None:
        reach = [display_phone(contact.phone), contact.email]
        contact_text = ", ".join(p for p in (contact.name.strip(), *reach) if p)
    labels = [DIRECTION_LABELS[c] for c in letter.directions if c in DIRECTION_LABELS]
    return {
        "partner_name": letter.partner.name or blank("short_name"),
        "partner_representative": person.full if person else "",
        "greeting": salutation(person, letter.addressee_gender) or words.SALUTATION_COLLEAGUES,
        "org_name": letter.ours.name or blank("short_name"),
        "org_municipality": capitalize_place(letter.place) if letter.place else blank("place"),
        "our_offer": polite_you(_numbered(letter.offer)),
        "our_ask": polite_you(_numbered(letter.ask)),
        "directions": _dashes(labels),
        "event": polite_you(event_text(letter.event)) if letter.event else "",
        "sender_name": signature_name(letter.ours),
        "sender_position": letter.ours.director_position.strip(),
        "date": long_date(letter.day),
        "number": letter.number.strip() or words.NUMBER_BLANK,
        "addressee": "\n".join(addressee_lines(letter)),
        "contact": contact_text,
        **_side("org", letter.ours),
    }
