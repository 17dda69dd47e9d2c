"""Organisations' details (requisites): our organisation's and each partner organisation's,
the gender of people the documents name (asked once when it cannot be told from the name),
the member's contacts for letters and the outgoing letters' numbers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class _Details:
    """The fields of bot.domain.requisites.Requisites; None or "" is a value not given."""

    full_name: Mapped[str | None] = mapped_column(String(500))
    short_name: Mapped[str | None] = mapped_column(String(500))
    legal_form: Mapped[str | None] = mapped_column(String(500))
    director_name: Mapped[str | None] = mapped_column(String(500))
    director_position: Mapped[str | None] = mapped_column(String(500))
    director_basis: Mapped[str | None] = mapped_column(String(500))
    legal_address: Mapped[str | None] = mapped_column(String(500))
    postal_address: Mapped[str | None] = mapped_column(String(500))
    inn: Mapped[str | None] = mapped_column(String(32))
    kpp: Mapped[str | None] = mapped_column(String(32))
    ogrn: Mapped[str | None] = mapped_column(String(32))
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(500))
    bank_name: Mapped[str | None] = mapped_column(String(500))
    bik: Mapped[str | None] = mapped_column(String(32))
    account: Mapped[str | None] = mapped_column(String(32))
    corr_account: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class OrganisationRequisites(_Details, Base):
    """Our organisation's details (/settings → «Реквизиты»)."""

    __tablename__ = "organisation_requisites"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))


class PartnerRequisites(_Details, Base):
    """A partner organisation's details (its card → «Реквизиты»); nothing is required."""

    __tablename__ = "partner_requisites"
    __table_args__ = (Index("ix_partner_requisites_org", "organisation_id"),)

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))


class PersonGender(Base):
    """The gender of a person the documents name, as the member answered when it could not
    be told from the name (bot.domain.russian.detect_gender gave None). Keyed by the name
    as typed, normalised (storage.requisites.person_key)."""

    __tablename__ = "person_genders"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    name_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    gender: Mapped[str] = mapped_column(String(1))  # bot.domain.russian.Gender value
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class MemberContact(Base):
    """The member's phone and e-mail for letters (the contact person), asked once; a row
    with both empty means the member chose to give none."""

    __tablename__ = "member_contacts"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutgoingLetter(Base):
    """An outgoing letter's number: numbered from 1 in each calendar year per organisation."""

    __tablename__ = "outgoing_letters"
    __table_args__ = (
        UniqueConstraint("organisation_id", "year", "seq"),
        Index("ix_outgoing_letters_partner", "organisation_id", "partner_id", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    year: Mapped[int]
    seq: Mapped[int]
    issued_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
