"""The partner database's callback data fits Telegram's 64 bytes with the largest values,
ids come back strictly parsed, and the shared pickers mark the chosen items."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from handlers.partners.callbacks import (
    CardPick,
    ChoiceAct,
    EditField,
    Field,
    FullAct,
    FullText,
    ListAct,
    ListCb,
    SetStatus,
)
from handlers.programs.callbacks import ProgEdit, ProgField
from handlers.shared.pickers import (
    MemberPick,
    PickScope,
    ProgrammePick,
    member_picker,
    programme_picker,
)
from storage.enums import Direction, PartnerCategory, PartnerSource, PartnerStatus
from storage.partners import MAX_ID
from texts import partners as labels


def test_the_longest_callback_data_fits() -> None:
    longest: list[CallbackData] = [
        ListCb(
            action=ListAct.DIRECTIONS,
            page=100_000,
            category=PartnerCategory.INSTITUTION,
            status=PartnerStatus.AGREEMENT_SIGNED,
            direction=Direction.METHODICAL,
            archived=True,
            search=True,
        ),
        CardPick(
            action=ChoiceAct.DONE,
            id=MAX_ID,
            category=PartnerCategory.INSTITUTION,
            source=PartnerSource.PARENT_WORK,
            direction=Direction.METHODICAL,
        ),
        EditField(id=MAX_ID, field=Field.CONTACT_PERSON),
        SetStatus(id=MAX_ID, status=PartnerStatus.AGREEMENT_SIGNED),
        FullText(action=FullAct.NOTE, id=MAX_ID, note=MAX_ID),
        MemberPick(scope=PickScope.PARTNER, subject=MAX_ID, id=MAX_ID),
        ProgrammePick(scope=PickScope.PARTNER, subject=MAX_ID, id=MAX_ID),
        ProgEdit(id=MAX_ID, field=ProgField.DESCRIPTION),
    ]
    for data in longest:
        assert len(data.pack().encode()) <= 64, data


def test_ids_come_back_strictly_parsed() -> None:
    assert MemberPick.unpack("mp:p:12:7") == MemberPick(scope=PickScope.PARTNER, subject=12, id=7)
    for forged in ("²", "١٢", "-1", "+1", "9" * 11, str(MAX_ID + 1), "abc"):
        assert MemberPick.unpack(f"mp:p:12:{forged}").id == 0, forged


def test_pickers_mark_the_chosen_and_end_with_the_way_back() -> None:
    back = (labels.TO_CARD, EditField(id=5, field=Field.NAME))
    markup = member_picker(
        PickScope.PARTNER, 5, [(1, "Анна"), (2, "Олег")], chosen={2}, mark="✅ ", back=back
    )
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [
        ["Анна"],
        ["✅ Олег"],
        [labels.TO_CARD],
    ]
    assert markup.inline_keyboard[1][0].callback_data == "mp:p:5:2"
    markup = programme_picker(PickScope.PARTNER, 5, [(3, "Юный краевед")], chosen=set())
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Юный краевед"]]
    assert markup.inline_keyboard[0][0].callback_data == "pp:p:5:3"
