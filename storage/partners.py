"""Queries for partners. Other features use `get_partner` and `change_status`.

Every function takes the organisation id and filters by it: ids coming from callback data
are untrusted. SQL here is portable (SQLite now, PostgreSQL next). Names: `name_norm` is
storage.names.name_key (the list's order, other features' pickers); search and duplicate
candidates go through the index of name terms (storage/partner_terms.py), contact persons
and notes through LIKE on their normalised copies. Nothing here commits
(bot/services/partners.py owns the transactions; the one exception is the transitional
`create_partner`) nor decides a status (bot/domain/statuses.py does; `change_status`
records what was decided).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.enums import Direction, PartnerStatus
from storage.history import HistoryItem
from storage.models import (
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingOutcome,
    MeetingStatus,
    Partner,
    PartnerDirection,
    PartnerNote,
    PartnerStatusChange,
    Program,
    UTCDateTime,
    WorkEvent,
    WorkEventPartner,
    partner_programs,
)
from storage.names import name_key as name_key  # re-exported: other features' pickers
from storage.names import norm as norm
from storage.partner_terms import TermMatch, crude_terms, name_hits, set_terms

PAGE_SIZE = 8


# ---------------------------------------------------------------- reading

MAX_ID = 2**31 - 1  # PostgreSQL `integer` keys; SQLite's are wider


def valid_id(value: int) -> bool:
    """Whether an id (from callback data or FSM data: untrusted) can be a row id at all:
    a larger number would overflow the database driver instead of finding nothing."""
    return 0 < value <= MAX_ID


async def get_partner(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> Partner | None:
    """The partner, only if it belongs to the organisation (ids from callbacks are untrusted)."""
    if not valid_id(partner_id):
        return None
    result = await session.execute(
        select(Partner)
        .options(joinedload(Partner.directions))
        .where(Partner.id == partner_id, Partner.organisation_id == organisation_id)
    )
    return result.unique().scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class ListRow:
    id: int
    name: str
    category: str
    status: str
    archived: bool


@dataclass(frozen=True, slots=True)
class ListFilter:
    category: str = ""
    status: str = ""
    direction: str = ""
    archived: bool = False


def _conditions(organisation_id: int, flt: ListFilter) -> list[ColumnElement[bool]]:
    """The list's WHERE for this filter."""
    conditions: list[ColumnElement[bool]] = [
        Partner.organisation_id == organisation_id,
        Partner.archived_at.is_not(None) if flt.archived else Partner.archived_at.is_(None),
    ]
    if flt.category:
        conditions.append(Partner.category == flt.category)
    if flt.status:
        conditions.append(Partner.status == flt.status)
    if flt.direction:
        conditions.append(
            exists().where(
                PartnerDirection.partner_id == Partner.id,
                PartnerDirection.direction == flt.direction,
            )
        )
    return conditions


_LIST_COLUMNS = (Partner.id, Partner.name, Partner.category, Partner.status, Partner.archived_at)


def _rows(result: Iterable[Any]) -> list[ListRow]:
    return [ListRow(r[0], r[1], r[2], r[3], r[4] is not None) for r in result]


async def list_partners(
    session: AsyncSession,
    organisation_id: int,
    flt: ListFilter,
    page: int = 0,
    per_page: int = PAGE_SIZE,
    *,
    count: bool = True,
) -> tuple[list[ListRow], int]:
    """One page in a stable order (name_norm, id) and the total number of matches
    (-1 when `count` is False: the caller knows it from `category_counts`)."""
    conditions = _conditions(organisation_id, flt)
    total = -1
    if count:
        counted = await session.execute(
            select(func.count()).select_from(Partner).where(*conditions)
        )
        total = int(counted.scalar_one())
    rows = await session.execute(
        select(*_LIST_COLUMNS)
        .where(*conditions)
        .order_by(Partner.name_norm, Partner.id)
        .limit(per_page)
        .offset(max(page, 0) * per_page)
    )
    return _rows(rows), total


async def category_counts(
    session: AsyncSession, organisation_id: int, *, archived: bool = False
) -> dict[str, int]:
    """Current (or archived) partners per category."""
    archived_cond = Partner.archived_at.is_not(None) if archived else Partner.archived_at.is_(None)
    result = await session.execute(
        select(Partner.category, func.count())
        .where(Partner.organisation_id == organisation_id, archived_cond)
        .group_by(Partner.category)
    )
    return {category: int(count) for category, count in result}


async def archived_count(session: AsyncSession, organisation_id: int) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(Partner)
        .where(Partner.organisation_id == organisation_id, Partner.archived_at.is_not(None))
    )
    return int(result.scalar_one())


def search_key(query: str) -> str:
    """The normalised query: the same normalisation as the stored names (other features'
    pickers compare it with `name_norm`)."""
    return name_key(query)


def _like_anywhere(text: str) -> str:
    """A LIKE pattern for `text` anywhere, its own % and _ taken literally (escape "/")."""
    return "%" + text.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def _contains_all(column: Any, words: Sequence[str]) -> ColumnElement[bool]:
    return and_(*(column.like(_like_anywhere(word), escape="/") for word in words))


async def search_partners(
    session: AsyncSession,
    organisation_id: int,
    query: str,
    page: int = 0,
    per_page: int = PAGE_SIZE,
    *,
    terms: Sequence[TermMatch] | None = None,
) -> tuple[list[ListRow], bool]:
    """One page of partners found by the query, in the list's order (name_norm, id), and
    whether there is a next page. Found: a contact person or a note containing every typed
    word, or the name — with `terms` (bot.domain.search.query_terms(query), which
    bot/services/partners.search_partners passes) a name whose index terms hit every one of
    them; without (callers that have no domain, like the pickers) a name key containing
    the query's key."""
    words = norm(query).split()
    found: list[ColumnElement[bool]] = []
    if terms is not None:
        if terms:
            found.append(Partner.id.in_(name_hits(organisation_id, terms)))
    elif key := search_key(query):
        found.append(Partner.name_norm.like(_like_anywhere(key), escape="/"))
    if words:
        found.append(_contains_all(Partner.contact_norm, words))
        found.append(
            Partner.id.in_(
                select(PartnerNote.partner_id).where(
                    PartnerNote.organisation_id == organisation_id,
                    _contains_all(PartnerNote.text_norm, words),
                )
            )
        )
    if not found:
        return [], False
    result = await session.execute(
        select(*_LIST_COLUMNS)
        .where(Partner.organisation_id == organisation_id, or_(*found))
        .order_by(Partner.name_norm, Partner.id)
        .limit(per_page + 1)
        .offset(max(page, 0) * per_page)
    )
    rows = _rows(result)
    return rows[:per_page], len(rows) > per_page


async def partner_by_draft(
    session: AsyncSession, organisation_id: int, draft_token: str
) -> Partner | None:
    """The partner saved from this add-flow draft, if any."""
    if not draft_token:
        return None
    result = await session.execute(
        select(Partner)
        .options(joinedload(Partner.directions))
        .where(Partner.organisation_id == organisation_id, Partner.draft_token == draft_token)
    )
    return result.unique().scalar_one_or_none()


# ---------------------------------------------------------------- writing (no commits)


@dataclass(frozen=True, slots=True)
class StatusFacts:
    """What the records show about one partner (bot.domain.statuses.Evidence's fields)."""

    meeting_planned: bool
    meeting_held: bool
    agreement_in_force: bool
    working: bool


async def status_facts(session: AsyncSession, partner: Partner) -> StatusFacts:
    """The partner's meetings, agreements and joint events as evidence for a status (one
    query)."""
    pid = partner.id
    meeting = Meeting.partner_id == pid
    facts = select(
        exists().where(meeting, Meeting.status == MeetingStatus.PLANNED),
        exists().where(
            meeting,
            Meeting.status == MeetingStatus.DONE,
            or_(Meeting.outcome.is_(None), Meeting.outcome != MeetingOutcome.DECLINED),
        ),
        exists().where(Agreement.partner_id == pid, Agreement.status == AgreementStatus.ACTIVE),
        or_(
            exists().where(meeting, Meeting.outcome == MeetingOutcome.WORKING),
            exists().where(
                WorkEventPartner.partner_id == pid,
                WorkEventPartner.event_id == WorkEvent.id,
                WorkEvent.held_at.is_not(None),
            ),
        ),
    )
    planned, held, in_force, working = (await session.execute(facts)).one()
    return StatusFacts(bool(planned), bool(held), bool(in_force), bool(working))


async def change_status(
    session: AsyncSession,
    partner: Partner,
    status: PartnerStatus,
    *,
    member_id: int | None,
    now: datetime,
) -> bool:
    """Set the status and record the dated change (no commit). False if it was already so."""
    if partner.status == status:
        return False
    session.add(
        PartnerStatusChange(
            partner_id=partner.id,
            old_status=partner.status,
            new_status=status.value,
            member_id=member_id,
            changed_at=now,
        )
    )
    partner.status = status.value
    partner.status_changed_at = now
    return True


async def insert_partner(
    session: AsyncSession,
    *,
    organisation_id: int,
    member_id: int,
    name: str,
    category: str,
    now: datetime,
    source: str | None = None,
    contact_person: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    offer: str | None = None,
    ask: str | None = None,
    directions: Sequence[str] = (),
    address: str | None = None,
    terms: Sequence[str] | None = None,
    draft_token: str | None = None,
) -> Partner:
    """Insert the partner (potential: its first, dated status) with its directions and
    name terms (bot.domain.search.index_terms; without them `crude_terms`); flushed, so it
    has an id. `draft_token`: the add flow's draft it comes from."""
    partner = Partner(
        organisation_id=organisation_id,
        name=name,
        name_norm=name_key(name),
        category=category,
        source=source,
        contact_person=contact_person,
        contact_norm=norm(contact_person) or None,
        phone=phone,
        email=email,
        address=address,
        offer=offer,
        ask=ask,
        status=PartnerStatus.POTENTIAL.value,
        status_changed_at=now,
        created_by_id=member_id,
        responsible_id=member_id,
        created_at=now,
        updated_at=now,
        draft_token=draft_token,
    )
    partner.directions = [
        PartnerDirection(direction=d) for d in dict.fromkeys(directions) if d in set(Direction)
    ]
    session.add(partner)
    await session.flush()
    await set_terms(
        session,
        [(partner.id, organisation_id, crude_terms(name) if terms is None else terms)],
    )
    session.add(
        PartnerStatusChange(
            partner_id=partner.id,
            old_status=None,
            new_status=partner.status,
            member_id=member_id,
            changed_at=now,
        )
    )
    await session.flush()
    return partner


async def create_partner(
    session: AsyncSession,
    *,
    organisation_id: int,
    member_id: int,
    name: str,
    category: str,
    now: datetime,
    **fields: Any,
) -> Partner:
    """Transitional, for other features' test helpers only (tests/test_agreements_flow.py
    `make_partner`, tests/meetings_helpers.py `add_partner`), which rely on it committing
    and on «offer prepared» when offer and ask are given: what
    bot.services.partners.add_partner does, which the bot itself calls. Remove once those
    helpers call the service."""
    partner = await insert_partner(
        session,
        organisation_id=organisation_id,
        member_id=member_id,
        name=name,
        category=category,
        now=now,
        **fields,
    )
    if partner.offer and partner.ask:
        await change_status(
            session, partner, PartnerStatus.OFFER_READY, member_id=member_id, now=now
        )
    await session.commit()
    return partner


TEXT_FIELDS = ("name", "contact_person", "phone", "email", "address", "offer", "ask")
CHOICE_FIELDS = ("category", "source")


async def update_field(
    session: AsyncSession,
    partner: Partner,
    field: str,
    value: str | None,
    *,
    now: datetime,
    terms: Sequence[str] | None = None,
) -> None:
    """Set one field, keeping the normalised copies in step (a name: its `terms`, as
    `insert_partner` takes them)."""
    if field not in TEXT_FIELDS + CHOICE_FIELDS:
        raise ValueError(field)
    if field == "name":
        if not value:
            raise ValueError("name is required")
        partner.name = value
        partner.name_norm = name_key(value)
        await set_terms(
            session,
            [(partner.id, partner.organisation_id, crude_terms(value) if terms is None else terms)],
        )
    elif field == "category":
        if not value:
            raise ValueError("category is required")
        partner.category = value
    elif field == "contact_person":
        partner.contact_person = value
        partner.contact_norm = norm(value) or None
    else:
        setattr(partner, field, value)
    partner.updated_at = now


async def toggle_direction(
    session: AsyncSession, partner: Partner, direction: str, *, now: datetime
) -> None:
    if direction not in set(Direction):
        return
    current = {d.direction: d for d in partner.directions}
    if direction in current:
        partner.directions.remove(current[direction])
    else:
        partner.directions.append(PartnerDirection(direction=direction))
    partner.updated_at = now


async def set_responsible(
    session: AsyncSession, partner: Partner, member_id: int, *, now: datetime
) -> None:
    """`member_id` must already be checked to belong to the partner's organisation."""
    partner.responsible_id = member_id
    partner.updated_at = now


async def set_archived(
    session: AsyncSession, partner: Partner, archived: bool, *, now: datetime
) -> None:
    partner.archived_at = now if archived else None
    partner.updated_at = now


async def delete_partner(session: AsyncSession, organisation_id: int, partner_id: int) -> bool:
    """Delete with everything attached (the database cascades). False if not found."""
    if not valid_id(partner_id):
        return False
    result = await session.execute(
        delete(Partner).where(Partner.id == partner_id, Partner.organisation_id == organisation_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def add_note(
    session: AsyncSession, partner: Partner, *, member_id: int | None, text: str, now: datetime
) -> PartnerNote:
    note = PartnerNote(
        partner_id=partner.id,
        organisation_id=partner.organisation_id,
        author_id=member_id,
        text=text,
        text_norm=norm(text),
        created_at=now,
    )
    session.add(note)
    partner.updated_at = now
    await session.flush()
    return note


async def get_note(session: AsyncSession, organisation_id: int, note_id: int) -> PartnerNote | None:
    if not valid_id(note_id):
        return None
    result = await session.execute(
        select(PartnerNote).where(
            PartnerNote.id == note_id, PartnerNote.organisation_id == organisation_id
        )
    )
    return result.scalar_one_or_none()


# ---------------------------------------------------------------- programmes on the card


async def partner_program_ids(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> set[int]:
    """Ids of the organisation's programmes linked to the partner."""
    if not valid_id(partner_id):
        return set()
    result = await session.execute(
        select(partner_programs.c.program_id)
        .join(Program, Program.id == partner_programs.c.program_id)
        .where(
            partner_programs.c.partner_id == partner_id,
            Program.organisation_id == organisation_id,
        )
    )
    return set(result.scalars())


def _programs_of(organisation_id: int, partner_id: int) -> Any:
    return (
        select(Program)
        .join(partner_programs, partner_programs.c.program_id == Program.id)
        .where(
            partner_programs.c.partner_id == partner_id,
            Program.organisation_id == organisation_id,
        )
        .order_by(Program.name_norm, Program.id)
    )


async def partner_program_names(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> list[str]:
    """Names of the organisation's programmes linked to the partner, as the card lists them."""
    return [p.name for p in await partner_programs_list(session, organisation_id, partner_id)]


async def partner_programs_list(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> list[Program]:
    if not valid_id(partner_id):
        return []
    result = await session.execute(_programs_of(organisation_id, partner_id))
    return list(result.scalars())


async def toggle_program(session: AsyncSession, partner: Partner, program: Program) -> bool:
    """Link or unlink (both already checked to belong to one organisation). True if linked."""
    linked = program.id in await partner_program_ids(session, partner.organisation_id, partner.id)
    if linked:
        await session.execute(
            delete(partner_programs).where(
                partner_programs.c.partner_id == partner.id,
                partner_programs.c.program_id == program.id,
            )
        )
    else:
        await session.execute(
            insert(partner_programs).values(partner_id=partner.id, program_id=program.id)
        )
    return not linked


# ---------------------------------------------------------------- card history


def _history_statement(organisation_id: int, partner_id: int) -> Any:
    notes = (
        select(
            literal("note").label("kind"),
            PartnerNote.id.label("ref"),
            PartnerNote.text.label("text"),
            null().label("old"),
            null().label("new"),
            PartnerNote.created_at.label("at"),
        )
        .where(
            PartnerNote.partner_id == partner_id,
            PartnerNote.organisation_id == organisation_id,
        )
        .order_by(PartnerNote.created_at.desc(), PartnerNote.id.desc())
        .limit(10)
        .subquery()
    )
    changes = (
        select(
            literal("status").label("kind"),
            PartnerStatusChange.id.label("ref"),
            null().label("text"),
            PartnerStatusChange.old_status.label("old"),
            PartnerStatusChange.new_status.label("new"),
            PartnerStatusChange.changed_at.label("at"),
        )
        .join(Partner, Partner.id == PartnerStatusChange.partner_id)
        .where(
            PartnerStatusChange.partner_id == partner_id,
            Partner.organisation_id == organisation_id,
        )
        .order_by(PartnerStatusChange.changed_at.desc(), PartnerStatusChange.id.desc())
        .limit(10)
        .subquery()
    )
    both = union_all(select(notes), select(changes)).subquery()
    return select(both.c.kind, both.c.ref, both.c.text, both.c.old, both.c.new, both.c.at)


async def history_items(
    session: AsyncSession, organisation_id: int, partner_id: int
) -> list[HistoryItem]:
    """Notes (kind "note") and status changes (kind "status") for the card's history:
    the ten newest of each, in one round trip."""
    if not valid_id(partner_id):
        return []
    items: list[HistoryItem] = []
    rows = await session.execute(_history_statement(organisation_id, partner_id))
    for kind, ref, text, old, new, at in rows:
        # raw SQLite text or a datetime, as the backend keeps the union column's type
        moment = UTCDateTime().process_result_value(at, None)  # type: ignore[arg-type]
        assert moment is not None
        if kind == "note":
            items.append(HistoryItem(moment, "note", {"id": ref, "text": text}))
        else:
            items.append(HistoryItem(moment, "status", {"old": old, "new": new}))
    return items


# ---------------------------------------------------------------- bulk (benchmarks, imports)


async def bulk_insert(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert many partners at once (Core executemany) with their name terms; each row needs
    `name`, `category`, `organisation_id`, `created_at`, `updated_at`, `status_changed_at`
    and may carry `terms` (bot.domain.search.index_terms; without them `crude_terms`).
    The new ids, in the rows' order. No commit."""
    prepared = []
    terms: list[Sequence[str]] = []
    # each row's own draft token (unique in the organisation) tells which id is whose: asking
    # the database for the ids in the rows' order (`sort_by_parameter_order`) makes
    # SQLAlchemy send one INSERT a row on SQLite — 10,000 statements for an import
    batch = "i" + secrets.token_hex(4)
    for i, row in enumerate(rows):
        values = dict(row)
        values.setdefault("draft_token", f"{batch}{i:07d}")
        given = values.pop("terms", None)
        terms.append(crude_terms(values["name"]) if given is None else given)
        values["name_norm"] = name_key(values["name"])
        values.setdefault("status", PartnerStatus.POTENTIAL.value)
        # every row with the same columns: rows with other keys go in another statement
        contact = values.get("contact_person")
        values["contact_norm"] = norm(contact) if contact else None
        prepared.append(values)
    if not prepared:
        return []
    # Core, not the ORM's bulk insert: that splits the rows into runs by which of their
    # values are None, one statement a run
    table = cast(Table, Partner.__table__)
    result = await session.execute(
        insert(table).returning(table.c.id, table.c.draft_token), prepared
    )
    by_token = {token: int(pid) for pid, token in result}
    ids = [by_token[values["draft_token"]] for values in prepared]
    await set_terms(
        session,
        [
            (pid, int(values["organisation_id"]), row_terms)
            for pid, values, row_terms in zip(ids, prepared, terms, strict=True)
        ],
    )
    return ids
