"""The method coach: stage-I answers, dismissed suggestions, the work plan of joint events,
expert evaluations of partnerships and the typical documents the organisation adopted."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.agreements import Agreement
from storage.models.base import Base, utcnow
from storage.models.meetings import Meeting
from storage.models.partners import Partner


class StageOneAnswer(Base):
    """The team's answer to one of the four questions of the preparatory stage."""

    __tablename__ = "coach_stage_one_answers"
    __table_args__ = (UniqueConstraint("organisation_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    question: Mapped[int]  # index in texts.method.STAGE_ONE_QUESTIONS
    text: Mapped[str] = mapped_column(Text)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CoachDismissal(Base):
    """A suggestion a member put off («Не сейчас»): hidden from /next until `until`."""

    __tablename__ = "coach_dismissals"
    __table_args__ = (UniqueConstraint("member_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(48))  # Suggestion.key, e.g. "offer.17"
    until: Mapped[datetime]


class WorkEvent(Base):
    """A joint event of the organisation's work plan (stage III)."""

    __tablename__ = "coach_events"
    __table_args__ = (Index("ix_coach_events_org_day", "organisation_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    direction: Mapped[str | None] = mapped_column(String(32))  # storage.enums.Direction
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # marked held, with its own facts (the results log builds on them)
    held_at: Mapped[datetime | None]
    children: Mapped[int | None]  # children taking part
    prize: Mapped[str | None] = mapped_column(String(300))  # prizes, diplomas: one line
    photo_file_id: Mapped[str | None] = mapped_column(String(255))  # Telegram file id


class WorkEventPartner(Base):
    """A partner of a joint event; once the event is held, a partner involved in it."""

    __tablename__ = "coach_event_partners"
    __table_args__ = (Index("ix_coach_event_partners_partner", "partner_id", "event_id"),)

    event_id: Mapped[int] = mapped_column(
        ForeignKey("coach_events.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )


class Evaluation(Base):
    """Expert evaluation of a partnership: four 1–5 criteria, a comment, the direction of
    further joint work (stage III, «пакет экспертных оценок»)."""

    __tablename__ = "coach_evaluations"
    __table_args__ = (
        Index("ix_coach_evaluations_partner_created", "partner_id", "created_at", "direction"),
        Index("ix_coach_evaluations_org_created", "organisation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    benefit: Mapped[int]  # benefit for the children
    reliability: Mapped[int]
    activity: Mapped[int]  # activity of the partner
    fit: Mapped[int]  # fit with the programmes
    comment: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[str | None] = mapped_column(String(32))  # further joint work
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AdoptedDocument(Base):
    """A typical document of social partnership the organisation has adopted."""

    __tablename__ = "coach_documents"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(
        String(32), primary_key=True
    )  # bot.domain.coach.DOCUMENT_KINDS
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    adopted_at: Mapped[datetime] = mapped_column(default=utcnow)


# Indexes the coach's snapshot (storage/coach.py `snapshot_statements`) reads other
# features' tables by: the per-partner facts come from indexes alone, and each list walks
# an index in the order it offers, stopping after a few rows.
COACH_INDEXES = (
    # per category and status: counts, responsible (covering)
    Index(
        "ix_partners_coach_groups",
        Partner.organisation_id,
        Partner.category,
        Partner.status,
        Partner.archived_at,
        Partner.responsible_id,
    ),
    # the lists per status, oldest in its status first
    Index(
        "ix_partners_org_status_changed",
        Partner.organisation_id,
        Partner.status,
        Partner.archived_at,
        Partner.status_changed_at,
    ),
    # partners nobody is responsible for, oldest first
    Index(
        "ix_partners_org_responsible",
        Partner.organisation_id,
        Partner.responsible_id,
        Partner.archived_at,
        Partner.created_at,
    ),
    # a partner's meetings held / agreed / not cancelled (covering)
    Index("ix_meetings_partner_status", Meeting.partner_id, Meeting.status, Meeting.outcome),
    # a partner's agreements in force / drafts (covering)
    Index("ix_agreements_partner_status", Agreement.partner_id, Agreement.status),
)
