"""All models, imported here so alembic and the app see one metadata."""

from storage.models.agreements import (
    Agreement,
    AgreementKind,
    AgreementSettings,
    AgreementStatus,
    DocumentTemplate,
    RenewalDecision,
)
from storage.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from storage.models.coach import (
    AdoptedDocument,
    CoachDismissal,
    Evaluation,
    StageOneAnswer,
    WorkEvent,
    WorkEventPartner,
)
from storage.models.fsm import FsmRecord
from storage.models.meetings import (
    DEFAULT_DURATION,
    DURATIONS,
    Meeting,
    MeetingFormat,
    MeetingItem,
    MeetingMember,
    MeetingOutcome,
    MeetingStatus,
    ReminderPrefs,
)
from storage.models.org import Member, Organisation
from storage.models.partners import (
    Partner,
    PartnerDirection,
    PartnerNote,
    PartnerStatusChange,
    PartnerTerm,
    Program,
    partner_programs,
)
from storage.models.reminders import Reminder, ReminderStatus
from storage.models.requisites import (
    MemberContact,
    OrganisationRequisites,
    OutgoingLetter,
    PartnerRequisites,
    PersonGender,
)
from storage.models.results import AuditAction, AuditEntry, PartnershipResult, ResultPartner
from storage.models.tasks import Task, TaskKind, TaskStatus

__all__ = [
    "DEFAULT_DURATION",
    "DURATIONS",
    "AdoptedDocument",
    "Agreement",
    "AgreementKind",
    "AgreementSettings",
    "AgreementStatus",
    "AuditAction",
    "AuditEntry",
    "Base",
    "CoachDismissal",
    "DocumentTemplate",
    "Evaluation",
    "FsmRecord",
    "Meeting",
    "MeetingFormat",
    "MeetingItem",
    "MeetingMember",
    "MeetingOutcome",
    "MeetingStatus",
    "Member",
    "MemberContact",
    "Organisation",
    "OrganisationRequisites",
    "OutgoingLetter",
    "Partner",
    "PartnerDirection",
    "PartnerNote",
    "PartnerRequisites",
    "PartnerStatusChange",
    "PartnerTerm",
    "PartnershipResult",
    "PersonGender",
    "Program",
    "Reminder",
    "ReminderPrefs",
    "ReminderStatus",
    "RenewalDecision",
    "ResultPartner",
    "StageOneAnswer",
    "Task",
    "TaskKind",
    "TaskStatus",
    "TimestampMixin",
    "UTCDateTime",
    "WorkEvent",
    "WorkEventPartner",
    "partner_programs",
    "utcnow",
]
