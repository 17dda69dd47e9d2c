"""Organisations and their members: every other record belongs to an organisation."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.enums import Role
from storage.models.base import Base, TimestampMixin


class AddressForm(StrEnum):
    """How the bot speaks of a member: «если вы работаете одна» or «… один». The values are
    bot.domain.russian.Gender's (derived from the name; asked once when it cannot be)."""

    FEMININE = "f"
    MASCULINE = "m"


class Organisation(TimestampMixin, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    invite_code: Mapped[str] = mapped_column(String(32), unique=True)

    members: Mapped[list[Member]] = relationship(back_populates="organisation")


class Member(TimestampMixin, Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default=Role.TEACHER.value)
    timezone: Mapped[str] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(default=True)
    consent_at: Mapped[datetime]
    # AddressForm; None: not known yet (neither the name tells it nor was it asked)
    address_form: Mapped[str | None] = mapped_column(String(1), default=None)

    organisation: Mapped[Organisation] = relationship(back_populates="members", lazy="joined")
