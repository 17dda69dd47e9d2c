"""Partners and programmes under forged and repeated callbacks: ids beyond any row (the
database keys are 32-bit on PostgreSQL; 2^63 and up overflow SQLite's driver), Unicode
digits, huge pages and double taps (Telegram's "message is not modified", simulated by
bot/local_api.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.local_api import LocalUser, Sent
from handlers.partners.callbacks import (
    CardAct,
    CardCb,
    CardPick,
    ChoiceAct,
    DupAct,
    DupCb,
    EditField,
    Field,
    FullAct,
    FullText,
    ListAct,
    ListCb,
    SetStatus,
    StatusOk,
)
from handlers.programs.callbacks import ProgAct, ProgCb
from handlers.shared.callbacks import EditOffer, OpenPartner
from handlers.shared.ids import row_id
from handlers.shared.pickers import MemberPick, PickScope, ProgrammePick
from storage import partners as db
from storage import programs
from storage.enums import PartnerCategory, PartnerStatus
from storage.models import Partner, PartnerNote, Program, partner_programs
from tests.conftest import onboard
from tests.test_partners_card import add_partner
from tests.test_partners_list import _seed
from texts import buttons

HUGE = (2**31, 2**32, 2**63 - 1, 2**63, 2**63 + 1, 2**64, 10**30)


def _forge(data: str, value: str) -> str:
    """Packed callback data with its last field replaced by `value`."""
    return data.rsplit(":", 1)[0] + ":" + value


def _apology(replies: list[Sent]) -> bool:
    return any("пошло не так" in (r.text or "") for r in replies)


def _not_found(replies: list[Sent]) -> bool:
    return any(
        r.method == "answerCallbackQuery" and r.show_alert and "Не найдено" in (r.text or "")
        for r in replies
    )


async def _state(app: App) -> tuple[object, ...]:
    async with app.sessionmaker() as session:
        partner = (await session.execute(select(Partner))).scalars().one()
        return (
            partner.name,
            partner.status,
            partner.category,
            partner.responsible_id,
            partner.archived_at,
            (await session.execute(select(func.count()).select_from(PartnerNote))).scalar(),
            (await session.execute(select(func.count()).select_from(partner_programs))).scalar(),
            (await session.execute(select(Program.name))).scalars().all(),
        )


@pytest.mark.parametrize(
    ("value", "number"),
    [("12", 12), ("0", 0), ("²", 0), ("١٢", 0), ("１２", 0), ("-1", 0), ("+1", 0), (" 1", 0),
     ("1_0", 0), ("", 0), ("2147483647", 2**31 - 1), ("2147483648", 0), ("9" * 10, 0),
     ("9" * 11, 0), ("0000000001", 1), ("00000000001", 0)],
)  # fmt: skip
def test_int_takes_only_plain_ascii_row_ids(value: str, number: int) -> None:
    assert row_id(value) == number


def test_valid_id_fits_a_postgresql_integer_key() -> None:
    assert db.valid_id(1) and db.valid_id(2**31 - 1)
    assert not any(db.valid_id(n) for n in (0, -1, 2**31, 2**63, 2**64))


async def test_programme_ids_of_a_partner_are_scoped_to_the_organisation(
    app: App, make_user: Callable[..., LocalUser]
) -> None:
    anna = make_user(1, "Анна")
    oleg = make_user(2, "Олег", "Смирнов")
    await onboard(anna)
    await onboard(oleg, org_name="ЦДТ «Гармония»", full_name="Олег Смирнов")
    await add_partner(anna, "Краеведческий музей")
    async with app.sessionmaker() as session:
        partner = (await session.execute(select(Partner))).scalars().one()
        program = await programs.insert_program(
            session,
            organisation_id=partner.organisation_id,
            name="Юный краевед",
            now=partner.created_at,
        )
        assert await db.toggle_program(session, partner, program)
        org, other = partner.organisation_id, partner.organisation_id + 1
        assert await db.partner_program_ids(session, org, partner.id) == {program.id}
        assert await db.partner_program_ids(session, other, partner.id) == set()
        assert await db.partner_program_ids(session, org, 2**64) == set()
        assert not await db.toggle_program(session, partner, program)  # unlinked again
        assert await db.partner_program_ids(session, org, partner.id) == set()


async def test_huge_ids_and_unicode_digits_find_nothing(app: App, user: LocalUser) -> None:
    await onboard(user)
    await add_partner(user, "Краеведческий музей")
    await user.send("/programs")
    await user.tap("Добавить программу")
    await user.send("Юный краевед")
    await user.send("🧭 Туристско-краеведческая")  # the focus area: required
    for _ in range(2):
        await user.send(buttons.SKIP)
    before = await _state(app)
    async with app.sessionmaker() as session:
        pid = (await session.execute(select(Partner.id))).scalar_one()
        prog_id = (await session.execute(select(Program.id))).scalar_one()
    assert prog_id == 1  # "١" (Arabic-Indic one) must not reach it
    forged: list[str] = []
    for n in HUGE:
        forged += [
            OpenPartner(id=n).pack(),
            EditOffer(partner_id=n).pack(),
            CardCb(action=CardAct.OPEN, id=n).pack(),
            CardCb(action=CardAct.DELETE, id=n).pack(),
            CardPick(action=ChoiceAct.CATEGORY, id=n, category=PartnerCategory.BUSINESS).pack(),
            MemberPick(scope=PickScope.PARTNER, subject=pid, id=n).pack(),
            ProgrammePick(scope=PickScope.PARTNER, subject=pid, id=n).pack(),
            FullText(action=FullAct.NOTE, id=pid, note=n).pack(),
            ProgCb(action=ProgAct.OPEN, id=n).pack(),
            ProgCb(action=ProgAct.DELETE_OK, id=n).pack(),
        ]
    for digits in ("²", "١", "１", "٣٤"):
        forged += [
            _forge(MemberPick(scope=PickScope.PARTNER, subject=pid, id=1).pack(), digits),
            _forge(ProgrammePick(scope=PickScope.PARTNER, subject=pid, id=1).pack(), digits),
            _forge(FullText(action=FullAct.NOTE, id=pid, note=1).pack(), digits),
        ]
    for data in forged:
        replies = await user.press(0, data)
        assert _not_found(replies) and not _apology(replies), data
    # Unicode digits in an id: stale (a plain int field) or not found (a RowId), never an error
    for data in ("pc:o:²", "po:١", "pr:o:٢", "px:c:²:business::"):
        replies = await user.press(0, data)
        assert replies[-1].show_alert and not _apology(replies), data
    assert await _state(app) == before

    # the add flow's duplicate question
    await user.send("/add Краеведческий музей")
    for n in HUGE:
        replies = await user.press(0, DupCb(action=DupAct.OPEN, id=n).pack())
        assert _not_found(replies) and not _apology(replies), n
    assert await _state(app) == before


async def test_huge_pages_are_refused_and_far_pages_are_empty(app: App, user: LocalUser) -> None:
    await onboard(user)
    await add_partner(user, "Краеведческий музей")
    for p in (100_001, 2**63, 2**64, 10**30, -1):
        for data in (ListCb(page=p).pack(), ListCb(page=p, search=True).pack()):
            replies = await user.press(0, data)
            assert replies[-1].show_alert and "устарела" in (replies[-1].text or ""), data
            assert not _apology(replies), data
    replies = await user.press(0, ListCb(page=100_000).pack())
    assert "Краеведческий музей" not in " ".join(replies[-1].buttons)
    assert not _apology(replies)
    await user.send("музе")  # one found: its card; the search is kept for q=1
    replies = await user.press(0, ListCb(page=100_000, search=True).pack())
    assert not _apology(replies) and "Краеведческий музей" not in " ".join(replies[-1].buttons)


async def test_double_taps_on_partner_screens_are_harmless(app: App, user: LocalUser) -> None:
    await onboard(user)
    card = (await add_partner(user, "Краеведческий музей"))[-1]
    assert card.message_id is not None
    for data in (
        CardCb(action=CardAct.OPEN, id=1).pack(),  # the card itself, unchanged: "not modified"
        CardCb(action=CardAct.EDIT, id=1).pack(),
        CardCb(action=CardAct.STATUS, id=1).pack(),
        EditField(id=1, field=Field.RESPONSIBLE).pack(),
        EditField(id=1, field=Field.PROGRAMS).pack(),
        EditField(id=1, field=Field.CATEGORY).pack(),
        CardCb(action=CardAct.DELETE, id=1).pack(),
        # the same category twice
        CardPick(action=ChoiceAct.CATEGORY, id=1, category=PartnerCategory.BUSINESS).pack(),
        SetStatus(id=1, status=PartnerStatus.NEGOTIATING).pack(),  # the same status twice
        StatusOk(id=1, status=PartnerStatus.NEGOTIATING).pack(),  # … confirmed twice
    ):
        first = await user.press(card.message_id, data)
        second = await user.press(card.message_id, data)
        assert not _apology(first) and not _apology(second), data
        assert second[-1].method == "answerCallbackQuery" or second[-1].method.startswith(
            "editMessage"
        ), data

    await _seed(app, [(f"Партнёр {i:02d}", "business") for i in range(10)])
    replies = await user.send(buttons.MENU_PARTNERS)
    page = replies[-1]
    assert page.message_id is not None
    for data in (
        ListCb(page=1).pack(),
        ListCb(action=ListAct.CATEGORIES).pack(),
        ListCb(action=ListAct.COUNTER).pack(),
    ):
        await user.press(page.message_id, data)
        replies = await user.press(page.message_id, data)
        assert [r.method for r in replies] == ["answerCallbackQuery"], data
        assert not replies[-1].show_alert, data


async def test_double_taps_on_programme_screens_are_harmless(app: App, user: LocalUser) -> None:
    await onboard(user)
    await user.send("/programs")
    await user.tap("Добавить программу")
    await user.send("Юный краевед")
    await user.send("🧭 Туристско-краеведческая")  # the focus area: required
    for _ in range(2):
        await user.send(buttons.SKIP)
    replies = await user.send("/programs")
    listing = replies[-1]
    assert listing.message_id is not None
    for data in (
        ProgCb(action=ProgAct.LIST).pack(),
        ProgCb(action=ProgAct.OPEN, id=1).pack(),
        ProgCb(action=ProgAct.DELETE, id=1).pack(),
    ):
        await user.press(listing.message_id, data)
        replies = await user.press(listing.message_id, data)
        assert [r.method for r in replies] == ["answerCallbackQuery"], data
        assert not replies[-1].show_alert and not _apology(replies), data
    async with app.sessionmaker() as session:
        assert (await session.execute(select(Program.name))).scalars().all() == ["Юный краевед"]
