"""The results of social partnership (the method's five, bot/domain/results.py) and the
audit of the organisation's files: who asked for a report, exported or imported, and when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TimestampMixin, utcnow


class PartnershipResult(TimestampMixin, Base):
    """One result: its kind, its day, the kind's details (`values`, keys of
    bot.domain.results.FIELDS), the event or agreement it came from, a photo or a file."""

    __tablename__ = "results"
    __table_args__ = (Index("ix_results_org_day", "organisation_id", "day", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # bot.domain.results.ResultKind
    day: Mapped[date] = mapped_column(Date)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("coach_events.id", ondelete="SET NULL"), index=True
    )
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="SET NULL"), index=True
    )
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    file_id: Mapped[str | None] = mapped_column(String(255))  # Telegram's file_id
    file_kind: Mapped[str | None] = mapped_column(String(16))  # photo | document
    file_name: Mapped[str | None] = mapped_column(String(255))


class ResultPartner(Base):
    """A partner the result was achieved with."""

    __tablename__ = "result_partners"
    __table_args__ = (Index("ix_result_partners_partner", "partner_id", "result_id"),)

    result_id: Mapped[int] = mapped_column(
        ForeignKey("results.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )


class AuditAction:
    REPORT = "report"
    EXPORT = "export"
    IMPORT = "import"


class AuditEntry(Base):
    """Who made a report, an export or an import, and when (with the file's figures)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_org_at", "organisation_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))  # AuditAction
    at: Mapped[datetime] = mapped_column(default=utcnow)
    detail: Mapped[str | None] = mapped_column(String(255))  # a file's name, a period
    rows: Mapped[int] = mapped_column(default=0)  # rows read, exported or reported
    imported: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
