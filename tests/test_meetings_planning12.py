"""Planning a meeting, as the client's issue 12 asks: the date echo says what was assumed and
offers the other reading of an ambiguous phrase; a duration of 30/60/90/120 min; an overlap
warned of; the format before the place (online: a link); everyone taking part reminded; the
checklist names our next joint event; a meeting in progress is not past.

Today in the tests: Thursday 26 November 2026, 10:00 in Tyumen (UTC+5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import update

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from handlers.shared.callbacks import NewMeeting
from storage import meetings as db
from storage.models import Member, Organisation, ReminderStatus, WorkEvent, WorkEventPartner
from tests.conftest import onboard
from tests.meetings_helpers import (
    add_partner,
    engine_of,
    meetings,
    member_row,
    plan,
    quick,
    reminder_rows,
)


async def _start(app: App, user: LocalUser) -> int:
    await onboard(user)
    pid = await add_partner(app)
    await user.press(1, NewMeeting(partner_id=pid).pack())
    return pid


async def _finish(user: LocalUser, duration: str = "Верно") -> str:
    """Confirm (for `duration`), we go to them, at their address, no purpose: the card."""
    await user.tap(duration)
    await user.tap("Мы едем к ним")
    await user.tap("ул. Ленина")
    return (await user.tap("Пропустить"))[-1].plain


# --------------------------------------------------------------------------- the date echo


async def test_tomorrow_15_00_with_a_dot_is_tomorrow_at_15(app: App, user: LocalUser) -> None:
    await _start(app, user)
    replies = await user.send("завтра 15.00")
    assert "Я понял так: пятница, 27 ноября 2026, 15:00" in replies[-1].plain
    await _finish(user)
    [meeting] = await meetings(app)
    assert meeting.starts_at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


async def test_part_of_day_is_said_and_a_typed_time_changes_it(app: App, user: LocalUser) -> None:
    await _start(app, user)
    replies = await user.send("завтра утром")
    text = replies[-1].plain
    assert "пятница, 27 ноября 2026, 09:00" in text
    assert "«Утром» — ставлю 09:00" in text
    replies = await user.send("завтра в 10:30")  # another time typed at the echo
    assert "пятница, 27 ноября 2026, 10:30" in replies[-1].plain
    assert "Утром" not in replies[-1].plain

    # a day picked on the calendar, then «вечером» at the time question
    await user.tap("Изменить")
    replies = await user.tap("28")
    assert "Во сколько" in replies[-1].plain
    replies = await user.send("вечером")
    assert "суббота, 28 ноября 2026, 18:00" in replies[-1].plain
    assert "«Вечером» — ставлю 18:00" in replies[-1].plain
    await _finish(user)
    [meeting] = await meetings(app)
    assert meeting.starts_at == datetime(2026, 11, 28, 13, 0, tzinfo=UTC)


async def test_an_ambiguous_weekday_offers_the_other_reading_that_switches(
    app: App, user: LocalUser
) -> None:
    await _start(app, user)
    replies = await user.send("в четверг в 17")  # Thursday: today, or next week's
    text = replies[-1].plain
    assert "четверг, 26 ноября 2026, 17:00" in text
    assert "ближайший вторник" in text  # the weekday rule, said
    assert "Нет, четверг, 3 декабря, 17:00" in replies[-1].buttons
    replies = await user.tap("Нет, четверг, 3 декабря, 17:00")
    assert "Я понял так: четверг, 3 декабря 2026, 17:00" in replies[-1].plain
    assert "Нет, четверг, 26 ноября, 17:00" in replies[-1].buttons  # and back, if wrong
    await _finish(user)
    [meeting] = await meetings(app)
    assert meeting.starts_at == datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


async def test_an_hour_without_morning_or_evening_offers_the_afternoon(
    app: App, user: LocalUser
) -> None:
    await _start(app, user)
    await user.tap("28")
    replies = await user.send("в 3")
    assert "суббота, 28 ноября 2026, 03:00" in replies[-1].plain
    assert "после полудня" in replies[-1].plain
    replies = await user.tap("Нет, суббота, 28 ноября, 15:00")
    assert "суббота, 28 ноября 2026, 15:00" in replies[-1].plain
    await _finish(user)
    [meeting] = await meetings(app)
    assert meeting.starts_at == datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


# --------------------------------------------------------------------------- duration, progress


async def test_duration_sets_the_end_the_follow_up_and_the_calendar_file(
    app: App, user: LocalUser
) -> None:
    await _start(app, user)
    replies = await user.send("завтра в 15:00")
    assert replies[-1].buttons[:4] == ["✅ Верно, на 1 час", "⏱ 30 мин", "⏱ 1,5 часа", "⏱ 2 часа"]
    card = await _finish(user, "2 часа")
    assert "пятница, 27 ноября 2026, 15:00–17:00" in card
    [meeting] = await meetings(app)
    assert meeting.duration_min == 120
    assert meeting.ends_at == datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    followup = [r.due_at for r in await reminder_rows(app) if r.kind == "meeting.followup"]
    assert followup == [meeting.ends_at]  # «how did it go?» when it ends
    replies = await user.tap("В календарь телефона")
    assert replies[-1].file_data is not None
    [event] = Calendar.from_ical(replies[-1].file_data).walk("VEVENT")
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=2)

    # moved: the duration can change too
    await user.tap("Перенести")
    await user.send("завтра в 16:00")
    replies = await user.tap("30 мин")
    assert "16:00–16:30" in replies[-1].plain and "перенесена" in replies[-1].plain
    [meeting] = await meetings(app)
    assert (meeting.duration_min, meeting.ends_at) == (
        30,
        datetime(2026, 11, 27, 11, 30, tzinfo=UTC),
    )


async def test_a_meeting_in_progress_is_not_past(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    """15:30–16:30 asked at 16:06: in progress — no «how did it go?» before its end."""
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid, "завтра в 15:30")
    [meeting] = await meetings(app)
    quick(app)
    engine = engine_of(app)
    clock.set(datetime(2026, 11, 27, 11, 6, tzinfo=UTC))  # 16:06 local
    await engine.run_due()  # the reminders before it (sent late) ask nothing yet
    assert not any("Как прошла" in s.plain for s in user.session.sent)

    replies = await user.send("/meetings")
    assert "пятница, 27 ноября 2026, 15:30 — Краеведческий музей — идёт сейчас" in (
        replies[-1].plain
    )
    replies = await user.tap("Краеведческий музей")
    assert "идёт сейчас" in replies[-1].plain
    assert not any("Рассказать, как прошло" in b for b in replies[-1].buttons)
    replies = await user.tap("Прошедшие")
    assert "Прошедших встреч пока нет" in replies[-1].plain
    async with app.sessionmaker() as session:
        assert await db.unreported(session, meeting.organisation_id, clock.now()) == []

    clock.set(datetime(2026, 11, 27, 11, 30, tzinfo=UTC))  # 16:30: it has ended
    assert (await engine.run_due()).sent == 1
    assert "Как прошла встреча" in user.session.sent[-1].plain
    replies = await user.send("/meetings")
    assert "Запланированных встреч нет" in replies[-1].plain
    await user.tap("Прошедшие")
    replies = await user.tap("Краеведческий музей")
    assert any("Рассказать, как прошло" in b for b in replies[-1].buttons)
    async with app.sessionmaker() as session:
        found = await db.unreported(session, meeting.organisation_id, clock.now())
        assert [row.meeting.id for row in found] == [meeting.id]


# --------------------------------------------------------------------------- overlap


async def test_an_overlap_with_another_meeting_is_warned_of(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    other = await add_partner(app, name="Библиотека", address=None)
    await plan(user, pid, "завтра в 15:00")  # 15:00–16:00

    await user.press(1, NewMeeting(partner_id=other).pack())
    await user.send("завтра в 15:30")
    replies = await user.tap("Верно")
    text = replies[-1].plain
    assert "В это время у вас уже есть встреча" in text
    assert "«Краеведческий музей», пятница, 27 ноября 2026, 15:00–16:00" in text
    replies = await user.tap("Другое время")
    assert "Когда?" in replies[-1].plain
    await user.send("завтра в 16:00")  # right after it: no overlap
    replies = await user.tap("Верно")
    assert "формат" in replies[-1].plain

    await user.press(1, NewMeeting(partner_id=other).pack())
    await user.send("завтра в 14:30")
    replies = await user.tap("1,5 часа")  # 14:30–16:00 overlaps
    assert "уже есть встреча" in replies[-1].plain
    replies = await user.tap("Всё равно в это время")
    assert "формат" in replies[-1].plain
    await user.tap("Онлайн")
    await user.tap("Пропустить")
    replies = await user.tap("Пропустить")
    assert "Встреча запланирована" in replies[-1].plain
    assert len(await meetings(app)) == 2

    # moving a meeting does not clash with itself (13:30–15:00 overlaps its old 14:30–16:00)
    await user.tap("Перенести")
    await user.send("завтра в 13:30")
    replies = await user.tap("Верно")
    assert "перенесена" in replies[-1].plain


# --------------------------------------------------------------------------- format, place


async def test_format_before_place_we_host_and_online_takes_a_link(
    app: App, user: LocalUser
) -> None:
    await _start(app, user)
    await user.send("завтра в 15:00")
    await user.tap("Верно")
    replies = await user.tap("Они приходят к нам")
    assert "Где встречаемся" in replies[-1].plain
    assert replies[-1].buttons == ["🏠 У нас", "⏭ Пропустить"]  # not the partner's address
    await user.tap("У нас")
    replies = await user.tap("Пропустить")
    assert "📍 МАУ ДО «Дом детского творчества»" in replies[-1].plain

    await user.press(1, NewMeeting(partner_id=(await meetings(app))[0].partner_id).pack())
    await user.send("завтра в 17:00")
    await user.tap("Верно")
    replies = await user.tap("Онлайн")
    assert "ссылку" in replies[-1].plain and "Где встречаемся" not in replies[-1].plain
    replies = await user.send("ул. Ленина, 2")  # an address is not a link
    assert "не похоже на ссылку" in replies[-1].plain
    assert "Пришлите ссылку" in replies[-1].plain  # the same question
    await user.send("https://telemost.yandex.ru/j/12345")
    replies = await user.tap("Пропустить")
    card = replies[-1].plain
    assert "🔗 https://telemost.yandex.ru/j/12345" in card and "📍" not in card
    online = (await meetings(app))[-1]
    assert (online.format, online.place) == ("online", "https://telemost.yandex.ru/j/12345")


# --------------------------------------------------------------------------- the team


async def _colleague(app: App, make_user: Callable[..., LocalUser], tz: str) -> LocalUser:
    async with app.sessionmaker() as session:
        org = await session.get(Organisation, 1)
        assert org is not None
        code = org.invite_code
    colleague = make_user(user_id=5, first_name="Вера", last_name=None)
    await colleague.send(f"/start inv_{code}")
    await colleague.send("Вера Павлова")
    await colleague.send("педагог")
    await colleague.tap("Согласен")
    async with app.sessionmaker() as session:
        await session.execute(update(Member).where(Member.telegram_id == 5).values(timezone=tz))
        await session.commit()
    return colleague


async def test_everyone_taking_part_is_reminded_in_their_own_zone(
    app: App,
    user: LocalUser,
    make_user: Callable[..., LocalUser],
    clock: FakeClock,
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    vera = await _colleague(app, make_user, "Europe/Moscow")
    await user.press(1, NewMeeting(partner_id=pid).pack())
    await user.send("1 декабря в 11:00")
    await user.tap("Верно")
    await user.tap("Мы едем к ним")
    await user.tap("ул. Ленина")
    replies = await user.send("познакомиться")
    assert "Кто из коллег идёт" in replies[-1].plain
    assert replies[-1].buttons == ["☑️ Анна Петрова", "⬜️ Вера Павлова", "✅ Готово"]
    replies = await user.tap("Вера Павлова")
    assert replies[-1].method == "editMessageReplyMarkup"
    assert replies[-1].buttons[:2] == ["☑️ Анна Петрова", "☑️ Вера Павлова"]
    replies = await user.send("что-то")  # typed instead of ticking: the ticks are kept
    assert replies[-1].buttons[:2] == ["☑️ Анна Петрова", "☑️ Вера Павлова"]
    replies = await user.tap("Готово")
    card = replies[-1].plain
    assert "👥 Анна Петрова, Вера Павлова" in card
    assert "Напоминания придут каждому участнику" in card

    anna, vera_row = await member_row(app, 1), await member_row(app, 5)
    pending = [r for r in await reminder_rows(app) if r.status == ReminderStatus.PENDING]
    eves = {r.member_id: r.due_at for r in pending if r.kind == "meeting.eve"}
    assert eves == {
        anna.id: datetime(2026, 11, 30, 13, 0, tzinfo=UTC),  # 18:00 in Tyumen
        vera_row.id: datetime(2026, 11, 30, 15, 0, tzinfo=UTC),  # 18:00 in Moscow
    }
    assert {r.member_id for r in pending if r.kind == "meeting.soon"} == {anna.id, vera_row.id}

    # moved: both re-planned, each in their zone
    await user.tap("Перенести")
    await user.send("2 декабря в 11:00")
    await user.tap("Верно")
    pending = [r for r in await reminder_rows(app) if r.status == ReminderStatus.PENDING]
    eves = {r.member_id: r.due_at for r in pending if r.kind == "meeting.eve"}
    assert eves == {
        anna.id: datetime(2026, 12, 1, 13, 0, tzinfo=UTC),
        vera_row.id: datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
    }

    quick(app)
    start = len(vera.session.sent)
    clock.set(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    assert (await engine_of(app).run_due()).sent == 2
    to_vera = [s for s in vera.session.sent[start:] if s.chat_id == 5]
    assert len(to_vera) == 1 and "Завтра встреча" in to_vera[0].plain

    # a member ticked who is not of the organisation is refused
    await user.press(1, NewMeeting(partner_id=pid).pack())
    await user.send("3 декабря в 11:00")
    await user.tap("Верно")
    await user.tap("Онлайн")
    await user.tap("Пропустить")
    await user.tap("Пропустить")
    from handlers.meetings.callbacks import StepAct, StepCb

    replies = await user.press(1, StepCb(action=StepAct.PERSON, idx=999).pack())
    assert "Не найдено" in replies[-1].plain


async def test_alone_there_is_no_question_of_who_takes_part(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    replies = await plan(user, pid)
    assert "Встреча запланирована" in replies[-1].plain
    assert "👥" not in replies[-1].plain
    [meeting] = await meetings(app)
    assert [mm.member_id for mm in meeting.members] == [(await member_row(app)).id]


# --------------------------------------------------------------------------- the checklist


async def _event(app: App, title: str, day: date, partner_id: int | None = None) -> None:
    async with app.sessionmaker() as session:
        event = WorkEvent(organisation_id=1, title=title, day=day)
        session.add(event)
        await session.flush()
        if partner_id is not None:
            session.add(WorkEventPartner(event_id=event.id, partner_id=partner_id))
        await session.commit()


async def test_the_checklist_names_a_concrete_planned_event(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    other = await add_partner(app, name="Библиотека")
    await _event(app, "Прошлогодний концерт", date(2026, 11, 1))  # past: not offered
    replies = await plan(user, pid)
    assert "Пригласить на наше яркое событие (какое?)" in replies[-1].plain  # none planned

    await _event(app, "Отчётный концерт", date(2026, 12, 18))
    await _event(app, "Выставка в библиотеке", date(2026, 12, 25), other)
    replies = await plan(user, pid, "2 декабря в 10:00")
    assert "Пригласить на наше событие «Отчётный концерт» (пятница, 18 декабря 2026)" in (
        replies[-1].plain
    )
    # the partner's own event comes first; invited to our event: its words
    await user.press(1, NewMeeting(partner_id=other).pack())
    await user.send("3 декабря в 10:00")
    await user.tap("Верно")
    await user.tap("Приглашаем на наше событие")
    await user.tap("Пропустить")
    replies = await user.tap("Пропустить")
    assert (
        "Наше событие «Выставка в библиотеке» (пятница, 25 декабря 2026): рассказать, "
        "чем оно интересно партнёру"
    ) in replies[-1].plain
