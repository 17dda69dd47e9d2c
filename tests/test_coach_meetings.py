"""Rules that read the meetings and agreements features' tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from bot.services import coach as coach_service
from handlers.shared.callbacks import Draft, OpenAgreement, ReportMeeting
from storage.models import Agreement, Meeting
from tests.coach_helpers import add_partner, add_programme, member_of, update_partner
from tests.conftest import onboard
from tests.test_agreements_flow import through

ANSWERS = [f"Ответ коллектива номер {q + 1}" for q in range(4)]


async def ready(app: App, user: LocalUser, clock: FakeClock) -> list[int]:
    """An organisation past stage I with a list of 5 partners in 3 categories, offers written."""
    await onboard(user)
    for answer in ANSWERS:
        await user.send("/next")
        await user.tap("✍️ Ответить")
        await user.send(answer)
    await add_programme(app, "Юные краеведы", at=clock.now())
    ids = []
    for i, category in enumerate(("business", "business", "institution", "parents", "parents")):
        ids.append(
            await add_partner(
                app,
                f"Партнёр {i}",
                category,
                at=clock.now() + timedelta(seconds=i),
                offer="Выставка",
                ask="Площадка",
                status="offer_ready",
            )
        )
    return ids


async def add_meeting(app: App, partner_id: int, starts_in: timedelta, clock: FakeClock) -> int:
    member = await member_of(app)
    async with app.sessionmaker() as session:
        meeting = Meeting(
            organisation_id=member.organisation_id,
            partner_id=partner_id,
            member_id=member.id,
            starts_at=clock.now() + starts_in,
            timezone="Asia/Yekaterinburg",
        )
        session.add(meeting)
        await session.commit()
        return meeting.id


async def test_planned_meeting_removes_the_suggestion_and_its_outcome_is_asked_after(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    ids = await ready(app, user, clock)
    replies = await user.send("/next")
    assert "Предложение для «Партнёр 0» готово" in replies[-1].plain
    meeting_id = await add_meeting(app, ids[0], timedelta(days=2), clock)
    replies = await user.send("/next")
    assert "Предложение для «Партнёр 1» готово" in replies[-1].plain

    clock.advance(timedelta(days=2, hours=2))
    replies = await user.send("/next")
    assert "Встреча с «Партнёр 0» прошла, а её итоги не записаны" in replies[-1].plain
    markup = replies[-1].markup
    assert markup is not None
    assert markup.inline_keyboard[0][0].callback_data == ReportMeeting(id=meeting_id).pack()


async def test_long_negotiation_with_a_registered_agreement_is_not_nagged(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    ids = await ready(app, user, clock)
    for pid in ids:
        await add_meeting(app, pid, timedelta(days=1), clock)
    await update_partner(app, ids[2], status="negotiating", status_changed_at=clock.now())
    clock.advance(timedelta(days=30))
    async with app.sessionmaker() as session:  # the meetings took place and were reported
        for meeting in (await session.execute(Meeting.__table__.select())).all():
            row = await session.get(Meeting, meeting.id)
            assert row is not None
            row.status = "done"
        await session.commit()
    replies = await user.send("/next")
    assert "Переговоры с «Партнёр 2» идут уже 30 дней" in replies[-1].plain

    member = await member_of(app)
    async with app.sessionmaker() as session:
        session.add(
            Agreement(
                organisation_id=member.organisation_id,
                partner_id=ids[2],
                subject="Совместные выставки",
                status="active",
            )
        )
        await session.commit()
    replies = await user.send("/next")
    assert "Переговоры с" not in replies[-1].plain
    assert "Пригласите коллег" in replies[-1].plain
    replies = await user.tap("Не сейчас")
    # an agreement in force: the partner is expected in the work plan
    assert "«Партнёр 2»" in replies[-1].plain and "совместного мероприятия" in replies[-1].plain
    replies = await user.send("/plan")
    assert "подписано и действует договоров: 1 (нужен хотя бы 1; ориентир бота)" in (
        replies[-1].plain
    )
    assert "встречи проведены с партнёрами 3 категорий (нужно от 3" in replies[-1].plain


async def test_agreement_ending_soon_asks_for_a_decision(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    ids = await ready(app, user, clock)
    member = await member_of(app)
    async with app.sessionmaker() as session:
        agreement = Agreement(
            organisation_id=member.organisation_id,
            partner_id=ids[3],
            subject="Совместные праздники",
            status="active",
            valid_until=clock.now().date() + timedelta(days=45),
        )
        session.add(agreement)
        await session.commit()
        agreement_id = agreement.id
    replies = await user.send("/next")
    assert "заканчивается" not in replies[-1].plain  # 45 days: not yet
    clock.advance(timedelta(days=25))
    replies = await user.send("/next")
    assert "Договор с «Партнёр 3» заканчивается через 20 дней" in replies[-1].plain
    markup = replies[-1].markup
    assert markup is not None
    assert markup.inline_keyboard[0][0].callback_data == OpenAgreement(id=agreement_id).pack()
    async with app.sessionmaker() as session:  # the member decided to let it end
        row = await session.get(Agreement, agreement_id)
        assert row is not None
        row.renewal_decision = "let_end"
        await session.commit()
    replies = await user.send("/next")
    assert "заканчивается" not in replies[-1].plain


async def test_days_left_are_counted_from_the_members_local_date(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    """27.11 03:05 in Tyumen is still 26.11 in UTC: the agreement card says 20 days to
    17.12, and so must the coach."""
    ids = await ready(app, user, clock)
    member = await member_of(app)
    clock.set(datetime(2026, 11, 26, 22, 5, tzinfo=UTC))  # 27.11 03:05 in Tyumen
    async with app.sessionmaker() as session:
        session.add(
            Agreement(
                organisation_id=member.organisation_id,
                partner_id=ids[2],
                subject="Совместные праздники",
                status="active",
                valid_until=date(2026, 12, 17),
            )
        )
        await session.commit()
    replies = await user.send("/next")
    assert "Договор с «Партнёр 2» заканчивается через 20 дней" in replies[-1].plain


async def test_meetings_planned_are_not_claimed_as_held(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    """The client's case: meetings planned with all five partners, the second one held —
    /plan said «шаги 1–4 пройдены со всеми партнёрами из списка». It counts instead."""
    ids = await ready(app, user, clock)
    meetings = [await add_meeting(app, pid, timedelta(days=1), clock) for pid in ids]
    for pid in ids:
        await update_partner(app, pid, status="meeting_planned")
    replies = await user.send("/plan")
    text = replies[-1].plain
    assert "встречи проведены: 0 из 5" in text and "переговоры: 0 из 5" in text
    assert "пройдены" not in text
    clock.advance(timedelta(days=1, hours=2))
    async with app.sessionmaker() as session:  # two meetings held, the second "agreed"
        for meeting_id, outcome in ((meetings[0], "again"), (meetings[1], "agreed")):
            row = await session.get(Meeting, meeting_id)
            assert row is not None
            row.status, row.outcome = "done", outcome
        await session.commit()
    await update_partner(app, ids[1], status="negotiating")
    replies = await user.send("/plan")
    text = replies[-1].plain
    assert "в списке 5 партнёров из 3 категорий (ориентир бота — от 5 из 3); встречи " in text
    assert "встречи проведены: 2 из 5; переговоры: 1 из 5" in text
    assert "пройдены" not in text
    member = await member_of(app)
    async with app.sessionmaker() as session:
        snap = await coach_service.snapshot(
            session, member.organisation_id, clock.now(), "Asia/Yekaterinburg"
        )
    assert (snap.met, snap.negotiated, snap.partners) == (2, 1, 5)


async def test_a_meeting_going_on_is_not_past(app: App, user: LocalUser, clock: FakeClock) -> None:
    """A meeting that began half an hour ago and lasts an hour is not over: its outcome is
    asked once it ended."""
    ids = await ready(app, user, clock)
    await add_meeting(app, ids[0], -timedelta(minutes=30), clock)  # 60 minutes long
    replies = await user.send("/next")
    assert "прошла" not in replies[-1].plain
    clock.advance(timedelta(minutes=31))
    replies = await user.send("/next")
    assert "Встреча с «Партнёр 0» прошла, а её итоги не записаны" in replies[-1].plain


async def test_a_downloaded_draft_is_not_a_signed_agreement(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    """The client's case: a draft downloaded from the partner card was counted as an
    agreement prepared and signed."""
    ids = await ready(app, user, clock)
    await update_partner(
        app, ids[2], status="negotiating", status_changed_at=clock.now() - timedelta(days=30)
    )
    replies = await user.send("/partners")
    replies = await user.press(
        replies[-1].message_id or 0, Draft(kind="agr", partner_id=ids[2]).pack()
    )
    assert (await through(user, replies)).file_data  # the draft downloaded
    async with app.sessionmaker() as session:
        statuses = [a.status for a in (await session.execute(select(Agreement))).scalars()]
    assert statuses == ["draft"]
    replies = await user.send("/plan")
    text = replies[-1].plain
    assert "⬜ Подготовлены договоры о сотрудничестве — подписано и действует договоров: 0" in text
    assert "черновиков: 1 — черновик ещё не договор" in text
    # the coach asks to sign the draft, not to prepare another one
    replies = await user.send("/next")
    while "Переговоры с «Партнёр 2»" not in replies[-1].plain:
        replies = await user.tap("Другой совет")
    assert "черновик договора уже готов, но договор не подписан" in replies[-1].plain
    assert "📄 Открыть черновик договора" in replies[-1].buttons
