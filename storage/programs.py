"""Queries for the organisation's educational programmes (stage I: "a database of existing
educational programmes"). Every query filters by the organisation. Nothing here commits
(bot/services/programs.py owns the transactions)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Partner, Program, partner_programs
from storage.partners import norm, valid_id

FIELDS = ("name", "focus", "ages", "description")


async def without_focus_area(session: AsyncSession, organisation_id: int) -> Program | None:
    """The first programme with no focus area that was never asked for one."""
    result = await session.execute(
        select(Program)
        .where(
            Program.organisation_id == organisation_id,
            Program.focus_area.is_(None),
            Program.focus_asked_at.is_(None),
        )
        .order_by(Program.name_norm, Program.id)
        .limit(1)
    )
    return result.scalar_one_or_none()


async def list_programs(session: AsyncSession, organisation_id: int) -> list[Program]:
    result = await session.execute(
        select(Program)
        .where(Program.organisation_id == organisation_id)
        .order_by(Program.name_norm, Program.id)
    )
    return list(result.scalars())


async def get_program(
    session: AsyncSession, organisation_id: int, program_id: int
) -> Program | None:
    if not valid_id(program_id):
        return None
    result = await session.execute(
        select(Program).where(Program.id == program_id, Program.organisation_id == organisation_id)
    )
    return result.scalar_one_or_none()


async def insert_program(
    session: AsyncSession,
    *,
    organisation_id: int,
    name: str,
    now: datetime,
    focus: str | None = None,
    focus_area: str | None = None,
    age_from: int | None = None,
    age_to: int | None = None,
    description: str | None = None,
) -> Program:
    program = Program(
        organisation_id=organisation_id,
        name=name,
        name_norm=norm(name),
        focus=focus,
        focus_area=focus_area,
        age_from=age_from,
        age_to=age_to,
        description=description,
        created_at=now,
        updated_at=now,
    )
    session.add(program)
    await session.flush()
    return program


async def update_program(
    session: AsyncSession,
    program: Program,
    *,
    now: datetime,
    name: str | None = None,
    focus: str | None = None,
    focus_area: str | None = None,
    ages: tuple[int | None, int | None] | None = None,
    description: str | None = None,
    clear: str = "",
) -> None:
    """Set the given fields; `clear` names an optional field to empty."""
    if name:
        program.name = name
        program.name_norm = norm(name)
    if focus is not None:
        program.focus = focus
    if focus_area is not None:
        program.focus_area = focus_area
    if ages is not None:
        program.age_from, program.age_to = ages
    if description is not None:
        program.description = description
    if clear == "focus":
        program.focus = None
    elif clear == "ages":
        program.age_from = program.age_to = None
    elif clear == "description":
        program.description = None
    program.updated_at = now


async def delete_program(session: AsyncSession, organisation_id: int, program_id: int) -> bool:
    if not valid_id(program_id):
        return False
    result = await session.execute(
        delete(Program).where(Program.id == program_id, Program.organisation_id == organisation_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def linked_partners(
    session: AsyncSession, organisation_id: int, program_id: int, limit: int = 20
) -> tuple[list[tuple[int, str]], int]:
    """(id, name) of partners linked to the programme, and how many there are."""
    if not valid_id(program_id):
        return [], 0
    where = (
        partner_programs.c.program_id == program_id,
        Partner.organisation_id == organisation_id,
    )
    base = select(Partner.id, Partner.name).join(
        partner_programs, partner_programs.c.partner_id == Partner.id
    )
    rows = await session.execute(base.where(*where).order_by(Partner.name_norm).limit(limit))
    total = await session.execute(
        select(func.count())
        .select_from(partner_programs)
        .join(Partner, partner_programs.c.partner_id == Partner.id)
        .where(*where)
    )
    return [(int(r[0]), str(r[1])) for r in rows], int(total.scalar_one())
