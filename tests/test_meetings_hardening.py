"""Meetings under hostile or clumsy input: another organisation's ids, ids SQLite cannot
hold, double taps; a meeting reported once; partner statuses never going back; reminders
re-planned in the recipient's time zone; the partner picker's search."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update

from bot.app import App
from bot.clock import FakeClock
from bot.local_api import LocalUser, Sent
from handlers.meetings.callbacks import (
    ListAct,
    ListCb,
    MeetingAct,
    MeetingCb,
    PrefsAct,
    PrefsCb,
)
from handlers.settings import SetCb
from handlers.shared.calendar import CalCb
from handlers.shared.callbacks import NewMeeting, PartnerMeetings
from storage import meetings as db
from storage.models import Meeting, Member, Organisation, Partner, PartnerNote, ReminderStatus
from tests.conftest import onboard
from tests.meetings_helpers import add_partner, meetings, member_row, plan, reminder_rows
from texts import buttons

HUGE = (2**63, 2**64, 10**30)
NOT_FOUND = "Не найдено"
ERROR = "что-то пошло не так"


def _said(replies: list[Sent], words: str) -> bool:
    return any(words in (r.text or "") for r in replies)


def _no_error(replies: list[Sent]) -> None:
    assert not _said(replies, ERROR), [r.text for r in replies]


async def _stranger(make_user: Callable[..., LocalUser]) -> LocalUser:
    stranger = make_user(user_id=2, first_name="Олег", last_name=None)
    await onboard(stranger, org_name="Другая школа", full_name="Олег Сидоров")
    return stranger


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


# --------------------------------------------------------------------------- two organisations


async def test_another_organisations_meeting_is_never_touched(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    [meeting] = await meetings(app)
    item = meeting.items[0]
    before = [(r.kind, r.status, r.due_at) for r in await reminder_rows(app)]
    stranger = await _stranger(make_user)

    for action in ("o", "t", "ai", "ei", "di", "rs", "cx", "cxy", "ics", "rep"):
        data = MeetingCb(action=MeetingAct(action), id=meeting.id, item=item.id).pack()
        replies = await stranger.press(1, data)
        assert _said(replies, NOT_FOUND), action
        assert not any(r.method == "sendDocument" for r in replies)
        _no_error(replies)
    for data in (
        NewMeeting(partner_id=pid).pack(),
        PartnerMeetings(partner_id=pid).pack(),
        ListCb(action=ListAct.LIST, partner=pid).pack(),
        NewMeeting(partner_id=pid).pack(),  # the planning picker's partner button
    ):
        replies = await stranger.press(1, data)
        assert "Не найдено" in replies[-1].plain, data

    [after] = await meetings(app)
    assert after.status == "planned"
    assert [(i.id, i.done) for i in after.items] == [(i.id, i.done) for i in meeting.items]
    assert [(r.kind, r.status, r.due_at) for r in await reminder_rows(app)] == before
    # the stranger's picker does not offer the other organisation's partner
    replies = await stranger.send("/meet")
    assert "Краеведческий музей" not in replies[-1].plain


async def test_storage_getters_are_scoped_to_the_organisation(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    [meeting] = await meetings(app)
    await _stranger(make_user)
    me = await member_row(app)
    async with app.sessionmaker() as session:
        assert await db.get_meeting_by_id(session, 1, meeting.id) is not None
        assert await db.get_meeting_by_id(session, 2, meeting.id) is None
        assert await db.get_member(session, 1, me.id) is not None
        assert await db.get_member(session, 2, me.id) is None
        for huge in HUGE:
            assert await db.get_meeting(session, 1, huge) is None
            assert await db.get_meeting_by_id(session, 1, huge) is None
            assert await db.get_member(session, 1, huge) is None
        assert await db.get_meeting(session, 1, 0) is None
        assert await db.get_meeting(session, 1, -1) is None


# --------------------------------------------------------------------------- forged data


async def test_huge_and_odd_ids_answer_not_found(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    [meeting] = await meetings(app)
    for huge in HUGE:
        for data in (
            f"mt:o:{huge}:0",
            f"mt:rep:{huge}:0",
            f"mt:cxy:{huge}:0",
            f"mt:t:{meeting.id}:{huge}",
            ListCb(action=ListAct.LIST, partner=huge).pack(),
            NewMeeting(partner_id=huge).pack(),  # the planning picker's partner button
            NewMeeting(partner_id=huge).pack(),
            PartnerMeetings(partner_id=huge).pack(),
        ):
            replies = await user.press(1, data)
            _no_error(replies)
            assert _said(replies, NOT_FOUND), data
        # an unknown checklist item: nothing removed, the list is shown as it is
        replies = await user.press(1, f"mt:di:{meeting.id}:{huge}")
        _no_error(replies)
    # digits Python's int() reads but Telegram ids never have: a stale button, nothing else
    for data in ("mt:o:²:0", "mt:o:١٢:0", f"mt:t:{meeting.id}:²", "cl:mt:m:²:12:0"):
        replies = await user.press(1, data)
        _no_error(replies)
        assert "устарела" in replies[-1].plain, data
    # a settings preset index out of range is only stale
    replies = await user.press(1, PrefsCb(action=PrefsAct.QUIET, idx=2**64).pack())
    _no_error(replies)
    assert "устарела" in replies[-1].plain
    [after] = await meetings(app)
    assert after.status == "planned" and len(after.items) == len(meeting.items)


async def test_double_taps_are_quiet(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    [meeting] = await meetings(app)

    # removing a checklist item twice: the second tap changes nothing, no error
    replies = await user.press(1, MeetingCb(action=MeetingAct.EDIT_ITEMS, id=meeting.id).pack())
    list_id = replies[-1].message_id
    assert list_id is not None
    data = MeetingCb(action=MeetingAct.DROP_ITEM, id=meeting.id, item=meeting.items[0].id).pack()
    first = await user.press(list_id, data)
    assert first[-1].method == "editMessageReplyMarkup"
    second = await user.press(list_id, data)
    _no_error(second)
    [after] = await meetings(app)
    assert len(after.items) == len(meeting.items) - 1

    # the current quiet-hours preset tapped again
    await user.send("/settings")
    replies = await user.tap("Напоминания о встречах")
    settings_id = replies[-1].message_id
    assert settings_id is not None
    for _ in range(2):
        replies = await user.press(settings_id, PrefsCb(action=PrefsAct.QUIET, idx=0).pack())
        _no_error(replies)

    # a calendar month arrow pressed twice on the same message
    replies = await user.press(1, NewMeeting(partner_id=pid).pack())
    cal_id = replies[-1].message_id
    assert cal_id is not None
    arrow = CalCb(scope="mt", act="m", y=2026, m=12).pack()
    for _ in range(2):
        replies = await user.press(cal_id, arrow)
        _no_error(replies)


# --------------------------------------------------------------------------- the report


async def _plan_and_pass(app: App, user: LocalUser, clock: FakeClock) -> int:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)
    clock.set(datetime(2026, 11, 27, 12, 0, tzinfo=UTC))  # the meeting is over
    return pid


async def _notes(app: App) -> list[PartnerNote]:
    async with app.sessionmaker() as session:
        return list((await session.execute(select(PartnerNote))).scalars())


async def test_a_meeting_is_reported_once(app: App, user: LocalUser, clock: FakeClock) -> None:
    await _plan_and_pass(app, user, clock)
    [meeting] = await meetings(app)
    rep = MeetingCb(action=MeetingAct.REPORT, id=meeting.id).pack()
    await user.press(1, rep)
    await user.send("Договорились о выставке")
    await user.tap("Договорились")
    replies = await user.tap("Без задачи")  # no next step: saved
    assert "записаны в карточку партнёра" in replies[-1].plain
    assert len(await _notes(app)) == 1

    # the old follow-up's button again: stale, no second report
    replies = await user.press(1, rep)
    assert "устарела" in replies[-1].plain
    assert len(await _notes(app)) == 1


async def test_report_finished_after_someone_else_reported(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    await _plan_and_pass(app, user, clock)
    [meeting] = await meetings(app)
    await user.press(1, MeetingCb(action=MeetingAct.REPORT, id=meeting.id).pack())
    await user.send("Договорились о выставке")
    await user.tap("Договорились")
    # meanwhile the meeting got its outcome (another device, a colleague)
    async with app.sessionmaker() as session:
        await session.execute(update(Meeting).values(status="done", outcome="again"))
        await session.commit()
    replies = await user.tap("Без задачи")  # no next step: save
    assert "устарела" in replies[-1].plain
    assert await _notes(app) == []
    [after] = await meetings(app)
    assert after.outcome == "again"


async def _partner_status(app: App, pid: int) -> str:
    async with app.sessionmaker() as session:
        partner = await session.get(Partner, pid)
        assert partner is not None
        return partner.status


async def _set_status(app: App, pid: int, status: str) -> None:
    async with app.sessionmaker() as session:
        await session.execute(update(Partner).where(Partner.id == pid).values(status=status))
        await session.commit()


async def _report_outcome(user: LocalUser, meeting_id: int, outcome: str) -> None:
    await user.press(1, MeetingCb(action=MeetingAct.REPORT, id=meeting_id).pack())
    await user.tap("Пропустить")  # notes
    await user.tap(outcome)
    replies = await user.tap("Без задачи")  # no next step: saved
    _no_error(replies)
    assert "записаны в карточку партнёра" in replies[-1].plain


async def test_outcome_moves_status_forward_only(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    pid = await _plan_and_pass(app, user, clock)
    [meeting] = await meetings(app)
    # an agreement was signed meanwhile: "agreed" does not bring it back to negotiating
    await _set_status(app, pid, "agreement_signed")
    await _report_outcome(user, meeting.id, "Договорились")
    assert await _partner_status(app, pid) == "agreement_signed"

    # an active partnership: a declined follow-up meeting does not end it
    clock.set(datetime(2026, 11, 27, 5, 0, tzinfo=UTC))
    await plan(user, pid, "28.11 в 10:00")
    await _set_status(app, pid, "active")
    clock.set(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    second = (await meetings(app))[-1]
    await _report_outcome(user, second.id, "Отказались")
    assert await _partner_status(app, pid) == "active"


async def test_outcome_from_meeting_planned_still_applies(
    app: App, user: LocalUser, clock: FakeClock
) -> None:
    pid = await _plan_and_pass(app, user, clock)
    [meeting] = await meetings(app)
    assert await _partner_status(app, pid) == "meeting_planned"
    await _report_outcome(user, meeting.id, "Договорились")
    assert await _partner_status(app, pid) == "negotiating"


# --------------------------------------------------------------------------- time zones


async def test_colleague_reschedules_in_the_owners_zone(
    app: App, user: LocalUser, make_user: Callable[..., LocalUser]
) -> None:
    await onboard(user)  # Asia/Yekaterinburg (UTC+5)
    pid = await add_partner(app)
    await plan(user, pid)
    [meeting] = await meetings(app)
    colleague = await _colleague(app, make_user, "Asia/Kamchatka")  # UTC+12
    await colleague.press(1, MeetingCb(action=MeetingAct.RESCHEDULE, id=meeting.id).pack())
    await colleague.send("1 декабря в 9:00")  # 9:00 in Kamchatka = 30.11 21:00 UTC
    replies = await colleague.tap("Верно")
    assert "перенесена" in replies[-1].plain
    owner = await member_row(app)
    pending = [r for r in await reminder_rows(app) if r.status == ReminderStatus.PENDING]
    assert {r.member_id for r in pending} == {owner.id}
    eve = [r.due_at for r in pending if r.kind == "meeting.eve"]
    # the owner's evening before: 30.11 18:00 in Yekaterinburg (not in Kamchatka: 06:00 UTC)
    assert eve == [datetime(2026, 11, 30, 13, 0, tzinfo=UTC)]


async def test_time_zone_change_replans_pending_reminders(app: App, user: LocalUser) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)  # 27.11 15:00 in Yekaterinburg = 10:00 UTC
    before = {r.kind: r.due_at for r in await reminder_rows(app)}
    assert before["meeting.eve"] == datetime(2026, 11, 26, 13, 0, tzinfo=UTC)

    moscow = list(buttons.TIMEZONES.values()).index("Europe/Moscow")
    replies = await user.press(1, SetCb(action="tz", idx=moscow).pack())
    _no_error(replies)
    assert (await member_row(app)).timezone == "Europe/Moscow"
    pending = {
        r.kind: r.due_at for r in await reminder_rows(app) if r.status == ReminderStatus.PENDING
    }
    assert pending == {
        "meeting.eve": datetime(2026, 11, 26, 15, 0, tzinfo=UTC),  # 18:00 in Moscow
        "meeting.soon": before["meeting.soon"],
        "meeting.followup": before["meeting.followup"],
    }


async def test_moving_within_the_day_refreshes_the_revived_reminder(
    app: App, user: LocalUser
) -> None:
    await onboard(user)
    pid = await add_partner(app)
    await plan(user, pid)  # 27.11 15:00 local
    await user.tap("Перенести")
    await user.send("27.11 в 17:00")
    await user.tap("Верно")
    await user.tap("Перенести")
    await user.send("27.11 в 16:00")
    await user.tap("Верно")
    eve = [
        r
        for r in await reminder_rows(app)
        if r.kind == "meeting.eve" and r.status == ReminderStatus.PENDING
    ]
    # the same evening, the same key: the row is revived with the meeting's new time
    assert len(eve) == 1
    assert eve[0].payload == {"event_at": "2026-11-27T11:00:00+00:00"}
    assert eve[0].attempts == 0 and eve[0].claimed_by is None


# --------------------------------------------------------------------------- partner picker


async def test_partner_picker_search_is_literal_and_normalised(app: App, user: LocalUser) -> None:
    await onboard(user)
    await add_partner(app, name="МАУК «Музей истории»")
    await add_partner(app, name="Театр кукол")
    me = await member_row(app)
    async with app.sessionmaker() as session:
        found = await db.pick_partners(session, me.organisation_id, "МАУК музей")
        assert [name for _, name in found] == ["МАУК «Музей истории»"]
        assert await db.pick_partners(session, me.organisation_id, "%") == []
        assert await db.pick_partners(session, me.organisation_id, "т_атр") == []
        assert len(await db.pick_partners(session, me.organisation_id, None)) == 2
    await user.send("/meet")
    replies = await user.send("%")
    assert "Театр кукол" not in replies[-1].plain


def test_no_cyrillic_in_meeting_handlers() -> None:
    root = Path(__file__).resolve().parent.parent
    files = [
        *sorted((root / "handlers/meetings").glob("*.py")),
        root / "handlers/shared/calendar.py",
        root / "bot/services/meetings.py",
    ]
    assert len(files) > 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not re.search("[А-Яа-яЁё]", text), path.name
