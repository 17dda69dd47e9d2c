"""Domain codes stored in the database. Their Russian labels live in texts/method.py."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    TEACHER = "teacher"


class PartnerCategory(StrEnum):
    """The method's partnership model: participants of the social dialogue."""

    STATE = "state"  # state authorities
    MUNICIPAL = "municipal"  # local self-government
    BUSINESS = "business"  # commercial sector, employers
    NONPROFIT = "nonprofit"  # non-profit organisations
    EDUCATION = "education"  # schools, colleges, universities (the seed's «учреждения образования»)
    INSTITUTION = (
        "institution"  # institutions of other departments: culture, science, sport, health
    )
    PARENTS = "parents"  # parents
    GRADUATES = "graduates"  # graduates and interesting people


class PartnerSource(StrEnum):
    """Where the lead came from (step 1 of "how to start")."""

    NEARBY = "nearby"
    PARENT_WORK = "parent_work"
    GRADUATE = "graduate"
    OTHER = "other"


class Direction(StrEnum):
    """The six directions of interaction between the organisation and its partners."""

    CONTENT = "content"  # updating the content of programmes
    METHODICAL = "methodical"  # methodical support of teachers, real projects
    EVENTS = "events"  # partners' representatives at events, mentoring
    CAREER = "career"  # career guidance
    TRAINING = "training"  # training events for teachers on partners' premises
    EQUIPMENT = "equipment"  # material and technical equipment


class PartnerStatus(StrEnum):
    """Pipeline following the five steps of "how to start"."""

    POTENTIAL = "potential"
    OFFER_READY = "offer_ready"
    MEETING_PLANNED = "meeting_planned"
    NEGOTIATING = "negotiating"
    AGREEMENT_SIGNED = "agreement_signed"
    ACTIVE = "active"
    PAUSED = "paused"
    DECLINED = "declined"


PIPELINE_ORDER: tuple[PartnerStatus, ...] = (
    PartnerStatus.POTENTIAL,
    PartnerStatus.OFFER_READY,
    PartnerStatus.MEETING_PLANNED,
    PartnerStatus.NEGOTIATING,
    PartnerStatus.AGREEMENT_SIGNED,
    PartnerStatus.ACTIVE,
)


class FocusArea(StrEnum):
    """The six focus areas (направленности) of supplementary general education programmes."""

    TECHNICAL = "technical"
    SCIENCE = "science"  # естественнонаучная
    SPORTS = "sports"  # физкультурно-спортивная
    ARTS = "arts"  # художественная
    TOURISM = "tourism"  # туристско-краеведческая
    SOCIAL = "social"  # социально-гуманитарная
