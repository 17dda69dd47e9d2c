"""Reminders: one row per message to send at a moment. The database is the single source
of truth; the in-memory scheduler only wakes the reminder engine."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class ReminderStatus:
    PENDING = "pending"  # waiting for due_at
    CLAIMED = "claimed"  # taken by an engine instance, about to be sent
    SENDING = "sending"  # the Telegram call may have started (a crash: delivered again)
    SENT = "sent"
    CANCELLED = "cancelled"  # the thing it reminds of changed or went away
    HELD = "held"  # the member blocked the bot; resumes when they come back
    SKIPPED = "skipped"  # no longer makes sense (replaced by another reminder)
    FAILED = "failed"  # gave up after bounded retries


class Reminder(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_status_due", "status", "due_at"),
        Index("ix_reminders_ref", "kind", "ref_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    # what it is about, e.g. "meeting.eve", "meeting.soon", "meeting.followup",
    # "agreement.renewal", "agreement.checkin"; the engine picks a renderer by this
    kind: Mapped[str] = mapped_column(String(40))
    ref_id: Mapped[int]  # id of the meeting / agreement / event it is about
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default=ReminderStatus.PENDING)
    # one reminder per (kind, ref, member, moment): scheduling twice is a no-op
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
