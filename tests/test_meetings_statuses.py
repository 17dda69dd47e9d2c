"""The status table (bot/domain/statuses.py) gives the meetings exactly the moves they made
before it existed: the sets below are the ones the meetings feature used to apply itself."""

from __future__ import annotations

import pytest

from bot.domain.statuses import Fact, after
from storage.enums import PartnerStatus as S

PLANNABLE_FROM = {S.POTENTIAL, S.OFFER_READY, S.PAUSED, S.DECLINED}
AGREED_FROM = {S.POTENTIAL, S.OFFER_READY, S.MEETING_PLANNED}
DECLINED_FROM = AGREED_FROM | {S.NEGOTIATING}


@pytest.mark.parametrize("status", list(S))
def test_planning_agreed_and_declined_move_from_the_same_statuses(status: S) -> None:
    planned = S.MEETING_PLANNED if status in PLANNABLE_FROM else None
    assert after(status, Fact.MEETING_PLANNED) == planned
    held = S.NEGOTIATING if status in AGREED_FROM else None
    assert after(status, Fact.MEETING_HELD) == held
    declined = S.DECLINED if status in DECLINED_FROM else None
    assert after(status, Fact.MEETING_DECLINED) == declined


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("offer_written", [True, False])
def test_cancelling_the_last_meeting_goes_back_only_from_meeting_planned(
    status: S, offer_written: bool
) -> None:
    back = S.OFFER_READY if offer_written else S.POTENTIAL
    expected = back if status == S.MEETING_PLANNED else None
    assert after(status, Fact.MEETING_CANCELLED, offer_written=offer_written) == expected
