"""Meetings with partners, their preparation checklists, and members' reminder settings."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from storage.models.base import Base, TimestampMixin


class MeetingFormat:
    VISIT = "visit"  # we visit them
    HOST = "host"  # they visit us
    ONLINE = "online"
    INVITE = "invite"  # invitation to our (bright) event

    ALL = (VISIT, HOST, ONLINE, INVITE)


class MeetingStatus:
    PLANNED = "planned"
    DONE = "done"  # the outcome was written
    CANCELLED = "cancelled"


class MeetingOutcome:
    AGREED = "agreed"
    AGAIN = "again"  # another meeting needed
    DECLINED = "declined"
    WORKING = "working"  # «работаем»: already working together

    ALL = (AGREED, AGAIN, DECLINED, WORKING)  # an index into ALL is stored in old buttons
    SHOWN = (AGREED, WORKING, AGAIN, DECLINED)  # the order the outcome buttons come in


DEFAULT_DURATION = 60
DURATIONS = (30, 60, 90, 120)  # minutes a meeting may last (the planning buttons)


class Meeting(TimestampMixin, Base):
    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_org_status_starts", "organisation_id", "status", "starts_at"),
        Index("ix_meetings_partner_starts", "partner_id", "starts_at"),
        Index("ix_meetings_org_status_ends", "organisation_id", "status", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime]  # UTC
    duration_min: Mapped[int] = mapped_column(default=DEFAULT_DURATION)
    # starts_at + duration_min, kept by `_keep_end`: a meeting in progress is not past
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))  # the planner's zone, for .ics and texts
    place: Mapped[str | None] = mapped_column(String(300))
    purpose: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16), default=MeetingFormat.VISIT)
    status: Mapped[str] = mapped_column(String(16), default=MeetingStatus.PLANNED)
    outcome: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
    next_step_at: Mapped[datetime | None]
    reported_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]

    items: Mapped[list[MeetingItem]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="MeetingItem.position"
    )
    members: Mapped[list[MeetingMember]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="MeetingMember.member_id"
    )

    @validates("starts_at", "duration_min")
    def _keep_end(self, key: str, value: object) -> object:
        """Whichever of the start and the duration is set, the end follows."""
        starts_at = value if key == "starts_at" else self.starts_at
        duration = value if key == "duration_min" else self.duration_min
        if isinstance(starts_at, datetime):
            minutes = duration if isinstance(duration, int) else DEFAULT_DURATION
            self.ends_at = starts_at + timedelta(minutes=minutes)
        return value


class MeetingMember(Base):
    """A member taking part in a meeting: the reminders go to each of them."""

    __tablename__ = "meeting_members"
    __table_args__ = (Index("ix_meeting_members_member", "member_id", "meeting_id"),)

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )


class MeetingItem(Base):
    """One line of the preparation checklist."""

    __tablename__ = "meeting_items"
    __table_args__ = (Index("ix_meeting_items_meeting", "meeting_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(16), default="custom")  # offer ask materials invite
    text: Mapped[str] = mapped_column(String(500))
    done: Mapped[bool] = mapped_column(default=False)


class ReminderPrefs(Base):
    """Which reminders a member wants and their quiet hours (minutes after local midnight).

    No row: the defaults (both reminders on, quiet 21:00–08:00).
    """

    __tablename__ = "reminder_prefs"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    eve: Mapped[bool] = mapped_column(default=True)  # the evening before, 18:00
    soon: Mapped[bool] = mapped_column(default=True)  # two hours before
    quiet_from: Mapped[int] = mapped_column(default=21 * 60)
    quiet_to: Mapped[int] = mapped_column(default=8 * 60)


DEFAULT_QUIET = (21 * 60, 8 * 60)
