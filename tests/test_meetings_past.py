"""A meeting that took place without being planned here is written afterwards with its
outcome: no «meeting planned» on the way, no reminders; the outcome moves the status and
its next step is a task. Today: Thursday 26 November 2026, 10:00 in Tyumen (UTC+5)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from bot.app import App
from bot.local_api import LocalUser
from handlers.shared.calendar import CalAct, CalCb
from handlers.shared.callbacks import NewMeeting
from storage.models import Partner, PartnerNote, PartnerStatusChange, Task
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, meetings, plan, reminder_rows


async def _start(app: App, user: LocalUser, **fields: object) -> int:
    await onboard(user)
    pid = await add_partner(app, **fields)
    await user.press(1, NewMeeting(partner_id=pid).pack())
    return pid


async def _status_moves(app: App, pid: int) -> list[str]:
    async with app.sessionmaker() as session:
        found = await session.execute(
            select(PartnerStatusChange.new_status)
            .where(PartnerStatusChange.partner_id == pid)
            .order_by(PartnerStatusChange.id)
        )
        return list(found.scalars())


async def test_a_moment_typed_that_has_passed_is_offered_as_a_past_meeting(
    app: App, user: LocalUser
) -> None:
    pid = await _start(app, user)
    before = await _status_moves(app, pid)
    replies = await user.send("вчера в 15:00")
    assert "уже прошёл: 25.11.2026 15:00" in replies[-1].plain
    assert replies[-1].buttons == ["📝 Записать прошедшую встречу"]
    replies = await user.tap("Записать прошедшую встречу")
    assert "Прошедшая встреча: среда, 25 ноября 2026, 15:00" in replies[-1].plain
    assert "Какой был формат встречи" in replies[-1].plain
    replies = await user.tap("Они приходят к нам")
    assert "Как прошла встреча «Краеведческий музей»" in replies[-1].plain
    await user.send("Директор за, нужен проект договора")
    await user.tap("Договорились")
    await user.tap("Отправить проект договора")
    replies = await user.send("через неделю")
    saved = replies[-1].plain
    assert "Встреча «Краеведческий музей» и её итоги записаны" in saved
    assert "Статус партнёра: «Переговоры»" in saved
    assert "Задача: Отправить проект договора — четверг, 3 декабря 2026" in saved

    [meeting] = await meetings(app)
    assert (meeting.status, meeting.outcome, meeting.format) == ("done", "agreed", "host")
    assert meeting.starts_at == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert meeting.items == []
    assert [r.kind for r in await reminder_rows(app) if r.kind.startswith("meeting.")] == []
    # never «meeting planned» on the way: straight from where it was to negotiations
    assert (await _status_moves(app, pid))[len(before) :] == ["negotiating"]
    async with app.sessionmaker() as session:
        note = (await session.execute(select(PartnerNote))).scalars().one()
        assert "Итоги встречи 25.11.2026" in note.text and "Директор за" in note.text
        [task] = (await session.execute(select(Task))).scalars().all()
        assert task.meeting_id == meeting.id


async def test_the_button_asks_when_it_was_weekdays_are_the_last_ones(
    app: App, user: LocalUser
) -> None:
    pid = await _start(app, user)
    replies = await user.tap("Встреча уже прошла")
    assert "Когда она была?" in replies[-1].plain
    replies = await user.send("завтра в 10:00")
    assert "ещё не наступил" in replies[-1].plain and "Когда она была?" in replies[-1].plain
    replies = await user.send("в понедельник в 10")  # the last Monday, not the next one
    assert "Прошедшая встреча: понедельник, 23 ноября 2026, 10:00" in replies[-1].plain
    replies = await user.tap("Другая дата")
    assert "Когда она была?" in replies[-1].plain
    replies = await user.send("вчера")  # a day alone: the time is asked
    assert "среда, 25 ноября 2026. Во сколько началась встреча?" in replies[-1].plain
    replies = await user.send("в 3")  # yesterday at 3: the afternoon
    assert "среда, 25 ноября 2026, 15:00" in replies[-1].plain
    await user.tap("Онлайн")
    await user.tap("Пропустить")
    await user.tap("Уже работаем вместе")
    replies = await user.tap("Без задачи")
    assert "Статус партнёра: «Активный партнёр»" in replies[-1].plain
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, pid)
        assert partner is not None and partner.status == "active"


async def test_the_past_calendar_and_its_time_buttons(app: App, user: LocalUser) -> None:
    await _start(app, user)
    replies = await user.tap("Встреча уже прошла")
    assert "20" in replies[-1].buttons  # past days can be picked
    replies = await user.tap("27")  # tomorrow: not yet
    assert "ещё не наступил" in replies[-1].plain
    day = CalCb(scope="mp", act=CalAct.DAY, y=2026, m=11, d=20, p=1).pack()
    replies = await user.press(replies[-1].message_id or 0, day)
    assert "Во сколько началась встреча" in replies[-1].plain
    replies = await user.tap("14:30")
    assert "пятница, 20 ноября 2026, 14:30" in replies[-1].plain
    await user.tap("Мы едем к ним")
    await user.tap("Пропустить")
    await user.tap("Отказались")
    replies = await user.tap("Без задачи")
    assert "Статус партнёра: «Отказ»" in replies[-1].plain
    [meeting] = await meetings(app)
    assert meeting.starts_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


async def test_a_declined_partner_met_again_is_in_talks(app: App, user: LocalUser) -> None:
    pid = await _start(app, user)
    async with app.sessionmaker() as session:
        await session.execute(update(Partner).where(Partner.id == pid).values(status="declined"))
        await session.commit()
    await user.send("вчера в 12:00")
    await user.tap("Записать прошедшую встречу")
    await user.tap("Мы едем к ним")
    await user.tap("Пропустить")
    await user.tap("Нужна ещё встреча")
    replies = await user.tap("Позже")
    replies = await user.tap("Через 3 дня")
    assert "Статус партнёра: «Переговоры»" in replies[-1].plain
    assert "Задача: Повторная встреча — воскресенье, 29 ноября 2026" in replies[-1].plain


async def test_moving_a_meeting_to_a_past_moment_is_refused(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    await user.tap("Перенести")
    replies = await user.send("вчера в 15:00")
    assert "уже прошёл" in replies[-1].plain
    assert "Записать прошедшую встречу" not in replies[-1].buttons  # moving, not writing
    [meeting] = await meetings(app)
    assert meeting.status == "planned" and len(await meetings(app)) == 1
