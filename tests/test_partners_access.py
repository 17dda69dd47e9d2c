"""Two organisations: each sees and changes only its own partners, whatever the callback says."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from bot.app import App
from bot.local_api import LocalUser
from handlers.partners.callbacks import (
    CardAct,
    CardCb,
    CardPick,
    ChoiceAct,
    EditField,
    Field,
    FullAct,
    FullText,
    SetStatus,
)
from handlers.programs.callbacks import ProgAct, ProgCb, ProgEdit, ProgField
from handlers.shared.callbacks import EditOffer, OpenPartner
from handlers.shared.pickers import MemberPick, PickScope, ProgrammePick
from storage.enums import Direction, PartnerCategory, PartnerStatus
from storage.models import Partner, PartnerNote, PartnerStatusChange, Program, partner_programs
from tests.conftest import onboard
from tests.test_partners_card import add_partner


def _forge(data: str, value: str) -> str:
    """Packed callback data with its last field replaced by `value`."""
    return data.rsplit(":", 1)[0] + ":" + value


async def _snapshot(app: App) -> tuple[object, ...]:
    async with app.sessionmaker() as session:
        partner = (await session.execute(select(Partner))).scalars().one()
        notes = (await session.execute(select(func.count()).select_from(PartnerNote))).scalar()
        changes = (
            await session.execute(select(func.count()).select_from(PartnerStatusChange))
        ).scalar()
        links = (await session.execute(select(func.count()).select_from(partner_programs))).scalar()
        program = (await session.execute(select(Program.name))).scalars().all()
    return (
        partner.id,
        partner.name,
        partner.status,
        partner.category,
        partner.archived_at,
        partner.responsible_id,
        [d.direction for d in partner.directions],
        notes,
        changes,
        links,
        program,
    )


async def test_second_organisation_never_sees_nor_changes_the_first(
    app: App, make_user: Callable[..., LocalUser]
) -> None:
    anna = make_user(1, "Анна")
    oleg = make_user(2, "Олег", "Смирнов")
    await onboard(anna)
    await onboard(oleg, org_name="ЦДТ «Гармония»", full_name="Олег Смирнов")
    await add_partner(anna, "Краеведческий музей")
    await anna.send("/programs")
    await anna.tap("Добавить программу")
    await anna.send("Юный краевед")
    await anna.send("🧭 Туристско-краеведческая")  # the focus area: required
    for _ in range(2):
        await anna.send("⏭ Пропустить")
    before = await _snapshot(app)
    pid = int(before[0])  # type: ignore[call-overload]

    replies = await oleg.send("краевед")
    assert "в базе нет" in replies[-1].plain
    replies = await oleg.send("/partners")
    assert "Партнёров пока нет" in replies[-1].plain

    forged = [
        OpenPartner(id=pid).pack(),
        EditOffer(partner_id=pid).pack(),
        CardCb(action=CardAct.OPEN, id=pid).pack(),
        CardCb(action=CardAct.EDIT, id=pid).pack(),
        EditField(id=pid, field=Field.PHONE).pack(),
        CardCb(action=CardAct.NOTE, id=pid).pack(),
        SetStatus(id=pid, status=PartnerStatus.DECLINED).pack(),
        MemberPick(scope=PickScope.PARTNER, subject=pid, id=2).pack(),
        ProgrammePick(scope=PickScope.PARTNER, subject=pid, id=1).pack(),
        CardCb(action=CardAct.ARCHIVE, id=pid).pack(),
        CardCb(action=CardAct.DELETE, id=pid).pack(),
        CardCb(action=CardAct.DELETE_OK, id=pid).pack(),
        FullText(action=FullAct.OFFER, id=pid).pack(),
        CardPick(action=ChoiceAct.CATEGORY, id=pid, category=PartnerCategory.BUSINESS).pack(),
        CardPick(action=ChoiceAct.DIRECTION, id=pid, direction=Direction.CAREER).pack(),
        ProgCb(action=ProgAct.OPEN, id=1).pack(),
        ProgEdit(id=1, field=ProgField.NAME).pack(),
        ProgCb(action=ProgAct.DELETE_OK, id=1).pack(),
    ]
    for data in forged:
        replies = await oleg.press(0, data)
        assert replies[-1].method == "answerCallbackQuery", data
        assert "Не найдено" in (replies[-1].text or ""), data
        # and nothing typed next is taken as an answer about someone else's partner
        assert await oleg.send("/cancel")
    assert await _snapshot(app) == before

    # Анна's own buttons still work; someone else's member cannot become responsible
    replies = await anna.press(0, MemberPick(scope=PickScope.PARTNER, subject=pid, id=2).pack())
    assert "Не найдено" in (replies[-1].text or "")
    for data in (
        _forge(MemberPick(scope=PickScope.PARTNER, subject=pid, id=1).pack(), "abc"),
        _forge(ProgrammePick(scope=PickScope.PARTNER, subject=pid, id=1).pack(), "-1"),
        FullText(action=FullAct.NOTE, id=pid, note=999).pack(),
        _forge(SetStatus(id=pid, status=PartnerStatus.DECLINED).pack(), "bogus"),
        "pc:o:not-a-number",
        "po:99999999999999999999999",
    ):
        replies = await anna.press(0, data)
        assert replies[-1].method == "answerCallbackQuery", data
        assert replies[-1].text and "пошло не так" not in replies[-1].text, data
    replies = await anna.press(0, "pl:p:3:bogus:<b>:x:0:0")  # forged filters
    assert "bogus" not in replies[-1].plain and "<b>" not in replies[-1].plain
    replies = await anna.press(0, OpenPartner(id=pid).pack())
    assert "Краеведческий музей" in replies[-1].plain
    assert await _snapshot(app) == before


async def test_unregistered_user_gets_nothing(
    app: App, make_user: Callable[..., LocalUser]
) -> None:
    anna = make_user(1, "Анна")
    await onboard(anna)
    await add_partner(anna, "Краеведческий музей")
    stranger = make_user(3, "Гость")
    replies = await stranger.send("краевед")
    assert "/start" in replies[-1].plain
    replies = await stranger.press(0, OpenPartner(id=1).pack())
    assert "Краеведческий" not in (replies[-1].text or "")
