"""A teacher plans a meeting with the museum from its card, prepares, gets reminded, reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from bot.services.history import partner_history
from handlers.shared.callbacks import NewMeeting, PartnerMeetings
from storage.models import Partner, PartnerNote, ReminderStatus
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


async def test_plan_from_card_echo_confirm_and_checklist(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    replies = await user.press(1, NewMeeting(partner_id=pid).pack())
    assert "Краеведческий музей" in replies[-1].plain
    assert "Когда?" in replies[-1].plain
    assert any(b.strip() == "27" for b in replies[-1].buttons)  # the calendar

    replies = await user.send("31.02 10:00")
    assert "Такой даты нет" in replies[-1].plain
    replies = await user.send("когда-нибудь потом")
    assert "Не удалось понять" in replies[-1].plain
    replies = await user.send("вчера")  # the dateparser fallback understands it
    assert "уже прошёл" in replies[-1].plain
    replies = await user.send("25.11 10:00")
    assert "уже прошёл" in replies[-1].plain

    replies = await user.send("завтра в 15:00")
    text = replies[-1].plain
    assert "пятница, 27 ноября 2026, 15:00" in text
    assert "UTC+5" in text
    replies = await user.tap("Верно")
    assert "формат" in replies[-1].plain  # the format before the place
    replies = await user.tap("Мы едем к ним")
    assert "Где встречаемся" in replies[-1].plain
    assert any("ул. Ленина, 2" in b for b in replies[-1].buttons)
    assert not any("У нас" in b for b in replies[-1].buttons)  # we go to them
    await user.tap("ул. Ленина")
    replies = await user.send("познакомиться и пригласить на отчётный концерт")
    card = replies[-1].plain
    assert "Встреча запланирована" in card
    assert "выставка работ наших кружковцев" in card  # from the partner's offer
    assert "экскурсии для детей" in card  # from the partner's ask
    assert "вместе" in card  # the method's advice
    assert "+7 (3452) 12-34-56" in card  # the phone filter, never E.164

    [meeting] = await meetings(app)
    assert meeting.starts_at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert meeting.place == "ул. Ленина, 2"
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, pid)
        assert partner is not None and partner.status == "meeting_planned"
        history = await partner_history(session, partner.organisation_id, pid)
        assert any(item.kind == "meeting" for item in history)

    rows = await reminder_rows(app)
    assert [(r.kind, r.due_at) for r in rows] == [
        ("meeting.eve", datetime(2026, 11, 26, 13, 0, tzinfo=UTC)),  # 18:00 local, today
        ("meeting.soon", datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),  # 13:00 local
        ("meeting.followup", datetime(2026, 11, 27, 11, 0, tzinfo=UTC)),
    ]

    # tick an item of the checklist: the card is edited in place
    first = meeting.items[0]
    replies = await user.tap(first.text[:20])
    assert replies[-1].method == "editMessageText"
    assert "☑️" in replies[-1].plain
    replies = await user.tap("➕ Пункт")
    replies = await user.send("Взять буклет с фото выставки")
    assert "Взять буклет с фото выставки" in replies[-1].plain


async def test_calendar_and_time_buttons(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await user.press(1, NewMeeting(partner_id=pid).pack())
    replies = await user.tap("▶️")  # next month
    assert replies[-1].method == "editMessageReplyMarkup"
    assert "Декабрь 2026" in replies[-1].buttons
    replies = await user.tap("◀️")
    assert "Ноябрь 2026" in replies[-1].buttons
    assert "25" not in replies[-1].buttons  # past days are blank
    replies = await user.tap("•26")  # today
    assert "Во сколько" in replies[-1].plain
    assert "10:00" not in replies[-1].buttons  # already past (10:00 now)
    assert "10:30" in replies[-1].buttons


async def test_calendar_day_then_time(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await user.press(1, NewMeeting(partner_id=pid).pack())
    replies = await user.tap("28")
    assert "суббота, 28 ноября 2026" in replies[-1].plain
    replies = await user.tap("11:30")
    assert "суббота, 28 ноября 2026, 11:30" in replies[-1].plain


async def test_reminders_follow_reschedule_and_cancel(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    [_meeting] = await meetings(app)
    replies = await user.tap("Перенести")
    assert "На когда переносим" in replies[-1].plain
    replies = await user.send("1 декабря в 9:00")
    assert "вторник, 1 декабря 2026, 09:00" in replies[-1].plain
    replies = await user.tap("Верно")
    assert "перенесена" in replies[-1].plain
    rows = await reminder_rows(app)
    pending = [(r.kind, r.due_at) for r in rows if r.status == ReminderStatus.PENDING]
    assert pending == [
        ("meeting.eve", datetime(2026, 11, 30, 13, 0, tzinfo=UTC)),
        ("meeting.soon", datetime(2026, 12, 1, 2, 0, tzinfo=UTC)),
        ("meeting.followup", datetime(2026, 12, 1, 5, 0, tzinfo=UTC)),
    ]
    assert {r.status for r in rows if r.due_at.day == 27 or r.due_at.day == 26} == {"cancelled"}

    await user.tap("Отменить встречу")
    replies = await user.tap("Да, отменить")
    assert "отменена" in replies[-1].plain
    rows = await reminder_rows(app)
    assert all(r.status == ReminderStatus.CANCELLED for r in rows)

    quick(app)
    clock.set(datetime(2026, 12, 2, 5, 0, tzinfo=UTC))
    stats = await engine_of(app).run_due()
    assert stats.sent == 0


async def test_reminders_arrive_then_report_lands_on_card(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    quick(app)
    engine = engine_of(app)
    start = len(user.session.sent)

    clock.set(datetime(2026, 11, 26, 13, 0, tzinfo=UTC))  # 18:00 local, the evening before
    stats = await engine.run_due()
    assert stats.sent == 1
    eve = user.session.sent[-1]
    assert "Завтра встреча" in eve.plain
    assert "ул. Ленина, 2" in eve.plain
    assert "+7 (3452) 12-34-56" in eve.plain
    assert "выставка работ" in eve.plain
    assert (await engine.run_due()).sent == 0  # sent once

    clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))  # 13:00 local
    assert (await engine.run_due()).sent == 1
    assert "Через 2 часа" in user.session.sent[-1].plain

    clock.set(datetime(2026, 11, 27, 11, 0, tzinfo=UTC))  # 16:00 local: it has ended
    assert (await engine.run_due()).sent == 1
    assert "Как прошла встреча" in user.session.sent[-1].plain
    assert len([s for s in user.session.sent[start:] if s.method == "sendMessage"]) == 3

    replies = await user.tap("Рассказать, как прошло")
    assert "пока свежо" in replies[-1].plain
    replies = await user.send_voice("voice-42")
    assert "Голосовое сохранено" in replies[-1].plain
    replies = await user.send("Директор готова, нужен проект договора")
    assert "итог" in replies[-1].plain.lower()
    await user.tap("Договорились")
    await user.send("отправить проект договора")
    replies = await user.send("через неделю")
    assert "записаны в карточку" in replies[-1].plain
    assert "Задача: Отправить проект договора — пятница, 4 декабря 2026" in replies[-1].plain
    assert any("Оформить договор" in b for b in replies[-1].buttons)

    async with app.sessionmaker() as session:
        partner = await session.get(Partner, pid)
        assert partner is not None and partner.status == "negotiating"
        note = (await session.execute(select(PartnerNote))).scalars().all()[-1]
        assert "Директор готова" in note.text
        assert note.attachment_file_id == "voice-42" and note.attachment_kind == "voice"
    [meeting] = await meetings(app)
    assert (meeting.status, meeting.outcome) == ("done", "agreed")
    assert meeting.next_step_at is not None


async def test_meetings_list_partner_filter_and_ics(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    other = await add_partner(app, name="Библиотека", address=None)
    await plan(user, pid)
    await plan(user, pid, "в пятницу 10:30")
    replies = await user.send("/meetings")
    assert "Предстоящие встречи" in replies[-1].plain
    assert replies[-1].plain.count("Краеведческий музей") == 2
    replies = await user.press(1, PartnerMeetings(partner_id=other).pack())
    assert "Запланированных встреч нет" in replies[-1].plain

    replies = await user.send("/meetings")
    replies = await user.tap("Все в календарь")
    doc = replies[-1]
    assert doc.method == "sendDocument" and doc.file_data is not None
    cal = Calendar.from_ical(doc.file_data)
    events = cal.walk("VEVENT")
    assert len(events) == 2
    assert str(events[0]["SUMMARY"]) == "Встреча: Краеведческий музей"
    assert events[0].decoded("DTSTART") == datetime(2026, 11, 27, 5, 30, tzinfo=UTC)
    assert str(events[1]["LOCATION"]) == "ул. Ленина, 2"
    assert events[1].decoded("DTEND") - events[1].decoded("DTSTART") == timedelta(hours=1)


async def test_meet_command_chooses_partner_and_forged_ids(app: App, user: LocalUser) -> None:
    await onboard(user)
    await add_partner(app)
    replies = await user.send("/meet")
    assert "С кем встречаемся" in replies[-1].plain
    replies = await user.tap("Краеведческий музей")
    assert "Когда?" in replies[-1].plain
    # someone else's / made-up meeting id: not found, nothing changes
    replies = await user.press(1, "mt:o:999:0")
    assert any("Не найдено" in (r.text or "") for r in replies)
    replies = await user.press(1, NewMeeting(partner_id=999).pack())
    assert "Не найдено" in replies[-1].plain


async def test_reminder_settings_and_quiet_hours(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    replies = await user.send("/settings")
    replies = await user.tap("Напоминания о встречах")
    assert "21:00–08:00" in replies[-1].plain
    replies = await user.tap("За 2 часа")
    assert replies[-1].method == "editMessageText"
    member = await member_row(app)
    async with app.sessionmaker() as session:
        from storage.meetings import get_prefs

        prefs = await get_prefs(session, member.id)
        assert prefs.soon is False and prefs.eve is True


async def test_one_meeting_as_ics_and_outcome_declined(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid, "25.12 14:00")
    replies = await user.tap("В календарь телефона")
    doc = replies[-1]
    assert doc.method == "sendDocument" and doc.file_name and doc.file_name.endswith(".ics")
    assert doc.file_data is not None
    [event] = Calendar.from_ical(doc.file_data).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 12, 25, 9, 0, tzinfo=UTC)
    assert "Краеведческий музей" in str(event["SUMMARY"])
    assert event.walk("VALARM")

    [meeting] = await meetings(app)
    from handlers.meetings.callbacks import MeetingAct, MeetingCb

    replies = await user.press(1, MeetingCb(action=MeetingAct.REPORT, id=meeting.id).pack())
    await user.tap("Пропустить")  # no notes
    await user.tap("Отказались")
    replies = await user.tap("Без задачи")  # no next step
    assert "Отказ" in replies[-1].plain
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, pid)
        assert partner is not None and partner.status == "declined"


async def test_stray_input_keeps_the_question(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await user.press(1, NewMeeting(partner_id=pid).pack())
    replies = await user.send_sticker()
    assert "ответьте текстом" in replies[-1].plain
    await user.send("завтра в 15:00")
    replies = await user.send("послезавтра в 16:00")  # typed instead of «Верно»
    assert "суббота, 28 ноября 2026, 16:00" in replies[-1].plain
    await user.tap("Верно")
    replies = await user.send("что-то")
    assert "формат" in replies[-1].plain
    await user.tap("Онлайн")
    await user.tap("Пропустить")  # no link yet
    replies = await user.tap("Пропустить")  # no purpose
    assert "Встреча запланирована" in replies[-1].plain
