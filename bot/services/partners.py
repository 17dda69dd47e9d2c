"""The partner database's use cases: each writes through storage/partners.py and commits.

Statuses move only as bot/domain/statuses.py says: writing both what we offer and what we
ask is the fact `OFFER_WRITTEN`; a status chosen on the card goes through `by_hand`.

Names: every name written (added, renamed, imported) gets its index terms
(bot.domain.search.index_terms) in partner_terms; `search_partners` and `find_similar`
read that index and let the domain decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.search import duplicates, has_name_chars, index_terms, query_terms
from bot.domain.statuses import Evidence, Fact, Gap, after, by_hand, gap
from storage import partner_terms
from storage import partners as db
from storage.enums import PartnerStatus
from storage.models import Partner, PartnerNote, Program
from storage.orgs import MemberInfo
from texts import method
from texts import partners as words


@dataclass(frozen=True, slots=True)
class PartnerDraft:
    """The answers of the add flow."""

    name: str
    category: str
    source: str | None = None
    contact_person: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    offer: str | None = None
    ask: str | None = None
    directions: Sequence[str] = ()
    draft_token: str | None = None  # the add flow's draft: saving it twice saves it once


@dataclass(frozen=True, slots=True)
class Similar:
    """A partner already in the base that the new name most likely means."""

    id: int
    name: str
    score: float


async def find_similar(
    session: AsyncSession, organisation_id: int, name: str, *, limit: int = 3
) -> list[Similar]:
    """The organisation's partners the new name most likely is, best first."""
    candidates = await partner_terms.duplicate_candidates(
        session, organisation_id, index_terms(name)
    )
    names = dict(candidates)
    return [Similar(pid, names[pid], score) for pid, score in duplicates(name, candidates, limit)]


async def search_partners(
    session: AsyncSession,
    organisation_id: int,
    query: str,
    page: int = 0,
    per_page: int = db.PAGE_SIZE,
) -> tuple[list[db.ListRow], bool]:
    """One page of the partners a typed search finds (any word form, any order, a word
    typed halfway; or the contact person, or a note) and whether there are more."""
    return await db.search_partners(
        session, organisation_id, query, page, per_page, terms=query_terms(query)
    )


async def _offer_written(
    session: AsyncSession, partner: Partner, *, member_id: int, now: datetime
) -> bool:
    """Both the offer and the ask written: the status moves if the table says so."""
    if not (partner.offer and partner.ask):
        return False
    new = after(partner.status, Fact.OFFER_WRITTEN)
    if new is None:
        return False
    return await db.change_status(session, partner, new, member_id=member_id, now=now)


async def add_partner(
    session: AsyncSession, member: MemberInfo, draft: PartnerDraft, *, now: datetime
) -> Partner:
    """The new partner, with the member responsible for it. A draft saved before (a
    repeated «Done» after a crash) is not saved again: the partner it became is returned."""
    if not has_name_chars(draft.name):
        raise ValueError("a name needs a letter or a digit")
    if draft.draft_token:
        saved = await db.partner_by_draft(session, member.organisation_id, draft.draft_token)
        if saved is not None:
            return saved
    partner = await db.insert_partner(
        session,
        organisation_id=member.organisation_id,
        member_id=member.id,
        name=draft.name,
        category=draft.category,
        now=now,
        source=draft.source,
        contact_person=draft.contact_person,
        phone=draft.phone,
        email=draft.email,
        address=draft.address,
        offer=draft.offer,
        ask=draft.ask,
        directions=draft.directions,
        terms=index_terms(draft.name),
        draft_token=draft.draft_token,
    )
    await _offer_written(session, partner, member_id=member.id, now=now)
    await session.commit()
    return partner


async def update_field(
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    field: str,
    value: str | None,
    *,
    now: datetime,
) -> bool:
    """Set one field; True if that moved the status (offer and ask now both written)."""
    terms = None
    if field == "name":
        if not value or not has_name_chars(value):
            raise ValueError("a name needs a letter or a digit")
        terms = index_terms(value)
    await db.update_field(session, partner, field, value, now=now, terms=terms)
    advanced = await _offer_written(session, partner, member_id=member.id, now=now)
    await session.commit()
    return advanced


async def toggle_direction(
    session: AsyncSession, partner: Partner, direction: str, *, now: datetime
) -> None:
    await db.toggle_direction(session, partner, direction, now=now)
    await session.commit()


async def set_responsible(
    session: AsyncSession, partner: Partner, member_id: int, *, now: datetime
) -> None:
    """`member_id` must already be checked to belong to the partner's organisation."""
    await db.set_responsible(session, partner, member_id, now=now)
    await session.commit()


async def set_status(
    session: AsyncSession,
    member: MemberInfo,
    partner: Partner,
    target: PartnerStatus,
    *,
    now: datetime,
    reason: str | None = None,
) -> bool:
    """The status the member chose on the card (`reason`: why «Отказ» or «Пауза», kept as a
    note); False if it already was."""
    new = by_hand(partner.status, target)
    changed = new is not None and await db.change_status(
        session, partner, new, member_id=member.id, now=now
    )
    if changed and reason:
        text = words.STATUS_REASON_NOTE.format(status=method.STATUS_LABELS[target], reason=reason)
        await db.add_note(session, partner, member_id=member.id, text=text, now=now)
    await session.commit()
    return changed


async def status_gap(session: AsyncSession, partner: Partner, target: PartnerStatus) -> Gap | None:
    """What the records lack for a status chosen by hand (None: nothing; the member
    confirms otherwise)."""
    facts = await db.status_facts(session, partner)
    evidence = Evidence(
        offer_written=bool(partner.offer and partner.ask),
        meeting_planned=facts.meeting_planned,
        meeting_held=facts.meeting_held,
        agreement_in_force=facts.agreement_in_force,
        working=facts.working,
    )
    return gap(target, evidence)


async def set_archived(
    session: AsyncSession, partner: Partner, archived: bool, *, now: datetime
) -> None:
    await db.set_archived(session, partner, archived, now=now)
    await session.commit()


async def delete_partner(session: AsyncSession, organisation_id: int, partner_id: int) -> bool:
    """Delete with everything attached (the database cascades). False if not found."""
    deleted = await db.delete_partner(session, organisation_id, partner_id)
    await session.commit()
    return deleted


async def add_note(
    session: AsyncSession, member: MemberInfo, partner: Partner, text: str, *, now: datetime
) -> PartnerNote:
    note = await db.add_note(session, partner, member_id=member.id, text=text, now=now)
    await session.commit()
    return note


async def toggle_programme(session: AsyncSession, partner: Partner, program: Program) -> bool:
    """Link or unlink (both already checked to belong to one organisation). True if linked."""
    linked = await db.toggle_program(session, partner, program)
    await session.commit()
    return linked


async def import_partners(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Many partners at once (an import): each row as storage.partners.bulk_insert takes it;
    the names are indexed like the add flow's. The new ids."""
    ids = await db.bulk_insert(
        session, [{**row, "terms": index_terms(row["name"])} for row in rows]
    )
    await session.commit()
    return ids
