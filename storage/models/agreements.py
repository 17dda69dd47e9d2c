"""Cooperation agreements with partners, per-organisation settings and custom .docx templates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TimestampMixin, utcnow


class AgreementKind:
    COOPERATION = "coop"  # agreement on cooperation (social partnership)
    NETWORK = "network"  # agreement on a network form of a programme
    OTHER = "other"

    ALL = (COOPERATION, NETWORK, OTHER)


class AgreementStatus:
    DRAFT = "draft"  # prepared, not signed yet
    ACTIVE = "active"  # signed and in force (or past its end date, not yet closed)
    ENDED = "ended"  # ended: let expire, terminated, or replaced


class RenewalDecision:
    NONE = ""
    LET_END = "let_end"  # the member decided not to prolong


class Agreement(TimestampMixin, Base):
    __tablename__ = "agreements"
    __table_args__ = (
        Index("ix_agreements_org_status_until", "organisation_id", "status", "valid_until"),
        Index("ix_agreements_partner", "partner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default=AgreementKind.COOPERATION)
    number: Mapped[str | None] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=AgreementStatus.ACTIVE)
    signed_on: Mapped[date | None]
    valid_until: Mapped[date | None]  # None: open-ended
    auto_prolong: Mapped[bool] = mapped_column(default=False)
    prolong_months: Mapped[int | None]
    previous_until: Mapped[date | None]  # end date before the last prolongation
    prolong_count: Mapped[int] = mapped_column(default=0)
    renewal_decision: Mapped[str] = mapped_column(String(16), default=RenewalDecision.NONE)
    ended_on: Mapped[date | None]
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    scan_file_id: Mapped[str | None] = mapped_column(String(255))
    scan_kind: Mapped[str | None] = mapped_column(String(16))  # document | photo
    scan_name: Mapped[str | None] = mapped_column(String(255))
    # the obligations the member confirmed for the document (None: not confirmed yet; the
    # partner's raw notes never go into a document)
    our_obligations: Mapped[list[str] | None] = mapped_column(JSON)
    partner_obligations: Mapped[list[str] | None] = mapped_column(JSON)
    # a network form of a programme: bot.domain.paperwork.agreement.NetworkTerms as a dict
    network_terms: Mapped[dict[str, object] | None] = mapped_column(JSON)


class AgreementSettings(Base):
    """Organisation-level settings of the agreements feature."""

    __tablename__ = "agreement_settings"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    # days before the end date at which renewal reminders are sent, e.g. [30, 7, 1]
    renewal_offsets: Mapped[list[int]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DocumentTemplate(Base):
    """An organisation's own .docx template replacing a standard one (validated copy)."""

    __tablename__ = "document_templates"
    __table_args__ = (UniqueConstraint("organisation_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # agr | letter
    content: Mapped[bytes] = mapped_column(LargeBinary)
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
