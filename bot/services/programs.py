"""The organisation's educational programmes: each use case writes through
storage/programs.py and commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.search import has_name_chars
from storage import programs as db
from storage.models import Program
from storage.orgs import MemberInfo


@dataclass(frozen=True, slots=True)
class ProgrammeDraft:
    """The answers of the add flow."""

    name: str
    focus: str | None = None
    age_from: int | None = None
    age_to: int | None = None
    description: str | None = None


async def add_programme(
    session: AsyncSession, member: MemberInfo, draft: ProgrammeDraft, *, now: datetime
) -> Program:
    if not has_name_chars(draft.name):
        raise ValueError("a name needs a letter or a digit")
    program = await db.insert_program(
        session,
        organisation_id=member.organisation_id,
        name=draft.name,
        now=now,
        focus=draft.focus,
        age_from=draft.age_from,
        age_to=draft.age_to,
        description=draft.description,
    )
    await session.commit()
    return program


async def update_programme(
    session: AsyncSession,
    program: Program,
    *,
    now: datetime,
    name: str | None = None,
    focus: str | None = None,
    ages: tuple[int | None, int | None] | None = None,
    description: str | None = None,
    clear: str = "",
) -> None:
    """Set the given fields; `clear` names an optional field to empty."""
    if name is not None and not has_name_chars(name):
        raise ValueError("a name needs a letter or a digit")
    await db.update_program(
        session,
        program,
        now=now,
        name=name,
        focus=focus,
        ages=ages,
        description=description,
        clear=clear,
    )
    await session.commit()


async def delete_programme(session: AsyncSession, organisation_id: int, program_id: int) -> bool:
    deleted = await db.delete_program(session, organisation_id, program_id)
    await session.commit()
    return deleted
