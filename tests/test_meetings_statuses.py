"""The status table (bot/domain/statuses.py) as the meetings use it: planning, an outcome
(every one but a refusal is a meeting held: negotiations; «working together»: an active
partner; declined), cancelling the last planned meeting."""

from __future__ import annotations

import pytest

from bot.domain.statuses import Fact, after
from storage.enums import PartnerStatus as S

PLANNABLE_FROM = {S.POTENTIAL, S.OFFER_READY, S.PAUSED, S.DECLINED}
BEFORE_TALKS = {S.POTENTIAL, S.OFFER_READY, S.MEETING_PLANNED}
# a held meeting with an outcome: the talks are on, also with a partner paused or that had
# declined (a meeting logged afterwards never passed through «meeting planned»)
HELD_FROM = BEFORE_TALKS | {S.PAUSED, S.DECLINED}
DECLINED_FROM = BEFORE_TALKS | {S.NEGOTIATING}
WORKING_FROM = set(S) - {S.ACTIVE}


@pytest.mark.parametrize("status", list(S))
def test_planning_agreed_and_declined_move_from_the_same_statuses(status: S) -> None:
    planned = S.MEETING_PLANNED if status in PLANNABLE_FROM else None
    assert after(status, Fact.MEETING_PLANNED) == planned
    held = S.NEGOTIATING if status in HELD_FROM else None
    assert after(status, Fact.MEETING_HELD) == held
    declined = S.DECLINED if status in DECLINED_FROM else None
    assert after(status, Fact.MEETING_DECLINED) == declined
    working = S.ACTIVE if status in WORKING_FROM else None
    assert after(status, Fact.MEETING_WORKING) == working


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("agreed", S.NEGOTIATING),
        ("again", S.NEGOTIATING),  # not back to «meeting planned»: no meeting is planned
        ("working", S.ACTIVE),
        ("declined", S.DECLINED),
    ],
)
def test_every_outcome_from_meeting_planned(outcome: str, expected: S) -> None:
    from bot.services.meetings import OUTCOME_FACTS

    assert after(S.MEETING_PLANNED, OUTCOME_FACTS[outcome]) == expected


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("offer_written", [True, False])
def test_cancelling_the_last_meeting_goes_back_only_from_meeting_planned(
    status: S, offer_written: bool
) -> None:
    back = S.OFFER_READY if offer_written else S.POTENTIAL
    expected = back if status == S.MEETING_PLANNED else None
    assert after(status, Fact.MEETING_CANCELLED, offer_written=offer_written) == expected
