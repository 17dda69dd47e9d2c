"""Scheduling side of the reminder engine: features create and cancel reminder rows here.

The sending side (below) is used by the engine in bot/reminders.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Member, Reminder, ReminderPrefs, ReminderStatus


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
    """Add a pending reminder (no commit). Scheduling the same one twice returns the first.

    A cancelled one with the same key (the meeting moved within the same day, then the
    reminder is planned again) is revived as a fresh row: new payload and due moment, no
    attempts, no claim, no error."""
    key = reminder_key(kind, ref_id, member_id, due_at)
    existing = (
        await session.execute(select(Reminder).where(Reminder.idempotency_key == key))
    ).scalar_one_or_none()
    if existing is not None:
        if existing.status == ReminderStatus.CANCELLED:
            existing.status = ReminderStatus.PENDING
            existing.organisation_id = organisation_id
            existing.attempts = 0
            existing.claimed_by = None
            existing.claimed_at = None
            existing.last_error = None
            existing.sent_at = None
        if existing.status == ReminderStatus.PENDING:
            existing.payload = payload
            existing.due_at = due_at
            await session.flush()
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


async def cancel_for(
    session: AsyncSession,
    *,
    kinds: Iterable[str],
    ref_id: int,
    organisation_id: int | None = None,
) -> int:
    """Cancel every not-yet-sent reminder of these kinds about `ref_id` (no commit); only the
    organisation's when `organisation_id` is given."""
    conditions = [
        Reminder.kind.in_(list(kinds)),
        Reminder.ref_id == ref_id,
        Reminder.status.in_([ReminderStatus.PENDING, ReminderStatus.HELD]),
    ]
    if organisation_id is not None:
        conditions.append(Reminder.organisation_id == organisation_id)
    result = await session.execute(
        update(Reminder).where(*conditions).values(status=ReminderStatus.CANCELLED)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def pending_for(
    session: AsyncSession,
    *,
    kinds: Iterable[str],
    ref_id: int,
    organisation_id: int | None = None,
) -> list[Reminder]:
    conditions = [
        Reminder.kind.in_(list(kinds)),
        Reminder.ref_id == ref_id,
        Reminder.status == ReminderStatus.PENDING,
    ]
    if organisation_id is not None:
        conditions.append(Reminder.organisation_id == organisation_id)
    result = await session.execute(select(Reminder).where(*conditions).order_by(Reminder.due_at))
    return list(result.scalars())


async def waiting_refs(
    session: AsyncSession, *, organisation_id: int, member_id: int, kinds: Iterable[str]
) -> list[tuple[int, str]]:
    """(ref id, kind) of the member's not-yet-sent (pending or held) reminders of these kinds."""
    result = await session.execute(
        select(Reminder.ref_id, Reminder.kind)
        .where(
            Reminder.organisation_id == organisation_id,
            Reminder.member_id == member_id,
            Reminder.kind.in_(list(kinds)),
            Reminder.status.in_([ReminderStatus.PENDING, ReminderStatus.HELD]),
        )
        .distinct()
    )
    return [(int(ref), str(kind)) for ref, kind in result.all()]


# --------------------------------------------------------------------------- sending side
# Used by the engine (bot/reminders.py). Every state change is a conditional UPDATE on the
# current status (and, once claimed, on the claiming instance), so two engine instances
# running on the same database can never both act on one row.


@dataclass(frozen=True, slots=True)
class DueRow:
    """A due reminder with what the engine needs to decide, without loading the ORM row."""

    id: int
    member_id: int
    kind: str
    due_at: datetime
    payload: dict[str, Any] | None
    attempts: int
    telegram_id: int
    chat_id: int
    is_active: bool
    timezone: str
    quiet_from: int | None  # None: the default quiet hours (no prefs row)
    quiet_to: int | None


async def due_batch(session: AsyncSession, now: datetime, limit: int) -> list[DueRow]:
    """The oldest pending reminders due at `now` (at most `limit`; uses ix_reminders_status_due)."""
    result = await session.execute(
        select(
            Reminder.id,
            Reminder.member_id,
            Reminder.kind,
            Reminder.due_at,
            Reminder.payload,
            Reminder.attempts,
            Member.telegram_id,
            Member.chat_id,
            Member.is_active,
            Member.timezone,
            ReminderPrefs.quiet_from,
            ReminderPrefs.quiet_to,
        )
        .join(Member, Member.id == Reminder.member_id)
        .outerjoin(ReminderPrefs, ReminderPrefs.member_id == Reminder.member_id)
        .where(Reminder.status == ReminderStatus.PENDING, Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id)
        .limit(limit)
    )
    return [DueRow(*row) for row in result.all()]


async def next_due(session: AsyncSession) -> datetime | None:
    """When the earliest pending reminder comes due (one index lookup)."""
    result = await session.execute(
        select(Reminder.due_at)
        .where(Reminder.status == ReminderStatus.PENDING)
        .order_by(Reminder.due_at)
        .limit(1)
    )
    return result.scalar_one_or_none()


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


async def claim(session: AsyncSession, reminder_id: int, instance: str, now: datetime) -> bool:
    """Take a pending reminder for sending (no commit: the engine commits at once). False if
    someone else took it or it changed (cancelled, held, already sent)."""
    result = await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == ReminderStatus.PENDING)
        .values(status=ReminderStatus.CLAIMED, claimed_by=instance, claimed_at=now)
    )
    return _rowcount(result) == 1


async def begin_sending(
    session: AsyncSession, reminder_id: int, instance: str, now: datetime
) -> bool:
    """Claimed → «sending», just before the Telegram call (no commit: the engine commits at
    once). From here a crash means "maybe delivered": the row is delivered again after the
    expiry (at-least-once; see bot/reminders.py)."""
    result = await session.execute(
        update(Reminder)
        .where(
            Reminder.id == reminder_id,
            Reminder.status == ReminderStatus.CLAIMED,
            Reminder.claimed_by == instance,
        )
        .values(status=ReminderStatus.SENDING, claimed_at=now)
    )
    return _rowcount(result) == 1


_MINE = (ReminderStatus.CLAIMED, ReminderStatus.SENDING)


async def finish(
    session: AsyncSession,
    reminder_id: int,
    instance: str,
    status: str,
    *,
    now: datetime,
    error: str | None = None,
) -> bool:
    """Move a reminder this instance claimed to sent / skipped / failed / held (no commit)."""
    values: dict[str, Any] = {"status": status}
    if status == ReminderStatus.SENT:
        values["sent_at"] = now
    if error is not None:
        values["last_error"] = error[:500]
    result = await session.execute(
        update(Reminder)
        .where(
            Reminder.id == reminder_id,
            Reminder.status.in_(_MINE),
            Reminder.claimed_by == instance,
        )
        .values(**values)
    )
    return _rowcount(result) == 1


async def retry_later(
    session: AsyncSession, reminder_id: int, instance: str, due_at: datetime, error: str
) -> bool:
    """Give a claimed reminder back as pending at a later moment, counting the attempt."""
    result = await session.execute(
        update(Reminder)
        .where(
            Reminder.id == reminder_id,
            Reminder.status.in_(_MINE),
            Reminder.claimed_by == instance,
        )
        .values(
            status=ReminderStatus.PENDING,
            due_at=due_at,
            attempts=Reminder.attempts + 1,
            last_error=error[:500],
            claimed_by=None,
            claimed_at=None,
        )
    )
    return _rowcount(result) == 1


async def postpone(session: AsyncSession, reminder_id: int, due_at: datetime) -> bool:
    """Move a pending reminder later (quiet hours), without claiming it (no commit)."""
    result = await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == ReminderStatus.PENDING)
        .values(due_at=due_at)
    )
    return _rowcount(result) == 1


async def hold_pending(session: AsyncSession, reminder_id: int) -> bool:
    """A pending reminder of an inactive member → held (no commit)."""
    result = await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == ReminderStatus.PENDING)
        .values(status=ReminderStatus.HELD)
    )
    return _rowcount(result) == 1


async def hold_member(session: AsyncSession, member_id: int) -> int:
    """Every pending reminder of a member who blocked the bot → held (no commit). Reminders
    only tell: work due on a date (an agreement's end) is done by scheduled services."""
    result = await session.execute(
        update(Reminder)
        .where(Reminder.member_id == member_id, Reminder.status == ReminderStatus.PENDING)
        .values(status=ReminderStatus.HELD)
    )
    return _rowcount(result)


async def resume_member(session: AsyncSession, member_id: int) -> int:
    """The member came back: their held reminders are pending again (no commit)."""
    result = await session.execute(
        update(Reminder)
        .where(Reminder.member_id == member_id, Reminder.status == ReminderStatus.HELD)
        .values(status=ReminderStatus.PENDING)
    )
    return _rowcount(result)


ABANDONED_CLAIM = "claim abandoned (instance stopped before sending): delivered again"
ABANDONED_SEND = "outcome unknown (instance stopped mid-send): delivered again"


async def expire_claims(
    session: AsyncSession,
    *,
    claimed_before: datetime,
    sending_before: datetime,
    max_attempts: int,
) -> int:
    """Rows a stopped instance left behind → pending again, due at once, the attempt counted
    (AT-LEAST-ONCE, see bot/reminders.py): claimed ones (never sent) older than
    `claimed_before`, «sending» ones (maybe sent: a possible double) older than
    `sending_before`. One that has used up `max_attempts` is failed instead (no crash loop).
    Returns how many rows moved (no commit)."""
    moved = 0
    for status, before, note in (
        (ReminderStatus.CLAIMED, claimed_before, ABANDONED_CLAIM),
        (ReminderStatus.SENDING, sending_before, ABANDONED_SEND),
    ):
        stale = (Reminder.status == status, Reminder.claimed_at < before)
        used_up = Reminder.attempts + 1 >= max_attempts
        failed = await session.execute(
            update(Reminder)
            .where(*stale, used_up)
            .values(status=ReminderStatus.FAILED, attempts=Reminder.attempts + 1, last_error=note)
        )
        again = await session.execute(
            update(Reminder)
            .where(*stale)
            .values(
                status=ReminderStatus.PENDING,
                attempts=Reminder.attempts + 1,
                last_error=note,
                claimed_by=None,
                claimed_at=None,
            )
        )
        moved += _rowcount(failed) + _rowcount(again)
    return moved


async def get_reminder(session: AsyncSession, reminder_id: int) -> Reminder | None:
    return await session.get(Reminder, reminder_id)
