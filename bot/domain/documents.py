"""Documents from .docx templates (docxtpl): the agreement draft and the proposal letter.

Rendering is CPU work (zip + XML): call `render_async`, which runs it in a worker thread.
Values are XML-escaped (autoescape), the Jinja environment is sandboxed (organisations may
upload their own templates), and every produced file is re-opened with python-docx before
it is returned: a broken file is never handed out.

An organisation's own template is accepted only if `validate_template` finds no unknown
placeholder, none of the required ones missing, and a trial render succeeds.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.domain.contacts import display_phone
from texts import agreements as words
from texts.method import DIRECTION_LABELS

if TYPE_CHECKING:  # jinja2 and lxml load on first use: they need not delay the bot's start
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "texts" / "docx"
KIND_AGREEMENT = "agr"
KIND_LETTER = "letter"
KINDS = (KIND_AGREEMENT, KIND_LETTER)
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024

AGREEMENT_FIELDS: frozenset[str] = frozenset(
    {
        "number",
        "kind_title",
        "city",
        "date",
        "org_name",
        "org_representative",
        "org_details",
        "org_signatory",
        "partner_name",
        "partner_representative",
        "partner_details",
        "partner_signatory",
        "subject",
        "directions",
        "our_obligations",
        "partner_obligations",
        "term",
    }
)
AGREEMENT_REQUIRED: frozenset[str] = frozenset(
    {"org_name", "partner_name", "subject", "our_obligations", "partner_obligations", "term"}
)
LETTER_FIELDS: frozenset[str] = frozenset(
    {
        "partner_name",
        "partner_representative",
        "greeting",
        "org_name",
        "org_municipality",
        "our_offer",
        "our_ask",
        "directions",
        "event",
        "sender_name",
        "sender_position",
        "date",
    }
)
LETTER_REQUIRED: frozenset[str] = frozenset({"org_name", "partner_name", "our_offer", "our_ask"})

FIELDS: dict[str, frozenset[str]] = {KIND_AGREEMENT: AGREEMENT_FIELDS, KIND_LETTER: LETTER_FIELDS}
REQUIRED: dict[str, frozenset[str]] = {
    KIND_AGREEMENT: AGREEMENT_REQUIRED,
    KIND_LETTER: LETTER_REQUIRED,
}


class DocumentError(Exception):
    """The template could not be rendered into a valid .docx."""


def _env() -> SandboxedEnvironment:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def standard_template(kind: str) -> bytes:
    name = "agreement.docx" if kind == KIND_AGREEMENT else "letter.docx"
    return _read_cached(str(TEMPLATES_DIR / name))


_CACHE: dict[str, bytes] = {}


def _read_cached(path: str) -> bytes:
    data = _CACHE.get(path)
    if data is None:
        data = Path(path).read_bytes()
        _CACHE[path] = data
    return data


# --------------------------------------------------------------------------- rendering
# docxtpl's own `DocxTemplate.render` re-parses every part of the package with python-docx
# and recompiles the Jinja template on each call (~40 ms). The templates here only hold plain
# placeholders, so a template is prepared once instead: its XML parts (body, headers,
# footers) go through docxtpl's `patch_xml` and are compiled; a render then only runs the
# compiled templates, docxtpl's `resolve_listing` (line breaks) and rewrites the zip.


@dataclass(frozen=True)
class _Prepared:
    base: bytes  # a zip of every part that has no placeholders, compressed once
    templates: dict[str, tuple[zipfile.ZipInfo, Template]]  # part name → compiled template


_PREPARED: OrderedDict[bytes, _Prepared] = OrderedDict()
_PREPARED_MAX = 64
_PREPARED_LOCK = threading.Lock()
_TEMPLATED_PART = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def _docxtpl_helper() -> Any:
    """A DocxTemplate used only for its string helpers (they touch no document state)."""
    from docxtpl import DocxTemplate

    helper = DocxTemplate.__new__(DocxTemplate)
    helper.docx = None
    return helper


def _prepare(template: bytes) -> _Prepared:
    key = hashlib.sha256(template).digest()
    with _PREPARED_LOCK:
        cached = _PREPARED.get(key)
        if cached is not None:
            _PREPARED.move_to_end(key)
            return cached
    helper = _docxtpl_helper()
    env = _env()
    templates: dict[str, tuple[zipfile.ZipInfo, Template]] = {}
    base = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as archive,
        zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in archive.infolist():
            data = archive.read(info)
            if _TEMPLATED_PART.fullmatch(info.filename):
                xml = helper.patch_xml(data.decode("utf-8"))
                xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
                templates[info.filename] = (info, env.from_string(xml))
            else:
                out.writestr(info, data)
    if "word/document.xml" not in templates:
        raise DocumentError("word/document.xml is missing")
    prepared = _Prepared(base.getvalue(), templates)
    with _PREPARED_LOCK:
        _PREPARED[key] = prepared
        while len(_PREPARED) > _PREPARED_MAX:
            _PREPARED.popitem(last=False)
    return prepared


def _render_part(helper: Any, template: Template, context: Mapping[str, str]) -> bytes:
    from lxml import etree

    xml = template.render(dict(context))
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    xml = helper.resolve_listing(xml)
    data: bytes = xml.encode("utf-8")
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"the rendered XML is broken: {exc}") from exc
    text = "".join(root.itertext())
    if "{{" in text or "{%" in text:
        raise DocumentError("unrendered placeholders left in the document")
    return data


def render(template: bytes, context: Mapping[str, str]) -> bytes:
    """Fill the template; raise DocumentError rather than return a broken file."""
    from jinja2 import TemplateError

    try:
        prepared = _prepare(template)
        helper = _docxtpl_helper()
        out = io.BytesIO(prepared.base)
        out.seek(0, io.SEEK_END)
        # the parts without placeholders are copied as they are; only the filled ones are added
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
            for info, compiled in prepared.templates.values():
                archive.writestr(info, _render_part(helper, compiled, context))
    except DocumentError:
        raise
    except (TemplateError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(str(exc)) from exc
    except Exception as exc:  # lxml and zipfile raise a zoo of errors on odd files
        raise DocumentError(f"{type(exc).__name__}: {exc}") from exc
    return out.getvalue()


def verify(data: bytes) -> str:
    """Open the file with python-docx; returns its text. Raises DocumentError if unusable."""
    try:
        text = document_text(data)
    except Exception as exc:
        raise DocumentError(f"{type(exc).__name__}: {exc}") from exc
    if "{{" in text or "{%" in text:
        raise DocumentError("unrendered placeholders left in the document")
    return text


def document_text(data: bytes) -> str:
    """All the text of a .docx: paragraphs, then table cells, one per line."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


async def render_async(template: bytes, context: Mapping[str, str]) -> bytes:
    return await asyncio.to_thread(render, template, dict(context))


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class TemplateCheck:
    ok: bool
    error: str = ""  # too_big | not_docx | syntax | render
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def placeholders(template: bytes) -> set[str]:
    from docxtpl import DocxTemplate

    doc = DocxTemplate(io.BytesIO(template))
    return set(doc.get_undeclared_template_variables(jinja_env=_env()))


def validate_template(kind: str, data: bytes) -> TemplateCheck:
    """Can this file replace the standard template of `kind`?"""
    from jinja2 import TemplateError

    if len(data) > MAX_TEMPLATE_BYTES:
        return TemplateCheck(False, "too_big")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return TemplateCheck(False, "not_docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                return TemplateCheck(False, "not_docx")
    except zipfile.BadZipFile:
        return TemplateCheck(False, "not_docx")
    try:
        used = placeholders(data)
    except TemplateError:
        return TemplateCheck(False, "syntax")
    except Exception:
        return TemplateCheck(False, "not_docx")
    unknown = sorted(used - FIELDS[kind])
    missing = sorted(REQUIRED[kind] - used)
    if unknown or missing:
        return TemplateCheck(False, "placeholders", unknown, missing)
    try:
        verify(render(data, sample_context(kind)))
    except DocumentError:
        return TemplateCheck(False, "render")
    return TemplateCheck(True)


async def validate_template_async(kind: str, data: bytes) -> TemplateCheck:
    return await asyncio.to_thread(validate_template, kind, data)


def sample_context(kind: str) -> dict[str, str]:
    """Every field, with characters that break naive XML: a trial render uses it."""
    tricky = "«Ёлочка» & \"кавычки\" <тег> 'апостроф'"
    return {name: f"{name}: {tricky}\nвторая строка" for name in FIELDS[kind]}


# --------------------------------------------------------------------------- contexts


@dataclass(frozen=True)
class Side:
    """What the documents know about the organisation and the member writing.

    The representative is who acts for the organisation in an agreement (its responsible
    member); when not given, the member writing."""

    org_name: str
    municipality: str
    member_name: str
    member_position: str
    representative_name: str = ""
    representative_position: str = ""

    @property
    def representative(self) -> tuple[str, str]:
        if self.representative_name.strip():
            return self.representative_name.strip(), self.representative_position.strip()
        return self.member_name.strip(), self.member_position.strip()


@dataclass(frozen=True)
class PartnerSide:
    name: str
    contact_person: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    offer: str | None = None  # what we offer them → our obligations
    ask: str | None = None  # what we ask of them → their obligations
    directions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Terms:
    kind: str = "coop"
    number: str | None = None
    subject: str | None = None
    signed_on: date | None = None
    valid_until: date | None = None
    open_ended: bool = False
    auto_prolong: bool = False
    prolong_months: int | None = None
    starts_on: date | None = None  # for drafts of a new agreement after an old one


_BULLET = re.compile(r"^\s*(?:[-–—•*·]+|\d{1,2}[.)])\s*")
_END_MARKS = (".", "!", "?", "…")


def items_text(text: str | None) -> str:
    """What a side gives, as numbered items («1. Выставка работ учащихся в фойе.»): one per
    line or per «;», bullets and numbers typed by the teacher replaced, each a sentence."""
    if not text or not text.strip():
        return words.BLANK_LINES
    items: list[str] = []
    for line in text.replace(";", "\n").splitlines():
        item = _BULLET.sub("", line).strip().rstrip(",;:").strip()
        if not item:
            continue
        item = item[0].upper() + item[1:]
        if not item.endswith(_END_MARKS):
            item += "."
        items.append(item)
    if not items:
        return words.BLANK_LINES
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, 1))


_FIO_WORD = re.compile(r"^[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?$")
_FEMALE_ENDINGS = ("вна", "чна")  # Ивановна, Сергеевна, Ильинична, Никитична
_MALE_ENDINGS = ("ич",)  # Иванович, Сергеевич, Ильич, Кузьмич


def _is_patronymic(word: str) -> bool:
    low = word.lower()
    return len(low) >= 5 and low.endswith(_FEMALE_ENDINGS + _MALE_ENDINGS)


def _cap(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def name_and_patronymic(person: str | None) -> tuple[str, str] | None:
    """(«Мария», «Ивановна») from a three-part ФИО in either order («Петрова Мария Ивановна»,
    «Мария Ивановна Петрова»); None for anything else (a name and a surname, initials…)."""
    if not person:
        return None
    words_ = re.split(r"[,(]", person, maxsplit=1)[0].split()
    if len(words_) != 3 or not all(_FIO_WORD.match(w) for w in words_):
        return None
    first, second, third = words_
    if _is_patronymic(second) and not _is_patronymic(first):  # Мария Ивановна Петрова
        return _cap(first), _cap(second)
    if _is_patronymic(third) and not _is_patronymic(second):  # Петрова Мария Ивановна
        return _cap(second), _cap(third)
    return None


def greeting(person: str | None) -> str:
    """«Уважаемая Мария Ивановна!», «Уважаемый Иван Петрович!» (the gender from the
    patronymic), «Уважаемый(ая) <as given>!» otherwise, «Уважаемые коллеги!» without a name."""
    if not person or not person.strip():
        return words.GREETING_DEFAULT
    pair = name_and_patronymic(person)
    if pair is None:
        return words.GREETING_NAMED.format(name=" ".join(person.split()))
    name, patronymic = pair
    female = patronymic.lower().endswith(_FEMALE_ENDINGS)
    template = words.GREETING_FEMALE if female else words.GREETING_MALE
    return template.format(name=f"{name} {patronymic}")


def event_text(title: str, day: date) -> str:
    """The event the letter invites to: «Фестиваль «Радуга»» is not quoted twice."""
    title = " ".join(title.split())
    quoted = title if any(mark in title for mark in '«»"“”„') else f"«{title}»"
    return words.EVENT_NAMED.format(title=quoted, day=words.long_date(day))


def representative(name: str | None, position: str | None = None) -> str:
    """«Петрова Анна Сергеевна (педагог)»: the name stays in the nominative (the templates say
    «в лице представителя — …»), so nothing has to be declined."""
    name = " ".join((name or "").split())
    if not name:
        return words.DEFAULT_REPRESENTATIVE
    position = " ".join((position or "").split())
    return words.REPRESENTATIVE.format(name=name, position=position) if position else name


def directions_text(codes: Iterable[str]) -> str:
    labels = [DIRECTION_LABELS[c] for c in codes if c in DIRECTION_LABELS]
    if not labels:
        return words.BLANK_LINES
    lines = [f"— {label};" for label in labels]
    lines[-1] = lines[-1][:-1] + "."
    return "\n".join(lines)


def partner_details(partner: PartnerSide) -> str:
    parts = []
    if partner.address:
        parts.append(words.DETAILS_ADDRESS.format(address=partner.address))
    if partner.phone:
        parts.append(words.DETAILS_PHONE.format(phone=display_phone(partner.phone)))
    if partner.email:
        parts.append(words.DETAILS_EMAIL.format(email=partner.email))
    return "\n".join(parts) if parts else words.BLANK


def term_text(terms: Terms) -> str:
    start_day = terms.signed_on or terms.starts_on
    start = words.long_date(start_day) if start_day else words.START_SIGNING
    if terms.open_ended:
        return words.TERM_OPEN.format(start=start)
    if terms.valid_until is None:
        return words.TERM_DEFAULT
    text = words.TERM_FIXED.format(start=start, until=words.long_date(terms.valid_until))
    if terms.auto_prolong and terms.prolong_months:
        text += words.TERM_AUTO.format(period=words.months_label(terms.prolong_months))
    return text


def agreement_context(side: Side, partner: PartnerSide, terms: Terms) -> dict[str, str]:
    our_name, our_position = side.representative
    return {
        "number": f"№ {terms.number}" if terms.number else words.NUMBER_BLANK,
        "kind_title": words.KIND_TITLES.get(terms.kind, words.KIND_TITLES["coop"]),
        "city": side.municipality,
        "date": words.long_date(terms.signed_on) if terms.signed_on else words.DATE_BLANK,
        "org_name": side.org_name,
        "org_representative": representative(our_name, our_position),
        "org_details": side.municipality,
        "org_signatory": our_name or words.BLANK,
        "partner_name": partner.name,
        "partner_representative": representative(partner.contact_person),
        "partner_details": partner_details(partner),
        "partner_signatory": " ".join((partner.contact_person or "").split()) or words.BLANK,
        "subject": (terms.subject or words.DEFAULT_SUBJECT).strip().rstrip("."),
        "directions": directions_text(partner.directions),
        "our_obligations": items_text(partner.offer),
        "partner_obligations": items_text(partner.ask),
        "term": term_text(terms),
    }


def letter_context(
    side: Side, partner: PartnerSide, today: date, event: str | None = None
) -> dict[str, str]:
    return {
        "partner_name": partner.name,
        "partner_representative": " ".join((partner.contact_person or "").split()),
        "greeting": greeting(partner.contact_person),
        "org_name": side.org_name,
        "org_municipality": side.municipality,
        "our_offer": items_text(partner.offer),
        "our_ask": items_text(partner.ask),
        "directions": directions_text(partner.directions),
        "event": event or words.DEFAULT_EVENT,
        "sender_name": side.member_name,
        "sender_position": side.member_position,
        "date": words.long_date(today),
    }


def file_name(kind: str, partner_name: str) -> str:
    """A safe file name: Договор_Библиотека_им_Пушкина.docx"""
    cleaned = "".join(ch if ch.isalnum() else "_" for ch in partner_name)
    cleaned = "_".join(part for part in cleaned.split("_") if part)[:60] or "partner"
    return f"{words.FILE_NAMES[kind]}_{cleaned}.docx"
