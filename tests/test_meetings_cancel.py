"""Cancelling the only planned meeting puts the partner back in the pipeline: its status
goes back (a dated change) and the coach suggests a meeting with it again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from storage.models import Partner, PartnerStatusChange
from tests.coach_helpers import add_partner as add_listed
from tests.coach_helpers import add_programme
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, meetings, plan

ANSWERS = [f"Ответ коллектива номер {q + 1}" for q in range(4)]
MUSEUM_READY = "Предложение для «Краеведческий музей» готово"


async def _past_stage_one(app: App, user: LocalUser, clock: FakeClock) -> int:
    """The team answered, a programme exists; the museum (offer and ask written) comes first
    in a list of five partners in three categories."""
    await onboard(user)
    for answer in ANSWERS:
        await user.send("/next")
        await user.tap("✍️ Ответить")
        await user.send(answer)
    await add_programme(app, "Юные краеведы", at=clock.now())
    museum = await add_partner(app)
    for i, category in enumerate(("business", "business", "parents", "parents"), 1):
        await add_listed(
            app,
            f"Партнёр {i}",
            category,
            at=clock.now() + timedelta(seconds=i),
            offer="Выставка",
            ask="Площадка",
            status="offer_ready",
        )
    return museum


async def _status(app: App, partner_id: int) -> str:
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, partner_id)
        assert partner is not None
        return partner.status


async def _cancel_first_meeting(user: LocalUser) -> str:
    await user.send("/meetings")
    await user.tap("Краеведческий музей")
    await user.tap("Отменить встречу")
    replies = await user.tap("Да, отменить")
    return replies[-1].plain


async def test_cancel_reverts_the_status_and_the_coach_suggests_the_meeting_again(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    museum = await _past_stage_one(app, user, clock)
    replies = await user.send("/next")
    assert MUSEUM_READY in replies[-1].plain
    await plan(user, museum)
    assert await _status(app, museum) == "meeting_planned"
    replies = await user.send("/next")
    assert MUSEUM_READY not in replies[-1].plain  # the meeting is planned

    text = await _cancel_first_meeting(user)
    assert "отменена" in text
    assert "статус снова «Предложение готово»" in text
    assert await _status(app, museum) == "offer_ready"
    replies = await user.tap("К карточке")
    assert "Статус: Предложение готово" in replies[-1].plain
    async with app.sessionmaker() as session:
        changes = (
            await session.execute(
                select(PartnerStatusChange)
                .where(PartnerStatusChange.partner_id == museum)
                .order_by(PartnerStatusChange.id)
            )
        ).scalars()
        last = list(changes)[-1]
        assert (last.old_status, last.new_status) == ("meeting_planned", "offer_ready")
        assert last.changed_at == clock.now()  # dated

    replies = await user.send("/next")
    assert MUSEUM_READY in replies[-1].plain  # a meeting is suggested again
    assert "запланируйте встречу" in replies[-1].plain
    assert "📅 Запланировать встречу" in replies[-1].buttons


async def test_status_stays_while_another_meeting_is_planned(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    museum = await add_partner(app)
    await plan(user, museum)
    await plan(user, museum, "1 декабря в 10:00")
    text = await _cancel_first_meeting(user)
    assert "статус снова" not in text
    assert await _status(app, museum) == "meeting_planned"

    text = await _cancel_first_meeting(user)  # the last one
    assert "статус снова «Предложение готово»" in text
    assert await _status(app, museum) == "offer_ready"
    assert [m.status for m in await meetings(app)] == ["cancelled", "cancelled"]


async def test_without_offer_and_ask_the_partner_goes_back_to_potential(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    museum = await add_partner(app, offer=None)
    await plan(user, museum)
    assert await _status(app, museum) == "meeting_planned"
    text = await _cancel_first_meeting(user)
    assert "статус снова «Потенциальный»" in text
    assert await _status(app, museum) == "potential"


async def test_a_partner_already_further_keeps_its_status(app: App, user: LocalUser) -> None:
    await onboard(user)
    museum = await add_partner(app)
    await plan(user, museum)
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, museum)
        assert partner is not None
        partner.status = "negotiating"  # moved on by hand meanwhile
        await session.commit()
    text = await _cancel_first_meeting(user)
    assert "статус снова" not in text
    assert await _status(app, museum) == "negotiating"
