"""Changing the time zone in /settings: the zones with the member's own first, typed places,
and — with meetings planned — the choice to keep their clock times or their moments, which
the reminders follow (the client's issue 12, item 2)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from handlers.settings.callbacks import SetAct, SetCb
from storage.models import Meeting, ReminderStatus
from tests.meetings_helpers import add_partner, member_row, plan, quick, reminder_rows
from texts import buttons
from texts import members as words

STALE = "Эта кнопка устарела. Откройте нужный раздел заново из меню."


def texts_of(replies: list[Sent]) -> str:
    return "\n".join(r.plain for r in replies if r.text)


async def onboard_in(user: LocalUser, municipality: str) -> None:
    """Onboarding that takes the zone proposed for the municipality."""
    await user.send("/start")
    for answer in ("ДДТ «Радуга»", municipality, "Анна Петрова", "педагог"):
        replies = await user.send(answer)
    await user.tap(replies[-1].buttons[0])
    await user.tap("Согласен")


async def the_meeting(app: App) -> Meeting:
    async with app.sessionmaker() as session:
        return (await session.execute(select(Meeting))).scalar_one()


async def pending(app: App) -> dict[str, datetime]:
    return {
        r.kind: r.due_at for r in await reminder_rows(app) if r.status == ReminderStatus.PENDING
    }


async def to_tyumen_with_a_meeting(app: App, user: LocalUser) -> list[Sent]:
    """Kaliningrad (UTC+2), a meeting tomorrow at 15:00, then «тюмень» typed in /settings."""
    await onboard_in(user, "Калининград")
    assert (await member_row(app)).timezone == "Europe/Kaliningrad"
    await plan(user, await add_partner(app))  # Friday 27.11, 15:00 in Kaliningrad
    assert (await the_meeting(app)).starts_at == datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
    await user.send("/settings")
    await user.tap(buttons.SETTINGS_TZ)
    return await user.send("тюмень")


async def test_the_zone_list_starts_with_the_members_own(app: App, user: LocalUser) -> None:
    await onboard_in(user, "Омск")
    settings = (await user.send("/settings"))[-1]
    assert "Часовой пояс: Омск (UTC+6)" in settings.plain
    replies = await user.tap(buttons.SETTINGS_TZ)
    [edit] = [r for r in replies if r.method == "editMessageText"]
    assert edit.message_id == settings.message_id
    assert "Сейчас: Омск (UTC+6)" in edit.plain and "напишите свой город" in edit.plain
    assert edit.buttons[0] == "Омск (UTC+6)"
    assert edit.buttons[1:] == [z for z in buttons.TIMEZONES if z != "Омск (UTC+6)"]

    replies = await user.tap("Омск (UTC+6)")  # the own zone: nothing changes
    assert "Часовой пояс не изменился: Омск (UTC+6)." in texts_of(replies)
    assert "⚙️ Настройки" in replies[-1].plain
    assert (await member_row(app)).timezone == "Asia/Omsk"


async def test_a_typed_place_changes_the_zone(app: App, user: LocalUser) -> None:
    await onboard_in(user, "г. Тюмень")
    await user.send("/settings")
    await user.tap(buttons.SETTINGS_TZ)
    replies = await user.send("Берлин")
    assert "Не нашёл часовой пояс по «Берлин»" in replies[-1].plain
    assert replies[-1].buttons[0] == "Тюмень, Екатеринбург (UTC+5)"
    replies = await user.send("мск")  # still the zone question: no meetings, moved at once
    assert "Сохранено: часовой пояс — Москва — UTC+3 (МСК)." in texts_of(replies)
    assert "Часовой пояс: Москва (UTC+3)" in replies[-1].plain
    assert (await member_row(app)).timezone == "Europe/Moscow"
    replies = await user.send("Сургут")  # the question is over: a partner search now
    assert "Сургут" in replies[-1].plain and "Сохранено" not in texts_of(replies)
    assert (await member_row(app)).timezone == "Europe/Moscow"


async def test_the_member_is_asked_about_planned_meetings(app: App, user: LocalUser) -> None:
    replies = await to_tyumen_with_a_meeting(app, user)
    question = replies[-1]
    assert "Новый часовой пояс: Тюмень — UTC+5 (МСК+2)." in question.plain
    assert "У вас запланирована встреча:" in question.plain
    assert "• Краеведческий музей — 27.11 в 15:00" in question.plain
    assert "Как быть с её временем?" in question.plain
    assert "15:00 останется 15:00 по новым часам" in question.plain
    assert "по новым часам 15:00 станет 18:00" in question.plain
    assert question.buttons == [words.ZONE_KEEP_CLOCK, words.ZONE_KEEP_MOMENT, words.ZONE_CANCEL]
    # nothing moved before the answer
    assert (await member_row(app)).timezone == "Europe/Kaliningrad"
    replies = await user.send("что?")
    assert "Выберите кнопкой" in replies[-1].plain
    assert replies[-1].buttons == question.buttons


async def test_keep_clock_times_moves_the_meeting_and_its_reminders(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await to_tyumen_with_a_meeting(app, user)
    before = await pending(app)
    assert before["meeting.soon"] == datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
    replies = await user.tap(words.ZONE_KEEP_CLOCK)
    said = texts_of(replies)
    assert "Сохранено: часовой пояс — Тюмень — UTC+5 (МСК+2)." in said
    assert "Встреча осталась в то же время по новым часам, напоминания перенесены" in said
    member = await member_row(app)
    assert member.timezone == "Asia/Yekaterinburg"
    meeting = await the_meeting(app)
    # 15:00 stays 15:00: now in Tyumen, three hours earlier in UTC
    assert meeting.starts_at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert meeting.timezone == "Asia/Yekaterinburg"
    assert await pending(app) == {
        "meeting.eve": datetime(2026, 11, 26, 13, 0, tzinfo=UTC),  # 18:00 in Tyumen
        "meeting.soon": datetime(2026, 11, 27, 8, 0, tzinfo=UTC),  # 13:00 in Tyumen
        "meeting.followup": datetime(2026, 11, 27, 11, 0, tzinfo=UTC),  # it ends at 16:00
    }
    replies = await user.send("/meetings")
    assert "15:00 — Краеведческий музей" in replies[-1].plain

    # the reminder comes two hours before 15:00 Tyumen time, and says 15:00
    engine = app.reminders
    assert engine is not None
    quick(app)
    start = len(app.bot.session.sent)  # type: ignore[attr-defined]
    clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    assert (await engine.run_due()).sent == 1
    [soon] = app.bot.session.sent[start:]  # type: ignore[attr-defined]
    assert "Через 2 часа" in soon.plain and "15:00" in soon.plain


async def test_keep_moments_shows_the_meeting_at_the_new_hour(app: App, user: LocalUser) -> None:
    await to_tyumen_with_a_meeting(app, user)
    replies = await user.tap(words.ZONE_KEEP_MOMENT)
    assert "Встреча осталась в тот же момент — по новым часам" in texts_of(replies)
    assert (await member_row(app)).timezone == "Asia/Yekaterinburg"
    meeting = await the_meeting(app)
    assert meeting.starts_at == datetime(2026, 11, 27, 13, 0, tzinfo=UTC)  # the same moment
    assert await pending(app) == {
        "meeting.eve": datetime(2026, 11, 26, 13, 0, tzinfo=UTC),  # 18:00 in Tyumen
        "meeting.soon": datetime(2026, 11, 27, 11, 0, tzinfo=UTC),  # as before
        "meeting.followup": datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
    }
    replies = await user.send("/meetings")
    assert "18:00 — Краеведческий музей" in replies[-1].plain


async def test_keeping_the_zone_changes_nothing(app: App, user: LocalUser) -> None:
    question = (await to_tyumen_with_a_meeting(app, user))[-1]
    before = await pending(app)
    replies = await user.tap(words.ZONE_CANCEL)
    assert "Часовой пояс не изменился: Калининград (UTC+2)." in texts_of(replies)
    assert (await member_row(app)).timezone == "Europe/Kaliningrad"
    assert (await the_meeting(app)).starts_at == datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
    assert await pending(app) == before
    # the question's buttons are gone; a forged press of the old one is stale
    replies = await user.press(question.message_id or 0, SetCb(action=SetAct.KEEP_CLOCK).pack())
    assert [r.plain for r in replies if r.method == "answerCallbackQuery"] == [STALE]
    assert (await member_row(app)).timezone == "Europe/Kaliningrad"


async def test_same_offset_asks_nothing(app: App, user: LocalUser) -> None:
    await onboard_in(user, "г. Новосибирск")
    await plan(user, await add_partner(app))
    before = (await the_meeting(app)).starts_at
    await user.send("/settings")
    await user.tap(buttons.SETTINGS_TZ)
    replies = await user.send("Томск")  # another zone, the same clock (UTC+7)
    assert "Сохранено: часовой пояс — Томск — UTC+7 (МСК+4)." in texts_of(replies)
    assert (await member_row(app)).timezone == "Asia/Tomsk"
    assert (await the_meeting(app)).starts_at == before


async def test_every_planned_meeting_keeps_its_clock_time(app: App, user: LocalUser) -> None:
    await onboard_in(user, "Калининград")
    pid = await add_partner(app)
    await plan(user, pid)  # 27.11 15:00
    await plan(user, pid, "1 декабря в 10:30")
    await user.send("/settings")
    await user.tap(buttons.SETTINGS_TZ)
    replies = await user.tap("Тюмень, Екатеринбург")
    question = replies[-1].plain
    assert "У вас запланированы встречи (2):" in question
    assert "• Краеведческий музей — 27.11 в 15:00" in question
    assert "• Краеведческий музей — 01.12 в 10:30" in question
    assert "Как быть с их временем?" in question and "те же моменты" in question
    replies = await user.tap(words.ZONE_KEEP_CLOCK)
    assert "Встречи (2) остались в то же время по новым часам" in texts_of(replies)
    async with app.sessionmaker() as session:
        starts = list((await session.execute(select(Meeting.starts_at))).scalars())
    assert sorted(starts) == [
        datetime(2026, 11, 27, 10, 0, tzinfo=UTC),  # 15:00 in Tyumen
        datetime(2026, 12, 1, 5, 30, tzinfo=UTC),  # 10:30 in Tyumen
    ]
