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
    Meeting,
    MeetingFormat,
    MeetingItem,
    MeetingOutcome,
    MeetingStatus,
    ReminderPrefs,
)
from storage.models.org import Member, Organisation
from storage.models.partners import (
    Partner,
    PartnerDirection,
    PartnerNameStem,
    PartnerNote,
    PartnerStatusChange,
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

__all__ = [
    "AdoptedDocument",
    "Agreement",
    "AgreementKind",
    "AgreementSettings",
    "AgreementStatus",
    "Base",
    "CoachDismissal",
    "DocumentTemplate",
    "Evaluation",
    "FsmRecord",
    "Meeting",
    "MeetingFormat",
    "MeetingItem",
    "MeetingOutcome",
    "MeetingStatus",
    "Member",
    "MemberContact",
    "Organisation",
    "OrganisationRequisites",
    "OutgoingLetter",
    "Partner",
    "PartnerDirection",
    "PartnerNameStem",
    "PartnerNote",
    "PartnerRequisites",
    "PartnerStatusChange",
    "PersonGender",
    "Program",
    "Reminder",
    "ReminderPrefs",
    "ReminderStatus",
    "RenewalDecision",
    "StageOneAnswer",
    "TimestampMixin",
    "UTCDateTime",
    "WorkEvent",
    "WorkEventPartner",
    "partner_programs",
    "utcnow",
]
