"""Scheduling side of the reminder engine: features create and cancel reminder rows here.

The sending side (claiming due rows, delivering exactly once) lives with the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Reminder, ReminderStatus


def reminder_key(kind: str, ref_id: int, member_id: int, due_at: datetime) -> str:
    return f"{kind}:{ref_id}:{member_id}:{due_at.strftime('%Y%m%dT%H%M%S')}"


async def schedule(
    session: AsyncSession,
    *,
    organisation_id: int,
    member_id: int,
    kind: str,
    ref_id: int,
    due_at: datetime,
    payload: dict[str, Any] | None = None,
) -> Reminder:
    """Add a pending reminder (no commit). Scheduling the same one twice returns the first."""
    key = reminder_key(kind, ref_id, member_id, due_at)
    existing = (
        await session.execute(select(Reminder).where(Reminder.idempotency_key == key))
    ).scalar_one_or_none()
    if existing is not None:
        if existing.status == ReminderStatus.CANCELLED:
            existing.status = ReminderStatus.PENDING
        return existing
    reminder = Reminder(
        organisation_id=organisation_id,
        member_id=member_id,
        kind=kind,
        ref_id=ref_id,
        due_at=due_at,
        idempotency_key=key,
        payload=payload,
        status=ReminderStatus.PENDING,
    )
    session.add(reminder)
    await session.flush()
    return reminder


async def cancel_for(session: AsyncSession, *, kinds: Iterable[str], ref_id: int) -> int:
    """Cancel every not-yet-sent reminder of these kinds about `ref_id` (no commit)."""
    result = await session.execute(
        update(Reminder)
        .where(
            Reminder.kind.in_(list(kinds)),
            Reminder.ref_id == ref_id,
            Reminder.status.in_([ReminderStatus.PENDING, ReminderStatus.HELD]),
        )
        .values(status=ReminderStatus.CANCELLED)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def pending_for(
    session: AsyncSession, *, kinds: Iterable[str], ref_id: int
) -> list[Reminder]:
    result = await session.execute(
        select(Reminder)
        .where(
            Reminder.kind.in_(list(kinds)),
            Reminder.ref_id == ref_id,
            Reminder.status == ReminderStatus.PENDING,
        )
        .order_by(Reminder.due_at)
    )
    return list(result.scalars())
