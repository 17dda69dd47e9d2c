"""How a partner moves along the pipeline: ONE table, applied here and nowhere else.

A status is never set without its evidence: each row says which recorded fact moves a
partner from which statuses to which. Services report the fact (`after(current, fact)`)
and store what comes back; /about shows the same table (texts/method.py words each row).

    fact                 from                          to               why
    offer_written        potential                     offer_ready      step 3 done: what we
                                                                        offer and ask, written
    meeting_planned      potential, offer_ready,       meeting_planned  step 4: a meeting is on
                         paused, declined                               the calendar (from
                                                                        negotiating and later
                                                                        the status stays: a
                                                                        follow-up meeting does
                                                                        not undo the talks)
    meeting_cancelled    meeting_planned (no other     offer_ready or   no «meeting planned»
                         planned)                      potential        without a meeting
    meeting_held         potential, offer_ready,       negotiating      a meeting took place and
                         meeting_planned, paused,                       its outcome is anything
                         declined                                       but a refusal (agreed,
                                                                        another meeting needed,
                                                                        a next step): step 5,
                                                                        the talks are on; after
                                                                        «another meeting» too —
                                                                        not back to «meeting
                                                                        planned» (no meeting is)
    meeting_declined     potential … negotiating       declined         the partner said no
    meeting_working      potential … agreement_signed, active           outcome "working
                         paused, declined                               together": the partner
                                                                        already works with us
    agreement_signed     any but active                agreement_signed the agreement registered
    event_held           agreement_signed              active           a joint event held
    agreement_ended      agreement_signed, active      paused           nothing in force
    by_hand_declined     any                           declined         the member said so
    by_hand_paused       any                           paused           the member said so

"offer_ready or potential" (`BACK`): the status the partner had before the meeting — offer
prepared when both the offer and the ask are written, otherwise potential.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage.enums import PartnerStatus

S = PartnerStatus


class Fact(StrEnum):
    OFFER_WRITTEN = "offer_written"  # what we offer and what we ask are both written
    MEETING_PLANNED = "meeting_planned"
    MEETING_CANCELLED = "meeting_cancelled"  # the last planned meeting was cancelled
    MEETING_HELD = "meeting_held"  # a meeting took place; outcome written, not a refusal
    MEETING_DECLINED = "meeting_declined"  # outcome: the partner declined
    MEETING_WORKING = "meeting_working"  # outcome: «работаем» — already working together
    AGREEMENT_SIGNED = "agreement_signed"  # an agreement registered (or prolonged)
    EVENT_HELD = "event_held"  # a joint event held under an agreement in force
    AGREEMENT_ENDED = "agreement_ended"  # the last agreement in force ended
    BY_HAND_DECLINED = "by_hand_declined"  # the member marked a refusal, with a reason
    BY_HAND_PAUSED = "by_hand_paused"  # the member paused the partnership, with a reason


BACK = "back"  # see the module's docstring

ALL = frozenset(S)
BEFORE_TALKS = frozenset({S.POTENTIAL, S.OFFER_READY, S.MEETING_PLANNED})


@dataclass(frozen=True, slots=True)
class Transition:
    fact: Fact
    sources: frozenset[S]
    target: S | str  # a status, or BACK


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Fact.OFFER_WRITTEN, frozenset({S.POTENTIAL}), S.OFFER_READY),
    Transition(
        Fact.MEETING_PLANNED,
        frozenset({S.POTENTIAL, S.OFFER_READY, S.PAUSED, S.DECLINED}),
        S.MEETING_PLANNED,
    ),
    Transition(Fact.MEETING_CANCELLED, frozenset({S.MEETING_PLANNED}), BACK),
    Transition(Fact.MEETING_HELD, BEFORE_TALKS | {S.PAUSED, S.DECLINED}, S.NEGOTIATING),
    Transition(Fact.MEETING_DECLINED, BEFORE_TALKS | {S.NEGOTIATING}, S.DECLINED),
    Transition(
        Fact.MEETING_WORKING,
        BEFORE_TALKS | {S.NEGOTIATING, S.AGREEMENT_SIGNED, S.PAUSED, S.DECLINED},
        S.ACTIVE,
    ),
    Transition(Fact.AGREEMENT_SIGNED, ALL - {S.ACTIVE}, S.AGREEMENT_SIGNED),
    Transition(Fact.EVENT_HELD, frozenset({S.AGREEMENT_SIGNED}), S.ACTIVE),
    Transition(Fact.AGREEMENT_ENDED, frozenset({S.AGREEMENT_SIGNED, S.ACTIVE}), S.PAUSED),
    Transition(Fact.BY_HAND_DECLINED, ALL, S.DECLINED),
    Transition(Fact.BY_HAND_PAUSED, ALL, S.PAUSED),
)


def after(current: str, fact: Fact, *, offer_written: bool = False) -> S | None:
    """The status this fact moves the partner to, or None when it stays where it is."""
    status = S(current)
    for row in TRANSITIONS:
        if row.fact == fact and status in row.sources:
            target = row.target
            if target == BACK:
                target = S.OFFER_READY if offer_written else S.POTENTIAL
            new = S(target)
            return new if new != status else None
    return None


def by_hand(current: str, target: str) -> S | None:
    """A status the member chose on the card (None: it already is). Refusal and pause are
    the usual ones; the table above stays the only way evidence moves a partner."""
    new = S(target)
    return new if new != S(current) else None


# ---------------------------------------------------------------- a status chosen by hand


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the records show about a partner (storage.partners.status_evidence)."""

    offer_written: bool = False  # what we offer and what we ask, both
    meeting_planned: bool = False  # a planned meeting not yet reported
    meeting_held: bool = False  # a meeting held with an outcome other than a refusal
    agreement_in_force: bool = False
    working: bool = False  # outcome «работаем» or a joint event held with the partner


class Gap(StrEnum):
    """Why a status chosen by hand contradicts the records (the member confirms it)."""

    NO_OFFER = "no_offer"
    NO_MEETING = "no_meeting"
    NO_HELD_MEETING = "no_held_meeting"
    NO_AGREEMENT = "no_agreement"
    NO_JOINT_WORK = "no_joint_work"
    AGREEMENT_IN_FORCE = "agreement_in_force"  # a status before the agreement


# «Отказ» and «Пауза» are the member's word, with a reason (asked, may be skipped)
WITH_REASON = frozenset({S.DECLINED, S.PAUSED})
_BEFORE_AGREEMENT = frozenset({S.POTENTIAL, S.OFFER_READY, S.MEETING_PLANNED, S.NEGOTIATING})


def gap(target: S, evidence: Evidence) -> Gap | None:
    """What the records lack for `target` (None: they show it, or it needs no evidence)."""
    if target in _BEFORE_AGREEMENT and evidence.agreement_in_force:
        return Gap.AGREEMENT_IN_FORCE
    needs = {
        S.OFFER_READY: (evidence.offer_written, Gap.NO_OFFER),
        S.MEETING_PLANNED: (evidence.meeting_planned, Gap.NO_MEETING),
        S.NEGOTIATING: (evidence.meeting_held or evidence.meeting_planned, Gap.NO_HELD_MEETING),
        S.AGREEMENT_SIGNED: (evidence.agreement_in_force, Gap.NO_AGREEMENT),
        S.ACTIVE: (evidence.working or evidence.agreement_in_force, Gap.NO_JOINT_WORK),
    }
    shown, missing = needs.get(target, (True, None))
    return None if shown else missing
