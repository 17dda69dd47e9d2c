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

from texts import agreements as words
from texts.method import DIRECTION_LABELS

if TYPE_CHECKING:  # jinja2 and lxml load on first use: they need not delay the bot's start
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "texts" / "docx"
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
    """What the documents know about the organisation and the member writing."""

    org_name: str
    municipality: str
    member_name: str
    member_position: str


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


def _lines(text: str | None, fallback: str) -> str:
    if not text or not text.strip():
        return fallback
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


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
        parts.append(words.DETAILS_PHONE.format(phone=partner.phone))
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
    return {
        "number": f"№ {terms.number}" if terms.number else words.NUMBER_BLANK,
        "kind_title": words.KIND_TITLES.get(terms.kind, words.KIND_TITLES["coop"]),
        "city": side.municipality,
        "date": words.long_date(terms.signed_on) if terms.signed_on else words.DATE_BLANK,
        "org_name": side.org_name,
        "org_representative": words.DEFAULT_REPRESENTATIVE,
        "org_details": side.municipality,
        "org_signatory": words.BLANK,
        "partner_name": partner.name,
        "partner_representative": partner.contact_person or words.DEFAULT_REPRESENTATIVE,
        "partner_details": partner_details(partner),
        "partner_signatory": partner.contact_person or words.BLANK,
        "subject": (terms.subject or words.DEFAULT_SUBJECT).strip().rstrip("."),
        "directions": directions_text(partner.directions),
        "our_obligations": _lines(partner.offer, words.BLANK_LINES),
        "partner_obligations": _lines(partner.ask, words.BLANK_LINES),
        "term": term_text(terms),
    }


def letter_context(
    side: Side, partner: PartnerSide, today: date, event: str | None = None
) -> dict[str, str]:
    greeting = (
        words.GREETING_NAMED.format(name=partner.contact_person)
        if partner.contact_person
        else words.GREETING_DEFAULT
    )
    return {
        "partner_name": partner.name,
        "partner_representative": partner.contact_person or "",
        "greeting": greeting,
        "org_name": side.org_name,
        "org_municipality": side.municipality,
        "our_offer": _lines(partner.offer, words.BLANK_LINES),
        "our_ask": _lines(partner.ask, words.BLANK_LINES),
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
