"""Tasks: the dated next steps with a partner («перезвонить», «отправить проект договора»,
«повторная встреча»), from a meeting's outcome or added on the partner card."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TimestampMixin


class TaskStatus:
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class TaskKind:
    CALL = "call"  # перезвонить
    DRAFT = "draft"  # отправить проект договора
    MEETING = "meeting"  # повторная встреча: closed when a meeting with the partner is planned
    CUSTOM = "custom"  # typed

    PRESETS = (DRAFT, CALL, MEETING)  # the buttons offered, in this order


class Task(TimestampMixin, Base):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_org_status_due", "organisation_id", "status", "due_day"),
        Index("ix_tasks_partner_status", "partner_id", "status", "due_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    # whose task it is: the reminder goes to them (None: the member left)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16), default=TaskKind.CUSTOM)
    title: Mapped[str] = mapped_column(String(300))
    due_day: Mapped[date] = mapped_column(Date)  # in the zone below
    has_time: Mapped[bool] = mapped_column(default=False)  # a time was typed («15.12 в 11»)
    remind_at: Mapped[datetime | None]  # UTC: 09:00 local on due_day, or the typed time
    timezone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=TaskStatus.OPEN)
    done_at: Mapped[datetime | None]
