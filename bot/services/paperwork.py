"""Documents from the organisation's data (bot/domain/paperwork): the agreement with a
partner (a draft, a signed one, a new one continuing an old one) and the proposal letter,
each built by the standard builder or, when the organisation uploaded its own .docx, from
that template in the sandboxed worker (bot/domain/template_safety.py); the four stage III
documents of the method.

`prepare_*` gathers everything a document needs and says what is still missing (the chat
lists it before the file is made) and whose gender must be asked first; `render` makes the
file off the event loop. A custom template that no longer passes the checks is not used:
the standard document is made instead and the refusal is reported with it.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import agreements as rules
from bot.domain import periods, template_safety
from bot.domain.paperwork.obligations import OURS, suggest_obligations
from bot.domain.requisites import Need, Requisites, missing_for, missing_labels
from bot.domain.russian import Gender, parse_person
from bot.domain.template_safety import Problem, TemplateRefused

if TYPE_CHECKING:  # python-docx loads with the first document, not with the bot
    from bot.domain.paperwork import agreement as agreement_doc
    from bot.domain.paperwork import letter as letter_doc
    from bot.domain.paperwork import stage3

    Document = agreement_doc.Agreement | letter_doc.Letter
from bot.services import requisites as details_of
from storage import agreements as store
from storage import paperwork as sources
from storage import requisites as requisites_store
from storage.models import Agreement, AgreementKind, AgreementStatus, Partner
from storage.orgs import MemberInfo
from texts import agreements as agreement_words
from texts import paperwork as paper_words
from texts import report as report_words

KIND_AGREEMENT = "agr"  # bot.domain.paperwork.placeholders.KIND_AGREEMENT
KIND_LETTER = "letter"  # … KIND_LETTER
KINDS = (KIND_AGREEMENT, KIND_LETTER)
MAX_TEMPLATE_BYTES = template_safety.MAX_FILE_BYTES


@dataclass(frozen=True)
class Prepared:
    """A document ready to be made, and what the member is told first."""

    kind: str  # KIND_AGREEMENT | KIND_LETTER
    document: Document
    missing: list[str]  # what the file would leave blank (texts, as the chat lists them)
    ours_missing: bool  # ours lack details the document prints
    partner_missing: bool
    ask_gender: str = ""  # a name to ask the gender of before anything else
    template: bytes | None = None  # the organisation's own
    left_out: tuple[str, ...] = ()  # the letter: notes not put in (a doubt, money)


@dataclass(frozen=True)
class Rendered:
    data: bytes
    refused: list[Problem] = field(default_factory=list)  # the custom template's problems


def file_name(kind: str, partner_name: str) -> str:
    """A safe file name: Договор_Библиотека_им_Пушкина.docx"""
    cleaned = "_".join(re.findall(r"\w+", partner_name))[:60] or "partner"
    return f"{agreement_words.FILE_NAMES[kind]}_{cleaned}.docx"


async def _template(session: AsyncSession, organisation_id: int, kind: str) -> bytes | None:
    custom = await store.get_template(session, organisation_id, kind)
    return custom.content if custom is not None else None


async def _gender(session: AsyncSession, organisation_id: int, name: str) -> Gender | None:
    return await details_of.gender_of(session, organisation_id, name) if name else None


def _unknown(name: str, gender: Gender | None) -> str:
    """The name when it is a person's name whose gender is unknown (to be asked)."""
    return name if gender is None and parse_person(name) is not None else ""


# --------------------------------------------------------------------------- agreements


def _network(agreement: Agreement) -> agreement_doc.NetworkTerms | None:
    from bot.domain.paperwork import agreement as agreement_doc

    if agreement.kind != AgreementKind.NETWORK:
        return None
    terms = agreement.network_terms or {}

    def items(key: str) -> tuple[str, ...]:
        value = terms.get(key) or []
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    return agreement_doc.NetworkTerms(
        programme=str(terms.get("programme") or ""),
        focus=str(terms.get("focus") or ""),
        volume=str(terms.get("volume") or ""),
        our_parts=items("our_parts"),
        partner_parts=items("partner_parts"),
        our_resources=items("our_resources"),
        partner_resources=items("partner_resources"),
    )


def _terms(
    agreement: Agreement, previous: Agreement | None, today: date
) -> dict[str, date | bool | int | None]:
    """The term as the document states it: a signed agreement's own; a draft continuing
    `previous` from the day after it ends, for the same term; a new draft's default."""
    if agreement.status != AgreementStatus.DRAFT:
        return {
            "signed_on": agreement.signed_on,
            "valid_until": agreement.valid_until,
            "open_ended": agreement.valid_until is None,
            "prolong_months": agreement.prolong_months if agreement.auto_prolong else None,
        }
    if previous is None:
        return {}
    start, until = rules.next_term(previous.valid_until, previous.prolong_months, today)
    return {
        "starts_on": start,
        "valid_until": until,
        "prolong_months": previous.prolong_months if previous.auto_prolong else None,
    }


async def prepare_agreement(
    session: AsyncSession,
    member: MemberInfo,
    agreement: Agreement,
    partner: Partner,
    *,
    today: date,
    previous: Agreement | None = None,
) -> Prepared:
    """The agreement's document with both parties' details and the confirmed obligations
    (the caller made sure they were confirmed)."""
    from bot.domain.paperwork import agreement as agreement_doc

    ours = (await details_of.ours(session, member)).requisites
    theirs = (await details_of.of_partner(session, partner)).requisites
    our_gender = await _gender(session, member.organisation_id, ours.director_name)
    their_gender = await _gender(session, member.organisation_id, theirs.director_name)
    subject = agreement.subject or ""
    if subject.strip() == agreement_words.DEFAULT_SUBJECT:
        subject = ""  # the builder's own wording of the standard subject
    document = agreement_doc.Agreement(
        ours=ours,
        partner=theirs,
        our_obligations=tuple(agreement.our_obligations or ()),
        partner_obligations=tuple(agreement.partner_obligations or ()),
        kind=agreement.kind,
        number=agreement.number or "",
        place=member.municipality,
        subject=subject,
        directions=tuple(d.direction for d in partner.directions),
        network=_network(agreement),
        our_gender=our_gender,
        partner_gender=their_gender,
        **_terms(agreement, previous, today),  # type: ignore[arg-type]
    )
    return Prepared(
        kind=KIND_AGREEMENT,
        document=document,
        missing=agreement_doc.missing(document),
        ours_missing=bool(missing_for(Need.PARTY, ours)),
        partner_missing=bool(missing_for(Need.PARTY, theirs)),
        ask_gender=_unknown(ours.director_name, our_gender)
        or _unknown(theirs.director_name, their_gender),
        template=await _template(session, member.organisation_id, KIND_AGREEMENT),
    )


# --------------------------------------------------------------------------- letters


def letter_items(offer: str | None, ask: str | None) -> tuple[list[str], list[str], list[str]]:
    """What we offer and what we would be glad to receive, from the member's notes, one
    item per note; a note with a doubt or about money is left out (and listed: the member
    is told), never put into a letter as typed."""
    ours: list[str] = []
    theirs: list[str] = []
    left_out: list[str] = []
    for item in suggest_obligations(offer, ask):
        if item.review:
            left_out.append(item.source)
        else:
            (ours if item.side == OURS else theirs).append(item.source)
    return ours, theirs, left_out


async def prepare_letter(
    session: AsyncSession, member: MemberInfo, partner: Partner, *, today: date
) -> Prepared:
    """The proposal letter to the partner's director (or, when no director is known, its
    contact person), from the member as the contact."""
    from bot.domain.paperwork import letter as letter_doc

    ours = (await details_of.ours(session, member)).requisites
    theirs = (await details_of.of_partner(session, partner)).requisites
    name = theirs.director_name.strip() or (partner.contact_person or "").strip()
    position = theirs.director_position.strip() if theirs.director_name.strip() else ""
    gender = await _gender(session, member.organisation_id, name)
    offer, ask, left_out = letter_items(partner.offer, partner.ask)
    upcoming = await store.next_event(session, member.organisation_id, today)
    contacts = await details_of.contacts(session, member.id)
    contact = letter_doc.Contact(
        name=member.full_name,
        position=member.position,
        phone=contacts.phone or (ours.phone if not contacts.email else ""),
        email=contacts.email or (ours.email if not contacts.phone else ""),
    )
    document = letter_doc.Letter(
        ours=ours,
        partner=theirs,
        day=today,
        offer=tuple(offer),
        ask=tuple(ask),
        event=letter_doc.Event(upcoming[0], upcoming[1]) if upcoming else None,
        contact=contact,
        addressee_name=name if not theirs.director_name.strip() else "",
        addressee_position=position,
        addressee_gender=gender,
        directions=tuple(d.direction for d in partner.directions),
        place=member.municipality,
    )
    return Prepared(
        kind=KIND_LETTER,
        document=document,
        missing=letter_doc.missing(document),
        ours_missing=bool(missing_for(Need.LETTERHEAD, ours)),
        partner_missing=bool(missing_for(Need.ADDRESSEE, theirs)),
        ask_gender=_unknown(name, gender),
        template=await _template(session, member.organisation_id, KIND_LETTER),
        left_out=tuple(left_out),
    )


async def number_letter(
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    prepared: Prepared,
    *,
    now: datetime,
) -> Prepared:
    """The letter with its outgoing number (the next of the year; the same one when this
    member makes the letter to this partner again the same day); commits."""
    from bot.domain.paperwork import letter as letter_doc

    assert isinstance(prepared.document, letter_doc.Letter)
    day = prepared.document.day
    for attempt in range(3):
        try:
            seq = await requisites_store.letter_number(
                session, member.organisation_id, partner.id, member_id=member.id, day=day, now=now
            )
            await session.commit()
            break
        except IntegrityError:  # another letter took the number meanwhile
            await session.rollback()
            if attempt == 2:
                raise
    return replace(prepared, document=replace(prepared.document, number=str(seq)))


# --------------------------------------------------------------------------- the file


def _build(document: Document) -> bytes:
    from bot.domain.paperwork import agreement as agreement_doc
    from bot.domain.paperwork import letter as letter_doc

    if isinstance(document, agreement_doc.Agreement):
        return agreement_doc.build(document)
    return letter_doc.build(document)


def context(document: Document) -> dict[str, str]:
    """The values of a custom template's placeholders."""
    from bot.domain.paperwork import agreement as agreement_doc
    from bot.domain.paperwork import placeholders

    if isinstance(document, agreement_doc.Agreement):
        return placeholders.agreement_context(document)
    return placeholders.letter_context(document)


async def render(prepared: Prepared) -> Rendered:
    """The .docx: from the organisation's template in the sandboxed worker when there is
    one, else (or when it is refused) from the standard builder; both off the event loop."""
    from bot.domain.paperwork import placeholders

    refused: list[Problem] = []
    if prepared.template is not None:
        try:
            data = await template_safety.render_async(
                prepared.template,
                context(prepared.document),
                allowed=placeholders.PLACEHOLDERS[prepared.kind],
            )
            return Rendered(data)
        except TemplateRefused as exc:
            refused = exc.problems
    return Rendered(await asyncio.to_thread(_build, prepared.document), refused)


# --------------------------------------------------------------------------- templates


def sample_context(kind: str) -> dict[str, str]:
    """Every placeholder of `kind` with a value: a trial render of an uploaded template."""
    from bot.domain.paperwork import agreement as agreement_doc
    from bot.domain.paperwork import letter as letter_doc
    from bot.domain.paperwork import placeholders

    name, director = paper_words.SAMPLE_VALUES["ours"]
    ours = Requisites(full_name=name, director_name=director)
    name, director = paper_words.SAMPLE_VALUES["partner"]
    partner = Requisites(full_name=name, director_name=director)
    if kind == KIND_AGREEMENT:
        return placeholders.agreement_context(agreement_doc.Agreement(ours=ours, partner=partner))
    return placeholders.letter_context(
        letter_doc.Letter(ours=ours, partner=partner, day=date(2026, 9, 1))
    )


def placeholder_lines(kind: str) -> list[str]:
    """The placeholders a template of `kind` may use, as the chat lists them."""
    from bot.domain.paperwork import placeholders

    return placeholders.help_lines(kind)


async def check_template(kind: str, data: bytes) -> list[Problem]:
    """Problems that keep an uploaded file from becoming the organisation's template: the
    checks of bot/domain/template_safety.py, then a trial render (both in the limited
    worker, off the event loop)."""
    from bot.domain.paperwork import placeholders

    allowed = placeholders.PLACEHOLDERS[kind]
    problems = await template_safety.check_template_async(
        data, allowed, placeholders.REQUIRED[kind]
    )
    if problems:
        return problems
    try:
        await template_safety.render_async(data, sample_context(kind), allowed=allowed)
    except TemplateRefused as exc:
        return exc.problems
    return []


# --------------------------------------------------------------------------- stage III

REGULATION = "regulation"
INSTRUCTION = "instruction"
PLAN = "plan"
EVALUATION = "evaluation"
STAGE3 = (REGULATION, INSTRUCTION, PLAN, EVALUATION)


@dataclass(frozen=True)
class Stage3:
    kind: str
    ours: Requisites
    missing: list[str]
    period: str = ""  # the plan's and the evaluation's
    plan_rows: tuple[stage3.PlanRow, ...] = ()
    evaluation_rows: tuple[stage3.EvaluationRow, ...] = ()
    specialist: str = ""  # the instruction's
    position: str = ""


async def prepare_stage3(
    session: AsyncSession,
    member: MemberInfo,
    kind: str,
    *,
    now: datetime,
    specialist: str = "",
    position: str = "",
) -> Stage3:
    """One of the four documents for the current academic year, from the organisation's
    details, its events and agreements, and its partners' latest evaluations."""
    from bot.domain.paperwork import stage3

    ours = (await details_of.ours(session, member)).requisites
    missing = missing_labels(Need.APPROVER, ours)
    if kind in (REGULATION, INSTRUCTION):
        return Stage3(kind, ours, missing, specialist=specialist, position=position)
    year = periods.current(periods.PeriodKind.ACADEMIC_YEAR, now, member.timezone)
    period = report_words.period_name(year.kind, year.start, year.end)
    org = member.organisation_id
    if kind == PLAN:
        events = await sources.events_between(session, org, year.start, year.end)
        agreements = await sources.agreements_in_force(session, org, year.start)
        rows = stage3.plan_rows(
            [
                stage3.PlanEvent(e.title, e.day, e.partners, e.direction, e.responsible)
                for e in events
            ],
            [stage3.PlanAgreement(a.partner, a.number, a.valid_until) for a in agreements],
            year.start,
            year.end,
        )
        return Stage3(kind, ours, missing, period, plan_rows=tuple(rows))
    since, until = year.bounds(member.timezone)
    evaluations = await sources.latest_evaluations(session, org, since, until)
    rows_ = tuple(
        stage3.EvaluationRow(e.partner, e.scores, e.direction, e.comment) for e in evaluations
    )
    return Stage3(kind, ours, missing, period, evaluation_rows=rows_)


def _build_stage3(doc: Stage3) -> bytes:
    from bot.domain.paperwork import stage3

    if doc.kind == REGULATION:
        return stage3.regulation(doc.ours)
    if doc.kind == INSTRUCTION:
        return stage3.job_instruction(doc.ours, doc.specialist, doc.position)
    if doc.kind == PLAN:
        return stage3.plan(doc.ours, doc.period, doc.plan_rows)
    return stage3.evaluation(doc.ours, doc.period, doc.evaluation_rows)


async def render_stage3(doc: Stage3) -> bytes:
    return await asyncio.to_thread(_build_stage3, doc)
