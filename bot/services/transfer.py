"""/export and the import of partners from a teacher's .xlsx or .csv.

Export: `export_files` reads the partners (every field), meetings and agreements, records who
exported, then builds the .xlsx and the .csv files in a worker thread.

Import, in the order the bot runs it (each callable from a script: bench/):
  1. `open_upload(data, filename)` → `Upload` (the table, which column is which field, how
     many rows need the category asked) or `ReadError`, parsed in a worker thread;
  2. `check_upload(session, organisation_id, upload, default_category=…)` → the rows to
     import and the rejected ones with their reasons (a dry run for the preview);
  3. `import_upload(session, member, upload, …)` checks again and writes everything in ONE
     transaction (partners through storage.partners.bulk_insert, in chunks, yielding to the
     event loop between them), records who imported, commits; anything failing rolls it
     all back. `progress(stage, done, total)` is called as rows are checked (from a worker
     thread) and saved.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import spreadsheets as sheets
from bot.domain.search import index_many
from bot.domain.spreadsheets import ColumnMap, ImportRow, Rejected, Table
from bot.domain.statuses import Fact, after, by_hand
from bot.workers import Run
from storage import partners as partners_db
from storage import results as audit_db
from storage import transfer as db
from storage.enums import PartnerStatus
from storage.models import AuditAction
from storage.orgs import MemberInfo
from texts import spreadsheets as words

Progress = Callable[[str, int, int], None]  # stage ("check" | "save"), done, total
CHUNK = 100  # partners per batch: ~25 ms of the event loop each (the transaction stays one)
CHECK, SAVE = "check", "save"


# --------------------------------------------------------------------------- export


@dataclass(frozen=True, slots=True)
class ExportFiles:
    xlsx: bytes  # sheets of partners, meetings, agreements
    csv: bytes  # the partners
    meetings_csv: bytes  # empty unless asked for (`extra_csv`)
    agreements_csv: bytes
    name: str  # without the extension
    partners: int
    meetings: int
    agreements: int


def _partner_export(row: db.PartnerRow, zone: ZoneInfo) -> sheets.PartnerExport:
    number, signed, until = row.agreement or (None, None, None)
    return sheets.PartnerExport(
        name=row.name,
        category=row.category,
        status=row.status,
        directions=row.directions,
        contact_person=row.contact_person,
        phone=row.phone,
        email=row.email,
        address=row.address,
        source=row.source,
        offer=row.offer,
        ask=row.ask,
        responsible=row.responsible,
        programmes=row.programmes,
        last_meeting=row.last_meeting.astimezone(zone).date() if row.last_meeting else None,
        agreement=row.agreement is not None,
        agreement_number=number,
        agreement_signed=signed,
        agreement_until=until,
        created=row.created_at.astimezone(zone).date(),
        archived=row.archived_at.astimezone(zone).date() if row.archived_at else None,
    )


def build_export(
    partners: Sequence[sheets.PartnerExport],
    meetings: Sequence[sheets.MeetingExport],
    agreements: Sequence[sheets.AgreementExport],
    zone: ZoneInfo,
    extra_csv: bool = False,
) -> tuple[bytes, bytes, bytes, bytes]:
    """The workbook and the partners' .csv, or (`extra_csv`) the meetings' and the
    agreements' .csv (CPU-bound: off the event loop); the files not asked for are empty."""
    if extra_csv:
        return b"", b"", sheets.meetings_csv(meetings, tz=zone), sheets.agreements_csv(agreements)
    return (
        sheets.export_xlsx(partners, meetings, agreements, tz=zone),
        sheets.export_csv(partners),
        b"",
        b"",
    )


async def export_files(
    session: AsyncSession,
    member: MemberInfo,
    *,
    now: datetime,
    run: Run = asyncio.to_thread,
    extra_csv: bool = False,
) -> ExportFiles:
    """The organisation's partners (archived ones too), meetings and agreements as files:
    the workbook and the partners' .csv, or (`extra_csv`) the meetings' and the agreements'
    .csv; the export is recorded (committed before the files are built)."""
    org, zone = member.organisation_id, ZoneInfo(member.timezone)
    today = now.astimezone(zone).date()
    partners = [
        _partner_export(row, zone) for row in await db.partner_rows(session, org, today, now)
    ]
    meetings = [
        sheets.MeetingExport(
            m.partner, m.starts_at, m.format, m.status, m.outcome, m.place, m.purpose, m.notes,
            m.next_step, m.member,
        )
        for m in await db.meeting_rows(session, org)
    ]  # fmt: skip
    agreements = [
        sheets.AgreementExport(
            a.partner, a.number, a.kind, a.subject, a.status, a.signed_on, a.valid_until,
            a.auto_prolong, a.prolong_count, a.ended_on, a.responsible,
        )
        for a in await db.agreement_rows(session, org)
    ]  # fmt: skip
    name = words.EXPORT_FILE.format(date=today.strftime("%d.%m.%Y"))
    await audit_db.audit(
        session,
        organisation_id=org,
        member_id=member.id,
        action=AuditAction.EXPORT,
        at=now,
        detail=name,
        rows=len(partners),
    )
    await session.commit()
    xlsx, csv, meetings_csv, agreements_csv = await run(
        build_export, partners, meetings, agreements, zone, extra_csv
    )
    return ExportFiles(
        xlsx, csv, meetings_csv, agreements_csv, name, len(partners), len(meetings), len(agreements)
    )


# --------------------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class Upload:
    table: Table
    columns: ColumnMap
    unknown: int  # rows whose category neither their cell nor their name suggests


def read_upload(data: bytes, filename: str) -> Upload:
    """The file as a table with its columns recognised (raises sheets.ReadError)."""
    table = sheets.read_table(data, filename)
    columns = sheets.recognise_columns(table.headers)
    sheets.require_name(columns)
    return Upload(table, columns, sheets.unknown_categories(table, columns))


async def open_upload(data: bytes, filename: str, run: Run = asyncio.to_thread) -> Upload:
    return cast(Upload, await run(read_upload, data, filename))


@dataclass(frozen=True, slots=True)
class Checked:
    good: list[ImportRow]
    rejected: list[Rejected]


def _check(
    upload: Upload, keys: set[str], default_category: str | None, progress: Progress | None
) -> Checked:
    good, rejected = sheets.check_rows(
        upload.table,
        upload.columns,
        lambda name: partners_db.name_key(name) in keys,
        default_category=default_category,
        key=partners_db.name_key,
        progress=(lambda done, total: progress(CHECK, done, total)) if progress else None,
    )
    return Checked(good, rejected)


async def check_upload(
    session: AsyncSession,
    organisation_id: int,
    upload: Upload,
    *,
    default_category: str | None = None,
    progress: Progress | None = None,
) -> Checked:
    """Every row checked like the add flow against the organisation's partners (one query;
    the rows in a worker thread)."""
    keys = await db.name_keys(session, organisation_id)
    return await asyncio.to_thread(_check, upload, keys, default_category, progress)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    total: int  # rows with data in the file
    imported: int
    rejected: list[Rejected]
    rejected_file: bytes | None  # the rejected rows with their reasons (.xlsx)


async def rejected_file_of(checked: Checked, upload: Upload, run: Run = asyncio.to_thread) -> bytes:
    """The rejected rows as they were, with their line and reason (.xlsx, built off the
    event loop by `run`)."""
    return cast(bytes, await run(sheets.rejected_file, checked.rejected, upload.table.headers))


def _split_names(cell: str, known: dict[str, int]) -> tuple[list[int], list[str]]:
    """Programmes named in a cell: (ids of the known ones, the other names as written)."""
    ids: list[int] = []
    unknown: list[str] = []
    for part in (p.strip() for p in re.split(r"[;\n]", cell)):
        if not part:
            continue
        pieces = [part] if partners_db.norm(part) in known else [p.strip() for p in part.split(",")]
        for piece in pieces:
            pid = known.get(partners_db.norm(piece))
            if pid is not None and pid not in ids:
                ids.append(pid)
            elif pid is None and piece:
                unknown.append(piece)
    return ids, unknown


def _status(row: ImportRow) -> PartnerStatus:
    """The status written in the file (the member's own word: `by_hand`), else what the add
    flow gives: offer prepared when both the offer and the ask are written."""
    chosen = by_hand(PartnerStatus.POTENTIAL, row.status)
    if chosen is not None:
        return chosen
    if row.offer and row.ask:
        return after(PartnerStatus.POTENTIAL, Fact.OFFER_WRITTEN) or PartnerStatus.POTENTIAL
    return PartnerStatus.POTENTIAL


async def _save_chunk(
    session: AsyncSession,
    member: MemberInfo,
    rows: Sequence[ImportRow],
    now: datetime,
    people: dict[str, int],
    programmes: dict[str, int],
    terms: dict[int, list[str]],
) -> None:
    org = member.organisation_id
    statuses = {row.line: _status(row) for row in rows}
    partners: list[dict[str, Any]] = []
    for row in rows:
        partners.append(
            {
                "organisation_id": org,
                "name": row.name,
                "category": row.category,
                "source": row.source,
                "contact_person": row.contact_person,
                "phone": row.phone,
                "email": row.email,
                "address": row.address,
                "offer": row.offer,
                "ask": row.ask,
                "status": statuses[row.line].value,
                "status_changed_at": now,
                "created_by_id": member.id,
                "responsible_id": people.get(partners_db.norm(row.responsible), member.id),
                "created_at": now,
                "updated_at": now,
                "terms": terms[row.line],  # indexed like the add flow's names
            }
        )
    ids = await db.insert_partners(session, partners)
    directions: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for row in rows:
        pid = ids[partners_db.name_key(row.name)]
        directions += [{"partner_id": pid, "direction": d} for d in row.directions]
        changes.append(_change(pid, None, PartnerStatus.POTENTIAL, member.id, now))
        if statuses[row.line] is not PartnerStatus.POTENTIAL:
            changes.append(
                _change(pid, PartnerStatus.POTENTIAL, statuses[row.line], member.id, now)
            )
        texts = list(row.notes)
        found, unknown = _split_names(row.programmes, programmes)
        links += [{"partner_id": pid, "program_id": program} for program in found]
        if unknown:
            texts.append(words.IMPORT_NOTE_PROGRAMMES.format(names=", ".join(unknown)))
        if row.responsible and partners_db.norm(row.responsible) not in people:
            texts.append(words.IMPORT_NOTE_RESPONSIBLE.format(name=row.responsible))
        notes += [
            {
                "partner_id": pid,
                "organisation_id": org,
                "author_id": member.id,
                "text": text,
                "created_at": now,
            }
            for text in texts
        ]
    await db.insert_links(
        session, directions=directions, changes=changes, notes=notes, programmes=links
    )


def _change(
    pid: int, old: PartnerStatus | None, new: PartnerStatus, member_id: int, now: datetime
) -> dict[str, Any]:
    return {
        "partner_id": pid,
        "old_status": old.value if old else None,
        "new_status": new.value,
        "member_id": member_id,
        "changed_at": now,
    }


def _chunks(rows: Sequence[ImportRow], size: int) -> Iterable[Sequence[ImportRow]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def import_upload(
    session: AsyncSession,
    member: MemberInfo,
    upload: Upload,
    *,
    now: datetime,
    default_category: str | None = None,
    file_name: str = "",
    progress: Progress | None = None,
    chunk: int = CHUNK,
    run: Run = asyncio.to_thread,
) -> ImportOutcome:
    """Check every row again (the database may have changed since the preview), write the
    good ones and the audit record in one transaction, and build the file of the rejected
    rows. Nothing is written when anything fails."""
    org = member.organisation_id
    checked = await check_upload(
        session, org, upload, default_category=default_category, progress=progress
    )
    try:
        people = await db.members_by_name(session, org)
        programmes = await db.programmes_by_name(session, org)
        # the names' search terms (dictionary forms: pymorphy3) off the event loop, at once
        found = await run(index_many, [row.name for row in checked.good])
        terms = {row.line: row_terms for row, row_terms in zip(checked.good, found, strict=True)}
        done = 0
        for rows in _chunks(checked.good, chunk):
            await _save_chunk(session, member, rows, now, people, programmes, terms)
            done += len(rows)
            if progress is not None:
                progress(SAVE, done, len(checked.good))
            await asyncio.sleep(0)  # other users' updates run between the chunks
        await audit_db.audit(
            session,
            organisation_id=org,
            member_id=member.id,
            action=AuditAction.IMPORT,
            at=now,
            detail=file_name,
            rows=len(upload.table.rows),
            imported=len(checked.good),
            rejected=len(checked.rejected),
        )
        await session.commit()
    except BaseException:
        await session.rollback()
        raise
    rejected_file = await rejected_file_of(checked, upload, run) if checked.rejected else None
    return ImportOutcome(len(upload.table.rows), len(checked.good), checked.rejected, rejected_file)
