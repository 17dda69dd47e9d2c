"""The index of partners' names: `partner_terms`, one row per (partner, term).

The terms are bot.domain.search.index_terms(name) (dictionary forms, numbers, abbreviations
spelled out), computed by bot/services/partners.py and written here whenever a name is
created, changed or imported. Search and the duplicate warning look partners up here by
the index (organisation_id, term):

  * `name_hits(org, matches)`: the ids of partners having, for EVERY match, a term with
    `term IN match.forms` or `match.prefix <= term < successor(match.prefix)` — exactly
    bot.domain.search.QueryTerm.hits, so nothing needs checking again in Python;
  * `duplicate_candidates(org, terms)`: the partners having a term that begins with the
    first four letters of one of the new name's terms (a number: the same number); the
    domain's `duplicates` ranks those few.

Ranges, not LIKE: the B-tree index serves `>= AND <` in SQLite and PostgreSQL alike. Nothing
here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from sqlalchemy import ColumnElement, Select, and_, delete, insert, intersect, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import CompoundSelect

from storage.models import Partner, PartnerTerm
from storage.names import name_key

TERM_LENGTH = 64  # partner_terms.term
DUPLICATE_PREFIX = 4  # letters a duplicate candidate's term shares with the new name's


class TermMatch(Protocol):
    """One typed word of a search (bot.domain.search.QueryTerm is one)."""

    @property
    def forms(self) -> frozenset[str]: ...  # terms it hits exactly

    @property
    def prefix(self) -> str | None: ...  # a term starting with this hits too


def crude_terms(name: str) -> list[str]:
    """The words of the name key, without dictionary forms: the terms of a partner written
    without the domain (the transitional `create_partner`, `bulk_insert` rows without
    terms), found by those words and their beginnings. The bot writes
    bot.domain.search.index_terms instead."""
    words = [w.strip("-") for w in name_key(name).replace("№", " ").split()]
    return list(dict.fromkeys(w for w in (_clip(w.strip(",;:()!?")) for w in words) if w))


def _clip(term: str) -> str:
    return term[:TERM_LENGTH]


def _successor(prefix: str) -> str:
    """The least string above every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _starts_with(prefix: str) -> ColumnElement[bool]:
    return and_(PartnerTerm.term >= prefix, PartnerTerm.term < _successor(prefix))


def _hit(match: TermMatch) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    forms = sorted({_clip(form) for form in match.forms if form})
    if forms:
        conditions.append(PartnerTerm.term.in_(forms))
    if match.prefix:
        conditions.append(_starts_with(_clip(match.prefix)))
    return or_(*conditions) if conditions else PartnerTerm.term.is_(None)


def name_hits(
    organisation_id: int, matches: Sequence[TermMatch]
) -> Select[int] | CompoundSelect[int]:
    """The ids of the organisation's partners whose name terms hit every match."""
    selects = [
        select(PartnerTerm.partner_id).where(
            PartnerTerm.organisation_id == organisation_id, _hit(match)
        )
        for match in matches
    ]
    return selects[0] if len(selects) == 1 else intersect(*selects)


async def duplicate_candidates(
    session: AsyncSession, organisation_id: int, terms: Sequence[str]
) -> list[tuple[int, str]]:
    """(id, name) of the partners sharing the beginning of a term with these (archived ones
    too: an archived duplicate is still one)."""
    conditions = [
        PartnerTerm.term == _clip(term)
        if term[:1].isdigit()
        else _starts_with(term[:DUPLICATE_PREFIX])
        for term in dict.fromkeys(terms)
        if term
    ]
    if not conditions:
        return []
    ids = select(PartnerTerm.partner_id).where(
        PartnerTerm.organisation_id == organisation_id, or_(*conditions)
    )
    result = await session.execute(
        select(Partner.id, Partner.name)
        .where(Partner.organisation_id == organisation_id, Partner.id.in_(ids))
        .order_by(Partner.id)
    )
    return [(int(pid), str(name)) for pid, name in result]


async def set_terms(
    session: AsyncSession, partners: Iterable[tuple[int, int, Sequence[str]]]
) -> None:
    """(Re)write the terms of these (partner id, organisation id, terms)."""
    chosen = list(partners)
    if not chosen:
        return
    await session.execute(
        delete(PartnerTerm).where(PartnerTerm.partner_id.in_([pid for pid, _, _ in chosen]))
    )
    rows = [
        {"organisation_id": org, "partner_id": pid, "term": term}
        for pid, org, terms in chosen
        for term in dict.fromkeys(_clip(t) for t in terms if t)
    ]
    if rows:
        await session.execute(insert(PartnerTerm), rows)
