"""Partners, their notes and status history; the organisation's programmes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.enums import PartnerStatus
from storage.models.base import Base, TimestampMixin, utcnow

partner_programs = Table(
    "partner_programs",
    Base.metadata,
    Column("partner_id", ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
    Column("program_id", ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_partner_programs_program", "program_id"),
)


class Partner(TimestampMixin, Base):
    __tablename__ = "partners"
    __table_args__ = (
        # the list: WHERE organisation_id, archived_at ORDER BY name_norm, id
        Index("ix_partners_org_archived_name", "organisation_id", "archived_at", "name_norm", "id"),
        # filtered lists and the counts per category / status
        Index(
            "ix_partners_org_category",
            "organisation_id",
            "category",
            "archived_at",
            "name_norm",
            "id",
        ),
        Index(
            "ix_partners_org_status", "organisation_id", "status", "archived_at", "name_norm", "id"
        ),
        # the pickers' and the contact search's LIKE over a covering index, not the table
        Index(
            "ix_partners_org_search", "organisation_id", "name_norm", "contact_norm", "archived_at"
        ),
        # the add flow's draft this partner was saved from (a repeated «Done» finds it)
        Index("ux_partners_org_draft", "organisation_id", "draft_token", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    # storage.names.name_key: lower-cased, ё→е, no quotes nor legal forms; what the list is
    # ordered by and other features' pickers compare with (search: partner_terms)
    name_norm: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(String(32))
    contact_person: Mapped[str | None] = mapped_column(String(200))
    contact_norm: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))  # E.164 (bot.domain.contacts), ";ext=N"
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(300))
    offer: Mapped[str | None] = mapped_column(Text)  # what we can offer them
    ask: Mapped[str | None] = mapped_column(Text)  # what we ask of them in return
    status: Mapped[str] = mapped_column(String(32), default=PartnerStatus.POTENTIAL.value)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    archived_at: Mapped[datetime | None]
    # the add flow's draft (FSM data) it was saved from: saving it again finds this one
    draft_token: Mapped[str | None] = mapped_column(String(16))

    directions: Mapped[list[PartnerDirection]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="PartnerDirection.direction"
    )


class PartnerTerm(Base):
    """One index term of a partner's name (bot.domain.search.index_terms: dictionary forms,
    numbers, abbreviations spelled out): search and the duplicate warning look partners up
    here by index (storage/partner_terms.py)."""

    __tablename__ = "partner_terms"
    __table_args__ = (Index("ix_partner_terms_org_term", "organisation_id", "term"),)

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )
    term: Mapped[str] = mapped_column(String(64), primary_key=True)


class PartnerDirection(Base):
    """One of the six directions of interaction chosen for a partner."""

    __tablename__ = "partner_directions"
    __table_args__ = (Index("ix_partner_directions_direction", "direction", "partner_id"),)

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )
    direction: Mapped[str] = mapped_column(String(32), primary_key=True)


class PartnerNote(Base):
    __tablename__ = "partner_notes"
    __table_args__ = (Index("ix_partner_notes_partner_created", "partner_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    text_norm: Mapped[str] = mapped_column(Text)
    attachment_file_id: Mapped[str | None] = mapped_column(String(255))
    attachment_kind: Mapped[str | None] = mapped_column(String(16))  # voice, document, photo
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PartnerStatusChange(Base):
    __tablename__ = "partner_status_changes"
    __table_args__ = (Index("ix_partner_status_changes_partner", "partner_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    old_status: Mapped[str | None] = mapped_column(String(32))
    new_status: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Program(TimestampMixin, Base):
    """One of the organisation's existing educational programmes (stage I)."""

    __tablename__ = "programs"
    __table_args__ = (Index("ix_programs_org_name", "organisation_id", "name_norm"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(200), default="")
    focus: Mapped[str | None] = mapped_column(String(100))  # free text, before focus areas
    focus_area: Mapped[str | None] = mapped_column(String(32))  # storage.enums.FocusArea
    # an older programme without a focus area was asked for one (once)
    focus_asked_at: Mapped[datetime | None]
    age_from: Mapped[int | None]
    age_to: Mapped[int | None]
    description: Mapped[str | None] = mapped_column(Text)
