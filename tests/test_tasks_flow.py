"""Next steps are tasks: a meeting's outcome creates a dated task reminded of at 09:00 local
on its day (or at the time typed), shown on the partner card, in /tasks and in the day's
agenda for /next; done, tomorrow, move, drop. «Another meeting» offers to plan it now,
otherwise a task reminds; a task can be added on the partner card at any time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser
from handlers.meetings.callbacks import MeetingAct, MeetingCb
from handlers.shared.callbacks import NewTask, OpenPartner, PartnerTasks
from storage import tasks as tasks_db
from storage.models import Partner, PartnerNote, Reminder, ReminderStatus, Task
from storage.orgs import get_member_info
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, engine_of, meetings, plan, quick

AFTER_MEETING = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # 16:00 local: it has ended


async def _tasks(app: App) -> list[Task]:
    async with app.sessionmaker() as session:
        return list((await session.execute(select(Task).order_by(Task.id))).scalars())


async def _task_reminders(app: App) -> list[Reminder]:
    async with app.sessionmaker() as session:
        found = await session.execute(
            select(Reminder).where(Reminder.kind == "task.due").order_by(Reminder.id)
        )
        return list(found.scalars())


async def _status(app: App, pid: int) -> str:
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, pid)
        assert partner is not None
        return partner.status


async def _report(user: LocalUser, app: App, outcome: str) -> None:
    [meeting] = [m for m in await meetings(app) if m.status == "planned"]
    await user.press(1, MeetingCb(action=MeetingAct.REPORT, id=meeting.id).pack())
    await user.tap("Пропустить")  # no notes
    await user.tap(outcome)


async def test_done_when_draft_agreement_on_15_december(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    """The client's «done when»: after a meeting whose outcome is «отправить проект договора
    — 15 декабря», a reminder arrives on 15 December at 09:00 local, /next names that task,
    the partner is in «Переговоры»."""
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)  # 27.11 15:00 local
    clock.set(AFTER_MEETING)
    await _report(user, app, "Договорились")
    replies = await user.tap("Отправить проект договора")
    assert "когда?" in replies[-1].plain
    replies = await user.send("15 декабря")
    saved = replies[-1].plain
    assert "Статус партнёра: «Переговоры»" in saved
    assert "Задача: Отправить проект договора — вторник, 15 декабря 2026. Напомню в 09:00" in saved
    assert await _status(app, pid) == "negotiating"

    [task] = await _tasks(app)
    assert (task.title, task.kind, task.due_day) == (
        "Отправить проект договора",
        "draft",
        date(2026, 12, 15),
    )
    assert task.remind_at == datetime(2026, 12, 15, 4, 0, tzinfo=UTC)  # 09:00 in Tyumen
    [meeting] = await meetings(app)
    assert meeting.next_step == "Отправить проект договора"
    assert task.meeting_id == meeting.id

    # the days before: nothing; 15 December, 09:00 local: the reminder
    quick(app)
    engine = engine_of(app)
    clock.set(datetime(2026, 12, 15, 3, 59, tzinfo=UTC))
    assert (await engine.run_due()).sent == 0
    clock.set(datetime(2026, 12, 15, 4, 0, tzinfo=UTC))
    assert (await engine.run_due()).sent == 1
    reminder = user.session.sent[-1]
    assert "Задача на сегодня" in reminder.plain
    assert "Отправить проект договора" in reminder.plain
    assert "Краеведческий музей" in reminder.plain
    assert {"✅ Сделано", "⏰ На завтра", "📅 Перенести", "📝 Проект договора"} <= set(
        reminder.buttons
    )
    assert (await engine.run_due()).sent == 0  # once

    # what /next offers first: the task due today; its button opens the task's card
    [reply] = await user.send("/next")
    assert "📌 Отправить проект договора — «Краеведческий музей»" in reply.plain
    assert "Срок — сегодня." in reply.plain
    replies = await user.tap("Открыть")
    assert "Отправить проект договора" in replies[-1].plain
    replies = await user.tap("Сделано")
    [reply] = await user.send("/next")
    assert "Отправить проект договора" not in reply.plain  # done: no longer offered
    assert await _status(app, pid) == "negotiating"


async def test_reminder_buttons_tomorrow_move_and_done(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    clock.set(AFTER_MEETING)
    await _report(user, app, "Договорились")
    await user.tap("Перезвонить")
    await user.send("30.11 в 11:30")  # a time typed: the reminder comes then
    [task] = await _tasks(app)
    assert task.remind_at == datetime(2026, 11, 30, 6, 30, tzinfo=UTC) and task.has_time

    quick(app)
    clock.set(datetime(2026, 11, 30, 6, 30, tzinfo=UTC))
    assert (await engine_of(app).run_due()).sent == 1
    replies = await user.tap("На завтра")
    assert replies[-1].method == "editMessageText"
    assert "Перенесена на завтра" in replies[-1].plain
    assert "вторник, 1 декабря 2026" in replies[-1].plain
    [task] = await _tasks(app)
    assert task.due_day == date(2026, 12, 1)
    assert task.remind_at == datetime(2026, 12, 1, 6, 30, tzinfo=UTC)  # the same time of day

    replies = await user.tap("Перенести")
    assert "На какой день переносим «Перезвонить»" in replies[-1].plain
    replies = await user.send("вчера")
    assert "уже прошёл" in replies[-1].plain  # refused, the question stands
    replies = await user.tap("Через неделю")
    assert "Задача перенесена" in replies[-1].plain
    [task] = await _tasks(app)
    assert task.due_day == date(2026, 12, 7) and not task.has_time
    assert task.remind_at == datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    pending = [r for r in await _task_reminders(app) if r.status == ReminderStatus.PENDING]
    assert [r.due_at for r in pending] == [task.remind_at]  # only the latest one waits

    replies = await user.tap("Сделано")
    assert "Сделано" in replies[-1].plain
    assert not any("Перенести" in b for b in replies[-1].buttons)
    [task] = await _tasks(app)
    assert task.status == "done" and task.done_at == clock.now()
    assert all(r.status != ReminderStatus.PENDING for r in await _task_reminders(app))
    async with app.sessionmaker() as session:
        notes = [n.text for n in (await session.execute(select(PartnerNote))).scalars()]
    assert "✅ Сделано: Перезвонить" in notes
    # the old reminder's «done» again: not done twice
    replies = await user.tap("На завтра")
    assert any("устарела" in (r.text or "") for r in replies)
    assert (await _tasks(app))[0].due_day == date(2026, 12, 7)


async def test_another_meeting_planned_now_or_a_task_later(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    clock.set(AFTER_MEETING)
    await _report(user, app, "Нужна ещё встреча")
    replies = await user.tap("Да, выбрать дату")
    assert "записаны в карточку" in replies[-2].plain
    assert "Статус партнёра: «Переговоры»" in replies[-2].plain
    assert "Когда?" in replies[-1].plain  # straight to the next meeting's date
    assert await _status(app, pid) == "negotiating"  # not «meeting planned»: none is yet
    await user.send("2 декабря в 10:00")
    await user.tap("Верно")
    await user.tap("Мы едем к ним")
    await user.tap("Пропустить")
    await user.tap("Пропустить")
    assert await _status(app, pid) == "negotiating"  # the talks go on
    assert await _tasks(app) == []

    clock.set(datetime(2026, 12, 2, 6, 0, tzinfo=UTC))
    await _report(user, app, "Нужна ещё встреча")
    replies = await user.tap("Позже")
    assert "Повторная встреча — когда?" in replies[-1].plain
    replies = await user.send("в пятницу")
    assert "Задача: Повторная встреча — пятница, 4 декабря 2026" in replies[-1].plain
    [task] = await _tasks(app)
    assert task.kind == "meeting" and task.status == "open"

    # its card offers to plan the meeting; planning it closes the task
    replies = await user.press(1, PartnerTasks(partner_id=pid).pack())
    replies = await user.tap("Повторная встреча")
    assert "Запланировать встречу" in " ".join(replies[-1].buttons)
    await user.tap("Запланировать встречу")
    await user.send("7 декабря в 12:00")
    await user.tap("Верно")
    await user.tap("Мы едем к ним")
    await user.tap("Пропустить")
    replies = await user.tap("Пропустить")
    assert "Задача «Повторная встреча» отмечена сделанной" in replies[-1].plain
    [task] = await _tasks(app)
    assert task.status == "done"
    assert all(r.status != ReminderStatus.PENDING for r in await _task_reminders(app))


async def test_task_from_the_partner_card_shown_on_the_card_and_in_tasks(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    replies = await user.press(1, OpenPartner(id=pid).pack())
    assert "📌 Задачи" in replies[-1].buttons
    assert "Следующая задача" not in replies[-1].plain
    replies = await user.tap("📌 Задачи")
    assert "Открытых задач нет" in replies[-1].plain
    replies = await user.tap("Новая задача")
    assert "Что сделать?" in replies[-1].plain
    replies = await user.send("я")
    assert "Слишком коротко" in replies[-1].plain and "Что сделать?" in replies[-1].plain
    replies = await user.send("позвонить директору насчёт выставки")
    assert "когда?" in replies[-1].plain
    replies = await user.send("в следующую среду")  # Thursday 26.11: the week after
    text = replies[-1].plain
    assert "Задача записана" in text and "Напомню в этот день в 09:00" in text
    assert "Позвонить директору насчёт выставки" in text  # capitalised, nothing lost
    assert "среда, 2 декабря 2026" in text
    [task] = await _tasks(app)
    assert (task.kind, task.due_day) == ("custom", date(2026, 12, 2))

    replies = await user.press(1, OpenPartner(id=pid).pack())
    assert "📌 Следующая задача: Позвонить директору насчёт выставки — 02.12.2026" in (
        replies[-1].plain
    )
    replies = await user.send("/tasks")
    assert "02.12 — Позвонить директору насчёт выставки · Краеведческий музей" in (
        replies[-1].plain
    )

    # overdue: marked on the card, in /tasks and in the agenda
    clock.set(datetime(2026, 12, 4, 5, 0, tzinfo=UTC))
    replies = await user.press(1, OpenPartner(id=pid).pack())
    assert "⚠️ просрочена с 02.12" in replies[-1].plain
    replies = await user.send("/tasks")
    assert "⚠️" in replies[-1].plain and "Просрочено: 1" in replies[-1].plain
    replies = await user.tap("Позвонить директору")
    assert "просрочена на 2 дня" in replies[-1].plain

    # dropped (after a confirmation): gone from the card and the list
    await user.tap("Снять")
    replies = await user.tap("Да, снять задачу")
    assert "Задача снята" in replies[-1].plain
    [task] = await _tasks(app)
    assert task.status == "cancelled"
    replies = await user.press(1, OpenPartner(id=pid).pack())
    assert "Следующая задача" not in replies[-1].plain


async def test_tasks_command_new_task_picks_the_partner_and_presets(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    await add_partner(app)
    await add_partner(app, name="Библиотека")
    replies = await user.send("/tasks")
    replies = await user.tap("Новая задача")
    assert "Для какого партнёра" in replies[-1].plain
    replies = await user.send("библ")
    assert replies[-1].buttons == ["Библиотека"]
    replies = await user.tap("Библиотека")
    assert "Задача: Библиотека" in replies[-1].plain
    replies = await user.tap("Повторная встреча")
    replies = await user.tap("Завтра")
    assert "пятница, 27 ноября 2026" in replies[-1].plain
    assert "Запланировать встречу" in " ".join(replies[-1].buttons)
    [task] = await _tasks(app)
    assert task.kind == "meeting" and task.title == "Повторная встреча"


async def test_an_ambiguous_day_offers_the_other_reading(app: App, user: LocalUser) -> None:
    """Thursday 26.11, 10:00: «в четверг» is today; the other reading, next Thursday, is a
    button that moves the task there."""
    await onboard(user)
    pid = await add_partner(app)
    await user.press(1, NewTask(partner_id=pid).pack())
    await user.tap("Перезвонить")
    replies = await user.send("в четверг")
    assert "четверг, 26 ноября 2026" in replies[-1].plain
    other = [b for b in replies[-1].buttons if b.startswith("Нет, ")]
    assert other == ["Нет, четверг, 3 декабря"]
    replies = await user.tap("Нет, четверг, 3 декабря")
    assert "Задача перенесена" in replies[-1].plain
    [task] = await _tasks(app)
    assert task.due_day == date(2026, 12, 3)

    # «завтра утром»: the morning assumed, said so
    await user.press(1, NewTask(partner_id=pid).pack())
    await user.tap("Перезвонить")
    replies = await user.send("завтра вечером")
    assert "«Вечером» — ставлю 18:00" in replies[-1].plain
    task = (await _tasks(app))[-1]
    assert task.remind_at == datetime(2026, 11, 27, 13, 0, tzinfo=UTC)


async def test_next_offers_overdue_tasks_first(app: App, user: LocalUser, clock: FakeClock) -> None:
    await onboard(user)
    pid = await add_partner(app)
    for day in ("завтра", "через неделю"):
        await user.press(1, NewTask(partner_id=pid).pack())
        await user.tap("Перезвонить")
        await user.send(day)
    clock.set(datetime(2026, 11, 29, 5, 0, tzinfo=UTC))  # the first one is overdue
    [reply] = await user.send("/next")
    assert "📌 Перезвонить — «Краеведческий музей»" in reply.plain
    assert "Срок был 27.11.2026 — просрочено на 2 дня." in reply.plain
    replies = await user.tap("Не сейчас")  # put off: the method's own step comes
    assert "Перезвонить" not in replies[-1].plain
    async with app.sessionmaker() as session:
        member = await get_member_info(session, 1)
        assert member is not None
        due = await tasks_db.due_tasks(session, member.organisation_id, date(2026, 11, 29))
        assert len(due) == 1
        total, overdue = await tasks_db.count_open(
            session, member.organisation_id, date(2026, 11, 29)
        )
        assert (total, overdue) == (2, 1)


async def test_another_organisation_cannot_touch_a_task(
    app: App, user: LocalUser, make_user: object
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await user.press(1, NewTask(partner_id=pid).pack())
    await user.tap("Перезвонить")
    await user.send("завтра")
    [task] = await _tasks(app)
    stranger = make_user(user_id=2, first_name="Олег", last_name=None)  # type: ignore[operator]
    await onboard(stranger, org_name="Другая школа", full_name="Олег Сидоров")
    from handlers.shared.callbacks import MoveTask
    from handlers.tasks.callbacks import TaskAct, TaskCb

    for action in TaskAct:
        replies = await stranger.press(1, TaskCb(action=action, id=task.id).pack())
        assert any("Не найдено" in (r.text or "") for r in replies), action
    replies = await stranger.press(1, MoveTask(id=task.id, day=20261210).pack())
    assert any("Не найдено" in (r.text or "") for r in replies)
    for data in (PartnerTasks(partner_id=pid).pack(), NewTask(partner_id=pid).pack()):
        replies = await stranger.press(1, data)
        assert "Не найдено" in replies[-1].plain
    replies = await stranger.send("/tasks")
    assert "Открытых задач нет" in replies[-1].plain
    # forged values: a past day, an impossible one, a huge id
    for data in (
        f"tmv:{task.id}:20261101:-1",
        f"tmv:{task.id}:20261345:-1",
        "tsk:d:99999999999",
    ):
        replies = await user.press(1, data)
        assert not any("пошло не так" in (r.text or "") for r in replies)
        assert any(r.show_alert for r in replies), data  # stale or not found, said
    [after] = await _tasks(app)
    assert (after.status, after.due_day) == ("open", date(2026, 11, 27))


async def test_the_fullest_card_with_its_next_task_still_fits(app: App, user: LocalUser) -> None:
    from tests.test_partners_limits import well_formed

    await onboard(user)
    pid = await add_partner(
        app,
        name="Длинное название " * 11,
        contact_person="К" * 200,
        offer="П" * 1000,
        ask="Р" * 1000,
        address="А" * 300,
    )
    async with app.sessionmaker() as session:
        for i in range(10):
            session.add(
                PartnerNote(
                    partner_id=pid,
                    organisation_id=1,
                    text=f"{i} " + "&<b>" * 700,
                    text_norm="",
                    created_at=datetime(2026, 11, 26, 5, i, tzinfo=UTC),
                )
            )
        await session.commit()
    await user.press(1, NewTask(partner_id=pid).pack())
    await user.send("&<b>" * 75)  # 300 characters of markup
    await user.send("завтра")
    replies = await user.press(1, OpenPartner(id=pid).pack())
    card = replies[-1]
    assert "📌 Следующая задача: &<b>" in card.plain
    assert len(card.plain) <= 4096
    assert well_formed(card.text or "")


async def test_a_new_time_zone_keeps_the_reminder_at_nine_local(app: App, user: LocalUser) -> None:
    from handlers.settings import SetCb
    from texts import buttons

    await onboard(user)
    pid = await add_partner(app)
    await user.press(1, NewTask(partner_id=pid).pack())
    await user.tap("Перезвонить")
    await user.send("1 декабря")
    await user.press(1, NewTask(partner_id=pid).pack())
    await user.tap("Перезвонить")
    await user.send("2 декабря в 14:00")
    moscow = list(buttons.TIMEZONES.values()).index("Europe/Moscow")
    await user.press(1, SetCb(action="tz", idx=moscow).pack())
    first, second = await _tasks(app)
    assert first.remind_at == datetime(2026, 12, 1, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
    assert second.remind_at == datetime(2026, 12, 2, 11, 0, tzinfo=UTC)  # 14:00 in Moscow
    pending = [r for r in await _task_reminders(app) if r.status == ReminderStatus.PENDING]
    assert sorted(r.due_at for r in pending) == [first.remind_at, second.remind_at]
